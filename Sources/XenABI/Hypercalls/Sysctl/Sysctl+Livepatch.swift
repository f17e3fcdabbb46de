import CXen

// What xen-livepatch issues (libxc's xc_livepatch_upload, _get, _action).
// XEN_SYSCTL_LIVEPATCH_LIST is not typed: Xen copies each name and metadata
// string into buffers whose sizes it does not bound by any input (the tool
// sizes them from `name_total_size` and `metadata_total_size` of an earlier
// call), so a decoder could not know how much a call may write.
extension Sysctl {
    /// `struct xen_sysctl_livepatch_op` by `cmd` (`XEN_SYSCTL_LIVEPATCH_*`).
    /// Every payload is named by `struct xen_livepatch_name`: the name's
    /// bytes in (at most `XEN_LIVEPATCH_NAME_SIZE`, Xen checks), `size`, and
    /// three zero pads.
    public enum LivepatchOp: Hashable, Sendable {
        /// `XEN_SYSCTL_LIVEPATCH_UPLOAD`: the payload's ELF image in.
        case upload(name: [UInt8], payload: [UInt8])
        /// `XEN_SYSCTL_LIVEPATCH_GET`: `status` (state, rc) comes back in the struct.
        case get(name: [UInt8])
        /// `XEN_SYSCTL_LIVEPATCH_ACTION`: `LIVEPATCH_ACTION_*`, a timeout in ns
        /// (0: the hypervisor's default) and `LIVEPATCH_ACTION_APPLY_NODEPS`.
        case action(name: [UInt8], cmd: UInt32, timeout: UInt32, flags: UInt32)

        var cmd: UInt32 {
            let c: Int32 = switch self {
            case .upload: XEN_SYSCTL_LIVEPATCH_UPLOAD
            case .get: XEN_SYSCTL_LIVEPATCH_GET
            case .action: XEN_SYSCTL_LIVEPATCH_ACTION
            }
            return UInt32(c)
        }

        func encode(into call: inout EncodedCall, buffer b: Int, at u: Int) {
            typealias L = SysctlLayout
            call.store(cmd, buffer: b, at: u + L.lpoCmd)
            let p = u + L.lpoU
            func name(_ n: [UInt8], at base: Int) {
                call.store(UInt16(truncatingIfNeeded: n.count), buffer: b, at: p + base + L.lpnSize)
                call.addNestedInput(n, parent: b, offset: p + base + L.lpnName)
            }
            switch self {
            case .upload(let n, let payload):
                name(n, at: L.lpuName)
                call.store(UInt64(payload.count), buffer: b, at: p + L.lpuSize)
                call.addNestedInput(payload, parent: b, offset: p + L.lpuPayload)
            case .get(let n):
                name(n, at: L.lpgName)
            case .action(let n, let c, let timeout, let flags):
                name(n, at: L.lpaName)
                call.store(c, buffer: b, at: p + L.lpaCmd)
                call.store(timeout, buffer: b, at: p + L.lpaTimeout)
                call.store(flags, buffer: b, at: p + L.lpaFlags)
            }
        }

        static func decode(_ s: GuestStruct, at u: Int, memory: some GuestMemoryReader) throws(DecodeError) -> LivepatchOp {
            typealias L = SysctlLayout
            let p = u + L.lpoU
            let cmd = s.load(UInt32.self, at: u + L.lpoCmd)
            func name(at base: Int) throws(DecodeError) -> [UInt8] {
                let n = Int(s.load(UInt16.self, at: p + base + L.lpnSize))  // 16 bits: bounded by its type
                return try s.nestedBytes(at: p + base + L.lpnName, count: n, memory: memory, name: "sysctl.livepatch_op.name")
            }
            switch Int32(bitPattern: cmd) {
            case XEN_SYSCTL_LIVEPATCH_UPLOAD:
                let n = try name(at: L.lpuName)
                let size = try GuestStruct.size(count: s.load(UInt64.self, at: p + L.lpuSize), element: 1, at: "sysctl.livepatch_op.upload.size")
                return .upload(name: n, payload: try s.nestedBytes(at: p + L.lpuPayload, count: size, memory: memory,
                                                                    name: "sysctl.livepatch_op.upload.payload"))
            case XEN_SYSCTL_LIVEPATCH_GET:
                return .get(name: try name(at: L.lpgName))
            case XEN_SYSCTL_LIVEPATCH_ACTION:
                return .action(name: try name(at: L.lpaName), cmd: s.load(UInt32.self, at: p + L.lpaCmd),
                               timeout: s.load(UInt32.self, at: p + L.lpaTimeout), flags: s.load(UInt32.self, at: p + L.lpaFlags))
            default:
                throw DecodeError(.unknownSubop(UInt64(cmd)), at: "sysctl.livepatch_op.cmd")
            }
        }
    }
}
