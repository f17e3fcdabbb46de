import Testing
@testable import XenABI
@testable import XenModel
import XenABITestSupport

@Suite("x86-64 page tables in guest memory")
struct PageTableTests {
    @Test func mapsAndWalksEverySize() throws {
        let d = ModelDomain(frameCount: 1 << 16)
        let cr3 = try #require(d.newPageTableRoot())
        #expect(d.map(va: 0xffff_c900_0000_3000, to: 0x5_5000, size: .size4K, cr3: cr3))
        #expect(d.map(va: 0x0000_7f00_0020_0000, to: 0x40_0000, size: .size2M, rights: [.write, .user], cr3: cr3))
        #expect(d.map(va: 0xffff_8880_0000_0000, to: 0, size: .size1G, rights: [], cr3: cr3))
        #expect(try d.walk(cr3: cr3, va: 0xffff_c900_0000_3abc, access: .write) == 0x5_5abc)
        #expect(try d.walk(cr3: cr3, va: 0x0000_7f00_0031_2345, access: [.write, .user]) == 0x51_2345)
        #expect(try d.walk(cr3: cr3, va: 0xffff_8880_0123_4567, access: []) == 0x123_4567)
        // The entries really are architectural: read the PML4E back from guest memory.
        let pml4e = PageTableEntry(rawValue: d.memory.load64(gpa: cr3 + 8 * ((0xffff_c900_0000_3000 >> 39) & 511)))
        #expect(pml4e.isPresent && pml4e.isWritable && !pml4e.isLarge)
        // Rights, absence, canonicality.
        #expect(throws: PageFault.protection(level: 3)) { try d.walk(cr3: cr3, va: 0xffff_8880_0000_0000, access: .write) }
        #expect(throws: PageFault.protection(level: 1)) { try d.walk(cr3: cr3, va: 0xffff_c900_0000_3000, access: .user) }
        #expect(throws: PageFault.protection(level: 1)) { try d.walk(cr3: cr3, va: 0xffff_c900_0000_3000, access: .fetch) }
        #expect(throws: PageFault.notPresent(level: 1)) { try d.walk(cr3: cr3, va: 0xffff_c900_0000_4000, access: []) }
        #expect(throws: PageFault.nonCanonical(0x0000_8000_0000_0000)) { try d.walk(cr3: cr3, va: 0x0000_8000_0000_0000, access: []) }
        #expect(d.map(va: 0xffff_8880_0000_1000, to: 0x1000, cr3: cr3) == false, "covered by a 1 GiB page")
        #expect(d.unmap(va: 0xffff_c900_0000_3000, cr3: cr3))
        #expect(throws: PageFault.notPresent(level: 1)) { try d.walk(cr3: cr3, va: 0xffff_c900_0000_3000, access: []) }
        // A table frame the P2M does not back faults the walk.
        d.p2m.setType(.notPresent, of: cr3 >> 12)
        #expect(throws: PageFault.badTable(gfn: cr3 >> 12)) { try d.walk(cr3: cr3, va: 0xffff_8880_0000_0000, access: []) }
    }
}

/// A toy TLB: one registered range, as the SoftTLB helper's table will be.
final class OneRangeTLB: LinearTranslationHook {
    let va: UInt64, gpa: UInt64, size: UInt64
    init(va: UInt64, gpa: UInt64, size: UInt64) { self.va = va; self.gpa = gpa; self.size = size }
    func translate(va v: UInt64, length: Int, root _: UInt64) -> UInt64? {
        v >= va && v - va + UInt64(length) <= size ? gpa + (v - va) : nil
    }
}

@Suite("copy_{from,to}_guest over every flavour")
struct CopyTests {
    @Test(arguments: Flavour.allCases)
    func roundTripsBytes(_ flavour: Flavour) throws {
        var rng = SeededRNG(seed: 42)
        for size in [1, 100, 4096, 5000, 70_000, 3 << 20] {
            let d = ModelDomain(frameCount: 1 << 16)
            var call = EncodedCall()
            RawCall(number: .console_io, args: HypercallArgs([1, UInt64(size)]),
                    buffers: [.init(site: .register(1), direction: .inOut, bytes: (0 ..< size).map { UInt8(truncatingIfNeeded: $0 &* 7) })])
                .encode(into: &call)
            let p = try d.place(call, flavour: { _ in flavour }, options: .init(offsets: .random, scattered: true, seed: rng.next()))
            let h = p.call.handle(of: 0), f = p.flavours[0]
            let back = try d.copyFromGuest(h, flavour: f, count: size)
            #expect(back == Array(call.bytes(of: 0)))
            let o = size / 3
            let fresh = (0 ..< size - o).map { UInt8(truncatingIfNeeded: $0 &+ 99) }
            try d.copyToGuest(h, flavour: f, offset: o, bytes: fresh)
            let guest = d.readGuest(p.placed[0]!)
            #expect(Array(guest[o...]) == fresh && Array(guest[..<o]) == Array(call.bytes(of: 0)[..<o]))
        }
    }

    @Test func linearUsesTheTLBAndEncryptedGuestsNeedIt() throws {
        let d = ModelDomain(frameCount: 1 << 14)
        var call = EncodedCall()
        RawCall(number: .console_io, args: HypercallArgs(), buffers: [.init(site: .register(1), direction: .in, bytes: Array(repeating: 5, count: 10_000))]).encode(into: &call)
        let p = try d.place(call, flavour: { _ in .linear }, options: .init(scattered: false))
        let pb = p.placed[0]!
        let v = d.vcpus[0]
        _ = try d.copyFromGuest(pb.va, flavour: .linear, count: 10_000)
        #expect(v.walks == 3 && v.tlbHits == 0)
        v.resetCounters()
        v.tlb = OneRangeTLB(va: pb.va, gpa: pb.gpa, size: 8192)  // covers the first two pages only
        _ = try d.copyFromGuest(pb.va, flavour: .linear, count: 10_000)
        #expect(v.tlbHits == 2 && v.tlbMisses == 1 && v.walks == 1)
        d.encrypted = true
        #expect(throws: XenErrno.EFAULT) { _ = try d.copyFromGuest(pb.va, flavour: .linear, count: 10_000) }
        let buf = try d.copyFromGuest(pb.va, flavour: .linear, count: 8192)
        #expect(buf.allSatisfy { $0 == 5 })
    }
}
