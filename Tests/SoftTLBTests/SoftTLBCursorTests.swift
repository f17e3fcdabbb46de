import Testing
@testable import SoftTLB
import XenABITestSupport

/// The specification: a linear scan for the one entry holding the chunk.
func reference(_ entries: [TLBEntry], _ a: UInt64, _ len: UInt64) -> UInt64? {
    for e in entries where a >= e.va && a - e.va < e.size && len <= e.size - (a - e.va) {
        return e.gpa + (a - e.va)
    }
    return nil
}

@Suite("SoftTLB cursor: lookups")
struct SoftTLBCursorTests {
    @Test("a chunk must lie wholly inside one entry, even if the next entry is adjacent and contiguous")
    func wholeChunk() throws {
        let t = SoftTLBTable()
        try t.insert(va: 0x10000, gpa: 0x80000, size: 2 * page)
        try t.insert(va: 0x12000, gpa: 0x82000, size: page)  // adjacent in VA and GPA
        let c = SoftTLBCursor(table: t)
        #expect(c.translate(0x10000, length: page, root: testRoot) == 0x80000)
        #expect(c.translate(0x11ff0, length: 16, root: testRoot) == 0x81ff0)
        #expect(c.translate(0x11ff0, length: 17, root: testRoot) == nil, "crosses into the next entry")
        #expect(c.translate(0x12000, length: page, root: testRoot) == 0x82000)
        #expect(c.translate(0x12001, length: page, root: testRoot) == nil, "runs past the end")
        #expect(c.translate(0xffff, length: 1, root: testRoot) == nil)
        #expect(c.translate(0x13000, length: 1, root: testRoot) == nil)
        #expect(c.translate(0x10000, length: 0, root: testRoot) == 0x80000)
        #expect(c.translate(UInt64.max, length: 1, root: testRoot) == nil)
        #expect(c.translate(0x10000, length: UInt64.max, root: testRoot) == nil)
    }

    @Test("one giant entry (a 64 GiB direct map) hits through the last-entry check")
    func giant() throws {
        let t = SoftTLBTable()
        let base: UInt64 = 0xffff_8880_0000_0000
        try t.insert(va: base, gpa: 0, size: 64 << 30)
        let c = SoftTLBCursor(table: t)
        var rng = SeededRNG(state: 7)
        for _ in 0 ..< 1000 {
            let off = UInt64.random(in: 0 ..< (64 << 30) - page, using: &rng) & ~TLBEntry.pageMask
            #expect(c.translate(base + off, length: page, root: testRoot) == off)
        }
        #expect(c.stats.snapshotHits == 1)
        #expect(c.stats.misses == 0 && c.stats.refreshes == 0)
        #expect(c.translate(base + (64 << 30), length: 1, root: testRoot) == nil)
    }

    @Test("front caches never disagree with a linear scan, across inserts and purges (property)")
    func matchesReference() throws {
        var rng = SeededRNG(state: 42)
        let t = SoftTLBTable(capacity: 600)
        let c = SoftTLBCursor(table: t)
        // VA space of 4096 pages, so entries collide in the direct-mapped slots.
        let space: UInt64 = 4096
        for round in 0 ..< 60 {
            for _ in 0 ..< 30 {
                let va = UInt64.random(in: 0 ..< space, using: &rng) * page
                let size = UInt64.random(in: 1 ... 8, using: &rng) * page
                let gpa = UInt64.random(in: 0 ..< 1 << 20, using: &rng) * page
                _ = try? t.insert(va: va, gpa: gpa, size: size)
            }
            if round % 3 == 2 {
                try t.purge(va: UInt64.random(in: 0 ..< space * page, using: &rng),
                            size: UInt64.random(in: 1 ..< 64 * page, using: &rng))
            }
            if round % 20 == 19 { t.purgeAll() }
            let entries = t.snapshot.entries
            for _ in 0 ..< 400 {
                let a = UInt64.random(in: 0 ..< (space + 8) * page, using: &rng)
                let len = UInt64.random(in: 0 ... 2 * page, using: &rng)
                #expect(c.translate(a, length: len, root: testRoot) == reference(entries, a, len))
            }
        }
        #expect(c.stats.snapshotHits > 0 && c.stats.misses > 0 && c.stats.refreshes > 0)
    }

    @Test("slotCount one-page entries on consecutive pages: the second pass is served by the direct-mapped slots")
    func smallEntries() throws {
        let t = SoftTLBTable()
        let n = SoftTLBCursor.slotCount
        for i in 0 ... n { try t.insert(va: 0x100000 + UInt64(i) * page, gpa: UInt64(i) * 3 * page, size: page) }
        let c = SoftTLBCursor(table: t)
        for pass in 0 ..< 2 {
            for i in 0 ..< n {
                #expect(c.translate(0x100000 + UInt64(i) * page + 8, length: 64, root: testRoot) == UInt64(i) * 3 * page + 8)
            }
            if pass == 0 { c.resetStats() }
        }
        #expect(c.stats == SoftTLBCursor.Stats(), "no refill, no miss: every lookup was a front hit")
        // Page n shares page 0's slot: each evicts the other (direct-mapped), answers stay right.
        #expect(c.translate(0x100000 + UInt64(n) * page, length: 1, root: testRoot) == UInt64(n) * 3 * page)
        #expect(c.translate(0x100000 + 8, length: 1, root: testRoot) == 8)
        #expect(c.stats.snapshotHits == 2)
    }

    @Test("a purge through the table is seen by every cursor's next lookup")
    func purgeSeenByAllCursors() throws {
        let t = SoftTLBTable()
        try t.insert(va: 0x1000, gpa: 0x5000, size: page)
        let a = SoftTLBCursor(table: t), b = SoftTLBCursor(table: t)
        #expect(a.translate(0x1000, length: 8, root: testRoot) == 0x5000)
        #expect(b.translate(0x1000, length: 8, root: testRoot) == 0x5000)
        try t.purge(va: 0x1000, size: 1)
        #expect(a.translate(0x1000, length: 8, root: testRoot) == nil)
        #expect(b.translate(0x1000, length: 8, root: testRoot) == nil)
        try t.insert(va: 0x1000, gpa: 0x9000, size: page)
        #expect(a.translate(0x1000, length: 8, root: testRoot) == 0x9000, "re-registration is seen too")
    }

    @Test("attach (VCPUOP_share_hcall_buffers) switches tables and drops the front caches")
    func attach() throws {
        let t1 = SoftTLBTable(), t2 = SoftTLBTable()
        try t1.insert(va: 0x1000, gpa: 0x5000, size: page)
        try t2.insert(va: 0x1000, gpa: 0x7000, size: page)
        let c = SoftTLBCursor(table: t1)
        #expect(c.translate(0x1000, length: 1, root: testRoot) == 0x5000)
        c.attach(to: t2)
        #expect(c.table === t2)
        #expect(c.translate(0x1000, length: 1, root: testRoot) == 0x7000)
        c.attach(to: SoftTLBTable())
        #expect(c.translate(0x1000, length: 1, root: testRoot) == nil)
    }
}

@Suite("SoftTLB snapshot: page hash and large entries")
struct SoftTLBSnapshotTests {
    @Test("page hash + large-entry search agree with a binary search over all entries (property)",
          arguments: [1, 50, 700])
    func hashMatchesSearch(_ count: Int) throws {
        var rng = SeededRNG(state: UInt64(count))
        var entries: [TLBEntry] = []
        var va: UInt64 = 0x10_0000
        for _ in 0 ..< count {
            va += UInt64.random(in: 0 ... 3, using: &rng) * page
            // Mostly small; some just over the small limit; a few huge.
            let pages: UInt64 = switch UInt64.random(in: 0 ..< 10, using: &rng) {
            case 0: SoftTLBSnapshot.smallEntryPages + 1
            case 1: UInt64.random(in: 1 << 10 ... 1 << 20, using: &rng)
            case 2: SoftTLBSnapshot.smallEntryPages
            default: UInt64.random(in: 1 ... 8, using: &rng)
            }
            entries.append(TLBEntry(va: va, gpa: UInt64.random(in: 0 ..< 1 << 30, using: &rng) * page, size: pages * page))
            va += pages * page
        }
        let t = SoftTLBTable(capacity: count)
        try t.insert(contentsOf: entries.shuffled(using: &rng))
        let s = t.snapshot
        #expect(s.entries == entries)
        for _ in 0 ..< 20000 {
            let e = entries[Int.random(in: 0 ..< count, using: &rng)]
            let a = e.va &+ UInt64.random(in: 0 ..< e.size + 2 * page, using: &rng) &- page
            let len = UInt64.random(in: 0 ... 3 * page, using: &rng)
            #expect(s.translate(a, length: len, root: testRoot) == s.translateBySearch(a, length: len, root: testRoot))
            #expect(s.translate(a, length: len, root: testRoot) == reference(entries, a, len))
        }
    }

    @Test("more small pages than the hash holds: the rest are served as large entries")
    func hashOverflow() throws {
        let per = SoftTLBSnapshot.smallEntryPages
        let n = Int(SoftTLBSnapshot.maxIndexedPages / per) + 3
        let entries = (0 ..< n).map { TLBEntry(va: UInt64($0) * per * page, gpa: UInt64(n - $0) * per * page, size: per * page) }
        let t = SoftTLBTable(capacity: n)
        try t.insert(contentsOf: entries)
        let s = t.snapshot
        #expect(s.largeCount == 3)
        for e in entries.suffix(5) + entries.prefix(2) {
            #expect(s.translate(e.va + 5, length: 7, root: testRoot) == e.gpa + 5)
            #expect(s.translate(e.end - 4, length: 4, root: testRoot) == e.gpa + e.size - 4)
            #expect(s.translate(e.end - 4, length: 5, root: testRoot) == nil)
        }
    }

    @Test("insert(contentsOf:) is all or nothing")
    func batchAllOrNothing() throws {
        let t = SoftTLBTable(capacity: 3)
        try t.insert(va: 0, gpa: 0, size: page)
        #expect(throws: SoftTLBError.overlap) {
            try t.insert(contentsOf: [TLBEntry(va: 0x10000, gpa: 0, size: page), TLBEntry(va: 0x10000, gpa: 0, size: 2 * page)])
        }
        #expect(throws: SoftTLBError.overlap) { try t.insert(contentsOf: [TLBEntry(va: 0x10000, gpa: 0, size: page), TLBEntry(va: 0, gpa: 0, size: page)]) }
        #expect(throws: SoftTLBError.invalidRange) { try t.insert(contentsOf: [TLBEntry(va: 0x10000, gpa: 0, size: page), TLBEntry(va: 1, gpa: 0, size: page)]) }
        #expect(throws: SoftTLBError.tableFull) {
            try t.insert(contentsOf: (1 ... 3).map { TLBEntry(va: UInt64($0) * page, gpa: 0, size: page) })
        }
        #expect(t.count == 1)
        try t.insert(contentsOf: (1 ... 2).map { TLBEntry(va: UInt64($0) * page, gpa: 0, size: page) })
        #expect(t.count == 3)
    }
}
