import Testing
import CXen
import XenABI
import XenConformance

@Suite("Conformance: one call in linear and in a flavour, compared")
struct ConformanceTests {
    /// On the model every flavour equals linear, top-level and in multicalls.
    @Test(arguments: [Flavour.flat, .gfnList, .tagged])
    func modelIsEqual(_ f: Flavour) {
        let calls: [AnyHypercall] = [.xenVersion(.extraversion), .xenVersion(.compileInfo), .sysctl(Sysctl(.physinfo)),
                                     .sysctl(Sysctl(.getDomainInfoList(firstDomain: 0, maxDomains: 64, buffer: .buffer)))]
        for c in calls {
            let r = Conformance.topLevel(c, in: f, on: ModelExecutor())
            #expect(r.equal && r.masked == 0, "\(c): \(r.why)")
        }
        let (same, masked, why) = Conformance.multicall(calls, names: calls.map { "\($0)" }, in: f, multicallFlavour: .flat, on: ModelExecutor())
        #expect(same && masked == 0, "\(why)")
    }

    /// A byte a flavour writes differently is found, named by buffer and byte.
    @Test func corruptedFlavourIsFound() {
        let r = Conformance.topLevel(.xenVersion(.extraversion), in: .gfnList, on: CorruptingExecutor(base: ModelExecutor(), offset: 3))
        #expect(!r.equal && r.why == "buffer 0 byte 3: linear 0x78, physical 0x79", "\(r.why)")
    }

    /// A result that differs only in the physical flavour is found.
    @Test func resultIsCompared() {
        struct FlatRefused: CallExecutor {
            func execute(_ call: inout EncodedCall) -> Int64 {
                call.op.flavour == .flat ? XenErrno.EOPNOTSUPP.returnValue : ModelExecutor().execute(&call)
            }
        }
        let r = Conformance.topLevel(.xenVersion(.pagesize), in: .flat, on: FlatRefused())
        #expect(!r.equal && r.why == "result linear 4096, physical \(XenErrno.EOPNOTSUPP.returnValue)")
    }

    /// Unmarked output bytes are poisoned, inputs and handles are not; a
    /// field set to the first poison shows with the second.
    @Test func poisonAndFootprint() {
        var c = Sysctl(.readconsole(clear: 0, incremental: 1, index: 9, count: 64, buffer: .buffer)).encoded
        let before = c
        Footprint.poison(&c, with: Conformance.poison)
        for (j, m) in c.marks.enumerated() {
            #expect(m == .none ? c.bytes[j] == Conformance.poison : c.bytes[j] == before.bytes[j])
        }
        let model = ModelExecutor()
        // The union's last byte, past xen_sysctl_physinfo: stored with the first poison itself.
        let last = SysctlLayout.size - 1, u = SysctlLayout.u, end = u + MemoryLayout<xen_sysctl_physinfo>.size
        let extra = ExtraFieldExecutor(base: model, offset: last, value: Conformance.poison)
        let a = Conformance.run(.sysctl(Sysctl(.physinfo)), .linear, on: extra)
        let b = Conformance.run(.sysctl(Sysctl(.physinfo)), .linear, on: extra, poison: Conformance.secondPoison)
        #expect(a.footprint.buffers[0].last?.upperBound == end)
        #expect(a.footprint.union(b.footprint).buffers[0].last == last ..< last + 1)
    }

    /// A multicall in a list flavour is sent with its call list in that
    /// flavour too (the patched Xen reads it by index), its entries as well.
    @Test func multicallListInFlavour() {
        struct Recorder: CallExecutor {
            func execute(_ call: inout EncodedCall) -> Int64 {
                guard call.op.flavour == .tagged, call.flavour(ofOwner: 1) == .tagged else { return XenErrno.EOPNOTSUPP.returnValue }
                return ModelExecutor().execute(&call)
            }
        }
        let o = Conformance.run(.multicall(Multicall([.init(.xenVersion(.version))])), .tagged, on: Recorder())
        #expect(o.result == 0)
    }
}
