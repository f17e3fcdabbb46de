import XenABI
import CXen

/// `GNTTABOP_copy` (xen/common/grant_table.c `gnttab_copy`) between frames
/// of the calling domain named by `gmfn`: the model keeps no grant table,
/// so a side naming a grant reference is `GNTST_bad_gntref`, another domain
/// `GNTST_bad_domain`. Entry by entry, as `gnttab_copy`: the copy, then its
/// status written; a status that cannot be written fails the call with
/// `-EFAULT`, the entries before it (and this entry's copy) done. The
/// entries are those the decoder read before the first ran (Xen reads each
/// just before it runs: a copy over a later entry of the array is not seen).
extension ModelHypervisor {
    func grantCopy(_ copies: [GrantTableOp.Copy], _ raw: RawHypercall) throws(XenErrno) -> Int64 {
        let uop = raw.args[1], f = raw.op.flavour
        let size = GrantTableOp.CopyRaw.size, statusAt = GrantTableOp.CopyRaw.Offsets.status
        for (i, c) in copies.enumerated() {
            let status = Int16(grantCopyOne(c)).littleEndian
            try withUnsafeBytes(of: status) { (b) throws(XenErrno) in
                try domain.copyToGuestOffset(uop, flavour: f, offset: i * size + statusAt, from: b, vcpu: vcpu)
            }
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
        // get_paged_frame: RAM; a read-only destination is not refused there.
        guard domain.p2m.check(src, encrypted: domain.encrypted) == nil,
              domain.p2m.check(dst, encrypted: domain.encrypted) == nil else { return GNTST_bad_page }
        if len == 0 { return GNTST_okay }
        var bytes = [UInt8](repeating: 0, count: len)
        bytes.withUnsafeMutableBytes { domain.memory.read(gpa: src << 12 | UInt64(c.source.offset), into: $0) }
        bytes.withUnsafeBytes { domain.memory.write(gpa: dst << 12 | UInt64(c.dest.offset), from: $0) }
        return GNTST_okay
    }
}
