import CXen
import Testing
@testable import XenABI
import GuestPlacement
import XenABITestSupport

@Suite("xenpmu_op encoders and decoders")
struct XenPMUOpTests {
    static func randomCalls(_ rng: inout SeededRNG) -> [XenPMUOp] {
        [.modeGet(.random(using: &rng)), .modeSet(.random(using: &rng)), .featureGet(.random(using: &rng)),
         .featureSet(.random(using: &rng)), .initialise(.random(using: &rng)), .finish(.random(using: &rng)), .lvtpcSet, .flush]
    }

    @Test("every XENPMU op round-trips with random fields")
    func roundTrips() throws {
        var rng = SeededRNG(seed: 0x9e00_0001)
        var seen = Set<Int32>()
        for _ in 0 ..< 100 {
            for c in Self.randomCalls(&rng) {
                seen.insert(c.op)
                let (d, same) = try roundTrip(c)
                #expect(d == c)
                #expect(same)
            }
        }
        #expect(seen == Set(0 ... 7))
    }

    @Test("params are in/out; lvtpc_set and flush pass NULL; unknown ops are typed errors")
    func shapes() throws {
        #expect(XenPMUOp.modeSet(.init(versionMajor: UInt32(XENPMU_VER_MAJ), val: UInt64(XENPMU_MODE_SELF))).encoded.buffers[0].direction == .inOut)
        #expect(XenPMUOp.flush.encoded.buffers[0].isNull)
        let mem = CallImageMemory(EncodedCall(), addresses: [])
        #expect(throws: DecodeError(.unknownSubop(8), at: "xenpmu_op")) { try XenPMUOp.decode(.init(op: OpWord(.xenpmu_op), args: .init([8, 0])), memory: mem) }
        #expect(throws: DecodeError(.unreadable(.EFAULT), at: "xenpmu_op.xen_pmu_params")) { try XenPMUOp.decode(.init(op: OpWord(.xenpmu_op), args: .init([0, 0x1000])), memory: mem) }
        var rng = SeededRNG(seed: 0x9e00_0002)
        let m = Multicall(Self.randomCalls(&rng).map { .init(.xenpmuOp($0)) })
        let (d, same) = try roundTrip(m)
        #expect(d == m && same)
        #expect(CallCatalog.entries.filter { $0.hypercall == "xenpmu_op" }.count == 8)
    }
}
