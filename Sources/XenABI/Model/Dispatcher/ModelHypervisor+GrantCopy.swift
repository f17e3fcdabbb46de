import CXen

/// `GNTTABOP_copy` (xen/common/grant_table.c `gnttab_copy`) between frames
/// of the calling domain named by `gmfn`: the model keeps no grant table,
/// so a side naming a grant reference is `GNTST_bad_gntref`, another domain
/// `GNTST_bad_domain`. Each entry gets its status; the whole call fails
/// (-EFAULT, nothing written) only when the status fields cannot be written.
extension ModelHypervisor {
    func grantCopy(_ copies: [GrantTableOp.Copy], _ raw: RawHypercall) throws(XenErrno) -> Int64 {
        let uop = raw.args[1], f = raw.op.flavour
        let size = GrantTableOp.CopyRaw.size, statusAt = GrantTableOp.CopyRaw.Offsets.status
        // Every status field is an output: all are resolved and checked
        // before any copy (a copy may overwrite the uop's own descriptor).
        var statusChunks: [[(gpa: UInt64, count: Int)]] = []
        for i in copies.indices {
            statusChunks.append(try domain.resolveWritable(uop, flavour: f, offset: i * size + statusAt, count: 2, vcpu: vcpu))
        }
        for (i, c) in copies.enumerated() {
            let status = Int16(grantCopyOne(c))
            domain.write(withUnsafeBytes(of: status.littleEndian) { Array($0) }, to: statusChunks[i])
        }
        return 0
    }

    /// One entry: the `GNTST_*` status.
    func grantCopyOne(_ c: GrantTableOp.Copy) -> Int32 {
        let selfID = UInt16(XENABI_DOMID_SELF)
        guard c.source.domid == selfID, c.dest.domid == selfID else { return GNTST_bad_domain }
        guard case .gmfn(let src) = c.source.target, case .gmfn(let dst) = c.dest.target else { return GNTST_bad_gntref }
        let len = Int(c.len)
        guard Int(c.source.offset) + len <= 4096, Int(c.dest.offset) + len <= 4096 else { return GNTST_bad_copy_arg }
        guard domain.p2m.check(src, write: false, encrypted: domain.encrypted) == nil,
              domain.p2m.check(dst, write: true, encrypted: domain.encrypted) == nil else { return GNTST_bad_page }
        if len == 0 { return GNTST_okay }
        var bytes = [UInt8](repeating: 0, count: len)
        bytes.withUnsafeMutableBytes { domain.memory.read(gpa: src << 12 | UInt64(c.source.offset), into: $0) }
        bytes.withUnsafeBytes { domain.memory.write(gpa: dst << 12 | UInt64(c.dest.offset), from: $0) }
        return GNTST_okay
    }
}
