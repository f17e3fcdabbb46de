import CXen
import Testing
@testable import XenABI
import GuestPlacement
import XenABITestSupport

@Suite("sched_op and sched_op_compat encoders and decoders")
struct SchedOpTests {
    static func randomCalls(_ rng: inout SeededRNG) -> [SchedOp] {
        let ports = (0 ..< Int.random(in: 0 ... 30, using: &rng)).map { _ in UInt32.random(in: 0 ... .max, using: &rng) }
        return [
            .yield, .block, .shutdown(.random(using: &rng)), .poll(ports: ports, timeout: rng.next()),
            .remoteShutdown(.random(using: &rng)), .shutdownCode(.random(using: &rng)), .watchdog(.random(using: &rng)),
            .pinOverride(.random(using: &rng)),
        ]
    }

    @Test("every SCHEDOP 0-7 round-trips with random fields")
    func roundTrips() throws {
        var rng = SeededRNG(seed: 0x5c4e_0001)
        var seen = Set<Int32>()
        for _ in 0 ..< 100 {
            for c in Self.randomCalls(&rng) {
                seen.insert(c.cmd)
                let (d, same) = try roundTrip(c)
                #expect(d == c)
                #expect(same)
            }
            for c in [SchedOpCompat.yield, .block, .shutdown(reason: rng.next())] {
                let (d, same) = try roundTrip(c)
                #expect(d == c)
                #expect(same)
            }
        }
        #expect(seen == Set(0 ... 7))
    }

    @Test("poll nests its ports list; compat shutdown passes the reason by value")
    func shapes() {
        let p = SchedOp.poll(ports: [1, 2, 3], timeout: 99).encoded
        #expect(p.buffers.count == 2 && p.buffers[1].size == 12)
        #expect(p.buffers[1].site == .nested(buffer: 0, offset: SchedOp.Poll.Offsets.ports))
        #expect(p.load(UInt32.self, buffer: 0, at: SchedOp.Poll.Offsets.nrPorts) == 3)
        let c = SchedOpCompat.shutdown(reason: UInt64(SHUTDOWN_reboot)).encoded
        #expect(c.buffers.isEmpty && c.raw.args[1] == UInt64(SHUTDOWN_reboot))
    }

    @Test("a hostile nr_ports is a typed error")
    func hostile() {
        var p = SchedOp.poll(ports: [1], timeout: 0).encoded
        let a = p.placeLinear()
        p.store(UInt32.max, buffer: 0, at: SchedOp.Poll.Offsets.nrPorts)
        #expect(throws: DecodeError(.invalid("count 4294967295 exceeds 4194304 elements of 4 bytes"), at: "sched_op.poll.ports")) { try SchedOp.decode(p.raw, memory: CallImageMemory(p, addresses: a)) }
        p.store(UInt32(2), buffer: 0, at: SchedOp.Poll.Offsets.nrPorts)   // past the list: EFAULT
        #expect(throws: DecodeError(.unreadable(.EFAULT), at: "sched_op.poll.ports")) { try SchedOp.decode(p.raw, memory: CallImageMemory(p, addresses: a)) }
        let mem = CallImageMemory(EncodedCall(), addresses: [])
        #expect(throws: DecodeError(.unknownSubop(8), at: "sched_op")) { try SchedOp.decode(.init(op: OpWord(.sched_op), args: .init([8])), memory: mem) }
        #expect(throws: DecodeError(.unknownSubop(3), at: "sched_op_compat")) { try SchedOpCompat.decode(.init(op: OpWord(.sched_op_compat), args: .init([3])), memory: mem) }
    }

    @Test("catalog and multicall")
    func catalogAndMulticall() throws {
        #expect(try CallCatalog.make("sched_op", "poll", FieldValues(arguments: ["ports=5,6"])) == .schedOp(.poll(ports: [5, 6], timeout: 0)))
        #expect(CallCatalog.entries.filter { $0.hypercall == "sched_op" }.count == 8)
        var rng = SeededRNG(seed: 0x5c4e_0002)
        let m = Multicall(Self.randomCalls(&rng).map { .init(.schedOp($0)) } + [.init(.schedOpCompat(.yield))])
        let (d, same) = try roundTrip(m)
        #expect(d == m)
        #expect(same)
    }
}
