import CXen
import Testing
@testable import XenABI
import GuestPlacement
import XenABITestSupport

@Suite("Register-only hypercalls (x86 PV and timers)")
struct RegisterCallTests {
    static func random<C: RegisterCall>(_: C.Type, _ rng: inout SeededRNG) -> C {
        var r = HypercallArgs()
        for i in 0 ..< C.registerNames.count { r[i] = rng.next() }
        return C(registers: r)
    }

    static func randomCalls(_ rng: inout SeededRNG) -> [AnyHypercall] {
        [
            .setTimerOp(random(SetTimerOp.self, &rng)), .vmAssist(random(VMAssist.self, &rng)),
            .fpuTaskswitch(random(FPUTaskswitch.self, &rng)), .setDebugreg(random(SetDebugreg.self, &rng)),
            .getDebugreg(random(GetDebugreg.self, &rng)), .updateDescriptor(random(UpdateDescriptor.self, &rng)),
            .setSegmentBase(random(SetSegmentBase.self, &rng)), .stackSwitch(random(StackSwitch.self, &rng)),
            .setCallbacks(random(SetCallbacks.self, &rng)), .iret(Iret()),
            .updateVAMapping(random(UpdateVAMapping.self, &rng)),
            .updateVAMappingOtherdomain(random(UpdateVAMappingOtherdomain.self, &rng)),
        ]
    }

    @Test("every register call round-trips with random registers and uses no buffer")
    func roundTrips() throws {
        var rng = SeededRNG(seed: 0x9e61_0001)
        for _ in 0 ..< 100 {
            for c in Self.randomCalls(&rng) {
                let e = c.encoded
                #expect(e.buffers.isEmpty)
                let (d, same) = try roundTrip(c)
                #expect(d == c)
                #expect(same)
            }
        }
    }

    @Test("registers land where the HYPERVISOR_* prototype puts them")
    func registers() {
        let u = UpdateVAMappingOtherdomain(va: 0xffff_c900_0000_0000, val: 0x8000_0000_1234_5067, flags: UInt64(XENABI_UVMF_INVLPG), domid: 7).encoded
        #expect(u.op == OpWord(.update_va_mapping_otherdomain))
        #expect(u.raw.args.array == [0xffff_c900_0000_0000, 0x8000_0000_1234_5067, 2, 7, 0])
        let s = SetSegmentBase(which: UInt64(SEGBASE_GS_USER_SEL), base: 0x2b).encoded
        #expect(s.raw.args.array == [3, 0x2b, 0, 0, 0])
        #expect(VMAssist(cmd: VMAssist.enable, type: UInt64(VMASST_TYPE_writable_pagetables)).encoded.raw.args.array == [0, 2, 0, 0, 0])
    }

    @Test("registers a call does not use are ignored by its decoder")
    func unusedRegisters() throws {
        let mem = CallImageMemory(EncodedCall(), addresses: [])
        let d = try SetTimerOp.decode(.init(op: OpWord(.set_timer_op), args: .init([5, 6, 7, 8, 9])), memory: mem)
        #expect(d == SetTimerOp(timeout: 5))
    }

    @Test("catalog: every register call as `call`, and in a multicall")
    func catalogAndMulticall() throws {
        #expect(try CallCatalog.make("set_timer_op", "call", FieldValues(arguments: ["timeout=0x10"])) == .setTimerOp(.init(timeout: 16)))
        #expect(try CallCatalog.make("stack_switch", "call", FieldValues(arguments: ["ss=0xe02b", "esp=0x1000"])) == .stackSwitch(.init(ss: 0xe02b, esp: 0x1000)))
        #expect(CallCatalog.entries.filter { $0.subop == "call" }.count >= 12)
        var rng = SeededRNG(seed: 0x9e61_0002)
        let m = Multicall(Self.randomCalls(&rng).map { .init($0) })
        let (d, same) = try roundTrip(m)
        #expect(d == m)
        #expect(same)
    }
}
