import CXen
import Testing
@testable import XenABI
import GuestPlacement
import XenABITestSupport

@Suite("x86 PV MMU and descriptor-table hypercalls")
struct X86PVTests {
    static func mmuext(_ rng: inout SeededRNG) -> MMUExtOp.Op {
        let cmd = UInt32.random(in: 0 ... 20, using: &rng)
        return .init(cmd: cmd, arg1: rng.next(),
                     arg2: MMUExtOp.Op.takesMask(cmd) ? .vcpumask([rng.next()]) : .value(rng.next()))
    }

    static func randomCalls(_ rng: inout SeededRNG) -> [AnyHypercall] {
        let n = Int.random(in: 0 ... 20, using: &rng)
        let traps = (0 ..< n).map { _ in
            var t = SetTrapTable.TrapInfo.random(using: &rng)
            t.address |= 1   // a zero address would end the table
            return t
        }
        let entries = UInt32.random(in: 0 ... 8192, using: &rng)
        return [
            .mmuUpdate(MMUUpdate((0 ..< n).map { _ in .random(using: &rng) }, wantDone: rng.next() & 1 == 0, foreigndom: rng.next())),
            .mmuextOp(MMUExtOp((0 ..< n).map { _ in mmuext(&rng) }, wantDone: rng.next() & 1 == 0, foreigndom: rng.next())),
            .setTrapTable(SetTrapTable(traps)), .setTrapTable(SetTrapTable(nil)),
            .setGDT(SetGDT(frames: (0 ..< SetGDT.frameCount(entries)).map { _ in rng.next() }, entries: entries)),
        ]
    }

    @Test("mmu_update, mmuext_op, set_trap_table, set_gdt round-trip with random fields")
    func roundTrips() throws {
        var rng = SeededRNG(seed: 0x86_0001)
        for _ in 0 ..< 100 {
            for c in Self.randomCalls(&rng) {
                let (d, same) = try roundTrip(c)
                #expect(d == c)
                #expect(same)
            }
        }
    }

    @Test("mmuext_op: a MULTI command's vcpumask is a nested handle; pdone and foreigndom in args 2 and 3")
    func mmuextShape() throws {
        let op = MMUExtOp([.init(cmd: UInt32(MMUEXT_TLB_FLUSH_MULTI), arg2: .vcpumask([0b1011, 1])),
                           .init(cmd: UInt32(MMUEXT_PIN_L4_TABLE), arg1: 0x1234)], wantDone: true, foreigndom: 3)
        let e = op.encoded
        #expect(e.buffers.count == 3)
        #expect(e.buffers[1].site == .nested(buffer: 0, offset: MMUExtOp.Raw.Offsets.vcpumask) && e.buffers[1].size == 16)
        #expect(e.buffers[2].site == .register(2) && e.buffers[2].direction == .out)
        #expect(e.raw.args[1] == 2 && e.raw.args[3] == 3)
        // A two-word mask needs the domain's vCPU count to decode.
        var c = e
        let a = c.placeLinear()
        let d = try MMUExtOp.decode(c.raw, memory: CallImageMemory(c, addresses: a), maskWords: 2)
        #expect(d == op)
    }

    @Test("set_trap_table ends with a zero entry that is an input")
    func trapTerminator() {
        let e = SetTrapTable([.init(vector: 14, flags: 0, cs: 0xe033, address: 0xffff_ffff_8100_0000)]).encoded
        #expect(e.buffers[0].size == 2 * SetTrapTable.TrapInfo.size)
        #expect(e.marks[SetTrapTable.TrapInfo.size ..< 2 * SetTrapTable.TrapInfo.size].allSatisfy { $0 == .input })
    }

    @Test("hostile counts and tables are typed errors")
    func hostile() {
        func refused(_ expected: DecodeError, _ c: AnyHypercall, sourceLocation: SourceLocation = #_sourceLocation,
                     _ patch: (inout HypercallArgs, inout EncodedCall) -> Void) {
            var e = c.encoded
            let a = e.placeLinear()
            var r = e.raw.args
            patch(&r, &e)
            let mem = CallImageMemory(e, addresses: a)
            #expect(throws: expected, sourceLocation: sourceLocation) { try AnyHypercall.decode(RawHypercall(op: e.op, args: r), memory: mem) }
        }
        refused(DecodeError(.invalid("count 1099511627776 exceeds 1048576 elements of 16 bytes"), at: "mmu_update.reqs"), .mmuUpdate(MMUUpdate([.init()]))) { r, _ in r[1] = 1 << 40 }
        refused(DecodeError(.unreadable(.EFAULT), at: "mmu_update.reqs"), .mmuUpdate(MMUUpdate([.init()]))) { r, _ in r[1] = 2 }
        refused(DecodeError(.invalid("count 4294967295 exceeds 699050 elements of 24 bytes"), at: "mmuext_op.ops"), .mmuextOp(MMUExtOp([.init(cmd: 0)]))) { r, _ in r[1] = UInt64(UInt32.max) }
        refused(DecodeError(.invalid("count 8388608 exceeds 2097152 elements of 8 bytes"), at: "set_gdt.frame_list"), .setGDT(SetGDT(frames: [1], entries: 1))) { r, _ in r[1] = UInt64(UInt32.max) }
        refused(DecodeError(.invalid("entries 8589934592 is not an unsigned int"), at: "set_gdt.entries"), .setGDT(SetGDT(frames: [1], entries: 1))) { r, _ in r[1] = 1 << 33 }
        // A table without a terminator in reach
        refused(DecodeError(.unreadable(.EFAULT), at: "set_trap_table.traps[2]"), .setTrapTable(SetTrapTable([.init(address: 1)]))) { _, e in
            e.store(UInt64(5), buffer: 0, at: SetTrapTable.TrapInfo.size + SetTrapTable.TrapInfo.Offsets.address)
        }
    }

    @Test("catalog and multicall")
    func catalogAndMulticall() throws {
        let c = try CallCatalog.make("mmuext_op", "call", FieldValues(arguments: ["cmd=8", "vcpumask=3"]))
        #expect(c == .mmuextOp(MMUExtOp([.init(cmd: 8, arg2: .vcpumask([3]))])))
        var rng = SeededRNG(seed: 0x86_0002)
        let m = Multicall(Self.randomCalls(&rng).map { .init($0) })
        let (d, same) = try roundTrip(m)
        #expect(d == m)
        #expect(same)
    }
}

extension X86PVTests {
    @Test("a zero-address entry ends the table: nothing after it is encoded")
    func zeroAddressEndsTable() throws {
        let t = SetTrapTable([.init(vector: 1, address: 5), .init(vector: 2, address: 0), .init(vector: 3, address: 7)])
        let e = t.encoded
        #expect(e.buffers[0].size == 2 * SetTrapTable.TrapInfo.size)
        let (d, same) = try roundTrip(t)
        #expect(d == SetTrapTable([.init(vector: 1, address: 5)]))
        #expect(same)
    }
}
