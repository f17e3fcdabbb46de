import Atomics

/// The shared level of the software TLB that every cursor falls back to
/// after its front caches: a set of entries no two of which conflict
/// (`TLBEntry.conflicts(with:)`), as of one generation.
///
/// Logically immutable: whatever a writer publishes later, a snapshot keeps
/// answering as of its own generation, so any number of threads may read it
/// without a lock. It is not copied whole on every change either: a writer
/// derives the next snapshot from the current one in O(log n) per entry
/// (`SoftTLBState`), sharing with it
/// - persistent treaps (`SoftTLBNode`) of the entries by (tag key, va),
///   tagged ones by root and the global ones last (`TLBEntry.globalKey`),
///   with subtree counts: the order of `entries` and `subscript`, and the
///   writers' overlap checks and purges; the tagged entries again by (va,
///   tag key) with subtree end maxima, for the questions that cross roots;
///   and the *unhashed* entries (large ones: a PVH dom0's direct map) by
///   (tag key, va), which a fill searches after the hash;
/// - a versioned page hash of the *small* entries (<= `smallEntryPages`
///   pages each, at most `maxIndexedPages` pages in all; `SoftTLBPageIndex`):
///   one bucket per page holding the page number, the tag key and, packed,
///   the page's GPA and the pages left to the entry's end. A lookup is one
///   multiply and usually one cache line per tag probed, O(1) like SPDK's
///   `spdk_vtophys()` map, but sized by what is registered rather than by
///   the address space;
/// - the ranges the last publications removed (`SoftTLBRemoval`), so a
///   cursor invalidates only those.
///
/// Entries carry an address-space tag (`TLBEntry.root`, nil for global). A
/// global entry conflicts with every entry it overlaps, tagged entries only
/// with overlapping entries of their own root, so for any root at most one
/// entry a lookup may use contains a given byte, and every index is keyed by
/// (tag, address): a lookup stays one probe per tag it may match (its root,
/// then global), never a scan over the roots registered at that VA. A
/// snapshot without tagged (or without global) small entries skips that
/// probe, so a kernel that registers only global entries pays one compare
/// for the tags.
public final class SoftTLBSnapshot: @unchecked Sendable, AtomicReference {
    // @unchecked Sendable: every stored property is a `let`; `words` points
    // into `state.index`, which this snapshot keeps alive and reads only
    // through atomic loads (`SoftTLBPageIndex`).

    /// The table generation this snapshot was published as (unique, increasing).
    public let generation: UInt64
    /// Number of entries.
    public let count: Int
    /// Number of tagged entries: they come first in (tag key, va) order, the
    /// global ones at indexes `taggedCount ..< count`.
    public let taggedCount: Int
    /// The trees, the index and the history (what the next writer starts from).
    @usableFromInline let state: SoftTLBState
    /// `state.index`'s bucket words, mask and shift, copied here so a fill
    /// reaches the hash in one dependent load fewer.
    @usableFromInline let words: UnsafeMutablePointer<SoftTLBPageIndex.Word>
    @usableFromInline let mask: Int
    @usableFromInline let shift: UInt64
    /// This snapshot's generation relative to `index.base`.
    @usableFromInline let relative: UInt64
    /// Whether the page hash holds pages of tagged / of global entries (a
    /// lookup probes only for tags it can find).
    @usableFromInline let hashesTagged: Bool
    @usableFromInline let hashesGlobal: Bool

    /// Entries up to this many pages go in the page hash (256 KiB).
    public static let smallEntryPages: UInt64 = 64
    /// At most this many pages in the hash (256 MiB of small buffers); beyond it, entries count as large.
    public static let maxIndexedPages: UInt64 = 1 << 16

    /// An empty snapshot.
    public convenience init(generation: UInt64 = 0) {
        self.init(SoftTLBState(generation: generation))
    }

    /// The snapshot of `state`. With XENABI_INTERNAL_CHECKS (debug builds)
    /// the result is checked against every invariant unless
    /// `checkingInvariants` is false (only the tests' hook that builds a
    /// broken one passes false).
    init(_ state: SoftTLBState, checkingInvariants: Bool = true) {
        self.state = state
        generation = state.generation
        count = state.count
        taggedCount = state.taggedCount
        words = state.index.words
        mask = state.index.mask
        shift = state.index.shift
        relative = state.relative
        hashesTagged = state.hashedTagged > 0
        hashesGlobal = state.hashedGlobal > 0
        if checkingInvariants { _checkInvariants() }
    }

    /// Entries that are not in the page hash (large ones, and small ones
    /// past `maxIndexedPages`).
    var largeCount: Int { state.unhashedTagged + state.unhashedGlobal }

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
        return unhashedRange(containing: address, length: length, root: root)
    }

    /// The page hash's answer for the page of `address` under tag key `tag`.
    @inlinable
    func probe(_ address: UInt64, length: UInt64, tag: UInt64) -> (va: UInt64, size: UInt64, gpa: UInt64)? {
        guard let v = SoftTLBPageIndex.value(vpn: address >> 12, tag: tag, at: relative, words: words, mask: mask, shift: shift)
        else { return nil }
        let size = (v & TLBEntry.pageMask) << 12
        let off = address & TLBEntry.pageMask
        guard length <= size &- off else { return nil }
        return (address & ~TLBEntry.pageMask, size, v & ~TLBEntry.pageMask)
    }

    /// `range(containing:length:root:)` over the unhashed entries only: a
    /// floor search among the tagged ones of `root`, then among the global
    /// ones. Kept out of line so the page hash probes inline into callers.
    @usableFromInline
    func unhashedRange(containing address: UInt64, length: UInt64, root: UInt64) -> (va: UInt64, size: UInt64, gpa: UInt64)? {
        if state.unhashedTagged > 0, let r = unhashedHit(tag: root, address, length) { return r }
        if state.unhashedGlobal > 0 { return unhashedHit(tag: TLBEntry.globalKey, address, length) }
        return nil
    }

    /// The unhashed entry of tag key `tag` wholly containing the chunk, if any.
    @inline(__always)
    func unhashedHit(tag: UInt64, _ address: UInt64, _ length: UInt64) -> (va: UInt64, size: UInt64, gpa: UInt64)? {
        guard let n = SoftTLBTree.floor(state.unhashed, SoftTLBKey(tag, address), .byTag), n.tagKey == tag else { return nil }
        let off = address &- n.va
        guard off < n.size && length <= n.size &- off else { return nil }
        return (n.va, n.size, n.gpa)
    }

    /// Entry `i` in (tag key, `va`) order: tagged entries by root, then the
    /// global ones. O(log n).
    public subscript(i: Int) -> TLBEntry {
        precondition(i >= 0 && i < count, "SoftTLBSnapshot index out of range")
        return SoftTLBTree.select(state.byTag, i).entry
    }

    /// All entries, in (tag key, `va`) order (allocates; not for hot paths).
    public var entries: [TLBEntry] {
        var out: [TLBEntry] = []
        out.reserveCapacity(count)
        SoftTLBTree.forEach(state.byTag) { out.append($0.entry) }
        return out
    }

    /// The index of the entry usable in address space `root` (tagged `root`,
    /// or global) that wholly contains `[address, address+length)`, or -1.
    /// `length` 0 asks only about `address`. A search of the tree of all
    /// entries: the reference the page hash is tested against.
    public func index(containing address: UInt64, length: UInt64, root: UInt64) -> Int {
        let i = index(containing: address, length: length, tag: root)
        return i >= 0 ? i : index(containing: address, length: length, tag: TLBEntry.globalKey)
    }

    /// `index(containing:length:root:)` among the entries of one tag key.
    func index(containing address: UInt64, length: UInt64, tag: UInt64) -> Int {
        guard let n = SoftTLBTree.floor(state.byTag, SoftTLBKey(tag, address), .byTag), n.tagKey == tag else { return -1 }
        let offset = address &- n.va
        guard offset < n.size && length <= n.size &- offset else { return -1 }
        return SoftTLBTree.rank(state.byTag, SoftTLBKey(n, .byTag), .byTag)
    }

    /// The GPA of `address` if `[address, address+length)` lies wholly inside
    /// one entry usable in address space `root`, else nil (page hash, then
    /// the unhashed entries).
    @inlinable
    public func translate(_ address: UInt64, length: UInt64, root: UInt64) -> UInt64? {
        guard let r = range(containing: address, length: length, root: root) else { return nil }
        return r.gpa &+ (address &- r.va)
    }

    /// The same answer by a search of the tree of all entries (the
    /// reference the page hash is tested against).
    public func translateBySearch(_ address: UInt64, length: UInt64, root: UInt64) -> UInt64? {
        let i = index(containing: address, length: length, root: root)
        guard i >= 0 else { return nil }
        let e = self[i]
        return e.gpa &+ (address &- e.va)
    }
}
