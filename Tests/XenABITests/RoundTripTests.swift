import CXen
import Testing
@testable import XenABI
import GuestPlacement
import XenABITestSupport

@Suite("Encode -> decode -> encode")
struct RoundTripTests {
    static let versionCases: [XenVersion] = [
        .version, .extraversion, .compileInfo, .capabilities, .changeset, .platformParameters,
        .getFeatures(submap: 0), .getFeatures(submap: 7), .pagesize, .guestHandle, .commandline,
        .buildID(length: 0), .buildID(length: 1020),
    ]

    @Test("xen_version, every sub-op", arguments: versionCases)
    func xenVersion(_ v: XenVersion) throws {
        let (d, same) = try roundTrip(v)
        #expect(d == v)
        #expect(same)
    }

    @Test("memory_op reservations with random fields")
    func memoryOp() throws {
        var rng = SeededRNG(seed: 0x5eed_0001)
        for _ in 0 ..< 200 {
            let n = Int.random(in: 0 ... 64, using: &rng)
            let r = MemoryOp.Reservation(nrExtents: UInt64(n), extentOrder: .random(in: 0 ... 18, using: &rng),
                                         memFlags: .random(in: 0 ... .max, using: &rng), domid: .random(in: 0 ... .max, using: &rng),
                                         startExtent: .random(in: 0 ... 1 << 20, using: &rng))
            let extents = (0 ..< n).map { _ in UInt64.random(in: 0 ... .max, using: &rng) }
            for v in [MemoryOp.increaseReservation(r, wantFrames: rng.next() & 1 == 0),
                      .decreaseReservation(r, extents: extents), .populatePhysmap(r, extents: extents)] {
                let (d, same) = try roundTrip(v)
                #expect(d == v)
                #expect(same)
            }
        }
    }

    @Test("multicall of mixed calls, each entry with its own flavour")
    func multicall() throws {
        let m = Multicall([
            .init(.xenVersion(.version)),
            .init(.xenVersion(.extraversion), flavour: .linear),
            .init(.memoryOp(.decreaseReservation(.init(nrExtents: 2), extents: [5, 6]))),
        ])
        var call = m.encoded
        #expect(call.op == OpWord(.multicall))
        #expect(call.buffers[0].size == 3 * 64)
        #expect(call.entries.count == 3)
        #expect(call.buffers.filter { $0.owner == 3 }.count == 2)
        let addrs = call.placeLinear()
        // entry 1's args[1] holds the extraversion buffer's address
        #expect(call.load(UInt64.self, buffer: 0, at: 64 + 16 + 8) == addrs[1])
        let (d, same) = try roundTrip(m)
        #expect(d == m)
        #expect(same)
    }

    @Test("a nested multicall is refused with EINVAL")
    func nested() throws {
        let inner = Multicall([.init(.xenVersion(.version))])
        let outer = Multicall([.init(.multicall(inner))])
        #expect(throws: DecodeError(.nestedMulticall, at: "multicall.call_list[0]")) { try roundTrip(outer) }
        do { _ = try roundTrip(outer) } catch let e as DecodeError { #expect(e.errno == .EINVAL) }
    }
}

@Suite("Multicall decode budget")
struct MulticallBudgetTests {
    @Test("entries that together read more than the batch budget fail with E2BIG, not an allocation")
    func batchBudget() throws {
        #expect(Multicall.maxBatchBytes == 4 * GuestArray.maxBytes)
        // Scaled down 64x: a 1 MiB budget, 8 entries of 256 KiB lists (2 MiB in all).
        let budget = Multicall.maxBatchBytes / 64
        let extents = [UInt64](repeating: 7, count: budget / 4 / 8)
        let one = AnyHypercall.memoryOp(.decreaseReservation(.init(nrExtents: UInt64(extents.count)), extents: extents))
        let m = Multicall(Array(repeating: .init(one), count: 8))
        var call = m.encoded
        let addrs = call.placeLinear()
        do {
            _ = try Multicall.decode(call.raw, memory: CallImageMemory(call, addresses: addrs), byteBudget: budget)
            Issue.record("decode of a batch over its budget succeeded")
        } catch {
            #expect(error.kind == .unreadable(.E2BIG))
        }
        // Three of them (3/4 of the budget) decode.
        let small = Multicall(Array(repeating: .init(one), count: 3))
        var c2 = small.encoded
        let a2 = c2.placeLinear()
        #expect(try Multicall.decode(c2.raw, memory: CallImageMemory(c2, addresses: a2), byteBudget: budget) == small)
    }
}

@Suite("xen_version results")
struct XenVersionResultTests {
    @Test("build_id: the bytes after len, as many as the call returned (as in the xl-info trace)")
    func buildID() throws {
        var call = XenVersion.BuildIDQuery(length: 8).encoded
        // What Xen 4.17 wrote in the recorded xl info: len stays 0x3fc, buf holds the id.
        let id: [UInt8] = [0x15, 0x1b, 0x37, 0x3f, 0xd6, 0x4b, 0x32, 0x15]
        let image: [UInt8] = [0xfc, 0x03, 0, 0] + id
        image.withUnsafeBytes { call.replaceBytes(of: 0, with: $0) }
        typealias Q = XenVersion.BuildIDQuery
        #expect(try Q.outputs(of: call, result: 8) == XenBuildID(length: 8, bytes: id))
        #expect(try Q.outputs(of: call, result: 4) == XenBuildID(length: 4, bytes: Array(id.prefix(4))))
        #expect(throws: DecodeError(.invalid("build id length -22"), at: "xen_version.build_id")) { try Q.outputs(of: call, result: -22) }
        // A length past the 8 bytes asked for: outside the buffer.
        #expect(throws: DecodeError(.outOfBounds(offset: 4, count: 9, size: 12), at: "xen_version.build_id.buf")) { try Q.outputs(of: call, result: 9) }
        // Asked with a null handle: the length only.
        #expect(try Q.outputs(of: Q(length: 0).encoded, result: 20) == XenBuildID(length: 20, bytes: []))
    }
}
