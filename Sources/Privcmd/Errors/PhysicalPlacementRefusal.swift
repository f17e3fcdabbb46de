/// Why `XenCall` refused to build physical-flavour handles for a call.
public enum PhysicalPlacementRefusal: Hashable, Sendable, CustomStringConvertible {
    /// `XENFEAT_auto_translated_physmap` (bit 2 of `XENVER_get_features`
    /// submap 0) is clear: a PV domain. `/proc/self/pagemap` gives Linux's
    /// PFN there, but Xen reads a PV guest's frame numbers as MFNs (measured
    /// on Xen 4.17: MFN = PFN + 0x70000), so a handle would name another
    /// page of machine memory.
    case untranslatedDomain
    /// The pool's pages are anonymous memory (libxencall's
    /// `osdep_alloc_pages`), not `/dev/xen/hypercall`: `mlock` keeps them
    /// resident but compaction may still migrate them to another frame
    /// between the pagemap read and Xen's access.
    case poolNotPinned
    /// Page `regionPage` of the staging region is at frame 0. In a physical
    /// flavour the hypervisor reads handle 0 as null as well as
    /// `XENABI_PHYS_NULL_HANDLE` (Xen's own `NULL` handles must stay null),
    /// so no buffer or list may sit in GFN 0.
    case frameZero(regionPage: Int)

    public var description: String {
        switch self {
        case .untranslatedDomain: "PV domain (XENFEAT_auto_translated_physmap clear): pagemap PFNs are not the MFNs Xen reads"
        case .poolNotPinned: "pool pages are anonymous memory, which may migrate; physical handles need \(HypercallBufferPool.devicePath)"
        case .frameZero(let p): "staging page \(p) is at frame 0, which a physical handle cannot name (0 is null there)"
        }
    }
}
