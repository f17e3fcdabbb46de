import CXen

/// Why a descriptor cannot be resolved (hypervisor side) or built (guest
/// side). Each carries the Xen errno the hypercall fails with.
public enum SGError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Tag 11 of a `tagged` handle (`XENABI_DESC_TAG_RESERVED`): -EINVAL.
    case reservedTag(UInt64)
    /// Slot 0 of a list is not a page offset (0..4095): -EINVAL.
    case badOffset(UInt64)
    /// A list's GPA is not 8-byte aligned: -EINVAL.
    case misalignedList(UInt64)
    /// The slots the access needs run past the list's page: -EINVAL.
    case listCrossesPage(list: UInt64, slots: UInt64)
    /// The access needs a level-1 slot beyond the two-level list's top page
    /// (a level too short for the access): -EINVAL.
    case shortLevel(list: UInt64, slot: UInt64)
    /// offset + length wraps, or exceeds what the descriptor kind reaches: -EINVAL.
    case sizeOverflow(offset: UInt64, length: UInt64)
    /// A GFN (data or list page) is beyond the guest's P2M: -EFAULT.
    case gfnOutsideP2M(UInt64)
    /// A list page is not readable RAM: -EFAULT.
    case listNotRAM(UInt64)
    /// A list flavour's handle is null, `XENABI_PHYS_NULL_HANDLE` or 0
    /// (`copy_list` in hcall_phys.c): -EFAULT.
    case nullHandle
    /// Guest side: a flat descriptor was asked for a buffer that is not
    /// contiguous in guest-physical space: -EINVAL.
    case notContiguous
    /// Guest side: the buffer needs more pages than the flavour's list
    /// reaches: -E2BIG. `limit` is the reach that was exceeded: 511 pages
    /// (`XENABI_GFN_LIST_MAX_DATA`, one level: `gfnList`) or 511 x 512
    /// (two levels: `tagged`).
    case tooLarge(pages: UInt64, limit: UInt64)
    /// Guest side: the allocator has no page for a list: -ENOMEM.
    case noListPage

    /// The Xen errno (positive, `enum xen_errno`) the call fails with.
    @inlinable public var errno: Int32 {
        switch self {
        case .reservedTag, .badOffset, .misalignedList, .listCrossesPage, .shortLevel, .sizeOverflow, .notContiguous:
            Int32(XEN_EINVAL.rawValue)
        case .gfnOutsideP2M, .listNotRAM, .nullHandle:
            Int32(XEN_EFAULT.rawValue)
        case .tooLarge: Int32(XEN_E2BIG.rawValue)
        case .noListPage: Int32(XEN_ENOMEM.rawValue)
        }
    }

    public var description: String {
        switch self {
        case .reservedTag(let h): "tagged handle 0x\(String(h, radix: 16)) has the reserved tag 11"
        case .badOffset(let o): "list slot 0 holds offset \(o), not 0..4095"
        case .misalignedList(let g): "GFN list at GPA 0x\(String(g, radix: 16)) is not 8-byte aligned"
        case .listCrossesPage(let g, let n): "GFN list at GPA 0x\(String(g, radix: 16)) needs \(n) slots and crosses its page"
        case .shortLevel(let g, let s): "two-level list at 0x\(String(g, radix: 16)) has no level-1 slot \(s) in its page"
        case .sizeOverflow(let o, let l): "access at offset \(o) of \(l) bytes overflows the descriptor's reach"
        case .gfnOutsideP2M(let g): "GFN 0x\(String(g, radix: 16)) is outside the guest's P2M"
        case .listNotRAM(let g): "list page GFN 0x\(String(g, radix: 16)) is not RAM"
        case .nullHandle: "null handle"
        case .notContiguous: "buffer is not contiguous in guest-physical space"
        case .tooLarge(let p, let limit):
            "\(p) pages exceed \(limit == SGPage.maxOneLevel ? "a one-level list" : "a two-level list") (\(limit) pages)"
        case .noListPage: "no page for a GFN list"
        }
    }
}
