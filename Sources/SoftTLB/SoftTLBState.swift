/// Everything a `SoftTLBSnapshot` holds, as a writer edits it on the way
/// to the next publication: it starts as a copy of the current snapshot's
/// (O(1): trees, the page index and the removal history are shared), is
/// changed in O(log n) per entry (plus the entry's pages in the index), and
/// becomes the next snapshot. Only the table's writer, holding its mutex,
/// makes or edits one; the page index it shares is changed only in the
/// versioned ways `SoftTLBPageIndex` allows.
@usableFromInline
struct SoftTLBState: Sendable {
    /// The generation the snapshot is (to be) published as.
    @usableFromInline var generation: UInt64
    /// Every entry, by (tag key, va).
    @usableFromInline var byTag: SoftTLBNode?
    /// The tagged entries, by (va, tag key).
    var taggedByVA: SoftTLBNode?
    /// The entries not in the page index (large ones, and small ones past
    /// `maxIndexedPages`), by (tag key, va): what a fill searches after the hash.
    @usableFromInline var unhashed: SoftTLBNode?
    @usableFromInline var unhashedTagged = 0
    @usableFromInline var unhashedGlobal = 0
    /// Pages of small entries.
    @usableFromInline var index: SoftTLBPageIndex
    /// Buckets of `index` in use, live or purged (a rebuild empties the purged ones).
    var indexUsed = 0
    /// Live pages in `index`.
    var hashedPages: UInt64 = 0
    @usableFromInline var hashedTagged = 0
    @usableFromInline var hashedGlobal = 0
    /// Removals of the publications after `historyFloor`, newest first.
    @usableFromInline var removals: SoftTLBRemovalLog?
    /// Every publication after this generation has its removals in `removals`.
    @usableFromInline var historyFloor: UInt64

    /// No entries, as of `generation`.
    init(generation: UInt64) {
        self.generation = generation
        index = SoftTLBPageIndex(capacity: 16, base: generation)
        historyFloor = generation
    }

    var count: Int { byTag?.count ?? 0 }
    var taggedCount: Int { taggedByVA?.count ?? 0 }

    /// `generation` relative to the index's base (what its lifetimes hold).
    @usableFromInline var relative: UInt64 { generation &- index.base }

    /// Starts the next publication: one generation on, and a new index if
    /// the relative generation would no longer fit a lifetime.
    mutating func advance() {
        generation += 1
        if relative > SoftTLBPageIndex.maxRelative { rebuildIndex(adding: 0) }
    }

    /// A new index holding the live pages and room for `pages` more (base:
    /// this generation, so every snapshot that reads it sees them all).
    mutating func rebuildIndex(adding pages: UInt64) {
        index = index.rebuilt(capacity: SoftTLBPageIndex.capacity(forLive: hashedPages + pages), base: generation)
        indexUsed = Int(hashedPages)
    }

    /// Adds `entry` (valid, conflicting with nothing here), into the page
    /// index if it is small and the index has room for its pages.
    mutating func insert(_ entry: TLBEntry, seed: UInt64) {
        let hashed = addToIndex(entry)
        byTag = SoftTLBTree.insert(SoftTLBNode(entry, hashed: hashed, seed: seed), into: byTag, .byTag)
        if entry.root != nil {
            taggedByVA = SoftTLBTree.insert(SoftTLBNode(entry, hashed: hashed, seed: seed), into: taggedByVA, .byVA)
        }
        guard hashed else {
            unhashed = SoftTLBTree.insert(SoftTLBNode(entry, hashed: false, seed: seed), into: unhashed, .byTag)
            if entry.root == nil { unhashedGlobal += 1 } else { unhashedTagged += 1 }
            return
        }
    }

    /// Adds a batch (each valid, none conflicting with another or with an
    /// entry here): one by one when it is small beside the table, else by
    /// rebuilding the trees from the merged, sorted entries in O(n + k)
    /// (a guest registering its whole pool at once), which is O(k) there.
    mutating func insert(contentsOf batch: [TLBEntry], seed: UInt64) {
        guard 4 * batch.count >= count else {
            for e in batch { insert(e, seed: seed) }
            return
        }
        let sorted = SoftTLBSnapshot.sorted(batch)
        // Room for every page at once, so the index is rebuilt at most once.
        let pages = sorted.reduce(UInt64(0)) { $0 + ($1.size >> 12 <= SoftTLBSnapshot.smallEntryPages ? $1.size >> 12 : 0) }
        if 2 * (indexUsed + Int(min(pages, SoftTLBSnapshot.maxIndexedPages))) > index.capacity {
            rebuildIndex(adding: min(pages, SoftTLBSnapshot.maxIndexedPages))
        }
        // The index first: it decides, in sorted order, which entries are hashed.
        let fresh = sorted.map { SoftTLBNode.Spec($0, hashed: addToIndex($0), seed: seed) }
        func rebuilt(_ root: SoftTLBNode?, _ added: [SoftTLBNode.Spec], _ order: SoftTLBOrder) -> SoftTLBNode? {
            var old: [SoftTLBNode.Spec] = []
            old.reserveCapacity(root?.count ?? 0)
            SoftTLBTree.forEach(root) { old.append(SoftTLBNode.Spec($0)) }
            return SoftTLBTree.build(Self.merged(old, added, order))
        }
        byTag = rebuilt(byTag, fresh, .byTag)
        let tagged = fresh.filter { $0.tagKey != TLBEntry.globalKey }.sorted { $0.key(.byVA) < $1.key(.byVA) }
        if !tagged.isEmpty { taggedByVA = rebuilt(taggedByVA, tagged, .byVA) }
        let newUnhashed = fresh.filter { !$0.hashed }
        if !newUnhashed.isEmpty {
            unhashed = rebuilt(unhashed, newUnhashed, .byTag)
            unhashedGlobal += newUnhashed.filter { $0.tagKey == TLBEntry.globalKey }.count
            unhashedTagged += newUnhashed.filter { $0.tagKey != TLBEntry.globalKey }.count
        }
    }

    /// Two lists, each sorted in `order`, merged.
    static func merged(_ a: [SoftTLBNode.Spec], _ b: [SoftTLBNode.Spec], _ order: SoftTLBOrder) -> [SoftTLBNode.Spec] {
        var out: [SoftTLBNode.Spec] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && a[i].key(order) < b[j].key(order)) {
                out.append(a[i]); i += 1
            } else {
                out.append(b[j]); j += 1
            }
        }
        return out
    }

    /// Puts a small entry's pages in the page index if it has room for
    /// them (rebuilding it first if they would fill it past half); returns
    /// whether it did.
    private mutating func addToIndex(_ entry: TLBEntry) -> Bool {
        let pages = entry.size >> 12
        guard pages <= SoftTLBSnapshot.smallEntryPages && hashedPages + pages <= SoftTLBSnapshot.maxIndexedPages else { return false }
        if 2 * (indexUsed + Int(pages)) > index.capacity { rebuildIndex(adding: pages) }
        let r = relative
        for p in 0 ..< pages {
            index.add(vpn: (entry.va >> 12) + p, tag: entry.tagKey, value: (entry.gpa + (p << 12)) | (pages - p), at: r)
        }
        indexUsed += Int(pages)
        hashedPages += pages
        if entry.root == nil { hashedGlobal += 1 } else { hashedTagged += 1 }
        return true
    }

    /// Removes the entry of `node` (one of this state's).
    mutating func remove(_ node: SoftTLBNode) {
        byTag = SoftTLBTree.remove(SoftTLBKey(node, .byTag), from: byTag, .byTag)
        let global = node.tagKey == TLBEntry.globalKey
        if !global { taggedByVA = SoftTLBTree.remove(SoftTLBKey(node, .byVA), from: taggedByVA, .byVA) }
        guard node.hashed else {
            unhashed = SoftTLBTree.remove(SoftTLBKey(node, .byTag), from: unhashed, .byTag)
            if global { unhashedGlobal -= 1 } else { unhashedTagged -= 1 }
            return
        }
        let pages = node.size >> 12, r = relative
        for p in 0 ..< pages { index.kill(vpn: (node.va >> 12) + p, tag: node.tagKey, at: r) }
        hashedPages -= pages
        if global { hashedGlobal -= 1 } else { hashedTagged -= 1 }
    }

    /// Notes what this publication removed, for cursors to invalidate: each
    /// entry's range, or one range covering them all past `recordedPerPurge`.
    mutating func record(_ removed: [SoftTLBNode]) {
        guard !removed.isEmpty else { return }
        if removed.count <= SoftTLBRemoval.recordedPerPurge {
            for n in removed { append(SoftTLBRemoval(generation: generation, va: n.va, size: n.size, tag: n.tagKey)) }
        } else {
            let lo = removed.map(\.va).min()!, hi = removed.map(\.end).max()!
            let tag = removed.allSatisfy { $0.tagKey == removed[0].tagKey } ? removed[0].tagKey : SoftTLBRemoval.anyTag
            append(SoftTLBRemoval(generation: generation, va: lo, size: hi - lo, tag: tag))
        }
    }

    /// Notes that this publication removed everything.
    mutating func recordEverything() {
        append(SoftTLBRemoval(generation: generation, va: 0, size: SoftTLBRemoval.everything, tag: SoftTLBRemoval.anyTag))
    }

    /// Adds one record; past twice `historyLimit`, keeps the newest
    /// `historyLimit` (and any older ones of the same generation) in a new
    /// list, and moves `historyFloor` up to the newest generation dropped
    /// (a cursor further behind drops everything).
    private mutating func append(_ r: SoftTLBRemoval) {
        removals = SoftTLBRemovalLog(r, older: removals)
        guard removals!.length > 2 * SoftTLBRemoval.historyLimit else { return }
        var kept: [SoftTLBRemoval] = []
        var node = removals
        while let n = node, kept.count < SoftTLBRemoval.historyLimit || n.removal.generation == kept.last!.generation {
            kept.append(n.removal)
            node = n.older
        }
        historyFloor = node!.removal.generation
        removals = nil
        for r in kept.reversed() { removals = SoftTLBRemovalLog(r, older: removals) }
    }
}

/// The writers' questions (`SoftTLBTable.insert`, `purge`), each O(log n)
/// (plus the k entries found).
extension SoftTLBState {
    /// Whether `entry` conflicts with an entry here (`TLBEntry.conflicts(with:)`):
    /// a tagged entry is checked against its own root's entries and the
    /// global ones (one search in each group), a global one against the
    /// global ones and every tagged entry (the interval search over `taggedByVA`).
    func conflicts(_ entry: TLBEntry) -> Bool {
        guard entry.size > 0 else { return false }
        if groupConflict(tag: TLBEntry.globalKey, start: entry.va, length: entry.size) { return true }
        if let root = entry.root { return groupConflict(tag: root, start: entry.va, length: entry.size) }
        return SoftTLBTree.anyOverlap(taggedByVA, start: entry.va, length: entry.size)
    }

    /// Whether an entry of tag key `tag` overlaps `[start, start+length)`.
    /// A group's entries are disjoint and sorted by start, so the only
    /// candidates are the last one starting before `start` and the first
    /// one starting at or after it.
    func groupConflict(tag: UInt64, start: UInt64, length: UInt64) -> Bool {
        if let n = SoftTLBTree.floor(byTag, SoftTLBKey(tag, start), .byTag, strict: true),
           n.tagKey == tag, n.entry.overlaps(start: start, length: length) { return true }
        if let n = SoftTLBTree.ceiling(byTag, SoftTLBKey(tag, start), .byTag),
           n.tagKey == tag, n.entry.overlaps(start: start, length: length) { return true }
        return false
    }

    /// The entries of tag key `tag` that share a byte with `[va, va+size)`
    /// (`size` > 0, no wrap), in VA order.
    func overlapping(tag: UInt64, va: UInt64, size: UInt64) -> [SoftTLBNode] {
        var out: [SoftTLBNode] = []
        // The group's entries are disjoint: the one starting before `va`
        // may reach into the range, then every one starting inside it.
        var start = va
        if let n = SoftTLBTree.floor(byTag, SoftTLBKey(tag, va), .byTag, strict: true),
           n.tagKey == tag, n.entry.overlaps(start: va, length: size) { start = n.va }
        collect(byTag, from: SoftTLBKey(tag, start), below: SoftTLBKey(tag, va + size), into: &out)
        return out
    }

    /// Every entry tagged `tag` (a root), in VA order.
    func entries(tag: UInt64) -> [SoftTLBNode] {
        var out: [SoftTLBNode] = []
        collect(byTag, from: SoftTLBKey(tag, 0), below: SoftTLBKey(tag + 1, 0), into: &out)
        return out
    }

    /// The entries `VCPUOP_purge_hcall_buffers` drops for `[va, va+size)`
    /// (`size` > 0, no wrap): of root `addressSpace` only, or with nil of
    /// every tag.
    func purged(va: UInt64, size: UInt64, addressSpace: UInt64?) -> [SoftTLBNode] {
        if let root = addressSpace { return overlapping(tag: root, va: va, size: size) }
        var out = overlapping(tag: TLBEntry.globalKey, va: va, size: size)
        SoftTLBTree.overlapping(taggedByVA, start: va, length: size, into: &out)
        return out
    }

    /// The nodes of `.byTag` tree `node` with keys in `[lo, hi)`, in order.
    private func collect(_ node: SoftTLBNode?, from lo: SoftTLBKey, below hi: SoftTLBKey, into out: inout [SoftTLBNode]) {
        guard let node else { return }
        let k = SoftTLBKey(node, .byTag)
        if k >= lo { collect(node.left, from: lo, below: hi, into: &out) }
        if k >= lo && k < hi { out.append(node) }
        if k < hi { collect(node.right, from: lo, below: hi, into: &out) }
    }
}
