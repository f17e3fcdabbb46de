import CXen

/// `__HYPERVISOR_argo_op` (`public/argo.h`):
/// `argo_op(cmd, arg1, arg2, arg3, arg4)`.
public enum ArgoOp: TypedHypercall, Hashable {
    /// `XEN_ARGO_OP_register_ring`: arg1 the ring, arg2 its GFN list
    /// (`npages` = arg3 entries), arg4 `XEN_ARGO_REGISTER_FLAG_*`.
    case registerRing(RegisterRing, gfns: [UInt64], flags: UInt64)
    /// `XEN_ARGO_OP_unregister_ring`: arg2 NULL, arg3 and arg4 zero.
    case unregisterRing(UnregisterRing)
    /// `XEN_ARGO_OP_sendv`: arg1 the addresses, arg2 `niov` (arg3) iovs,
    /// each naming its bytes through `iov_hnd`; arg4 the message type.
    case sendv(SendAddr, iovs: [[UInt8]], messageType: UInt32)
    /// `XEN_ARGO_OP_notify`: arg1 a `xen_argo_ring_data` with `nent`
    /// entries, or nil for NULL; arg2 NULL, arg3 and arg4 zero.
    case notify([RingDataEnt]?)

    public static var number: HypercallNumber { .argo_op }

    /// `XEN_ARGO_MAXIOV`
    public static let maxIOV = Int(XEN_ARGO_MAXIOV)
    /// `offsetof(xen_argo_ring_data_t, data)`
    public static let ringDataOffset = Int(XENABI_ARGO_RING_DATA_DATA)
    /// The most notify entries a decoder reads.
    public static let maxNotifyEntries = 4096

    /// The `XEN_ARGO_OP_*` command.
    public var cmd: Int32 {
        switch self {
        case .registerRing: XEN_ARGO_OP_register_ring
        case .unregisterRing: XEN_ARGO_OP_unregister_ring
        case .sendv: XEN_ARGO_OP_sendv
        case .notify: XEN_ARGO_OP_notify
        }
    }

    public func encode(into call: inout EncodedCall) {
        call.reset(.argo_op)
        call.args[0] = UInt64(cmd)
        switch self {
        case .registerRing(let r, let gfns, let flags):
            call.addStruct(r, site: .register(1))
            call.addArray(gfns, site: .register(2))
            call.args[3] = UInt64(gfns.count)
            call.args[4] = flags
        case .unregisterRing(let u):
            call.addStruct(u, site: .register(1))
            call.addNullHandle(site: .register(2))
        case .sendv(let a, let iovs, let type):
            call.addStruct(a, site: .register(1))
            let list = call.addBuffer(size: iovs.count * IOVRaw.size, direction: .in, site: .register(2))
            for (i, iov) in iovs.enumerated() {
                IOVRaw(iovLen: UInt32(truncatingIfNeeded: iov.count)).store(into: &call, buffer: list, at: i * IOVRaw.size)
                let b = call.addBuffer(size: iov.count, direction: .in, site: .nested(buffer: list, offset: i * IOVRaw.size + IOVRaw.Offsets.iovHnd))
                call.store(bytes: iov, buffer: b, at: 0)
            }
            call.args[3] = UInt64(iovs.count)
            call.args[4] = UInt64(type)
        case .notify(let entries):
            if let entries {
                let b = call.addBuffer(size: ArgoOp.ringDataOffset + entries.count * RingDataEnt.size, direction: .inOut, site: .register(1))
                RingDataHeader(nent: UInt32(truncatingIfNeeded: entries.count)).store(into: &call, buffer: b, at: 0)
                for (i, e) in entries.enumerated() { e.store(into: &call, buffer: b, at: ArgoOp.ringDataOffset + i * RingDataEnt.size) }
            } else {
                call.addNullHandle(site: .register(1))
            }
            call.addNullHandle(site: .register(2))
        }
    }

    public static func decode(_ raw: RawHypercall, memory: some GuestMemoryReader) throws(DecodeError) -> ArgoOp {
        let f = raw.op.flavour, a = raw.args
        guard let c = Int32(exactly: a[0]) else { throw DecodeError(.unknownSubop(a[0]), at: "argo_op") }
        // Xen: -EINVAL when an unused argument is not NULL/zero.
        func unused(_ name: String) throws(DecodeError) {
            guard f.isNull(a[2]), a[3] == 0, a[4] == 0 else {
                throw DecodeError(.invalid("arg2 must be NULL and arg3, arg4 zero"), at: "argo_op." + name)
            }
        }
        switch c {
        case XEN_ARGO_OP_register_ring:
            let r: RegisterRing = try .read("argo_op.register_ring.arg1", handle: a[1], flavour: f, memory: memory)
            let gfns = try GuestArray.integers(UInt64.self, count: a[3], flavour: f, memory: memory, handle: a[2],
                                               at: "argo_op.register_ring.arg2")
            return .registerRing(r, gfns: gfns, flags: a[4])
        case XEN_ARGO_OP_unregister_ring:
            try unused("unregister_ring")
            return .unregisterRing(try .read("argo_op.unregister_ring.arg1", handle: a[1], flavour: f, memory: memory))
        case XEN_ARGO_OP_sendv:
            guard a[3] <= UInt64(maxIOV) else {
                throw DecodeError(.invalid("niov \(a[3]) exceeds XEN_ARGO_MAXIOV"), at: "argo_op.sendv.arg3")
            }
            guard let type = UInt32(exactly: a[4]) else {
                throw DecodeError(.invalid("message type \(a[4]) is not a uint32"), at: "argo_op.sendv.arg4")
            }
            let addr: SendAddr = try .read("argo_op.sendv.arg1", handle: a[1], flavour: f, memory: memory)
            let (raws, list) = try GuestArray.structsAndBytes(IOVRaw.self, count: a[3], flavour: f, memory: memory, handle: a[2], at: "argo_op.sendv.arg2")
            var iovs: [[UInt8]] = []
            for (i, r) in raws.enumerated() {
                iovs.append(try GuestArray.bytes(count: UInt64(r.iovLen), flavour: f, memory: memory,
                                                 handle: try list.checkedLoad(UInt64.self, at: i * IOVRaw.size + IOVRaw.Offsets.iovHnd),
                                                 at: "argo_op.sendv.iov[\(i)]"))
            }
            return .sendv(addr, iovs: iovs, messageType: type)
        case XEN_ARGO_OP_notify:
            try unused("notify")
            if f.isNull(a[1]) { return .notify(nil) }
            let h = try GuestStruct("argo_op.notify.arg1", handle: a[1], flavour: f, size: ringDataOffset, memory: memory)
            let n = RingDataHeader(loading: h, at: 0).nent
            guard n <= maxNotifyEntries else {
                throw DecodeError(.invalid("nent \(n) exceeds \(maxNotifyEntries)"), at: "argo_op.notify.nent")
            }
            // The entries after the header, read once (the header was read above).
            let s = try GuestStruct("argo_op.notify.arg1", handle: a[1], flavour: f, offset: ringDataOffset,
                                    size: Int(n) * RingDataEnt.size, memory: memory)
            return .notify((0 ..< Int(n)).map { RingDataEnt(loading: s, at: $0 * RingDataEnt.size) })
        default:
            throw DecodeError(.unknownSubop(a[0]), at: "argo_op")
        }
    }

    static var layoutRows: [Layout.Row] { structLayoutRows }
}
