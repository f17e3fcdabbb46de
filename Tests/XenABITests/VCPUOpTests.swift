import CXen
import Testing
@testable import XenABI
import GuestPlacement
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
            .registerHcallBuffer(vcpu: v, randomRegister(&rng)),
            .purgeHcallBuffers(vcpu: v, randomPurge(&rng)),
            .shareHcallBuffers(vcpu: v, source: .random(in: 0 ... .max, using: &rng)),
        ]
    }

    /// A `vcpu_hcall_buffer_t` the decoder accepts for 16: page-aligned, no wrap.
    static func randomRegister(_ rng: inout SeededRNG) -> VCPUOp.HcallBuffer {
        let size = UInt64.random(in: 1 ... 1 << 20, using: &rng) << 12
        let va = UInt64.random(in: 0 ... (UInt64.max - size) >> 12, using: &rng) << 12
        let gpa = UInt64.random(in: 0 ... (UInt64.max - size) >> 12, using: &rng) << 12
        return .register(va: va, gpa: gpa, size: size, addressSpace: Bool.random(using: &rng))
    }

    /// A `vcpu_hcall_buffer_t` the decoder accepts for 17: any alignment, no wrap or PURGE_ALL.
    static func randomPurge(_ rng: inout SeededRNG) -> VCPUOp.HcallBuffer {
        let va = rng.next()
        let size = Bool.random(using: &rng) ? VCPUOp.HcallBuffer.purgeAll : UInt64.random(in: 0 ... UInt64.max - va, using: &rng)
        return .purge(va: va, size: size, addressSpace: Bool.random(using: &rng))
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

    @Test("16-18 pass one vcpu_hcall_buffer_t input struct through arg (register 2), nothing else in registers")
    func structThroughHandle() {
        let r = VCPUOp.registerHcallBuffer(vcpu: 3, va: 0xffff_8880_0000_0000, gpa: 0x10_0000, size: 0x1000, addressSpace: true).encoded
        #expect(r.raw.args[0] == UInt64(VCPUOP_register_hcall_buffer) && r.raw.args[1] == 3)
        #expect(r.raw.args[3] == 0 && r.raw.args[4] == 0)
        #expect(r.buffers.count == 1 && r.buffers[0].direction == .in && r.buffers[0].size == 32)
        #expect(r.buffers[0].site == .register(2))
        #expect(r.load(UInt64.self, buffer: 0, at: 0) == 0xffff_8880_0000_0000)
        #expect(r.load(UInt64.self, buffer: 0, at: 8) == 0x10_0000)
        #expect(r.load(UInt64.self, buffer: 0, at: 16) == 0x1000)
        #expect(r.load(UInt32.self, buffer: 0, at: 24) == VCPU_HCALL_BUFFER_ADDRESS_SPACE)
        #expect(r.load(UInt32.self, buffer: 0, at: 28) == 0)
        let p = VCPUOp.purgeHcallBuffers(vcpu: 1, va: 0, size: VCPU_HCALL_BUFFER_PURGE_ALL).encoded
        #expect(p.raw.args[0] == 17 && p.buffers.count == 1)
        #expect(p.load(UInt64.self, buffer: 0, at: 16) == .max)
        #expect(p.load(UInt32.self, buffer: 0, at: 24) == 0)
        let s = VCPUOp.shareHcallBuffers(vcpu: 2, source: 5).encoded
        #expect(s.raw.args[0] == 18 && s.raw.args[1] == 2 && s.buffers.count == 1)
        #expect(s.load(UInt32.self, buffer: 0, at: 28) == 5)
        #expect(s.op == OpWord(.vcpu_op))
    }

    @Test("vcpu_hcall_buffer_t: va 0, gpa 8, size 16, flags 24, source 28, sizeof 32, as the C compiler lays it out")
    func hcallBufferLayout() {
        typealias B = VCPUOp.HcallBuffer
        #expect(B.size == 32 && MemoryLayout<vcpu_hcall_buffer_t>.size == 32)
        #expect([B.Offsets.va, B.Offsets.gpa, B.Offsets.size, B.Offsets.flags, B.Offsets.source] == [0, 8, 16, 24, 28])
        let c = LayoutTests.cRows
        #expect(c["vcpu_hcall_buffer_t."]?.size == 32)
        for (field, offset, size) in [("va", 0, 8), ("gpa", 8, 8), ("size", 16, 8), ("flags", 24, 4), ("source", 28, 4)] {
            #expect(c["vcpu_hcall_buffer_t." + field]?.offset == offset, "\(field)")
            #expect(c["vcpu_hcall_buffer_t." + field]?.size == size, "\(field)")
        }
        #expect(B.addressSpaceFlag == 1 && B.purgeAll == .max && VCPU_HCALL_BUFFER_MAX == 4096)
    }

    /// Decodes `op` with its struct replaced by `b` (placed linear).
    func decode(_ cmd: Int32, _ b: VCPUOp.HcallBuffer) throws(DecodeError) -> VCPUOp {
        let op: VCPUOp = switch cmd {
        case VCPUOP_register_hcall_buffer: .registerHcallBuffer(vcpu: 0, b)
        case VCPUOP_purge_hcall_buffers: .purgeHcallBuffers(vcpu: 0, b)
        default: .shareHcallBuffers(vcpu: 0, b)
        }
        var c = EncodedCall()
        op.encode(into: &c)
        let addresses = c.placeLinear()
        return try VCPUOp.decode(c.raw, memory: CallImageMemory(c, addresses: addresses))
    }

    static let r16 = "vcpu_op.register_hcall_buffer."
    static let p17 = "vcpu_op.purge_hcall_buffers."
    static let s18 = "vcpu_op.share_hcall_buffers."

    @Test("register (16): each field rule is its own -EINVAL",
          arguments: [
              (VCPUOp.HcallBuffer(va: 0x1000, gpa: 0x2000, size: 0x1000, flags: 2), DecodeError(.invalid("flags 0x2 has bits other than VCPU_HCALL_BUFFER_ADDRESS_SPACE"), at: r16 + "flags")),
              (.init(va: 0x1000, gpa: 0x2000, size: 0x1000, flags: 0x8000_0001), DecodeError(.invalid("flags 0x80000001 has bits other than VCPU_HCALL_BUFFER_ADDRESS_SPACE"), at: r16 + "flags")),
              (.init(va: 0x1000, gpa: 0x2000, size: 0x1000, source: 1), DecodeError(.invalid("source 0x1 is not 0"), at: r16 + "source")),
              (.init(va: 0x1001, gpa: 0x2000, size: 0x1000), DecodeError(.invalid("va 0x1001 is not page-aligned"), at: r16 + "va")),
              (.init(va: 0x1000, gpa: 0x2800, size: 0x1000), DecodeError(.invalid("gpa 0x2800 is not page-aligned"), at: r16 + "gpa")),
              (.init(va: 0x1000, gpa: 0x2000, size: 0xfff), DecodeError(.invalid("size 0xfff is not page-aligned"), at: r16 + "size")),
              (.init(va: 0x1000, gpa: 0x2000, size: 0), DecodeError(.invalid("size is 0"), at: r16 + "size")),
              (.init(va: .max - 0xfff, gpa: 0x2000, size: 0x1000), DecodeError(.invalid("va + size wraps past 2^64"), at: r16 + "size")),
              (.init(va: .max - 0xfff, gpa: 0x2000, size: 0x2000), DecodeError(.invalid("va + size wraps past 2^64"), at: r16 + "size")),
              (.init(va: 0x1000, gpa: .max - 0xfff, size: 0x1000), DecodeError(.invalid("gpa + size wraps past 2^64"), at: r16 + "size")),
          ])
    func registerRules(_ b: VCPUOp.HcallBuffer, _ expected: DecodeError) {
        #expect(throws: expected) { try decode(VCPUOP_register_hcall_buffer, b) }
        #expect(expected.errno == .EINVAL)
    }

    @Test("register (16): the largest valid ranges decode, with or without the flag")
    func registerEdges() throws {
        let top = VCPUOp.HcallBuffer.register(va: .max - 0x1fff, gpa: .max - 0x1fff, size: 0x1000, addressSpace: true)
        #expect(try decode(VCPUOP_register_hcall_buffer, top) == .registerHcallBuffer(vcpu: 0, top))
        let zero = VCPUOp.HcallBuffer.register(va: 0, gpa: 0, size: 0x1000)
        #expect(try decode(VCPUOP_register_hcall_buffer, zero) == .registerHcallBuffer(vcpu: 0, zero))
    }

    @Test("purge (17): each field rule is its own -EINVAL",
          arguments: [
              (VCPUOp.HcallBuffer(va: 0x1000, size: 0x1000, flags: 4), DecodeError(.invalid("flags 0x4 has bits other than VCPU_HCALL_BUFFER_ADDRESS_SPACE"), at: p17 + "flags")),
              (.init(va: 0x1000, gpa: 0x1000, size: 0x1000), DecodeError(.invalid("gpa 0x1000 is not 0"), at: p17 + "gpa")),
              (.init(va: 0x1000, size: 0x1000, source: 3), DecodeError(.invalid("source 0x3 is not 0"), at: p17 + "source")),
              (.init(va: 16, size: .max - 8), DecodeError(.invalid("va + size wraps past 2^64"), at: p17 + "size")),
              (.init(va: .max, size: 1, flags: 1), DecodeError(.invalid("va + size wraps past 2^64"), at: p17 + "size")),
          ])
    func purgeRules(_ b: VCPUOp.HcallBuffer, _ expected: DecodeError) {
        #expect(throws: expected) { try decode(VCPUOP_purge_hcall_buffers, b) }
    }

    @Test("purge (17): any byte alignment, size 0, and PURGE_ALL from any va decode")
    func purgeAccepts() throws {
        for b in [VCPUOp.HcallBuffer.purge(va: 0x1234, size: 0x77), .purge(va: 0x1234, size: 0, addressSpace: true),
                  .purge(va: .max, size: VCPU_HCALL_BUFFER_PURGE_ALL), .purge(va: 0, size: .max - 1),
                  .purge(va: 5, size: VCPU_HCALL_BUFFER_PURGE_ALL, addressSpace: true)] {
            #expect(try decode(VCPUOP_purge_hcall_buffers, b) == .purgeHcallBuffers(vcpu: 0, b))
        }
    }

    @Test("share (18): va, gpa, size or flags nonzero is -EINVAL; any source decodes (ENOENT is the hypervisor's)",
          arguments: [
              (VCPUOp.HcallBuffer(va: 0x1000), DecodeError(.invalid("va 0x1000 is not 0"), at: s18 + "va")),
              (.init(gpa: 0x1000), DecodeError(.invalid("gpa 0x1000 is not 0"), at: s18 + "gpa")),
              (.init(size: 1), DecodeError(.invalid("size 0x1 is not 0"), at: s18 + "size")),
              (.init(flags: 1, source: 1), DecodeError(.invalid("flags 0x1 is not 0"), at: s18 + "flags")),
          ])
    func shareRules(_ b: VCPUOp.HcallBuffer, _ expected: DecodeError) throws {
        #expect(throws: expected) { try decode(VCPUOP_share_hcall_buffers, b) }
        #expect(try decode(VCPUOP_share_hcall_buffers, .share(source: .max)) == .shareHcallBuffers(vcpu: 0, source: .max))
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
            ([16, 0, 0x1000], DecodeError(.unreadable(.EFAULT), at: "vcpu_op.register_hcall_buffer")),
            ([17, 0, 0], DecodeError(.unreadable(.EFAULT), at: "vcpu_op.purge_hcall_buffers")),
            ([18, 0, 1 << 33], DecodeError(.unreadable(.EFAULT), at: "vcpu_op.share_hcall_buffers")),
            ([6, 0, 0x1000], DecodeError(.unreadable(.EFAULT), at: "vcpu_op.set_periodic_timer")),
        ]
        for (args, expected) in bad {
            #expect(throws: expected) { try VCPUOp.decode(RawHypercall(op: OpWord(.vcpu_op), args: HypercallArgs(args)), memory: mem) }
        }
    }

    @Test("catalog builds the vcpu_hcall_buffer_t sub-ops from its C field names")
    func catalog() throws {
        let c = try CallCatalog.make("vcpu_op", "register_hcall_buffer",
                                     FieldValues(arguments: ["vcpuid=0", "va=0xffff888000000000", "gpa=0x100000", "size=0x1000", "flags=1"]))
        #expect(c == .vcpuOp(.registerHcallBuffer(vcpu: 0, va: 0xffff_8880_0000_0000, gpa: 0x10_0000, size: 0x1000, addressSpace: true)))
        let p = try CallCatalog.make("vcpu_op", "purge_hcall_buffers", FieldValues(arguments: ["vcpuid=1"]))
        #expect(p == .vcpuOp(.purgeHcallBuffers(vcpu: 1, va: 0, size: .max)))
        let p2 = try CallCatalog.make("vcpu_op", "purge_hcall_buffers", FieldValues(arguments: ["vcpuid=1", "va=0x10", "size=0x20", "flags=1"]))
        #expect(p2 == .vcpuOp(.purgeHcallBuffers(vcpu: 1, va: 0x10, size: 0x20, addressSpace: true)))
        let s = try CallCatalog.make("vcpu_op", "share_hcall_buffers", FieldValues(arguments: ["vcpuid=2", "source=0"]))
        #expect(s == .vcpuOp(.shareHcallBuffers(vcpu: 2, source: 0)))
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
