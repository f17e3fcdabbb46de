// Drives the mock syscalls, which exist only with ENABLE_MOCKING (debug builds).
#if ENABLE_MOCKING
#if canImport(Glibc)
import Glibc
#endif
import CXen
import Testing
@_spi(Testing) @testable import Privcmd
import XenABI

/// When a flavoured call's -ENOSYS is its own answer, and when it means the
/// hypervisor lacks the ABI (the clean probe says so). `XENVER_pagesize`
/// takes no buffer and this fake Xen answers it -ENOSYS: an error of the
/// call itself, not of its flavour.
@Suite("flavour fallback only where the hypervisor lacks the ABI")
struct FallbackTests {
    let v = UInt64(HypercallNumber.xen_version.rawValue)
    let mc = UInt64(HypercallNumber.multicall.rawValue)

    func setUp(features: UInt32, abi: Bool) -> (FakeKernel, FakeXen) {
        let k = FakeKernel()
        k.pinPool()
        let x = FakeXen()
        x.features = features
        x.abi = abi
        x.install(on: k)
        return (k, x)
    }

    @Test("feature present (automatic): a flavoured call's -ENOSYS is thrown, not re-sent, no switch")
    func automaticCallError() throws {
        let (k, x) = setUp(features: Feature.both, abi: true)
        let (xc, f) = try k.run { () throws in
            let xc = try XenCall(policy: .automatic(.flat))
            #expect(throws: PrivcmdError.hypercall(.ENOSYS)) { try xc.send(XenVersion.pagesize) }
            #expect(try xc.send(XenVersion.version).result == 0x40011)
            return (xc, try xc.currentFlavour())
        }
        #expect(x.opsSeen == [v, v | 1 << 12, v | 1 << 12])  // probe, pagesize once, version
        #expect(xc.fallbacks.isEmpty && f == .flat)
    }

    @Test("feature present (automatic): a multicall entry's -ENOSYS is its own: one batch, nothing re-run")
    func automaticEntryError() throws {
        let (k, x) = setUp(features: Feature.both, abi: true)
        let (out, xc) = try k.run { () throws in
            let xc = try XenCall(policy: .automatic(.tagged))
            return (try xc.multicall([.xenVersion(.version), .xenVersion(.pagesize), .xenVersion(.version)]), xc)
        }
        #expect(out.map(\.result) == [0x40011, XenErrno.ENOSYS.returnValue, 0x40011])
        #expect(out.map(\.flavour) == [.tagged, .tagged, .tagged])
        #expect(x.opsSeen == [v, mc])
        #expect(xc.fallbacks.isEmpty)
    }

    @Test("assumeSupported, the clean probe answers: the -ENOSYS stands, nothing re-sent; probed once")
    func assumedCallError() throws {
        let (k, x) = setUp(features: Feature.translated, abi: true)
        let xc = try k.run { () throws in
            let xc = try XenCall(policy: .assumeSupported(.gfnList))
            #expect(throws: PrivcmdError.hypercall(.ENOSYS)) { try xc.send(XenVersion.pagesize) }
            #expect(throws: PrivcmdError.hypercall(.ENOSYS)) { try xc.send(XenVersion.pagesize) }
            return xc
        }
        let g = v | 2 << 12
        #expect(x.opsSeen == [v, g, g, g])  // translation probe, pagesize, clean probe, pagesize
        #expect(x.argsSeen[2] == [0, 0, 0, 0, 0])
        #expect(xc.fallbacks.isEmpty)
    }

    @Test("assumeSupported, the clean probe answers: a multicall entry's -ENOSYS stands, one batch")
    func assumedEntryError() throws {
        let (k, x) = setUp(features: Feature.translated, abi: true)
        let (out, xc) = try k.run { () throws in
            let xc = try XenCall(policy: .assumeSupported(.flat))
            return (try xc.multicall([.xenVersion(.pagesize), .xenVersion(.version)]), xc)
        }
        #expect(out.map(\.result) == [XenErrno.ENOSYS.returnValue, 0x40011])
        #expect(x.opsSeen == [v, mc, v | 1 << 12])
        #expect(xc.fallbacks.isEmpty)
    }

    @Test("assumeSupported, the probe says no ABI but some entries ran: multicallPartlyRan, nothing re-sent")
    func partlyRan() throws {
        let (k, x) = setUp(features: Feature.translated, abi: false)
        x.abiInMulticall = true  // an inconsistent hypervisor: entries ran, the top-level probe is refused
        let xc = try k.run { () throws in
            let xc = try XenCall(policy: .assumeSupported(.flat))
            #expect(throws: PrivcmdError.multicallPartlyRan(results: [0x40011, XenErrno.ENOSYS.returnValue])) {
                try xc.multicall([.xenVersion(.version), .xenVersion(.pagesize)])
            }
            return xc
        }
        #expect(x.opsSeen == [v, mc, v | 1 << 12])  // one batch only
        #expect(xc.fallbacks.map(\.reason) == [.hypervisorENOSYS(OpWord(.xen_version, flavour: .flat))])
    }
}
#endif
