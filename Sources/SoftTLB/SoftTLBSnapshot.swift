import Atomics

/// An immutable, sorted set of non-overlapping entries: the shared level of
/// the software TLB that every cursor falls back to after its front caches.
///
/// Never mutated after `init`, so any number of threads may read it without a
/// lock; a writer replaces it whole (`SoftTLBTable.publish`).
///
/// Two indexes, built once per publication:
/// - the sorted entries, struct-of-arrays (`starts`, `sizes`, `gpas` in one
///   allocation), so a binary search touches only the dense `starts` array
///   (DPDK mlx5's `mr_btree_lookup` keeps its keys dense the same way); used by
///   writers (overlap, purge) and for *large* entries;
/// - a page hash for *small* entries (<= `smallEntryPages` pages each, at most
///   `maxIndexedPages` pages in all): open addressing, one 16-byte bucket per
///   page holding the page number and, packed, the page's GPA and the pages
///   left to the entry's end. A lookup is one multiply and usually one cache
///   line, O(1) like SPDK's `spdk_vtophys()` map, but sized by what is
///   registered rather than by the address space. A random access over 4096
///   small entries then costs a probe instead of a 12-level search that
///   misses L1 at every level.
/// Large entries (a PVH dom0's direct map) are few and are served by the
/// cursor's last-entry check; they stay out of the hash so a many-GiB entry
/// costs nothing to register.
public final class SoftTLBSnapshot: @unchecked Sendable, AtomicReference {
    // @unchecked Sendable: every stored property is a `let`, and the memory
    // behind `base` is written only in `init`, before the object is published.

    /// The table generation this snapshot was published as (unique, increasing).
    public let generation: UInt64
    /// Number of entries.
    public let count: Int
    @usableFromInline let base: UnsafeMutablePointer<UInt64>

    /// Page hash buckets: `(vpn, gpaPage | pagesToEnd)`, `emptyKey` when free.
    @usableFromInline let buckets: UnsafeMutablePointer<Bucket>
    @usableFromInline let bucketMask: Int
    @usableFromInline let bucketShift: UInt64
    /// Large entries (not in the hash), sorted: starts, sizes, gpas.
    @usableFromInline let largeCount: Int
    @usableFromInline let large: UnsafeMutablePointer<UInt64>

    /// One page of a small entry.
    @usableFromInline
    struct Bucket {
        @usableFromInline var vpn: UInt64
        /// GPA of the page (page-aligned) | number of pages from this one to the entry's end (1...smallEntryPages).
        @usableFromInline var value: UInt64
    }

    /// Entries up to this many pages go in the page hash (256 KiB).
    public static let smallEntryPages: UInt64 = 64
    /// At most this many pages in the hash (256 MiB of small buffers); beyond it, entries count as large.
    public static let maxIndexedPages: UInt64 = 1 << 16
    @inlinable static var emptyKey: UInt64 { .max }
    @inlinable static var hashMultiplier: UInt64 { 0x9E37_79B9_7F4A_7C15 }  // Fibonacci hashing

    /// An empty snapshot.
    public convenience init(generation: UInt64 = 0) {
        self.init(sortedEntries: [], generation: generation)
    }

    /// A snapshot of `entries`, which must already be sorted by `va` and
    /// disjoint. With XENABI_INTERNAL_CHECKS (debug builds) the result is
    /// checked against every invariant unless `checkingInvariants` is false
    /// (only the tests' hook that builds a broken one passes false).
    init(sortedEntries entries: [TLBEntry], generation: UInt64, checkingInvariants: Bool = true) {
        self.generation = generation
        count = entries.count
        base = .allocate(capacity: max(1, 3 * entries.count))
        for (i, e) in entries.enumerated() {
            base[i] = e.va
            base[count + i] = e.size
            base[2 * count + i] = e.gpa
        }
        // Split small from large, then index every page of the small ones.
        var indexed: UInt64 = 0
        var small: [Int] = [], largeList: [Int] = []
        for (i, e) in entries.enumerated() {
            let pages = e.size >> 12
            if pages <= Self.smallEntryPages && indexed + pages <= Self.maxIndexedPages {
                indexed += pages
                small.append(i)
            } else {
                largeList.append(i)
            }
        }
        var bits: UInt64 = 4
        while (1 << bits) < 2 * indexed { bits += 1 }  // load factor <= 1/2
        let n = 1 << Int(bits)
        bucketMask = n - 1
        bucketShift = 64 - bits
        buckets = .allocate(capacity: n)
        buckets.initialize(repeating: Bucket(vpn: Self.emptyKey, value: 0), count: n)
        for i in small {
            let e = entries[i]
            let pages = e.size >> 12
            for p in 0 ..< pages {
                let vpn = (e.va >> 12) + p
                var b = Int(truncatingIfNeeded: (vpn &* Self.hashMultiplier) >> bucketShift)
                while buckets[b].vpn != Self.emptyKey { b = (b + 1) & bucketMask }
                buckets[b] = Bucket(vpn: vpn, value: (e.gpa + (p << 12)) | (pages - p))
            }
        }
        largeCount = largeList.count
        large = .allocate(capacity: max(1, 3 * largeCount))
        for (k, i) in largeList.enumerated() {
            large[k] = entries[i].va
            large[largeCount + k] = entries[i].size
            large[2 * largeCount + k] = entries[i].gpa
        }
        if checkingInvariants { _checkInvariants() }
    }

    deinit {
        base.deallocate()
        buckets.deallocate()
        large.deallocate()
    }

    /// The fast lookup: a range `[va, va+size)` inside one entry, backed by
    /// `gpa`, that wholly contains `[address, address+length)`; nil if no
    /// entry does. For a small entry the range runs from `address`'s page to
    /// the entry's end (what the hash bucket knows); for a large entry it is
    /// the whole entry. Either way any chunk starting in that page and fitting
    /// its entry fits the range, so a cursor may cache it.
    @inlinable
    public func range(containing address: UInt64, length: UInt64) -> (va: UInt64, size: UInt64, gpa: UInt64)? {
        let vpn = address >> 12
        var b = Int(truncatingIfNeeded: (vpn &* Self.hashMultiplier) >> bucketShift)
        while true {
            let k = buckets[b].vpn
            if k == vpn {
                let v = buckets[b].value
                let size = (v & TLBEntry.pageMask) << 12
                let off = address & TLBEntry.pageMask
                guard length <= size &- off else { return nil }
                return (address & ~TLBEntry.pageMask, size, v & ~TLBEntry.pageMask)
            }
            if k == Self.emptyKey { break }
            b = (b + 1) & bucketMask
        }
        return largeRange(containing: address, length: length)
    }

    /// `range(containing:length:)` over the large entries only: a branch-free
    /// floor search over their (few) starts. Kept out of line so the page
    /// hash probe inlines into callers.
    @usableFromInline
    func largeRange(containing address: UInt64, length: UInt64) -> (va: UInt64, size: UInt64, gpa: UInt64)? {
        var n = largeCount
        guard n > 0 else { return nil }
        var lo = 0
        while n > 1 {
            let half = n >> 1
            lo = large[lo + half] <= address ? lo + half : lo
            n -= half
        }
        let va = large[lo], size = large[largeCount + lo]
        let off = address &- va
        guard off < size && length <= size &- off else { return nil }
        return (va, size, large[2 * largeCount + lo])
    }

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
    /// one entry, else nil (page hash, then the large entries).
    @inlinable
    public func translate(_ address: UInt64, length: UInt64) -> UInt64? {
        guard let r = range(containing: address, length: length) else { return nil }
        return r.gpa &+ (address &- r.va)
    }

    /// The same answer by binary search over all entries (the reference the
    /// page hash is tested against).
    @inlinable
    public func translateBySearch(_ address: UInt64, length: UInt64) -> UInt64? {
        let i = index(containing: address, length: length)
        return i >= 0 ? gpas[i] &+ (address &- starts[i]) : nil
    }

    /// Whether any entry overlaps `entry`'s range (what `insert` refuses with EEXIST).
    public func overlaps(_ entry: TLBEntry) -> Bool { overlapsAny(start: entry.va, length: entry.size) }

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
}
