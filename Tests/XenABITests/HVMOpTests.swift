import CXen
import Testing
@testable import XenABI
import GuestPlacement
import XenABITestSupport

@Suite("hvm_op encoders and decoders")
struct HVMOpTests {
    static func randomCalls(_ rng: inout SeededRNG) -> [HVMOp] {
        let extra = (0 ..< Int.random(in: 0 ... HVMOp.xentraceExtraMax, using: &rng)).map { _ in UInt8.random(in: 0 ... .max, using: &rng) }
        return [
            .setParam(.random(using: &rng)), .getParam(.random(using: &rng)), .flushTLBs, .pagetableDying(.random(using: &rng)),
            .getTime, .xentrace(event: .random(in: 0 ... .max, using: &rng), extra: extra), .getMemType(.random(using: &rng)),
            .setEvtchnUpcallVector(.random(using: &rng)), .guestRequestVMEvent,
        ] + altp2m(&rng).map { .altp2m($0) }
    }

    static func altp2m(_ rng: inout SeededRNG) -> [AltP2MOp] {
        let d = UInt16.random(in: 0 ... .max, using: &rng), v = UInt32.random(in: 0 ... .max, using: &rng)
        let commands: [AltP2MOp.Command] = [
            .getDomainState(.random(using: &rng)), .setDomainState(.random(using: &rng)), .vcpuEnableNotify(.random(using: &rng)),
            .createP2M(.random(using: &rng)), .destroyP2M(.random(using: &rng)), .switchP2M(.random(using: &rng)),
            .setMemAccess(.random(using: &rng)), .changeGFN(.random(using: &rng)), .setSuppressVE(.random(using: &rng)),
            .getSuppressVE(.random(using: &rng)), .getMemAccess(.random(using: &rng)), .vcpuDisableNotify(.random(using: &rng)),
            .getP2MIdx(.random(using: &rng)), .setVisibility(.random(using: &rng)),
        ]
        return commands.map { AltP2MOp(domain: d, $0, version: v) }
    }

    @Test("every typed HVMOP round-trips with random fields")
    func roundTrips() throws {
        var rng = SeededRNG(seed: 0x4e30_0001)
        var seen = Set<Int32>()
        for _ in 0 ..< 100 {
            for c in Self.randomCalls(&rng) {
                seen.insert(c.op)
                let (d, same) = try roundTrip(c)
                #expect(d == c)
                #expect(same)
            }
        }
        #expect(seen.count == 10)
    }

    @Test("set_param is all input; get_param's value is output")
    func directions() {
        let s = HVMOp.setParam(.init(domid: 0x7ff0, index: UInt32(HVM_PARAM_CALLBACK_IRQ), value: 1 << 56 | 0xf3)).encoded
        #expect(s.buffers[0].direction == .in)
        #expect(s.load(UInt64.self, buffer: 0, at: HVMOp.SetParam.Offsets.value) == 1 << 56 | 0xf3)
        let g = HVMOp.getParam(.init(domid: 0x7ff0, index: UInt32(HVM_PARAM_STORE_PFN))).encoded
        #expect(g.buffers[0].direction == .inOut)
        let v = HVMOp.GetParam.Offsets.value
        #expect(g.marks[v ..< v + 8].allSatisfy { $0 == .none })
    }

    @Test("altp2m: the command's struct sits in the union after the envelope")
    func altp2mShape() throws {
        let a = AltP2MOp(domain: 0x7ff0, .switchP2M(.init(view: 3)))
        let e = HVMOp.altp2m(a).encoded
        #expect(e.buffers.count == 1 && e.buffers[0].direction == .inOut && e.buffers[0].size == HVMOp.AltP2MHeader.size)
        #expect(e.load(UInt32.self, buffer: 0, at: HVMOp.AltP2MHeader.Offsets.cmd) == UInt32(HVMOP_altp2m_switch_p2m))
        #expect(e.load(UInt32.self, buffer: 0, at: HVMOp.AltP2MHeader.Offsets.version) == UInt32(HVMOP_ALTP2M_INTERFACE_VERSION))
        #expect(e.load(UInt16.self, buffer: 0, at: HVMOp.AltP2MHeader.Offsets.u + HVMOp.AltP2MView.Offsets.view) == 3)
        // The two _multi commands are not typed; a non-zero pad is refused.
        for (at, value, expected) in [
            (HVMOp.AltP2MHeader.Offsets.cmd, UInt32(HVMOP_altp2m_set_mem_access_multi), DecodeError(.unknownSubop(UInt64(HVMOP_altp2m_set_mem_access_multi)), at: "hvm_op.altp2m")),
            (HVMOp.AltP2MHeader.Offsets.pad2, 1, DecodeError(.invalid("pad1/pad2 must be zero"), at: "hvm_op.altp2m.pad")),
        ] {
            var c = e
            let addrs = c.placeLinear()
            c.store(value, buffer: 0, at: at)
            #expect(throws: expected) { try HVMOp.decode(c.raw, memory: CallImageMemory(c, addresses: addrs)) }
        }
    }

    @Test("hostile values are typed errors")
    func hostile() {
        var x = HVMOp.xentrace(event: 1, extra: [1, 2]).encoded
        let a = x.placeLinear()
        x.store(UInt16.max, buffer: 0, at: HVMOp.XentraceHeader.Offsets.extraBytes)
        #expect(throws: DecodeError(.invalid("extra_bytes 65535 exceeds 28"), at: "hvm_op.xentrace.extra_bytes")) { try HVMOp.decode(x.raw, memory: CallImageMemory(x, addresses: a)) }
        let mem = CallImageMemory(EncodedCall(), addresses: [])
        for op: UInt64 in [2, 26, 99, 1 << 40] {
            #expect(throws: DecodeError(.unknownSubop(op), at: "hvm_op")) { try HVMOp.decode(.init(op: OpWord(.hvm_op), args: .init([op, 0x1000])), memory: mem) }
        }
    }

    @Test("catalog and multicall")
    func catalogAndMulticall() throws {
        #expect(try CallCatalog.make("hvm_op", "get_param", FieldValues(arguments: ["domid=0x7ff0", "index=1"]))
            == .hvmOp(.getParam(.init(domid: 0x7ff0, index: 1))))
        var rng = SeededRNG(seed: 0x4e30_0002)
        let m = Multicall(Self.randomCalls(&rng).map { .init(.hvmOp($0)) })
        let (d, same) = try roundTrip(m)
        #expect(d == m)
        #expect(same)
    }
}
