import CXen

// What xen-livepatch issues (libxc's xc_livepatch_upload, _get, _action,
// _list). For XEN_SYSCTL_LIVEPATCH_LIST the output sizes come from the
// call's own fields: `nr` entries of status, len and metadata_len, and
// `name_total_size` / `metadata_total_size` bytes of names and metadata,
// which libxc stores before the call (since the fix that made Xen check
// them; the 4.17 header still calls them OUT only). Xen's writes through
// the name and metadata handles are bounded by nothing else.
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
        /// `XEN_SYSCTL_LIVEPATCH_LIST` from payload `idx`: `nr` statuses,
        /// name lengths and metadata lengths out, `nameTotalSize` bytes of
        /// names and `metadataTotalSize` bytes of metadata out (`nr` 0 and
        /// null handles: only the counts and sizes come back).
        case list(idx: UInt32, nr: UInt32, nameTotalSize: UInt32, metadataTotalSize: UInt32,
                  status: NestedHandle, name: NestedHandle, len: NestedHandle, metadata: NestedHandle, metadataLen: NestedHandle)

        var cmd: UInt32 {
            let c: Int32 = switch self {
            case .upload: XEN_SYSCTL_LIVEPATCH_UPLOAD
            case .get: XEN_SYSCTL_LIVEPATCH_GET
            case .action: XEN_SYSCTL_LIVEPATCH_ACTION
            case .list: XEN_SYSCTL_LIVEPATCH_LIST
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
            case .list(let idx, let nr, let nameSize, let metaSize, let status, let names, let len, let meta, let metaLen):
                call.store(idx, buffer: b, at: p + L.lplIdx)
                call.store(nr, buffer: b, at: p + L.lplNr)
                call.store(UInt32(0), buffer: b, at: p + L.lplPad)
                call.store(nameSize, buffer: b, at: p + L.lplNameTotalSize)
                call.store(metaSize, buffer: b, at: p + L.lplMetadataTotalSize)
                let n = Int(nr)
                call.addNested(status, size: n * L.livepatchStatusSize, direction: .out, parent: b, offset: p + L.lplStatus)
                call.addNested(names, size: Int(nameSize), direction: .out, parent: b, offset: p + L.lplName)
                call.addNested(len, size: n * 4, direction: .out, parent: b, offset: p + L.lplLen)
                call.addNested(meta, size: Int(metaSize), direction: .out, parent: b, offset: p + L.lplMetadata)
                call.addNested(metaLen, size: n * 4, direction: .out, parent: b, offset: p + L.lplMetadataLen)
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
            case XEN_SYSCTL_LIVEPATCH_LIST:
                func u32(_ o: Int) -> UInt32 { s.load(UInt32.self, at: p + o) }
                guard u32(L.lplPad) == 0 else {
                    throw DecodeError(.invalid("pad \(u32(L.lplPad)) must be zero"), at: "sysctl.livepatch_op.list.pad")
                }
                let nr = u32(L.lplNr), nameSize = u32(L.lplNameTotalSize), metaSize = u32(L.lplMetadataTotalSize)
                _ = try GuestStruct.size(count: UInt64(nr), element: L.livepatchStatusSize, at: "sysctl.livepatch_op.list.nr")
                _ = try GuestStruct.size(count: UInt64(nameSize), element: 1, at: "sysctl.livepatch_op.list.name_total_size")
                _ = try GuestStruct.size(count: UInt64(metaSize), element: 1, at: "sysctl.livepatch_op.list.metadata_total_size")
                return .list(idx: u32(L.lplIdx), nr: nr, nameTotalSize: nameSize, metadataTotalSize: metaSize,
                             status: s.nested(at: p + L.lplStatus), name: s.nested(at: p + L.lplName), len: s.nested(at: p + L.lplLen),
                             metadata: s.nested(at: p + L.lplMetadata), metadataLen: s.nested(at: p + L.lplMetadataLen))
            default:
                throw DecodeError(.unknownSubop(UInt64(cmd)), at: "sysctl.livepatch_op.cmd")
            }
        }
    }
}
