import Testing
import ScatterGather
import XenABITestSupport

@Suite("ScatterGather descriptors")
struct ScatterGatherTests {
    /// Builds a descriptor for random GFNs and checks the walker yields
    /// exactly the bytes' GPAs, for every flavour and many sizes.
    @Test(arguments: [SGFlavour.flat, .gfnList, .tagged])
    func buildThenWalk(_ flavour: SGFlavour) throws {
        var rng = SeededRNG(seed: 7 &+ UInt64(flavour.rawValue))
        for size: UInt64 in [1, 7, 4095, 4096, 4097, 511 * 4096 - 4095, 511 * 4096, 600 * 4096, 3 << 20] {
            let offset = UInt64.random(in: 0 ..< 4096, using: &rng)
            let pages = SGBuilder.pageCount(offset: offset, size: size)
            let contiguous = flavour == .flat || Bool.random(using: &rng)
            let base = UInt64.random(in: 0x2_0000 ..< 0x8_0000, using: &rng)
            let gfns: [UInt64] = (0 ..< pages).map { contiguous ? base + $0 : base + $0 * 3 + UInt64.random(in: 0 ... 1, using: &rng) }
            var mem = DictMemory()
            let d: SGDescriptor
            do { d = try SGBuilder.build(offset: offset, gfns: gfns, flavour: flavour, allocator: &mem) } catch {
                #expect(flavour == .gfnList && pages > 511 && error == .tooLarge(pages: pages, limit: 511))
                continue
            }
            #expect(d.listPages <= SGBuilder.maxListPages(pages: pages, flavour: flavour))
            if d.kind != .flat { #expect(d.listPages == SGBuilder.maxListPages(pages: pages, flavour: flavour)) }
            if flavour == .tagged {
                let tag = d.handle & 3
                #expect(tag == UInt64(d.kind.rawValue))
                #expect(d.kind == (SGBuilder.isContiguous(gfns) && (base << 12 | offset) & 3 == 0 ? .flat : pages <= 511 ? .list1 : .list2))
            }
            // Whole range, then a random sub-range (copy_*_offset).
            for (o, l) in [(UInt64(0), size), (size / 3, size - size / 3)] {
                var at = o
                for (g, n) in try chunks(d.handle, flavour, o, l, mem) {
                    #expect(g == expectedGPA(gfns, offset, at))
                    #expect((g & 4095) + UInt64(n) <= 4096, "a chunk never crosses a page")
                    at += UInt64(n)
                }
                #expect(at == o + l)
            }
        }
    }

    @Test func beyondReachIsTyped() throws {
        var mem = DictMemory()
        let gfns = (0 ..< SGPage.maxTwoLevel + 1).map { $0 * 2 }
        #expect(throws: SGError.tooLarge(pages: SGPage.maxTwoLevel + 1, limit: SGPage.maxTwoLevel)) {
            try SGBuilder.build(offset: 0, gfns: gfns, flavour: .tagged, allocator: &mem)
        }
        #expect(!SGBuilder.reaches(pages: SGPage.maxTwoLevel + 1, flavour: .tagged))
        #expect(SGBuilder.reaches(pages: SGPage.maxTwoLevel, flavour: .tagged))
        #expect(!SGBuilder.reaches(pages: SGPage.maxOneLevel + 1, flavour: .gfnList))
        #expect(SGBuilder.reaches(pages: .max, flavour: .flat))
        #expect(throws: SGError.notContiguous) {
            try SGBuilder.build(offset: 0, gfns: [1, 3], flavour: .flat, allocator: &mem)
        }
        #expect(SGError.tooLarge(pages: 1, limit: 511).errno == 7)  // XEN_E2BIG
    }

    @Test func walkerRejectsMalformedLists() throws {
        var mem = DictMemory()
        let d = try SGBuilder.build(offset: 100, gfns: [5, 9, 11], flavour: .gfnList, allocator: &mem)
        #expect(throws: SGError.misalignedList(d.handle + 4)) { try SGWalker.validate(handle: d.handle + 4, flavour: .gfnList, offset: 0, length: 10, memory: mem) }
        #expect(throws: SGError.reservedTag(d.handle | 3)) { try SGWalker.validate(handle: d.handle | 3, flavour: .tagged, offset: 0, length: 10, memory: mem) }
        #expect(throws: SGError.nullHandle) { try SGWalker.validate(handle: ~0, flavour: .tagged, offset: 0, length: 10, memory: mem) }
        #expect(throws: SGError.nullHandle, "0 is null too in a list flavour (copy_list)") {
            try SGWalker.validate(handle: 0, flavour: .gfnList, offset: 0, length: 10, memory: mem)
        }
        // flat has no null: ~0 is a range that wraps, 0 is GPA 0 (copy_flat).
        #expect(throws: SGError.sizeOverflow(offset: 0, length: 10)) { try SGWalker.validate(handle: ~0, flavour: .flat, offset: 0, length: 10, memory: mem) }
        try SGWalker.validate(handle: 0, flavour: .flat, offset: 0, length: 10, memory: mem)
        // The last byte at 2^64 - 1 does not wrap: that frame is beyond the P2M.
        #expect(throws: SGError.gfnOutsideP2M(~0 >> 12)) { try SGWalker.validate(handle: ~0, flavour: .flat, offset: 0, length: 1, memory: mem) }
        #expect(throws: SGError.sizeOverflow(offset: 0, length: ~0 - 50), "offset 100 in slot 0 plus the length wraps") {
            try SGWalker.validate(handle: d.handle, flavour: .gfnList, offset: 0, length: ~0 - 50, memory: mem)
        }
        mem.storeListWord(4096, at: d.handle)
        #expect(throws: SGError.badOffset(4096)) { try SGWalker.validate(handle: d.handle, flavour: .gfnList, offset: 0, length: 10, memory: mem) }
        mem.storeListWord(0, at: d.handle)
        mem.storeListWord(1 << 30, at: d.handle + 8)
        #expect(throws: SGError.gfnOutsideP2M(1 << 30)) { try SGWalker.validate(handle: d.handle, flavour: .gfnList, offset: 0, length: 10, memory: mem) }
        mem.notRAM.insert(d.handle >> 12)
        #expect(throws: SGError.listNotRAM(d.handle >> 12)) { try SGWalker.validate(handle: d.handle, flavour: .gfnList, offset: 0, length: 10, memory: mem) }
        // A zero-length access reads nothing, so a bad list page does not matter.
        try SGWalker.validate(handle: d.handle, flavour: .gfnList, offset: 0, length: 0, memory: mem)
    }
}
