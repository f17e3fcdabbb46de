import Atomics

/// An immutable, sorted set of non-overlapping entries: the shared level of
/// the software TLB that every cursor falls back to after its front caches.
///
/// Never mutated after `init`, so any number of threads may read it without a
/// lock; a writer replaces it whole (`SoftTLBTable.publish`). Storage is one
/// allocation, struct-of-arrays (`starts`, then `sizes`, then `gpas`), so the
/// binary search touches only the dense `starts` array (DPDK mlx5's
/// `mr_btree_lookup` keeps its lookup keys dense the same way).
public final class SoftTLBSnapshot: @unchecked Sendable, AtomicReference {
    // @unchecked Sendable: every stored property is a `let`, and the memory
    // behind `base` is written only in `init`, before the object is published.

    /// The table generation this snapshot was published as (unique, increasing).
    public let generation: UInt64
    /// Number of entries.
    public let count: Int
    @usableFromInline let base: UnsafeMutablePointer<UInt64>

    /// An empty snapshot.
    public convenience init(generation: UInt64 = 0) {
        self.init(sortedEntries: [], generation: generation)
    }

    /// A snapshot of `entries`, which must already be sorted by `va` and disjoint.
    init(sortedEntries entries: [TLBEntry], generation: UInt64) {
        self.generation = generation
        count = entries.count
        base = .allocate(capacity: max(1, 3 * entries.count))
        for (i, e) in entries.enumerated() {
            base[i] = e.va
            base[count + i] = e.size
            base[2 * count + i] = e.gpa
        }
        #if SOFTTLB_INVARIANTS
        checkInvariants()
        #endif
    }

    deinit { base.deallocate() }

    @inlinable var starts: UnsafeMutablePointer<UInt64> { base }
    @inlinable var sizes: UnsafeMutablePointer<UInt64> { base + count }
    @inlinable var gpas: UnsafeMutablePointer<UInt64> { base + 2 * count }

    /// Entry `i` in ascending `va` order.
    @inlinable
    public subscript(i: Int) -> TLBEntry {
        precondition(i >= 0 && i < count, "SoftTLBSnapshot index out of range")
        return TLBEntry(va: starts[i], gpa: gpas[i], size: sizes[i])
    }

    /// All entries, ascending by `va` (allocates; not for hot paths).
    public var entries: [TLBEntry] { (0 ..< count).map { self[$0] } }

    /// Index of the last entry whose `va <= address`, or -1. Branch-free
    /// halving (the compiler turns the select into `cmov`), so the cost is
    /// log2(count) dependent loads and no mispredicted branches.
    @inlinable
    public func floorIndex(_ address: UInt64) -> Int {
        var n = count
        guard n > 0 else { return -1 }
        var lo = 0
        while n > 1 {
            let half = n >> 1
            lo = starts[lo + half] <= address ? lo + half : lo
            n -= half
        }
        return starts[lo] <= address ? lo : -1
    }

    /// The index of the entry that wholly contains `[address, address+length)`,
    /// or -1. `length` 0 asks only about `address`.
    @inlinable
    public func index(containing address: UInt64, length: UInt64) -> Int {
        let i = floorIndex(address)
        guard i >= 0 else { return -1 }
        let offset = address &- starts[i]
        let size = sizes[i]
        return offset < size && length <= size &- offset ? i : -1
    }

    /// The GPA of `address` if `[address, address+length)` lies wholly inside
    /// one entry, else nil.
    @inlinable
    public func translate(_ address: UInt64, length: UInt64) -> UInt64? {
        let i = index(containing: address, length: length)
        return i >= 0 ? gpas[i] &+ (address &- starts[i]) : nil
    }

    /// Whether any entry overlaps `[start, start+length)` (`length` must not wrap).
    func overlapsAny(start: UInt64, length: UInt64) -> Bool {
        guard length > 0, count > 0 else { return false }
        // The only candidates: the entry at or before `start`, and the first
        // entry after it (entries are disjoint and sorted).
        let i = floorIndex(start)
        if i >= 0, self[i].overlaps(start: start, length: length) { return true }
        let next = i + 1
        return next < count && self[next].overlaps(start: start, length: length)
    }

    #if SOFTTLB_INVARIANTS
    func checkInvariants() {
        for i in 0 ..< count {
            let e = self[i]
            precondition((try? e.validate()) != nil, "invalid entry \(e)")
            if i > 0 { precondition(self[i - 1].end <= e.va, "unsorted or overlapping at \(i)") }
        }
    }
    #endif
}
