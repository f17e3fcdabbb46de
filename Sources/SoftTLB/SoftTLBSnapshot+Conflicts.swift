/// The writers' questions (`SoftTLBTable.insert`): would an entry conflict
/// with one already in the snapshot (EEXIST), and where does it go. Writers
/// copy the entries and rebuild the indexes anyway (O(n)), so these only
/// need to stay within that.
extension SoftTLBSnapshot {
    /// Whether `entry` conflicts with an entry of this snapshot
    /// (`TLBEntry.conflicts(with:)`: overlapping VA ranges where either is
    /// global or both have the same root; `insert` refuses it with EEXIST).
    /// A tagged entry is checked against its own root's entries and the
    /// global ones (two binary searches); a global one against every root's.
    public func conflicts(_ entry: TLBEntry) -> Bool {
        guard entry.size > 0 else { return false }
        if groupConflict(tag: TLBEntry.globalKey, start: entry.va, length: entry.size) { return true }
        if let root = entry.root { return groupConflict(tag: root, start: entry.va, length: entry.size) }
        // Global: every tagged entry it overlaps conflicts (roots vary, so
        // there is no single group to search).
        for i in 0 ..< taggedCount where self[i].overlaps(start: entry.va, length: entry.size) { return true }
        return false
    }

    /// Whether an entry of tag key `tag` overlaps `[start, start+length)`.
    /// A group's entries are disjoint and sorted by start, so the only
    /// candidates are the last one starting before `start` and the first
    /// one starting at or after it.
    func groupConflict(tag: UInt64, start: UInt64, length: UInt64) -> Bool {
        let lb = lowerBound(tag: tag, address: start)
        if lb > 0, tags[lb - 1] == tag, self[lb - 1].overlaps(start: start, length: length) { return true }
        return lb < count && tags[lb] == tag && self[lb].overlaps(start: start, length: length)
    }

    /// The first index whose (tag key, start) is not below (`tag`, `address`):
    /// where an entry with that key goes.
    func lowerBound(tag: UInt64, address: UInt64) -> Int {
        var lo = 0, hi = count
        while lo < hi {
            let m = (lo + hi) / 2
            if tags[m] < tag || (tags[m] == tag && starts[m] < address) { lo = m + 1 } else { hi = m }
        }
        return lo
    }

    /// Where `entry` goes in (tag key, va) order.
    func insertionIndex(of entry: TLBEntry) -> Int { lowerBound(tag: entry.tagKey, address: entry.va) }

    /// The first pair of `sorted` (in `SoftTLBSnapshot.sorted` order) that
    /// conflict, or nil: O(n log n). Entries of one tag key are checked
    /// against their neighbour; each tagged entry against the global ones by
    /// binary search (the global group is disjoint and sorted, so only the
    /// global entries around its start can overlap it).
    static func firstConflict(in sorted: [TLBEntry]) -> (Int, Int)? {
        for i in sorted.indices.dropFirst() where sorted[i - 1].tagKey == sorted[i].tagKey && sorted[i - 1].end > sorted[i].va {
            return (i - 1, i)
        }
        let g = sorted.firstIndex { $0.root == nil } ?? sorted.count
        guard g < sorted.count else { return nil }
        for i in 0 ..< g {
            let e = sorted[i]
            var lo = g, hi = sorted.count
            while lo < hi {
                let m = (lo + hi) / 2
                if sorted[m].va < e.va { lo = m + 1 } else { hi = m }
            }
            if lo > g, sorted[lo - 1].overlaps(start: e.va, length: e.size) { return (i, lo - 1) }
            if lo < sorted.count, sorted[lo].overlaps(start: e.va, length: e.size) { return (i, lo) }
        }
        return nil
    }

}
