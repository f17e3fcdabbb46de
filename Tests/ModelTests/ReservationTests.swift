import Testing
import CXen
@testable import XenABI
@testable import XenModel

/// A reservation sub-op placed in a fresh guest, all owners in `flavour`.
func reservationGuest(_ call: MemoryOp, _ flavour: Flavour, scattered: Bool = true) throws -> (ModelDomain, GuestPlacedCall) {
    let d = ModelDomain(frameCount: 1 << 14)
    let p = try d.place(AnyHypercall.memoryOp(call).encoded, flavour: { _ in flavour }, options: .init(scattered: scattered))
    return (d, p)
}

/// The frame numbers extent list `p.placed[1]` holds.
func extentWords(_ d: ModelDomain, _ p: GuestPlacedCall) -> [UInt64] {
    let bytes = d.readGuest(p.placed[1]!)
    return stride(from: 0, to: bytes.count, by: 8).map { i in (0 ..< 8).reduce(UInt64(0)) { $0 | UInt64(bytes[i + $1]) << (8 * UInt64($1)) } }
}

/// `increase_reservation`, `decrease_reservation`, `populate_physmap` answer
/// what `do_memory_op` answers (xen/common/memory.c): extents done, never an errno.
@Suite("Reservation sub-ops return the extents done")
struct ReservationTests {
    static let base = ModelXenInfo().frameBase

    @Test("increase_reservation: every extent's frame written, 1024 returned", arguments: Flavour.allCases)
    func increaseAll(_ f: Flavour) throws {
        let (d, p) = try reservationGuest(.increaseReservation(.init(nrExtents: 1024), wantFrames: true), f)
        let r = ModelHypervisor(d).execute(p.raw)
        #expect(r.returnValue == 1024 && r.continuation == nil)
        #expect(extentWords(d, p) == (0 ..< 1024).map { Self.base + UInt64($0) })
    }

    /// `__copy_mfn_to_guest_offset` fails at extent 512 (the list's second
    /// page is not RAM): the loop stops, the call returns 512, the first
    /// page holds extents 0-511 and the second is untouched.
    @Test("increase_reservation: a list faulting at its second page returns 512", arguments: Flavour.allCases)
    func increaseFaultsPartWay(_ f: Flavour) throws {
        let (d, p) = try reservationGuest(.increaseReservation(.init(nrExtents: 1024), wantFrames: true), f)
        d.p2m.setType(.notPresent, of: p.placed[1]!.gfns[1])
        #expect(ModelHypervisor(d).execute(p.raw).returnValue == 512)
        d.p2m.setType(.ramRW, of: p.placed[1]!.gfns[1])
        let words = extentWords(d, p)
        #expect(Array(words[0 ..< 512]) == (0 ..< 512).map { Self.base + UInt64($0) })
        #expect(words[512...].allSatisfy { $0 == 0 })
    }

    /// decrease_reservation and populate_physmap read extent i with
    /// `__copy_from_guest_offset`; the read of extent 512 faults: 512.
    @Test("decrease_reservation and populate_physmap: a list faulting at its second page returns 512", arguments: Flavour.allCases)
    func readsFaultPartWay(_ f: Flavour) throws {
        let extents = (0 ..< 1024).map { UInt64($0) * 3 }
        for call in [MemoryOp.decreaseReservation(.init(nrExtents: 1024), extents: extents), .populatePhysmap(.init(nrExtents: 1024), extents: extents)] {
            let (d, p) = try reservationGuest(call, f)
            #expect(ModelHypervisor(d).execute(p.raw).returnValue == 1024, "\(call.subop) control")
            d.p2m.setType(.pagedOut, of: p.placed[1]!.gfns[1])
            let before = d.memory.digest()
            let r = ModelHypervisor(d).execute(p.raw)
            #expect(r.returnValue == 512, "\(call.subop)")
            #expect(d.memory.digest() == before)
            // What the model read: the 512 extents before the fault.
            if case .memoryOp(.decreaseReservation(_, let got)) = r.decoded.first { #expect(got == Array(extents[..<512])) }
            if case .memoryOp(.populatePhysmap(_, let got)) = r.decoded.first { #expect(got == Array(extents[..<512])) }
        }
    }

    /// A malformed descriptor in the nested extent list fails the copy of
    /// extent 0; Xen's `hcall_phys_leave` replaces only a -EFAULT result
    /// with the descriptor's errno, and a reservation's result is a count.
    @Test("a reserved tag on extent_start: 0 extents done, not -EINVAL")
    func descriptorErrorIsACount() throws {
        let (d, p) = try reservationGuest(.increaseReservation(.init(nrExtents: 1024), wantFrames: true), .tagged)
        let at = gpa(p, 0, ReservationLayout.extentStart)
        d.memory.store64(d.memory.load64(gpa: at) | 3, gpa: at)
        let before = d.memory.digest()
        #expect(ModelHypervisor(d).execute(p.raw).returnValue == 0)
        #expect(d.memory.digest() == before)
    }

    /// Every refusal before the loop returns `start_extent` (cmd >> 6) and
    /// writes nothing.
    @Test("early refusals return the start extent", arguments: Flavour.allCases)
    func refusalsReturnStart(_ f: Flavour) throws {
        typealias Tamper = (ModelDomain, GuestPlacedCall, inout HypercallArgs) -> Void
        func store<T: FixedWidthInteger>(_ v: T, _ at: Int) -> Tamper {
            { d, p, _ in withUnsafeBytes(of: v.littleEndian) { d.memory.write(gpa: gpa(p, 0, at), from: $0) } }
        }
        let start: UInt64 = 7
        let cases: [(String, MemoryOp, Tamper)] = [
            ("struct not RAM", .increaseReservation(.init(nrExtents: 64), wantFrames: true),
             { d, p, _ in d.p2m.setType(.notPresent, of: p.placed[0]!.gfns[0]) }),
            ("struct behind a null handle", .increaseReservation(.init(nrExtents: 64), wantFrames: true),
             { _, _, a in a[1] = f.nullHandle }),
            ("nr_extents above UINT_MAX >> 6", .decreaseReservation(.init(nrExtents: 64), extents: Array(0 ..< UInt64(64))),
             store(UInt64(XENABI_MEMOP_MAX_EXTENTS) + 1, ReservationLayout.nrExtents)),
            ("start extent not below nr_extents", .populatePhysmap(.init(nrExtents: 7), extents: Array(0 ..< UInt64(7))), { _, _, _ in }),
            ("extent_order above CONFIG_DOMU_MAX_ORDER", .increaseReservation(.init(nrExtents: 64, extentOrder: 10), wantFrames: true), { _, _, _ in }),
            ("another domain", .increaseReservation(.init(nrExtents: 64, domid: 3), wantFrames: true), { _, _, _ in }),
            ("address bits 12", .decreaseReservation(.init(nrExtents: 64, memFlags: 12), extents: Array(0 ..< UInt64(64))), { _, _, _ in }),
            ("exact node request", .populatePhysmap(.init(nrExtents: 64, memFlags: UInt32(XENMEMF_exact_node_request) | 2 << 8), extents: Array(0 ..< UInt64(64))),
             { _, _, _ in }),
            ("populate-on-demand of oneself", .populatePhysmap(.init(nrExtents: 64, memFlags: UInt32(XENMEMF_populate_on_demand)), extents: Array(0 ..< UInt64(64))),
             { _, _, _ in }),
        ]
        for (name, call, tamper) in cases {
            let (d, p) = try reservationGuest(call, f)
            var a = p.raw.args
            a[0] |= start << UInt64(XENABI_MEMOP_EXTENT_SHIFT)
            tamper(d, p, &a)
            let before = d.memory.digest()
            let r = ModelHypervisor(d).execute(op: p.raw.op.rawValue, args: a)
            #expect(r.returnValue == Int64(start) && r.continuation == nil, "\(f) \(name): \(r.returnValue)")
            #expect(d.memory.digest() == before, "\(f) \(name)")
        }
    }

    /// The limits are Xen's, not lower: the largest order and nr_extents go through.
    @Test("extent_order 9 and populate-on-demand's order 18 pass the order check")
    func ordersAtTheLimit() throws {
        let (d, p) = try reservationGuest(.increaseReservation(.init(nrExtents: 4, extentOrder: 9), wantFrames: true), .flat)
        #expect(ModelHypervisor(d).execute(p.raw).returnValue == 4)
        #expect(extentWords(d, p) == (0 ..< 4).map { Self.base + UInt64($0) << 9 })
        // Populate-on-demand of oneself passes order 18, reads extent 0 and
        // stops there (`goto out`): 0 done, one extent read.
        let (e, q) = try reservationGuest(.populatePhysmap(.init(nrExtents: 4, extentOrder: 18, memFlags: UInt32(XENMEMF_populate_on_demand)), extents: [1, 2, 3, 4]), .flat)
        let r = ModelHypervisor(e).execute(q.raw)
        #expect(r.returnValue == 0)
        if case .memoryOp(.populatePhysmap(_, let read)) = r.decoded.first { #expect(read == [1]) } else { Issue.record("not decoded") }
    }

    /// `guest_handle_is_null(extent_list)` in increase_reservation: 0 is
    /// null in every flavour, so nothing is written and every extent counts.
    @Test("increase_reservation with extent_start 0: all extents done, nothing written", arguments: Flavour.allCases)
    func nullExtentList(_ f: Flavour) throws {
        let (d, p) = try reservationGuest(.increaseReservation(.init(nrExtents: 1024), wantFrames: true), f)
        d.memory.store64(0, gpa: gpa(p, 0, ReservationLayout.extentStart))
        let before = d.memory.digest()
        let r = ModelHypervisor(d).execute(p.raw)
        #expect(r.returnValue == 1024)
        #expect(d.memory.digest() == before)
        #expect(r.decoded == [.memoryOp(.increaseReservation(.init(nrExtents: 1024), wantFrames: false))])
    }
}
