import Testing
@_spi(Testing) @testable import SoftTLB
import XenABITestSupport

/// Registration in O(n log n) overall, one at a time included: a
/// publication shares everything but O(log n) tree nodes with the snapshot
/// before it, and the page index is rebuilt O(log n) times over n
/// registrations (each rebuild at least doubles it). Counted, not timed.
@Suite("SoftTLB publication cost")
struct SoftTLBPublicationCostTests {
    @Test("one-at-a-time registrations and purges copy O(log n) nodes each, in random and ascending VA order",
          arguments: [false, true])
    func pathCopies(ascending: Bool) throws {
        let n = 1024
        var rng = SeededRNG(state: 15)
        var vas = (0 ..< n).map { UInt64($0) * 3 * page + 0x7f00_0000_0000 }
        if !ascending { vas.shuffle(using: &rng) }
        let t = SoftTLBTable(capacity: n)
        var copied: [Int] = []
        var indexes = Set<ObjectIdentifier>()
        for (i, va) in vas.enumerated() {
            let before = t.snapshot
            // Every fourth entry tagged, so the (va, tag) tree is exercised too.
            try t.insert(va: va, gpa: UInt64(i) * 2 * page, size: 2 * page, root: i % 4 == 0 ? 0x5000 : nil)
            copied.append(t.snapshot._nodesNotShared(with: before))
            indexes.insert(t.snapshot._pageIndexIdentity)
        }
        // A treap's expected depth is about 2 ln n (14 at n = 1024); a copy
        // of every entry would be n nodes.
        let late = copied.suffix(256)
        #expect(Double(late.reduce(0, +)) / Double(late.count) <= 40, "mean nodes copied per insert near n = 1024")
        #expect(late.max()! <= 120)
        #expect(indexes.count <= 12, "the page index doubles: log2(2048 pages) rebuilds, not one per insert")
        for va in vas.prefix(256) {
            let before = t.snapshot
            #expect(try t.purge(va: va, size: 1) == 1)
            #expect(t.snapshot._nodesNotShared(with: before) <= 120)
        }
        #expect(t.count == n - 256)
    }

    @Test("an older snapshot keeps answering as of its generation while the writer changes the shared index")
    func oldSnapshotsStayPut() throws {
        let t = SoftTLBTable()
        for i: UInt64 in 0 ..< 8 { try t.insert(va: 0x10_0000 + i * 4 * page, gpa: 0x100_0000 + i * page, size: page) }
        let old = t.snapshot
        let oldEntries = old.entries
        // Purge half, re-register some pages at other GPAs, and grow past a rebuild.
        for i: UInt64 in 0 ..< 4 { try t.purge(va: 0x10_0000 + i * 4 * page, size: 1) }
        for i: UInt64 in 0 ..< 4 { try t.insert(va: 0x10_0000 + i * 4 * page, gpa: 0x900_0000 + i * page, size: page) }
        for i: UInt64 in 0 ..< 200 { try t.insert(va: 0x4000_0000 + i * 2 * page, gpa: i * page, size: page) }
        #expect(t.snapshot._pageIndexIdentity != old._pageIndexIdentity, "the index was rebuilt")
        #expect(old.entries == oldEntries)
        #expect(old._invariantViolation() == nil)
        for i: UInt64 in 0 ..< 8 {
            #expect(old.translate(0x10_0000 + i * 4 * page + 8, length: 8, root: testRoot) == 0x100_0000 + i * page + 8)
        }
        #expect(old.translate(0x4000_0000, length: 1, root: testRoot) == nil)
        for i: UInt64 in 0 ..< 4 {
            #expect(t.snapshot.translate(0x10_0000 + i * 4 * page, length: 1, root: testRoot) == 0x900_0000 + i * page)
        }
    }
}
