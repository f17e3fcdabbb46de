import Atomics

/// An immutable set of entries no two of which conflict
/// (`TLBEntry.conflicts(with:)`): the shared level of the software TLB that
/// every cursor falls back to after its front caches.
///
/// Never mutated after `init`, so any number of threads may read it without a
/// lock; a writer replaces it whole (`SoftTLBTable.publish`).
///
/// Entries carry an address-space tag (`TLBEntry.root`, nil for global). A
/// global entry conflicts with every entry it overlaps, tagged entries only
/// with overlapping entries of their own root, so for any root at most one
/// entry a lookup may use contains a given byte, and every index below is
/// keyed by (tag, address): entries of different roots at the same VA never
/// share a key, and a lookup stays one probe per tag it may match (its root,
/// then global), never a scan over the roots registered at that VA.
///
/// Indexes, built once per publication:
/// - the entries sorted by (tag key, `va`), tagged ones by root and the
///   global ones last (`TLBEntry.globalKey`), struct-of-arrays (`starts`,
///   `sizes`, `gpas`, `tags` in one allocation), so a binary search touches
///   only dense keys (DPDK mlx5's `mr_btree_lookup` keeps its keys dense the
///   same way); used by writers (conflicts, purge);
/// - a page hash for *small* entries (<= `smallEntryPages` pages each, at most
///   `maxIndexedPages` pages in all): open addressing, one 24-byte bucket per
///   page holding the page number, the tag key and, packed, the page's GPA
///   and the pages left to the entry's end. A lookup is one multiply and
///   usually one cache line per tag probed, O(1) like SPDK's
///   `spdk_vtophys()` map, but sized by what is registered rather than by
///   the address space. A random access over 4096 small entries then costs
///   a probe instead of a 12-level search that misses L1 at every level.
/// - the *large* entries (a PVH dom0's direct map) sorted by (tag key, va)
///   for a branch-free binary search; they are few, are served by the
///   cursor's last-entry check, and stay out of the hash so a many-GiB entry
///   costs nothing to register.
/// A snapshot without tagged (or without global) small entries skips that
/// probe, so a kernel that registers only global entries pays one compare
/// for the tags.
public final class SoftTLBSnapshot: @unchecked Sendable, AtomicReference {
    // @unchecked Sendable: every stored property is a `let`, and the memory
    // behind `base`, `buckets` and `large` is written only in `init`, before
    // the object is published.

    /// The table generation this snapshot was published as (unique, increasing).
    public let generation: UInt64
    /// Number of entries.
    public let count: Int
    /// Number of tagged entries: they come first in (tag key, va) order, the
    /// global ones at indexes `taggedCount ..< count`.
    public let taggedCount: Int
    @usableFromInline let base: UnsafeMutablePointer<UInt64>

    /// Page hash buckets: `(vpn, tag, gpaPage | pagesToEnd)`, `emptyKey` when free.
    @usableFromInline let buckets: UnsafeMutablePointer<Bucket>
    @usableFromInline let bucketMask: Int
    @usableFromInline let bucketShift: UInt64
    /// Whether the page hash holds pages of tagged / of global entries (a
    /// lookup probes only for tags it can find).
    @usableFromInline let hashesTagged: Bool
    @usableFromInline let hashesGlobal: Bool
    /// Large entries (not in the hash), sorted by (tag key, va): starts,
    /// sizes, gpas, tag keys; the tagged ones at `0 ..< largeTaggedCount`.
    @usableFromInline let largeCount: Int
    @usableFromInline let largeTaggedCount: Int
    @usableFromInline let large: UnsafeMutablePointer<UInt64>

    /// One page of a small entry.
    @usableFromInline
    struct Bucket {
        @usableFromInline var vpn: UInt64
        /// The entry's tag key (`TLBEntry.tagKey`).
        @usableFromInline var tag: UInt64
        /// GPA of the page (page-aligned) | number of pages from this one to the entry's end (1...smallEntryPages).
        @usableFromInline var value: UInt64
    }

    /// Entries up to this many pages go in the page hash (256 KiB).
    public static let smallEntryPages: UInt64 = 64
    /// At most this many pages in the hash (256 MiB of small buffers); beyond it, entries count as large.
    public static let maxIndexedPages: UInt64 = 1 << 16
    @inlinable static var emptyKey: UInt64 { .max }  // no page number (< 2^52) is this
    @inlinable static var hashMultiplier: UInt64 { 0x9E37_79B9_7F4A_7C15 }  // Fibonacci hashing
    @inlinable static var tagMultiplier: UInt64 { 0xFF51_AFD7_ED55_8CCD }  // spreads a root's frame bits (murmur3 fmix)

    /// The bucket a page of tag key `tag` hashes to.
    @inlinable
    func bucketIndex(vpn: UInt64, tag: UInt64) -> Int { Self.bucketIndex(vpn: vpn, tag: tag, shift: bucketShift) }

    @inlinable
    static func bucketIndex(vpn: UInt64, tag: UInt64, shift: UInt64) -> Int {
        Int(truncatingIfNeeded: ((vpn ^ (tag &* tagMultiplier)) &* hashMultiplier) >> shift)
    }

    /// An empty snapshot.
    public convenience init(generation: UInt64 = 0) {
        self.init(sortedEntries: [], generation: generation)
    }

    /// A snapshot of `entries`, which must already be sorted by
    /// (`tagKey`, `va`) (`SoftTLBSnapshot.sorted`) and free of conflicts. With
    /// XENABI_INTERNAL_CHECKS (debug builds) the result is checked against
    /// every invariant unless `checkingInvariants` is false (only the tests'
    /// hook that builds a broken one passes false).
    init(sortedEntries entries: [TLBEntry], generation: UInt64, checkingInvariants: Bool = true) {
        self.generation = generation
        count = entries.count
        taggedCount = entries.firstIndex { $0.root == nil } ?? entries.count
        base = .allocate(capacity: max(1, 4 * entries.count))
        for (i, e) in entries.enumerated() {
            base[i] = e.va
            base[count + i] = e.size
            base[2 * count + i] = e.gpa
            base[3 * count + i] = e.tagKey
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
        buckets.initialize(repeating: Bucket(vpn: Self.emptyKey, tag: 0, value: 0), count: n)
        hashesTagged = small.contains { entries[$0].root != nil }
        hashesGlobal = small.contains { entries[$0].root == nil }
        for i in small {
            let e = entries[i]
            let pages = e.size >> 12
            for p in 0 ..< pages {
                let vpn = (e.va >> 12) + p
                var b = Self.bucketIndex(vpn: vpn, tag: e.tagKey, shift: bucketShift)
                while buckets[b].vpn != Self.emptyKey { b = (b + 1) & bucketMask }
                buckets[b] = Bucket(vpn: vpn, tag: e.tagKey, value: (e.gpa + (p << 12)) | (pages - p))
            }
        }
        largeCount = largeList.count
        largeTaggedCount = largeList.firstIndex { entries[$0].root == nil } ?? largeList.count
        large = .allocate(capacity: max(1, 4 * largeCount))
        for (k, i) in largeList.enumerated() {
            large[k] = entries[i].va
            large[largeCount + k] = entries[i].size
            large[2 * largeCount + k] = entries[i].gpa
            large[3 * largeCount + k] = entries[i].tagKey
        }
        if checkingInvariants { _checkInvariants() }
    }

    deinit {
        base.deallocate()
        buckets.deallocate()
        large.deallocate()
    }

    /// `entries` in the order a snapshot keeps them: by (tag key, va), the
    /// tagged ones by root, the global ones last.
    static func sorted(_ entries: [TLBEntry]) -> [TLBEntry] {
        entries.sorted { ($0.tagKey, $0.va) < ($1.tagKey, $1.va) }
    }

    /// The fast lookup in address space `root`: a range `[va, va+size)`
    /// inside one entry that is global or tagged `root`, backed by `gpa`,
    /// that wholly contains `[address, address+length)`; nil if no such entry
    /// does. For a small entry the range runs from `address`'s page to the
    /// entry's end (what the hash bucket knows); for a large entry it is the
    /// whole entry. Either way any chunk starting in that page and fitting
    /// its entry fits the range, so a cursor may cache it while it stays in
    /// `root`.
    @inlinable
    public func range(containing address: UInt64, length: UInt64, root: UInt64) -> (va: UInt64, size: UInt64, gpa: UInt64)? {
        // At most one entry usable in `root` contains `address` (tagged
        // entries of `root` and global ones never overlap), so the order of
        // the probes does not change the answer.
        if hashesTagged, let r = probe(address, length: length, tag: root) { return r }
        if hashesGlobal, let r = probe(address, length: length, tag: TLBEntry.globalKey) { return r }
        return largeRange(containing: address, length: length, root: root)
    }

    /// The page hash's answer for the page of `address` under tag key `tag`.
    @inlinable
    func probe(_ address: UInt64, length: UInt64, tag: UInt64) -> (va: UInt64, size: UInt64, gpa: UInt64)? {
        let vpn = address >> 12
        var b = bucketIndex(vpn: vpn, tag: tag)
        while true {
            let k = buckets[b].vpn
            if k == vpn && buckets[b].tag == tag {
                let v = buckets[b].value
                let size = (v & TLBEntry.pageMask) << 12
                let off = address & TLBEntry.pageMask
                guard length <= size &- off else { return nil }
                return (address & ~TLBEntry.pageMask, size, v & ~TLBEntry.pageMask)
            }
            if k == Self.emptyKey { return nil }
            b = (b + 1) & bucketMask
        }
    }

    /// `range(containing:length:root:)` over the large entries only: a
    /// branch-free floor search over the tagged ones by (tag key, start), then
    /// over the global ones by start. Kept out of line so the page hash
    /// probes inline into callers.
    @usableFromInline
    func largeRange(containing address: UInt64, length: UInt64, root: UInt64) -> (va: UInt64, size: UInt64, gpa: UInt64)? {
        if largeTaggedCount > 0, let i = Self.floor(tag: root, address: address, starts: large, tags: large + 3 * largeCount,
                                                     from: 0, count: largeTaggedCount),
           let r = largeHit(i, address, length) {
            return r
        }
        if largeCount > largeTaggedCount, let i = Self.floor(tag: TLBEntry.globalKey, address: address, starts: large,
                                                              tags: large + 3 * largeCount, from: largeTaggedCount,
                                                              count: largeCount - largeTaggedCount) {
            return largeHit(i, address, length)
        }
        return nil
    }

    /// Large entry `i` as a lookup answer, if it wholly contains the chunk.
    @inline(__always)
    func largeHit(_ i: Int, _ address: UInt64, _ length: UInt64) -> (va: UInt64, size: UInt64, gpa: UInt64)? {
        let va = large[i], size = large[largeCount + i]
        let off = address &- va
        guard off < size && length <= size &- off else { return nil }
        return (va, size, large[2 * largeCount + i])
    }

    /// In `starts[from ..< from+count]` (sorted by (tag key, start)), the
    /// index of the last entry of tag key `tag` whose start is <= `address`,
    /// or nil. Branch-free halving (the compiler turns the select into
    /// `cmov`): log2(count) dependent loads, no mispredicted branches.
    @inlinable
    static func floor(tag: UInt64, address: UInt64, starts: UnsafeMutablePointer<UInt64>, tags: UnsafeMutablePointer<UInt64>,
                      from: Int, count: Int) -> Int? {
        var n = count
        guard n > 0 else { return nil }
        var lo = from
        while n > 1 {
            let half = n >> 1
            let m = lo + half
            let t = tags[m]
            lo = t < tag || (t == tag && starts[m] <= address) ? m : lo
            n -= half
        }
        return tags[lo] == tag && starts[lo] <= address ? lo : nil
    }

    @inlinable var starts: UnsafeMutablePointer<UInt64> { base }
    @inlinable var sizes: UnsafeMutablePointer<UInt64> { base + count }
    @inlinable var gpas: UnsafeMutablePointer<UInt64> { base + 2 * count }
    @inlinable var tags: UnsafeMutablePointer<UInt64> { base + 3 * count }

    /// Entry `i` in (tag key, `va`) order: tagged entries by root, then the global ones.
    @inlinable
    public subscript(i: Int) -> TLBEntry {
        precondition(i >= 0 && i < count, "SoftTLBSnapshot index out of range")
        let t = tags[i]
        return TLBEntry(va: starts[i], gpa: gpas[i], size: sizes[i], root: t == TLBEntry.globalKey ? nil : t)
    }

    /// All entries, in (tag key, `va`) order (allocates; not for hot paths).
    public var entries: [TLBEntry] { (0 ..< count).map { self[$0] } }

    /// The index of the entry usable in address space `root` (tagged `root`,
    /// or global) that wholly contains `[address, address+length)`, or -1.
    /// `length` 0 asks only about `address`. A binary search over all
    /// entries: the reference the page hash is tested against.
    @inlinable
    public func index(containing address: UInt64, length: UInt64, root: UInt64) -> Int {
        let i = index(containing: address, length: length, tag: root)
        return i >= 0 ? i : index(containing: address, length: length, tag: TLBEntry.globalKey)
    }

    /// `index(containing:length:root:)` among the entries of one tag key.
    @inlinable
    func index(containing address: UInt64, length: UInt64, tag: UInt64) -> Int {
        guard let i = Self.floor(tag: tag, address: address, starts: starts, tags: tags, from: 0, count: count) else { return -1 }
        let offset = address &- starts[i]
        let size = sizes[i]
        return offset < size && length <= size &- offset ? i : -1
    }

    /// The GPA of `address` if `[address, address+length)` lies wholly inside
    /// one entry usable in address space `root`, else nil (page hash, then
    /// the large entries).
    @inlinable
    public func translate(_ address: UInt64, length: UInt64, root: UInt64) -> UInt64? {
        guard let r = range(containing: address, length: length, root: root) else { return nil }
        return r.gpa &+ (address &- r.va)
    }

    /// The same answer by binary search over all entries (the reference the
    /// page hash is tested against; allocates).
    public func translateBySearch(_ address: UInt64, length: UInt64, root: UInt64) -> UInt64? {
        let i = index(containing: address, length: length, root: root)
        return i >= 0 ? gpas[i] &+ (address &- starts[i]) : nil
    }
}
