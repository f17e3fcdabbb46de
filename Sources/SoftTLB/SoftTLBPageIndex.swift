import Atomics

/// The page hash of a table's small entries, shared by every snapshot
/// published since it was built and versioned so each of them still reads
/// it as of its own generation (multi-version concurrency control, as a
/// database's MVCC rows).
///
/// Open addressing with linear probing, one 32-byte bucket per registered
/// page: the page number (the probe key), the entry's tag key, the page's
/// GPA packed with the pages left to the entry's end, and a lifetime: the
/// generations it was born and purged at, relative to `base` (32 bits each;
/// `alive` while not purged). A snapshot of relative generation r sees a
/// bucket iff `born <= r < died`.
///
/// Only the table's writer (holding its mutex) writes, and only in two ways:
/// it fills an empty bucket (tag, value and lifetime first, the key last
/// with release ordering), or it sets a live bucket's `died`. A bucket is
/// never emptied or reused, so a reader's probe sequence only ever gets
/// longer, a key it matched never changes under it, and a bucket it finds
/// is never torn. Purged buckets stay until the writer builds a new index
/// (when the buckets in use would pass half the capacity, or the relative
/// generation would pass 32 bits): old snapshots keep the old index alive
/// by reference counting, exactly as they keep themselves alive.
///
/// Every word is accessed atomically (relaxed, a plain `mov` on x86-64;
/// the key acquire/release), so readers racing the writer are well defined.
@usableFromInline
final class SoftTLBPageIndex: @unchecked Sendable {
    // @unchecked Sendable: the only mutable state is the bucket memory,
    // whose every access is atomic (above).

    /// One atomic word (swift-atomics' storage; `UInt64.AtomicRepresentation`
    /// is ambiguous beside the Synchronization module).
    @usableFromInline typealias Word = UnsafeAtomic<UInt64>.Storage

    /// The table generation relative generations count from.
    @usableFromInline let base: UInt64
    /// 4 words per bucket: key (page number, or `emptyKey`), tag key, value, lifetime.
    @usableFromInline let words: UnsafeMutablePointer<SoftTLBPageIndex.Word>
    @usableFromInline let mask: Int
    @usableFromInline let shift: UInt64

    /// A free bucket's key: no page number (< 2^52) is this.
    @inlinable static var emptyKey: UInt64 { .max }
    /// `died` of a live bucket.
    @inlinable static var alive: UInt64 { 0xFFFF_FFFF }
    /// The largest relative generation a lifetime can hold.
    static var maxRelative: UInt64 { alive - 1 }
    @inlinable static var hashMultiplier: UInt64 { 0x9E37_79B9_7F4A_7C15 }  // Fibonacci hashing
    @inlinable static var tagMultiplier: UInt64 { 0xFF51_AFD7_ED55_8CCD }  // spreads a root's frame bits (murmur3 fmix)

    /// Buckets (a power of two).
    var capacity: Int { mask + 1 }

    /// An empty index of `capacity` buckets (a power of two >= 16) for
    /// generations from `base`.
    init(capacity: Int, base: UInt64) {
        precondition(capacity >= 16 && capacity & (capacity - 1) == 0)
        self.base = base
        mask = capacity - 1
        shift = UInt64(64 - capacity.trailingZeroBitCount)
        words = .allocate(capacity: 4 * capacity)
        for b in 0 ..< capacity {
            (words + 4 * b).initialize(to: .init(Self.emptyKey))
            (words + 4 * b + 1).initialize(to: .init(0))
            (words + 4 * b + 2).initialize(to: .init(0))
            (words + 4 * b + 3).initialize(to: .init(0))
        }
    }

    deinit { words.deallocate() }

    @inlinable
    func word(_ i: Int) -> UnsafeAtomic<UInt64> { UnsafeAtomic(at: words + i) }

    /// The bucket page `vpn` of tag key `tag` hashes to, with `shift` = 64 - log2(capacity).
    @inlinable
    static func home(vpn: UInt64, tag: UInt64, shift: UInt64) -> Int {
        Int(truncatingIfNeeded: ((vpn ^ (tag &* tagMultiplier)) &* hashMultiplier) >> shift)
    }

    /// The value (`gpaPage | pagesToEnd`) of page `vpn` of tag key `tag` as
    /// of relative generation `r`, or nil. Any thread.
    func value(vpn: UInt64, tag: UInt64, at r: UInt64) -> UInt64? {
        Self.value(vpn: vpn, tag: tag, at: r, words: words, mask: mask, shift: shift)
    }

    /// `value(vpn:tag:at:)` over an index's words, mask and shift (a
    /// snapshot keeps copies of them, to save a load).
    @inlinable
    static func value(vpn: UInt64, tag: UInt64, at r: UInt64, words: UnsafeMutablePointer<SoftTLBPageIndex.Word>,
                      mask: Int, shift: UInt64) -> UInt64? {
        var b = home(vpn: vpn, tag: tag, shift: shift)
        while true {
            let w = words + 4 * b
            let k = UnsafeAtomic<UInt64>(at: w).load(ordering: .acquiring)
            if k == vpn && UnsafeAtomic<UInt64>(at: w + 1).load(ordering: .relaxed) == tag {
                let life = UnsafeAtomic<UInt64>(at: w + 3).load(ordering: .relaxed)
                if life >> 32 <= r && r < life & alive { return UnsafeAtomic<UInt64>(at: w + 2).load(ordering: .relaxed) }
            }
            if k == emptyKey { return nil }
            b = (b + 1) & mask
        }
    }

    /// Adds page `vpn` of tag key `tag`, born at relative generation `r`.
    /// Writer only; the caller keeps the buckets in use at most half the capacity.
    func add(vpn: UInt64, tag: UInt64, value: UInt64, at r: UInt64) {
        var b = Self.home(vpn: vpn, tag: tag, shift: shift)
        while word(4 * b).load(ordering: .relaxed) != Self.emptyKey { b = (b + 1) & mask }
        word(4 * b + 1).store(tag, ordering: .relaxed)
        word(4 * b + 2).store(value, ordering: .relaxed)
        word(4 * b + 3).store(r << 32 | Self.alive, ordering: .relaxed)
        word(4 * b).store(vpn, ordering: .releasing)  // last: a reader that sees the key sees the rest
    }

    /// Marks the live page `vpn` of tag key `tag` purged at relative
    /// generation `r` (readers of later generations no longer see it). Writer only.
    func kill(vpn: UInt64, tag: UInt64, at r: UInt64) {
        var b = Self.home(vpn: vpn, tag: tag, shift: shift)
        while true {
            let k = word(4 * b).load(ordering: .relaxed)
            precondition(k != Self.emptyKey, "SoftTLBPageIndex: purging a page that is not indexed")
            if k == vpn && word(4 * b + 1).load(ordering: .relaxed) == tag {
                let life = word(4 * b + 3).load(ordering: .relaxed)
                if life & Self.alive == Self.alive {
                    word(4 * b + 3).store(life & ~Self.alive | r, ordering: .relaxed)
                    return
                }
            }
            b = (b + 1) & mask
        }
    }

    /// A new index (base `base`, at least `capacity` buckets) holding every
    /// page still live here, born at relative generation 0. Writer only.
    func rebuilt(capacity: Int, base: UInt64) -> SoftTLBPageIndex {
        let next = SoftTLBPageIndex(capacity: capacity, base: base)
        for b in 0 ... mask {
            let k = word(4 * b).load(ordering: .relaxed)
            guard k != Self.emptyKey, word(4 * b + 3).load(ordering: .relaxed) & Self.alive == Self.alive else { continue }
            next.add(vpn: k, tag: word(4 * b + 1).load(ordering: .relaxed), value: word(4 * b + 2).load(ordering: .relaxed), at: 0)
        }
        return next
    }

    /// Calls `body(vpn, tag, value)` for every bucket visible at relative
    /// generation `r` (the invariant checker's view).
    func forEachVisible(at r: UInt64, _ body: (UInt64, UInt64, UInt64) -> Void) {
        for b in 0 ... mask {
            let k = word(4 * b).load(ordering: .acquiring)
            guard k != Self.emptyKey else { continue }
            let life = word(4 * b + 3).load(ordering: .relaxed)
            guard life >> 32 <= r && r < life & Self.alive else { continue }
            body(k, word(4 * b + 1).load(ordering: .relaxed), word(4 * b + 2).load(ordering: .relaxed))
        }
    }

    /// The smallest power-of-two capacity (at least 16) that holds `pages`
    /// live pages at most a quarter full, so at least as many more pages fit
    /// before the next rebuild: rebuilds cost O(1) amortized per page added.
    static func capacity(forLive pages: UInt64) -> Int {
        var c = 16
        while UInt64(c) < 4 * pages { c <<= 1 }
        return c
    }
}
