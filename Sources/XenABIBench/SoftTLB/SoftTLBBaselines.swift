import SoftTLB

/// The baselines the software TLB is measured against, built from the same
/// entries. Both read an unsafe buffer (no bounds checks, no ARC in the loop),
/// so they are fair peers, not strawmen.
public enum SoftTLBBaselines {
    /// Linear scan: the first entry holding the chunk (what a naive
    /// per-vCPU list, as in Gross's first sketch, would do).
    @inlinable
    public static func linearScan(_ entries: UnsafeBufferPointer<TLBEntry>, _ address: UInt64, length: UInt64) -> UInt64? {
        for e in entries {
            let off = address &- e.va
            if off < e.size && length <= e.size &- off { return e.gpa &+ off }
        }
        return nil
    }

    /// Textbook binary search over entries sorted by `va` (array of structs,
    /// branchy lo/hi loop): the shared level without any front cache.
    @inlinable
    public static func binarySearch(_ entries: UnsafeBufferPointer<TLBEntry>, _ address: UInt64, length: UInt64) -> UInt64? {
        var lo = 0, hi = entries.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if entries[mid].va <= address { lo = mid + 1 } else { hi = mid }
        }
        guard lo > 0 else { return nil }
        let e = entries[lo - 1]
        let off = address &- e.va
        return off < e.size && length <= e.size &- off ? e.gpa &+ off : nil
    }
}
