import CXen
import Testing
@testable import XenABI
import GuestPlacement
import XenABITestSupport

@Suite("memory_op encoders and decoders")
struct MemoryOpTests {
    static func reservation(_ n: Int, _ rng: inout SeededRNG) -> MemoryOp.Reservation {
        .init(nrExtents: UInt64(n), extentOrder: .random(in: 0 ... 18, using: &rng),
              memFlags: .random(in: 0 ... .max, using: &rng), domid: .random(in: 0 ... .max, using: &rng))
    }

    static func list(_ n: Int, _ rng: inout SeededRNG) -> [UInt64] { (0 ..< n).map { _ in rng.next() } }

    static func randomCalls(_ rng: inout SeededRNG) -> [MemoryOp] {
        let n = Int.random(in: 0 ... 40, using: &rng), m = Int.random(in: 0 ... 40, using: &rng)
        var batch = MemoryOp.AddToPhysmapBatch.random(using: &rng)
        batch.size = UInt16(n)
        var acq = MemoryOp.AcquireResource.random(using: &rng)
        acq.nrFrames = UInt32(m)
        var acq0 = MemoryOp.AcquireResource.random(using: &rng)
        acq0.nrFrames = 0
        var rdm = MemoryOp.ReservedDeviceMemoryMap.random(using: &rng)
        rdm.nrEntries = .random(in: 0 ... 512, using: &rng)
        let e820 = (0 ..< n * MemoryOp.e820EntrySize).map { _ in UInt8.random(in: 0 ... .max, using: &rng) }
        let page = (0 ..< Int(XENABI_PAGE_SIZE)).map { _ in UInt8.random(in: 0 ... .max, using: &rng) }
        var access = MemoryOp.AccessOp.random(using: &rng)
        access.nr = UInt32(n)
        let lists = MemoryOp.AccessLists(pfns: list(n, &rng), access: (0 ..< n).map { _ in UInt8.random(in: 0 ... .max, using: &rng) })
        return [
            .exchange(.init(input: reservation(n, &rng), inExtents: list(n, &rng), output: reservation(m, &rng),
                            outExtents: list(m, &rng), nrExchanged: .random(in: 0 ... 3, using: &rng))),
            .maximumRAMPage, .getSharingFreedPages, .getSharingSharedPages,
            .currentReservation(domid: .random(in: 0 ... .max, using: &rng)),
            .maximumReservation(domid: .random(in: 0 ... .max, using: &rng)),
            .maximumGPFN(domid: .random(in: 0 ... .max, using: &rng)),
            .addToPhysmap(.random(using: &rng), startExtent: .random(in: 0 ... 1 << 20, using: &rng)),
            .addToPhysmapBatch(batch, idxs: list(n, &rng), gpfns: list(n, &rng), startExtent: .random(in: 0 ... 1 << 20, using: &rng)),
            .removeFromPhysmap(.random(using: &rng)),
            .memoryMap(nrEntries: .random(in: 0 ... 256, using: &rng)),
            .machineMemoryMap(nrEntries: .random(in: 0 ... 256, using: &rng)),
            .setMemoryMap(domid: .random(in: 0 ... .max, using: &rng), entries: e820),
            .acquireResource(acq, frames: list(m, &rng)), .acquireResource(acq0, frames: nil),
            .claimPages(reservation(Int.random(in: 0 ... 1 << 30, using: &rng), &rng)),
            .reservedDeviceMemoryMap(rdm), .setPodTarget(.random(using: &rng)), .getPodTarget(.random(using: &rng)),
            .pagingOp(.random(using: &rng), page: rng.next() & 1 == 0 ? nil : page),
            .machphysMFNList(.init(maxExtents: .random(in: 0 ... 512, using: &rng))),
            .machphysCompatMFNList(.init(maxExtents: .random(in: 0 ... 512, using: &rng))), .machphysMapping,
            .getVNUMAInfo(.init(domid: .random(in: 0 ... .max, using: &rng), pad: 0, nrVnodes: .random(in: 0 ... 16, using: &rng),
                                nrVcpus: .random(in: 0 ... 256, using: &rng), nrVmemranges: .random(in: 0 ... 32, using: &rng))),
            .accessOp(access, lists: rng.next() & 1 == 0 ? nil : lists, startIter: .random(in: 0 ... 1 << 20, using: &rng)),
        ]
    }

    @Test("every typed sub-op round-trips with random fields")
    func roundTrips() throws {
        var rng = SeededRNG(seed: 0x3e30_0001)
        var seen = Set<Int32>()
        for _ in 0 ..< 60 {
            for c in Self.randomCalls(&rng) {
                seen.insert(c.subop)
                let (d, same) = try roundTrip(c)
                #expect(d == c)
                #expect(same)
            }
        }
        #expect(seen.count == 24)
    }

    @Test("exchange nests both extent lists in xen_memory_exchange")
    func exchangeShape() {
        let c = MemoryOp.exchange(.init(input: .init(nrExtents: 2), inExtents: [1, 2],
                                        output: .init(nrExtents: 1, extentOrder: 1), outExtents: [7])).encoded
        #expect(c.buffers.count == 3)
        #expect(c.buffers[1].site == .nested(buffer: 0, offset: ExchangeLayout.input + ReservationLayout.extentStart))
        #expect(c.buffers[2].site == .nested(buffer: 0, offset: ExchangeLayout.output + ReservationLayout.extentStart))
        #expect(c.buffers[1].direction == .in && c.buffers[2].direction == .inOut)
        #expect(c.buffers[2].size == 8)
    }

    @Test("continuation start extent stays in cmd's high bits")
    func continuation() throws {
        let c = MemoryOp.addToPhysmap(.init(domid: 1, size: 16, space: UInt32(XENMAPSPACE_gmfn_range), idx: 5, gpfn: 9), startExtent: 3).encoded
        #expect(c.raw.args[0] == UInt64(XENMEM_add_to_physmap) | 3 << UInt64(XENABI_MEMOP_EXTENT_SHIFT))
        // A start extent on a sub-op that never continues is refused.
        var m = MemoryOp.maximumGPFN(domid: 0).encoded
        let a = m.placeLinear()
        var raw = m.raw
        raw.args[0] |= 1 << UInt64(XENABI_MEMOP_EXTENT_SHIFT)
        #expect(throws: DecodeError(.invalid("start extent 1 in cmd"), at: "memory_op.maximum_gpfn")) { try MemoryOp.decode(raw, memory: CallImageMemory(m, addresses: a)) }
    }

    /// Encodes `call`, overwrites a count field, and expects a typed error.
    func expectRefused(_ expected: DecodeError, _ call: MemoryOp, sourceLocation: SourceLocation = #_sourceLocation, patch: (inout EncodedCall) -> Void) {
        var c = call.encoded
        let a = c.placeLinear()
        patch(&c)
        let mem = CallImageMemory(c, addresses: a)
        #expect(throws: expected, sourceLocation: sourceLocation) { try MemoryOp.decode(c.raw, memory: mem) }
    }

    @Test("hostile counts are typed errors, not huge allocations")
    func hostileCounts() {
        expectRefused(DecodeError(.invalid("count 18446744073709551615 exceeds 2097152 elements of 8 bytes"), at: "memory_op.increase_reservation.nr_extents"), .increaseReservation(.init(nrExtents: 1), wantFrames: true)) {
            $0.store(UInt64.max, buffer: 0, at: ReservationLayout.nrExtents)
        }
        expectRefused(DecodeError(.invalid("count 1099511627776 exceeds 2097152 elements of 8 bytes"), at: "memory_op.populate_physmap.nr_extents"), .populatePhysmap(.init(nrExtents: 1), extents: [1])) {
            $0.store(UInt64(1) << 40, buffer: 0, at: ReservationLayout.nrExtents)
        }
        expectRefused(DecodeError(.invalid("count 4294967295 exceeds 838860 elements of 20 bytes"), at: "memory_op.memory_map.nr_entries"), .memoryMap(nrEntries: 1)) { $0.store(UInt32.max, buffer: 0, at: MemoryOp.MemoryMap.Offsets.nrEntries) }
        expectRefused(DecodeError(.invalid("count 4294967295 exceeds 838860 elements of 20 bytes"), at: "memory_op.set_memory_map.map.nr_entries"), .setMemoryMap(domid: 0, entries: [])) {
            $0.store(UInt32.max, buffer: 0, at: MemoryOp.ForeignMemoryMap.Offsets.nrEntries)
        }
        expectRefused(DecodeError(.invalid("count 4294967295 exceeds 2097152 elements of 8 bytes"), at: "memory_op.acquire_resource.frame_list"), .acquireResource(.init(nrFrames: 1), frames: [1])) {
            $0.store(UInt32.max, buffer: 0, at: MemoryOp.AcquireResource.Offsets.nrFrames)
        }
        expectRefused(DecodeError(.invalid("count 4294967295 exceeds 1048576 elements of 16 bytes"), at: "memory_op.reserved_device_memory_map.nr_entries"), .reservedDeviceMemoryMap(.init(nrEntries: 1))) {
            $0.store(UInt32.max, buffer: 0, at: MemoryOp.ReservedDeviceMemoryMap.Offsets.nrEntries)
        }
        expectRefused(DecodeError(.invalid("count 18446744073709551615 exceeds 2097152 elements of 8 bytes"), at: "memory_op.exchange.out.extent_start"), .exchange(.init(input: .init(nrExtents: 0), inExtents: [], output: .init(nrExtents: 0), outExtents: []))) {
            $0.store(UInt64.max, buffer: 0, at: ExchangeLayout.output + ReservationLayout.nrExtents)
        }
        // A count within bounds but beyond the guest's buffer: EFAULT, still typed.
        expectRefused(DecodeError(.unreadable(.EFAULT), at: "memory_op.add_to_physmap_batch.idxs"), .addToPhysmapBatch(.init(size: 1), idxs: [1], gpfns: [2], startExtent: 0)) {
            $0.store(UInt16.max, buffer: 0, at: MemoryOp.AddToPhysmapBatch.Offsets.size)
        }
        expectRefused(DecodeError(.invalid("count 4294967295 exceeds 2097152 elements of 8 bytes"), at: "memory_op.access_op.pfn_list"), .accessOp(.init(nr: 1), lists: .init(pfns: [1], access: [2]), startIter: 0)) {
            $0.store(UInt32.max, buffer: 0, at: MemoryOp.AccessOp.Offsets.nr)
        }
        expectRefused(DecodeError(.invalid("pfn_list and access_list must both be null or both set"), at: "memory_op.access_op"), .accessOp(.init(nr: 1), lists: .init(pfns: [1], access: [2]), startIter: 0)) {
            $0.store(UInt64(0), buffer: 0, at: MemoryOp.AccessOp.Offsets.accessList)   // one list null, the other not
        }
        expectRefused(DecodeError(.invalid("count 4294967296 exceeds 4194304 elements of 4 bytes"), at: "memory_op.get_vnumainfo.nr_vnodes"), .getVNUMAInfo(.init(nrVnodes: 1))) { $0.store(UInt32(1 << 16), buffer: 0, at: MemoryOp.VNUMATopologyInfo.Offsets.nrVnodes) }
        expectRefused(DecodeError(.invalid("count 4294967295 exceeds 2097152 elements of 8 bytes"), at: "memory_op.machphys_mfn_list.max_extents"), .machphysMFNList(.init(maxExtents: 1))) { $0.store(UInt32.max, buffer: 0, at: MemoryOp.MachphysMFNList.Offsets.maxExtents) }
        expectRefused(DecodeError(.invalid("extent_start must be null"), at: "memory_op.claim_pages.extent_start"), .claimPages(.init(nrExtents: 1))) { $0.store(UInt64(0x1000), buffer: 0, at: ReservationLayout.extentStart) }
    }

    @Test("catalog builds every memory_op sub-op")
    func catalog() throws {
        let names = CallCatalog.entries.filter { $0.hypercall == "memory_op" }.map(\.subop)
        #expect(names.count == 27)
        for n in names { _ = try CallCatalog.make("memory_op", n, FieldValues()) }
        let b = try CallCatalog.make("memory_op", "add_to_physmap_batch", FieldValues(arguments: ["idxs=1,2", "gpfns=3,4", "space=2"]))
        #expect(b == .memoryOp(.addToPhysmapBatch(.init(space: 2, size: 2), idxs: [1, 2], gpfns: [3, 4], startExtent: 0)))
    }

    @Test("memory_op entries in a multicall")
    func multicall() throws {
        var rng = SeededRNG(seed: 0x3e30_0002)
        let m = Multicall(Self.randomCalls(&rng).map { .init(.memoryOp($0)) })
        let (d, same) = try roundTrip(m)
        #expect(d == m)
        #expect(same)
    }
}
