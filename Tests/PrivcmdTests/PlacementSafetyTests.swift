// Drives the mock syscalls, which exist only with ENABLE_MOCKING (debug builds).
#if ENABLE_MOCKING
#if canImport(Glibc)
import Glibc
#endif
import CXen
import Testing
@_spi(Testing) @testable import Privcmd
import XenABI

/// When physical handles would name the wrong memory (a PV domain, a pool
/// whose pages may migrate, frame 0), the policy picks `linear` with a
/// recorded reason and placement refuses with a typed error.
@Suite("physical handles only where frame numbers are GFNs")
struct PlacementSafetyTests {
    let xenVersion = UInt64(HypercallNumber.xen_version.rawValue)

    func setUp(features: UInt32, pinned: Bool = true) -> (FakeKernel, FakeXen) {
        let k = FakeKernel()
        if pinned { k.pinPool() }
        k.pagemap = { vpn in (1 << 63) | (0x70000 + UInt64(vpn % 0x10000)) }
        let x = FakeXen()
        x.features = features
        x.install(on: k)
        return (k, x)
    }

    @Test("PV domain (auto_translated_physmap clear), feature bit set: automatic picks linear, untranslatedDomain, pagemap never read")
    func pvAutomatic() throws {
        let (k, x) = setUp(features: Feature.physBuffers)
        let (c, xc) = try k.run { () throws in
            let xc = try XenCall(policy: .automatic(.tagged))
            return (try xc.send(XenVersion.StringQuery.extraversion), xc)
        }
        #expect(c == ".7")
        #expect(xc.fallbacks == [FlavourFallback(flavour: .tagged, reason: .untranslatedDomain)])
        #expect(x.opsSeen.allSatisfy { $0 >> 12 == 0 })
        #expect(!k.mock.log.contains("pread"))
    }

    @Test("PV domain: assumeSupported picks linear too (untranslatedDomain), no flavoured op word sent", arguments: [Flavour.flat, .gfnList, .tagged])
    func pvAssumed(flavour: Flavour) throws {
        let (k, x) = setUp(features: Feature.physBuffers)
        let xc = try k.run { () throws in
            let xc = try XenCall(policy: .assumeSupported(flavour))
            #expect(try xc.send(XenVersion.version).result == 0x40011)
            _ = try xc.multicall([.xenVersion(.extraversion)])
            return xc
        }
        #expect(xc.fallbacks.map(\.reason) == [.untranslatedDomain])
        #expect(try k.run { () throws in try xc.currentFlavour() } == .linear)
        #expect(x.opsSeen.allSatisfy { $0 >> 12 == 0 })
        #expect(!k.mock.log.contains("pread"))
    }

    @Test("XENVER_get_features submap 0 is read once for both bits")
    func probeOnce() throws {
        let (k, x) = setUp(features: Feature.both)
        let (f, phys, translated) = try k.run { () throws in
            let xc = try XenCall(policy: .automatic(.flat))
            return (try xc.currentFlavour(), try xc.physicalBuffersSupported(), try xc.isTranslatedDomain())
        }
        #expect(f == .flat && phys && translated)
        #expect(x.opsSeen == [xenVersion])
    }

    @Test("issue with a flat entry in a PV domain: physicalPlacementRefused(.untranslatedDomain), nothing but the probe sent")
    func pvIssueRefused() throws {
        let (k, x) = setUp(features: Feature.physBuffers)
        k.run {
            #expect(throws: PrivcmdError.physicalPlacementRefused(.untranslatedDomain)) {
                var batch = Multicall([.init(.xenVersion(.extraversion), flavour: .flat)]).encoded
                _ = try XenCall(policy: .linear).issue(&batch)
            }
        }
        #expect(x.opsSeen == [xenVersion])
        #expect(!k.mock.log.contains("pread"))
    }

    @Test("anonymous pool: physical flavours not used (poolNotPinned)", arguments: [
        FlavourPolicy.automatic(.tagged), .assumeSupported(.flat),
    ])
    func anonymousPool(policy: FlavourPolicy) throws {
        let (k, x) = setUp(features: Feature.both, pinned: false)
        let xc = try k.run { () throws in
            let xc = try XenCall(policy: policy)
            #expect(xc.pool.backing != .hypercallDevice)
            #expect(try xc.send(XenVersion.StringQuery.extraversion) == ".7")
            return xc
        }
        #expect(xc.fallbacks.map(\.reason) == [.poolNotPinned])
        #expect(x.opsSeen.allSatisfy { $0 >> 12 == 0 })
        #expect(!k.mock.log.contains("pread"))
    }

    @Test("issue with an anonymous pool: physicalPlacementRefused(.poolNotPinned)")
    func anonymousIssueRefused() throws {
        let (k, _) = setUp(features: Feature.both, pinned: false)
        k.run {
            #expect(throws: PrivcmdError.physicalPlacementRefused(.poolNotPinned)) {
                var c = XenVersion.extraversion.encoded
                c.setFlavour(.gfnList, ofOwner: 0)
                _ = try XenCall(policy: .linear).issue(&c)
            }
        }
    }

    @Test("a staging page at frame 0: physicalPlacementRefused(.frameZero), no flavoured call sent")
    func frameZero() throws {
        let (k, x) = setUp(features: Feature.both)
        var reads = 0
        // The first pagemap read (page 0 of the staging region) is frame 0.
        k.pagemap = { vpn in
            reads += 1
            return reads == 1 ? 1 << 63 : (1 << 63) | (0x70000 + UInt64(vpn % 0x10000))
        }
        k.run {
            #expect(throws: PrivcmdError.physicalPlacementRefused(.frameZero(regionPage: 0))) {
                _ = try XenCall(policy: .assumeSupported(.gfnList)).send(XenVersion.extraversion)
            }
        }
        #expect(x.opsSeen == [xenVersion])  // the feature probe only
    }

    @Test("frame numbers: all 0 is hidden PFNs (frameNumbersUnavailable), a 0 among others is returned")
    func hiddenVersusZero() throws {
        let k = FakeKernel()
        var zeroFirst = false
        k.pagemap = { vpn in zeroFirst ? (vpn % 2 == 0 ? 1 << 63 : (1 << 63) | 0x500) : 1 << 63 }
        try k.run { () throws in
            let pool = try HypercallBufferPool(devicePath: nil)
            let b = try pool.allocate(pages: 2)
            #expect(throws: PrivcmdError.frameNumbersUnavailable("/proc/self/pagemap hides PFNs (needs CAP_SYS_ADMIN)")) {
                try pool.frameNumbers(of: b)
            }
            zeroFirst = true
            #expect(try pool.frameNumbers(of: b).contains(0))
        }
    }
}
#endif
