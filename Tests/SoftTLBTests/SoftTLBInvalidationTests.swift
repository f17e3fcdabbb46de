import Testing
@testable import SoftTLB

/// A purge invalidates only what it removed: every cursor of the table
/// keeps its other front entries (no refill), loses the removed ones, and
/// drops everything only when it is further behind than the history.
@Suite("SoftTLB cursor: invalidation by removed range")
struct SoftTLBInvalidationTests {
    /// 64 four-page entries with a gap page after each, and a cursor whose
    /// slots hold every page of them (looked up page by page across the
    /// entries, so no lookup is served by the last-entry check instead).
    func warmed() throws -> (SoftTLBTable, SoftTLBCursor) {
        let t = SoftTLBTable()
        for i: UInt64 in 0 ..< 64 { try t.insert(va: 0x10_0000 + i * 5 * page, gpa: 0x1_0000_0000 + i * 4 * page, size: 4 * page) }
        let c = SoftTLBCursor(table: t)
        for p: UInt64 in 0 ..< 4 {
            for i: UInt64 in 0 ..< 64 { _ = c.translate(0x10_0000 + (i * 5 + p) * page + 64, length: 64, root: testRoot) }
        }
        c.resetStats()
        return (t, c)
    }

    /// Looks every page of every entry up; returns how many were wrong.
    func wrong(_ c: SoftTLBCursor, purged: Set<UInt64>) -> Int {
        var bad = 0
        for p: UInt64 in 0 ..< 4 {
            for i: UInt64 in 0 ..< 64 {
                let want: UInt64? = purged.contains(i) ? nil : 0x1_0000_0000 + (i * 4 + p) * page + 64
                if c.translate(0x10_0000 + (i * 5 + p) * page + 64, length: 64, root: testRoot) != want { bad += 1 }
            }
        }
        return bad
    }

    @Test("registering and purging another buffer refills nothing")
    func unrelatedPurge() throws {
        let (t, c) = try warmed()
        for k: UInt64 in 0 ..< 10 {
            try t.insert(va: 0x7000_0000 + k * page, gpa: 0x5000, size: page)
            try t.purge(va: 0x7000_0000 + k * page, size: page)
        }
        #expect(wrong(c, purged: []) == 0)
        #expect(c.stats.refreshes == 1, "one refresh, over 20 publications")
        #expect(c.stats.snapshotHits == 0, "every page still a front hit")
        #expect(c.stats.drops == 0 && c.stats.invalidated == 0)
    }

    @Test("a purge drops exactly the removed entries' pages from the slots")
    func removedPagesOnly() throws {
        let (t, c) = try warmed()
        #expect(try t.purge(va: 0x10_0000 + 7 * 5 * page + 100, size: 1) == 1)
        #expect(try t.purge(va: 0x10_0000 + 40 * 5 * page, size: 5 * page + 1) == 2)  // entries 40 and 41
        #expect(wrong(c, purged: [7, 40, 41]) == 0)
        #expect(c.stats.invalidated == 12, "4 pages each of 3 entries")
        #expect(c.stats.snapshotHits == 0, "the other 61 entries' pages stay front hits")
        #expect(c.stats.misses == 12)
        #expect(c.stats.drops == 0)
    }

    @Test("a purge of many entries invalidates their span; a purge-all everything")
    func wideRemovals() throws {
        let (t, c) = try warmed()
        // 20 entries (more than recordedPerPurge): one record spanning them.
        #expect(try t.purge(va: 0x10_0000 + 10 * 5 * page, size: 20 * 5 * page) == 20)
        #expect(wrong(c, purged: Set(10 ..< 30)) == 0)
        #expect(c.stats.snapshotHits == 0 && c.stats.drops == 0)
        #expect(t.purgeAll() == 44)
        #expect(wrong(c, purged: Set(0 ..< 64)) == 0)
    }

    @Test("a purge scoped to another address space leaves a cursor's front caches alone")
    func otherRoot() throws {
        let (t, c) = try warmed()
        // Tagged entries of root 0x9000 at the same VAs as the global ones may not exist
        // (conflict); put them elsewhere and purge them by address space.
        for i: UInt64 in 0 ..< 4 { try t.insert(va: 0x4000_0000 + i * page, gpa: 0, size: page, root: 0x9000) }
        #expect(t.purgeAll(addressSpace: 0x9000) == 4)
        #expect(wrong(c, purged: []) == 0)
        #expect(c.stats.snapshotHits == 0 && c.stats.invalidated == 0 && c.stats.drops == 0)
    }

    @Test("a cursor further behind than the removal history drops everything, and stays right")
    func behindHistory() throws {
        let (t, c) = try warmed()
        for k in 0 ..< 2 * SoftTLBRemoval.historyLimit + 1 {
            let va = 0x7000_0000 + UInt64(k) * page
            try t.insert(va: va, gpa: 0, size: page)
            try t.purge(va: va, size: page)
        }
        try t.purge(va: 0x10_0000, size: 1)  // entry 0
        #expect(wrong(c, purged: [0]) == 0)
        #expect(c.stats.drops == 1)
        #expect(c.stats.snapshotHits == 63 * 4, "refilled from the snapshot")
    }

    @Test("a re-registration at the same VA with another GPA is seen through the slots")
    func reRegistration() throws {
        let (t, c) = try warmed()
        try t.purge(va: 0x10_0000 + 3 * 5 * page, size: 1)
        try t.insert(va: 0x10_0000 + 3 * 5 * page, gpa: 0x2_0000_0000, size: 4 * page)
        #expect(c.translate(0x10_0000 + (3 * 5 + 2) * page + 64, length: 64, root: testRoot) == 0x2_0000_0000 + 2 * page + 64)
    }
}
