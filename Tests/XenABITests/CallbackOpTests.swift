import CXen
import Testing
@testable import XenABI
import GuestPlacement
import XenABITestSupport

@Suite("callback_op and nmi_op encoders and decoders")
struct CallbackOpTests {
    static func randomCalls(_ rng: inout SeededRNG) -> [AnyHypercall] {
        [.callbackOp(.register(.random(using: &rng))), .callbackOp(.unregister(.random(using: &rng))),
         .nmiOp(.registerCallback(.random(using: &rng))), .nmiOp(.unregisterCallback)]
    }

    @Test("every sub-op round-trips with random fields")
    func roundTrips() throws {
        var rng = SeededRNG(seed: 0xcb00_0001)
        for _ in 0 ..< 100 {
            for c in Self.randomCalls(&rng) {
                let (d, same) = try roundTrip(c)
                #expect(d == c)
                #expect(same)
            }
        }
    }

    @Test("register writes type, flags and address at their C offsets")
    func shape() {
        let r = CallbackOp.register(.init(type: UInt16(CALLBACKTYPE_event), flags: UInt16(CALLBACKF_mask_events), address: 0xffff_ffff_8100_1000)).encoded
        #expect(r.raw.args[0] == UInt64(CALLBACKOP_register))
        #expect(r.load(UInt64.self, buffer: 0, at: CallbackOp.Register.Offsets.address) == 0xffff_ffff_8100_1000)
        #expect(NMIOp.unregisterCallback.encoded.buffers[0].isNull)
    }

    @Test("unknown commands are typed errors")
    func hostile() {
        let mem = CallImageMemory(EncodedCall(), addresses: [])
        #expect(throws: DecodeError(.unknownSubop(2), at: "callback_op")) { try CallbackOp.decode(.init(op: OpWord(.callback_op), args: .init([2, 0])), memory: mem) }
        #expect(throws: DecodeError(.unknownSubop(2), at: "nmi_op")) { try NMIOp.decode(.init(op: OpWord(.nmi_op), args: .init([2, 0])), memory: mem) }
        #expect(throws: DecodeError(.unreadable(.EFAULT), at: "callback_op.register")) { try CallbackOp.decode(.init(op: OpWord(.callback_op), args: .init([0, 0x1000])), memory: mem) }
    }

    @Test("catalog and multicall")
    func catalogAndMulticall() throws {
        #expect(try CallCatalog.make("nmi_op", "unregister_callback", FieldValues()) == .nmiOp(.unregisterCallback))
        var rng = SeededRNG(seed: 0xcb00_0002)
        let m = Multicall(Self.randomCalls(&rng).map { .init($0) })
        let (d, same) = try roundTrip(m)
        #expect(d == m)
        #expect(same)
    }
}
