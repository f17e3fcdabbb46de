import CXen

/// Address-space tags (`VCPU_HCALL_BUFFER_ADDRESS_SPACE`): which entries a
/// lookup on a vCPU running on a given page-table root may use, and which
/// entries may not coexist in one table.
extension TLBEntry {
    /// The bits of CR3 that name an address space: the top-level page
    /// table's frame, bits 12-51 (`XENABI_HCALL_BUFFER_ROOT_MASK`). PCID
    /// (bits 0-11) and the no-flush bit (63) are dropped: they change without
    /// the address space changing.
    public static let rootMask: UInt64 = XENABI_HCALL_BUFFER_ROOT_MASK

    /// The root (tag) of the address space a vCPU with this CR3 runs in.
    @inlinable
    public static func root(cr3: UInt64) -> UInt64 { cr3 & rootMask }

    /// Whether `value` is a root: no bit outside `rootMask`.
    @inlinable
    public static func isRoot(_ value: UInt64) -> Bool { value & ~rootMask == 0 }

    /// Whether a lookup in address space `root` may use this entry: it is
    /// global, or tagged with that root.
    @inlinable
    public func matches(root current: UInt64) -> Bool { root == nil || root == current }

    /// Whether this entry and `other` may not both be in one table (what
    /// `SoftTLBTable.insert` refuses with EEXIST): their VA ranges share a
    /// byte and one of them is global or both have the same root. Entries of
    /// different address spaces may overlap: no lookup can match both.
    @inlinable
    public func conflicts(with other: TLBEntry) -> Bool {
        guard root == nil || other.root == nil || root == other.root else { return false }
        return overlaps(start: other.va, length: other.size)
    }

    /// The sort key of `root` inside a snapshot: the root itself, or
    /// `globalKey` (above every root) for a global entry.
    @inlinable var tagKey: UInt64 { root ?? Self.globalKey }

    /// The tag key of global entries: no root has bits 52-63 set.
    @inlinable static var globalKey: UInt64 { .max }
}
