import CXen
import Testing
@testable import XenABI
import GuestPlacement
import XenABITestSupport

@Suite("event_channel_op (and its compat envelope) encoders and decoders")
struct EventChannelOpTests {
    static func randomCalls(_ rng: inout SeededRNG) -> [EventChannelOp] {
        [
            .bindInterdomain(.random(using: &rng)), .bindVIRQ(.random(using: &rng)), .bindPIRQ(.random(using: &rng)),
            .close(.random(using: &rng)), .send(.random(using: &rng)), .status(.random(using: &rng)),
            .allocUnbound(.random(using: &rng)), .bindIPI(.random(using: &rng)), .bindVCPU(.random(using: &rng)),
            .unmask(.random(using: &rng)), .reset(.random(using: &rng)), .initControl(.random(using: &rng)),
            .expandArray(.random(using: &rng)), .setPriority(.random(using: &rng)),
        ]
    }

    @Test("every EVTCHNOP 0-13 round-trips with random fields, compat ones too")
    func roundTrips() throws {
        var rng = SeededRNG(seed: 0xe7c4_0001)
        var seen = Set<Int32>(), compat = 0
        for _ in 0 ..< 100 {
            for c in Self.randomCalls(&rng) {
                seen.insert(c.cmd)
                let (d, same) = try roundTrip(c)
                #expect(d == c)
                #expect(same)
                if let w = EventChannelOpCompat(c) {
                    compat += 1
                    let (dw, sw) = try roundTrip(w)
                    #expect(dw == w)
                    #expect(sw)
                }
            }
        }
        #expect(seen == Set(0 ... 13))
        #expect(compat == 100 * 10)
    }

    @Test("send is one input evtchn_send at arg1; compat puts cmd then the union")
    func shapes() {
        let s = EventChannelOp.send(.init(port: 42)).encoded
        #expect(s.raw.args[0] == UInt64(EVTCHNOP_send))
        #expect(s.buffers.count == 1 && s.buffers[0].direction == .in && s.buffers[0].size == 4)
        let a = EventChannelOp.allocUnbound(.init(dom: 0x7ff0, remoteDom: 0)).encoded
        #expect(a.buffers[0].direction == .inOut)
        let w = EventChannelOpCompat(.send(.init(port: 42)))!.encoded
        #expect(w.op.number == .event_channel_op_compat && w.buffers[0].site == .register(0))
        #expect(w.load(UInt32.self, buffer: 0, at: EventChannelOpCompat.cmdOffset) == UInt32(EVTCHNOP_send))
        #expect(w.load(UInt32.self, buffer: 0, at: EventChannelOpCompat.unionOffset) == 42)
        #expect(EventChannelOpCompat(.reset(.init())) == nil)
    }

    @Test("hostile commands are typed errors")
    func hostile() {
        let mem = CallImageMemory(EncodedCall(), addresses: [])
        for cmd: UInt64 in [14, 99, 1 << 40] {
            #expect(throws: DecodeError(.unknownSubop(cmd), at: "event_channel_op")) { try EventChannelOp.decode(.init(op: OpWord(.event_channel_op), args: .init([cmd, 0])), memory: mem) }
        }
        // compat envelope with a cmd outside the union
        var w = EventChannelOpCompat(.send(.init(port: 1)))!.encoded
        let addrs = w.placeLinear()
        w.store(UInt32(EVTCHNOP_reset), buffer: 0, at: EventChannelOpCompat.cmdOffset)
        #expect(throws: DecodeError(.unknownSubop(10), at: "event_channel_op_compat")) { try EventChannelOpCompat.decode(w.raw, memory: CallImageMemory(w, addresses: addrs)) }
        // unreadable argument
        #expect(throws: DecodeError(.unreadable(.EFAULT), at: "event_channel_op.send")) { try EventChannelOp.decode(.init(op: OpWord(.event_channel_op), args: .init([4, 0x1000])), memory: mem) }
    }

    @Test("catalog and multicall")
    func catalogAndMulticall() throws {
        #expect(CallCatalog.entries.filter { $0.hypercall == "event_channel_op" }.count == 14)
        #expect(CallCatalog.entries.filter { $0.hypercall == "event_channel_op_compat" }.count == 10)
        #expect(try CallCatalog.make("event_channel_op", "bind_virq", FieldValues(arguments: ["virq=3", "vcpu=1"]))
            == .eventChannelOp(.bindVIRQ(.init(virq: 3, vcpu: 1))))
        var rng = SeededRNG(seed: 0xe7c4_0002)
        let m = Multicall(Self.randomCalls(&rng).map { .init(.eventChannelOp($0)) })
        let (d, same) = try roundTrip(m)
        #expect(d == m)
        #expect(same)
    }
}
