import CXen
import Testing
@testable import SoftTLB
import XenABITestSupport

/// The specification with tags: a linear scan for the one entry usable in
/// `root` (global, or tagged `root`) that holds the chunk.
func reference(_ entries: [TLBEntry], _ a: UInt64, _ len: UInt64, root: UInt64) -> UInt64? {
    reference(entries.filter { $0.matches(root: root) }, a, len)
}

let rootA: UInt64 = 0x0000_0001_2345_6000
let rootB: UInt64 = 0x000f_ffff_ffff_f000  // the highest root
let rootC: UInt64 = 0

@Suite("SoftTLB address spaces (VCPU_HCALL_BUFFER_ADDRESS_SPACE)")
struct SoftTLBAddressSpaceTests {
    @Test("the root of a CR3 is bits 12-51: PCID and the no-flush bit are dropped")
    func rootOfCR3() {
        #expect(TLBEntry.rootMask == 0x000f_ffff_ffff_f000 && TLBEntry.rootMask == XENABI_HCALL_BUFFER_ROOT_MASK)
        #expect(TLBEntry.root(cr3: 0x8000_0001_2345_6abc) == rootA)
        #expect(TLBEntry.root(cr3: .max) == rootB)
        #expect(TLBEntry.isRoot(rootA) && !TLBEntry.isRoot(rootA | 1) && !TLBEntry.isRoot(1 << 63))
    }

    @Test("an entry whose root has bits outside the mask is EINVAL")
    func badRoot() {
        let t = SoftTLBTable()
        #expect(throws: SoftTLBError.invalidRange) { try t.insert(va: 0x1000, gpa: 0x2000, size: page, root: rootA | 0x800) }
        #expect(throws: SoftTLBError.invalidRange) { try t.insert(va: 0x1000, gpa: 0x2000, size: page, root: 1 << 52) }
        #expect(t.count == 0)
    }

    @Test("two roots may register the same VAs; each lookup sees its own root's entry, a third root none",
          arguments: [page, 2 * page, (SoftTLBSnapshot.smallEntryPages + 1) * page])  // hashed and large entries
    func twoRootsOverlap(_ size: UInt64) throws {
        let t = SoftTLBTable()
        let va: UInt64 = 0x7f00_0000_0000
        try t.insert(va: va, gpa: 0x10_0000_0000, size: size, root: rootA)
        try t.insert(va: va, gpa: 0x20_0000_0000, size: size, root: rootB)
        #expect(t.count == 2)
        let c = SoftTLBCursor(table: t)
        for _ in 0 ..< 3 {  // alternate, so every front cache level is filled for the other root first
            #expect(c.translate(va + 0x10, length: 8, root: rootA) == 0x10_0000_0010)
            #expect(c.translate(va + 0x10, length: 8, root: rootB) == 0x20_0000_0010)
            #expect(c.translate(va + 0x10, length: 8, root: rootC) == nil)
            #expect(t.snapshot.translate(va + size - 8, length: 8, root: rootA) == 0x10_0000_0000 + size - 8)
            #expect(t.snapshot.translateBySearch(va + size - 8, length: 8, root: rootB) == 0x20_0000_0000 + size - 8)
        }
        // Same root overlapping: EEXIST.
        #expect(throws: SoftTLBError.overlap) { try t.insert(va: va + size - page, gpa: 0, size: page, root: rootA) }
    }

    @Test("a global entry conflicts with any overlapping entry, tagged or not, whichever came first")
    func globalConflicts() throws {
        let t = SoftTLBTable()
        try t.insert(va: 0x10000, gpa: 0x80000, size: 2 * page)  // global
        #expect(throws: SoftTLBError.overlap) { try t.insert(va: 0x11000, gpa: 0, size: 2 * page, root: rootA) }
        #expect(throws: SoftTLBError.overlap) { try t.insert(va: 0xf000, gpa: 0, size: 2 * page, root: rootB) }
        try t.insert(va: 0x12000, gpa: 0, size: page, root: rootA)  // adjacent: fine
        try t.insert(va: 0x20000, gpa: 0, size: page, root: rootB)
        try t.insert(va: 0x20000, gpa: page, size: page, root: rootA)
        #expect(throws: SoftTLBError.overlap) { try t.insert(va: 0x1f000, gpa: 0, size: 4 * page) }  // over two roots' entries
        #expect(throws: SoftTLBError.overlap) { try t.insert(va: 0x12000, gpa: 0, size: page) }
        #expect(throws: SoftTLBError.overlap) {
            try t.insert(contentsOf: [.init(va: 0x40000, gpa: 0, size: page), .init(va: 0x20000, gpa: 0, size: page)])
        }
        #expect(throws: SoftTLBError.overlap) {  // inside one batch
            try t.insert(contentsOf: [.init(va: 0x40000, gpa: 0, size: page, root: rootC), .init(va: 0x40000, gpa: 0, size: page)])
        }
        try t.insert(contentsOf: [.init(va: 0x40000, gpa: 0, size: page, root: rootC), .init(va: 0x40000, gpa: 0, size: page, root: rootA)])
        #expect(t.count == 6)
        #expect(t.snapshot.conflicts(.init(va: 0x40000, gpa: 0, size: 1 << 20)))
        #expect(!t.snapshot.conflicts(.init(va: 0x40000, gpa: 0, size: page, root: rootB)))
    }

    @Test("a global entry hits in every address space")
    func globalHitsEverywhere() throws {
        let t = SoftTLBTable()
        try t.insert(va: 0xffff_8880_0000_0000, gpa: 0, size: 1 << 30)
        try t.insert(va: 0xffff_c900_0000_0000, gpa: 0x5000, size: page)
        try t.insert(va: 0x7000_0000, gpa: 0x9000, size: page, root: rootA)
        let c = SoftTLBCursor(table: t)
        for r in [rootA, rootB, rootC] {
            #expect(c.translate(0xffff_8880_0000_1234, length: 4, root: r) == 0x1234)
            #expect(c.translate(0xffff_c900_0000_0010, length: 4, root: r) == 0x5010)
            #expect(c.translate(0x7000_0010, length: 4, root: r) == (r == rootA ? 0x9010 : nil))
        }
    }

    @Test("purge with an address space drops only that root's overlapping entries; without, every tag's")
    func purgeScoped() throws {
        let t = SoftTLBTable()
        let va: UInt64 = 0x7f00_0000_0000
        try t.insert(va: va, gpa: 0x1000_0000, size: 2 * page, root: rootA)
        try t.insert(va: va, gpa: 0x2000_0000, size: 2 * page, root: rootB)
        try t.insert(va: va + 2 * page, gpa: 0x3000_0000, size: page)  // global
        try t.insert(va: va + 3 * page, gpa: 0x4000_0000, size: page, root: rootA)
        let c = SoftTLBCursor(table: t)
        #expect(c.translate(va, length: 1, root: rootA) == 0x1000_0000)
        #expect(try t.purge(va: va, size: 4 * page, addressSpace: rootB) == 1)
        #expect(c.translate(va, length: 1, root: rootB) == nil)
        #expect(c.translate(va, length: 1, root: rootA) == 0x1000_0000)
        #expect(c.translate(va + 2 * page, length: 1, root: rootB) == 0x3000_0000, "the global entry stays")
        #expect(try t.purge(va: va + page, size: 2 * page) == 2, "no address space: rootA's entry and the global one")
        #expect(t.snapshot.entries == [TLBEntry(va: va + 3 * page, gpa: 0x4000_0000, size: page, root: rootA)])
        #expect(c.translate(va, length: 1, root: rootA) == nil)
        #expect(try t.purge(va: 0, size: 1 << 60, addressSpace: rootC) == 0)
        #expect(throws: SoftTLBError.invalidRange) { try t.purge(va: 2, size: .max - 1, addressSpace: rootA) }
    }

    @Test("purge-all with an address space drops that root's entries only; without, all")
    func purgeAllScoped() throws {
        let t = SoftTLBTable()
        try t.insert(va: 0x1000, gpa: 0, size: page, root: rootA)
        try t.insert(va: 0x3000, gpa: 0, size: (SoftTLBSnapshot.smallEntryPages + 1) * page, root: rootA)
        try t.insert(va: 0x1000, gpa: 0, size: page, root: rootB)
        try t.insert(va: 0x100_0000, gpa: 0, size: page)
        #expect(try t.purge(va: 12345, size: SoftTLBTable.purgeAllSize, addressSpace: rootA) == 2)
        #expect(t.snapshot.entries.map(\.root) == [rootB, nil])
        #expect(t.purgeAll(addressSpace: rootB) == 1)
        #expect(t.purgeAll() == 1)
        #expect(t.count == 0)
    }

    @Test("a cursor switching roots never answers from the other root's front caches, across epoch wrap-around")
    func switchingRoots() throws {
        let t = SoftTLBTable()
        // One page per root at the same VA, and a global page next to it.
        try t.insert(va: 0x40_0000, gpa: 0xa000, size: page, root: rootA)
        try t.insert(va: 0x40_0000, gpa: 0xb000, size: page, root: rootB)
        try t.insert(va: 0x40_1000, gpa: 0xc000, size: page)
        let c = SoftTLBCursor(table: t)
        // More switches than there are slot epochs (4095), so the slots are cleared for real at least twice.
        for i in 0 ..< 10_000 {
            let (r, want): (UInt64, UInt64?) = switch i % 3 { case 0: (rootA, 0xa008); case 1: (rootB, 0xb008); default: (rootC, nil) }
            #expect(c.translate(0x40_0008, length: 8, root: r) == want)
            #expect(c.translate(0x40_0008, length: 8, root: r) == want, "second lookup: from the front caches")
            #expect(c.translate(0x40_1008, length: 8, root: r) == 0xc008)
        }
        #expect(c.stats.misses > 0 && c.stats.refreshes == 0)
    }

    @Test("many roots at one page: every lookup finds its own root's entry (property against a linear scan)")
    func manyRoots() throws {
        var rng = SeededRNG(state: 0x7a65)
        let t = SoftTLBTable()
        var all: [TLBEntry] = []
        let roots = (1 ... 300).map { UInt64($0) << 12 }
        for (k, r) in roots.enumerated() {
            let e = TLBEntry(va: 0x5000_0000, gpa: UInt64(k + 1) << 24, size: UInt64(1 + k % 3) * page, root: r)
            try t.insert(e)
            all.append(e)
        }
        let g = TLBEntry(va: 0x6000_0000, gpa: 0x7000_0000, size: 4 * page)
        try t.insert(g)
        all.append(g)
        let c = SoftTLBCursor(table: t)
        for _ in 0 ..< 5000 {
            let r = roots.randomElement(using: &rng)! | (Bool.random(using: &rng) ? 0 : 1 << 24)  // some roots with no entry
            let a = (Bool.random(using: &rng) ? 0x5000_0000 : 0x6000_0000) + UInt64.random(in: 0 ..< 4 * page, using: &rng)
            let len = UInt64.random(in: 1 ... 64, using: &rng)
            let want = reference(all, a, len, root: r)
            #expect(c.translate(a, length: len, root: r) == want)
            #expect(t.snapshot.translate(a, length: len, root: r) == want)
            #expect(t.snapshot.translateBySearch(a, length: len, root: r) == want)
        }
    }

    @Test("mixed global and tagged tables: cursor, snapshot and binary search agree with a linear scan across inserts and purges (property)")
    func mixedMatchesReference() throws {
        var rng = SeededRNG(state: 0x5eed_a5)
        let t = SoftTLBTable(capacity: 800)
        let c = SoftTLBCursor(table: t)
        let roots: [UInt64?] = [nil, rootA, rootB, rootC]
        let space: UInt64 = 2048  // pages: entries collide in the slots and across roots
        for _ in 0 ..< 40 {
            for _ in 0 ..< 30 {
                let va = UInt64.random(in: 0 ..< space, using: &rng) * page
                let pages = Bool.random(using: &rng) ? UInt64.random(in: 1 ... 8, using: &rng) : SoftTLBSnapshot.smallEntryPages + 1
                let e = TLBEntry(va: va, gpa: UInt64.random(in: 0 ..< 1 << 20, using: &rng) * page, size: pages * page,
                                 root: roots.randomElement(using: &rng)!)
                let before = t.snapshot.entries
                let conflicting = before.contains { $0.conflicts(with: e) }
                do throws(SoftTLBError) {
                    try t.insert(e)
                    #expect(!conflicting && before.count < t.capacity)
                } catch {
                    #expect(error == (conflicting ? .overlap : .tableFull))
                }
            }
            let entries = t.snapshot.entries
            for _ in 0 ..< 400 {
                let r = roots.randomElement(using: &rng)! ?? rootB
                let a = UInt64.random(in: 0 ..< (space + 70) * page, using: &rng)
                let len = UInt64.random(in: 1 ... page - (a & TLBEntry.pageMask), using: &rng)
                let want = reference(entries, a, len, root: r)
                #expect(c.translate(a, length: len, root: r) == want)
                #expect(t.snapshot.translateBySearch(a, length: len, root: r) == want)
            }
            let scope = roots.randomElement(using: &rng)!
            let pva = UInt64.random(in: 0 ..< space, using: &rng) * page
            let psize = UInt64.random(in: 1 ... 64, using: &rng) * page
            let dropped = try t.purge(va: pva, size: psize, addressSpace: scope)
            let expected = entries.filter { (scope == nil || $0.root == scope) && $0.overlaps(start: pva, length: psize) }
            #expect(dropped == expected.count)
            #expect(Set(t.snapshot.entries) == Set(entries).subtracting(expected))
        }
    }
}
