import CXen
import Testing
@testable import XenABI
import XenABITestSupport

@Suite("vcpu_op encoders and decoders")
struct VCPUOpTests {
    static func randomCalls(_ rng: inout SeededRNG) -> [VCPUOp] {
        let v = UInt32.random(in: 0 ... .max, using: &rng)
        let ctx = (0 ..< VCPUOp.guestContextSize).map { _ in UInt8.random(in: 0 ... .max, using: &rng) }
        return [
            .initialise(vcpu: v, context: ctx), .up(vcpu: v), .down(vcpu: v), .isUp(vcpu: v), .getRunstateInfo(vcpu: v),
            .registerRunstateMemoryArea(vcpu: v, .random(using: &rng)), .setPeriodicTimer(vcpu: v, .random(using: &rng)),
            .stopPeriodicTimer(vcpu: v), .setSingleshotTimer(vcpu: v, .random(using: &rng)), .stopSingleshotTimer(vcpu: v),
            .registerVCPUInfo(vcpu: v, .random(using: &rng)), .sendNMI(vcpu: v), .getPhysID(vcpu: v),
            .registerVCPUTimeMemoryArea(vcpu: v, .random(using: &rng)), .registerRunstatePhysArea(vcpu: v, .random(using: &rng)),
            .registerVCPUTimePhysArea(vcpu: v, .random(using: &rng)),
            .registerHcallBuffer(vcpu: v, va: rng.next(), gpa: rng.next(), size: rng.next()),
            .purgeHcallBuffers(vcpu: v, va: rng.next(), size: rng.next()),
            .shareHcallBuffers(vcpu: v, source: .random(in: 0 ... .max, using: &rng)),
        ]
    }

    @Test("every sub-op 0-18 round-trips with random fields")
    func roundTrips() throws {
        var rng = SeededRNG(seed: 0x7c90_0001)
        var seen = Set<Int32>()
        for _ in 0 ..< 50 {
            for c in Self.randomCalls(&rng) {
                seen.insert(c.cmd)
                let (d, same) = try roundTrip(c)
                #expect(d == c)
                #expect(same)
            }
        }
        #expect(seen == Set(0 ... 18))
    }

    @Test("16-18 are register-only: no guest buffer")
    func registerOnly() {
        let r = VCPUOp.registerHcallBuffer(vcpu: 3, va: 0xffff_8880_0000_0000, gpa: 0x10_0000, size: 0x1000).encoded
        #expect(r.buffers.isEmpty)
        #expect(r.raw.args.array == [UInt64(VCPUOP_register_hcall_buffer), 3, 0xffff_8880_0000_0000, 0x10_0000, 0x1000])
        let p = VCPUOp.purgeHcallBuffers(vcpu: 1, va: 0, size: XENABI_HCALL_BUFFER_PURGE_ALL).encoded
        #expect(p.buffers.isEmpty)
        #expect(p.raw.args.array == [17, 1, 0, .max, 0])
        let s = VCPUOp.shareHcallBuffers(vcpu: 2, source: 0).encoded
        #expect(s.raw.args.array == [18, 2, 0, 0, 0])
        #expect(s.op == OpWord(.vcpu_op))
    }

    @Test("the phys-area sub-ops carry the GPA in addr.p of an input struct")
    func physArea() {
        let c = VCPUOp.registerRunstatePhysArea(vcpu: 0, .init(addr: 0x1234_5000)).encoded
        #expect(c.raw.args[0] == 14)
        #expect(c.buffers.count == 1 && c.buffers[0].direction == .in)
        #expect(c.load(UInt64.self, buffer: 0, at: 0) == 0x1234_5000)
    }

    @Test("hostile registers are typed errors")
    func hostile() {
        let mem = CallImageMemory(EncodedCall(), addresses: [])
        let bad: [([UInt64], DecodeError)] = [
            ([1, 1 << 40], DecodeError(.invalid("vcpuid 1099511627776 is not an unsigned int"), at: "vcpu_op.vcpuid")),
            ([99, 0], DecodeError(.unknownSubop(99), at: "vcpu_op")),
            ([1 << 40, 0], DecodeError(.unknownSubop(1 << 40), at: "vcpu_op")),
            ([18, 0, 1 << 33], DecodeError(.invalid("source vcpuid 8589934592 is not an unsigned int"), at: "vcpu_op.share_hcall_buffers.source")),
            ([6, 0, 0x1000], DecodeError(.unreadable(.EFAULT), at: "vcpu_op.set_periodic_timer")),
        ]
        for (args, expected) in bad {
            #expect(throws: expected) { try VCPUOp.decode(RawHypercall(op: OpWord(.vcpu_op), args: HypercallArgs(args)), memory: mem) }
        }
    }

    @Test("catalog builds register_hcall_buffer from field values")
    func catalog() throws {
        let c = try CallCatalog.make("vcpu_op", "register_hcall_buffer",
                                     FieldValues(arguments: ["vcpuid=0", "va=0xffff888000000000", "gpa=0x100000", "size=0x1000"]))
        #expect(c == .vcpuOp(.registerHcallBuffer(vcpu: 0, va: 0xffff_8880_0000_0000, gpa: 0x10_0000, size: 0x1000)))
        let p = try CallCatalog.make("vcpu_op", "purge_hcall_buffers", FieldValues(arguments: ["vcpuid=1"]))
        #expect(p == .vcpuOp(.purgeHcallBuffers(vcpu: 1, va: 0, size: .max)))
        #expect(CallCatalog.entries.filter { $0.hypercall == "vcpu_op" }.count == 19)
    }

    @Test("vcpu_op entries in a multicall")
    func multicall() throws {
        var rng = SeededRNG(seed: 0x7c90_0002)
        let m = Multicall(Self.randomCalls(&rng).map { .init(.vcpuOp($0)) })
        let (d, same) = try roundTrip(m)
        #expect(d == m)
        #expect(same)
    }
}
