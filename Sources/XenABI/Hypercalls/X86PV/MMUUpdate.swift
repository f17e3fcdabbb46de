import CXen

/// `__HYPERVISOR_mmu_update(reqs, count, pdone, foreigndom)` (`public/xen.h`):
/// `count` `mmu_update` requests in, the number done written to `pdone`
/// (`success_count`, may be null).
public struct MMUUpdate: TypedHypercall, Hashable {
    /// The requests.
    public var requests: [Request]
    /// Whether `pdone` is a real out handle (false: null).
    public var wantDone: Bool
    /// `foreigndom` (`DOMID_SELF`, or a domain and, in bits 16+, the page-table owner).
    public var foreigndom: UInt64

    /// A batch.
    public init(_ requests: [Request], wantDone: Bool = false, foreigndom: UInt64 = UInt64(XENABI_DOMID_SELF)) {
        self.requests = requests
        self.wantDone = wantDone
        self.foreigndom = foreigndom
    }

    public static var number: HypercallNumber { .mmu_update }

    public func encode(into call: inout EncodedCall) {
        call.reset(.mmu_update)
        call.addStructs(requests, site: .register(0))
        call.args[1] = UInt64(requests.count)
        MMUUpdate.addDone(wantDone, into: &call)
        call.args[3] = foreigndom
    }

    /// `pdone`: an out `unsigned int`, or a null handle.
    static func addDone(_ want: Bool, into call: inout EncodedCall) {
        if want {
            call.addBuffer(size: MemoryLayout<UInt32>.size, direction: .out, site: .register(2))
        } else {
            call.addNullHandle(site: .register(2))
        }
    }

    public static func decode(_ raw: RawHypercall, memory: some GuestMemoryReader) throws(DecodeError) -> MMUUpdate {
        let reqs = try GuestArray.structs(Request.self, count: raw.args[1], flavour: raw.op.flavour, memory: memory,
                                          handle: raw.args[0], at: "mmu_update.reqs")
        return MMUUpdate(reqs, wantDone: !raw.op.flavour.isNull(raw.args[2]), foreigndom: raw.args[3])
    }

    static var layoutRows: [Layout.Row] { structLayoutRows }
}

/// `__HYPERVISOR_mmuext_op(ops, count, pdone, foreigndom)`: `count`
/// `mmuext_op` in; `MMUEXT_TLB_FLUSH_MULTI`/`MMUEXT_INVLPG_MULTI` point
/// `arg2.vcpumask` at a nested vCPU bitmap.
public struct MMUExtOp: TypedHypercall, Hashable {
    /// One operation.
    public struct Op: Hashable, Sendable {
        /// `cmd`: `MMUEXT_*`
        public var cmd: UInt32
        /// `arg1` (`mfn` or `linear_addr`).
        public var arg1: UInt64
        /// `arg2`: a value (`nr_ents`, `src_mfn`), or the `vcpumask` bitmap words.
        public var arg2: Arg2

        /// `arg2` of `struct mmuext_op`.
        public enum Arg2: Hashable, Sendable {
            /// `nr_ents` or `src_mfn` (or unused: 0).
            case value(UInt64)
            /// `vcpumask`: a nested in-buffer of 64-bit bitmap words.
            case vcpumask([UInt64])
        }

        /// An operation.
        public init(cmd: UInt32, arg1: UInt64 = 0, arg2: Arg2 = .value(0)) {
            self.cmd = cmd
            self.arg1 = arg1
            self.arg2 = arg2
        }

        /// Whether `cmd` reads `arg2.vcpumask`.
        public static func takesMask(_ cmd: UInt32) -> Bool {
            cmd == UInt32(MMUEXT_TLB_FLUSH_MULTI) || cmd == UInt32(MMUEXT_INVLPG_MULTI)
        }
    }

    /// The operations.
    public var ops: [Op]
    /// Whether `pdone` is a real out handle (false: null).
    public var wantDone: Bool
    /// `foreigndom`.
    public var foreigndom: UInt64

    /// A batch.
    public init(_ ops: [Op], wantDone: Bool = false, foreigndom: UInt64 = UInt64(XENABI_DOMID_SELF)) {
        self.ops = ops
        self.wantDone = wantDone
        self.foreigndom = foreigndom
    }

    public static var number: HypercallNumber { .mmuext_op }

    public func encode(into call: inout EncodedCall) {
        call.reset(.mmuext_op)
        let b = call.addBuffer(size: ops.count * Raw.size, direction: .in, site: .register(0))
        for (i, op) in ops.enumerated() {
            let base = i * Raw.size
            switch op.arg2 {
            case .value(let v):
                Raw(cmd: op.cmd, arg1: op.arg1, arg2: v).store(into: &call, buffer: b, at: base)
            case .vcpumask(let words):
                Raw(cmd: op.cmd, arg1: op.arg1).store(into: &call, buffer: b, at: base)
                // The handle slot is marked `.handle` by addArray; the struct's other bytes stay input.
                call.addArray(words, site: .nested(buffer: b, offset: base + Raw.Offsets.vcpumask))
            }
        }
        call.args[1] = UInt64(ops.count)
        MMUUpdate.addDone(wantDone, into: &call)
        call.args[3] = foreigndom
    }

    /// 64-bit words a decoder reads from a `vcpumask` (one covers 64 vCPUs).
    /// Xen reads as many as the domain's `max_vcpus` needs, which the call
    /// itself does not say; `decode(_:memory:maskWords:)` takes it.
    public static let defaultMaskWords = 1

    public static func decode(_ raw: RawHypercall, memory: some GuestMemoryReader) throws(DecodeError) -> MMUExtOp {
        try decode(raw, memory: memory, maskWords: defaultMaskWords)
    }

    /// Decodes with `maskWords` words per `vcpumask` (the domain's `max_vcpus` / 64, rounded up).
    public static func decode(_ raw: RawHypercall, memory: some GuestMemoryReader, maskWords: Int) throws(DecodeError) -> MMUExtOp {
        let f = raw.op.flavour
        let (raws, list) = try GuestArray.structsAndBytes(Raw.self, count: raw.args[1], flavour: f, memory: memory,
                                                          handle: raw.args[0], at: "mmuext_op.ops")
        var ops: [Op] = []
        ops.reserveCapacity(raws.count)
        for (i, r) in raws.enumerated() {
            if Op.takesMask(r.cmd) {
                let words = try GuestArray.integers(UInt64.self, count: UInt64(maskWords), flavour: f, memory: memory,
                                                    handle: list.load(UInt64.self, at: i * Raw.size + Raw.Offsets.vcpumask),
                                                    at: "mmuext_op.ops[\(i)].arg2.vcpumask")
                ops.append(Op(cmd: r.cmd, arg1: r.arg1, arg2: .vcpumask(words)))
            } else {
                ops.append(Op(cmd: r.cmd, arg1: r.arg1, arg2: .value(r.arg2)))
            }
        }
        return MMUExtOp(ops, wantDone: !f.isNull(raw.args[2]), foreigndom: raw.args[3])
    }

    static var layoutRows: [Layout.Row] { structLayoutRows }
}
