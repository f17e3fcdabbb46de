/// The writers' questions (`SoftTLBTable.insert`): would an entry conflict
/// with one already in the snapshot (EEXIST), and do the entries of a batch
/// conflict among themselves.
extension SoftTLBSnapshot {
    /// Whether `entry` conflicts with an entry of this snapshot
    /// (`TLBEntry.conflicts(with:)`: overlapping VA ranges where either is
    /// global or both have the same root; `insert` refuses it with EEXIST).
    /// O(log n): a tagged entry is checked against its own root's entries
    /// and the global ones, a global one against the global ones and, by an
    /// interval search, every tagged one.
    public func conflicts(_ entry: TLBEntry) -> Bool { state.conflicts(entry) }

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
