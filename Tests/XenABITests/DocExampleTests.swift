import CXen
import Testing
import XenABI

/// What the DocC article "Sending a typed call" (XenABI.docc) says its
/// examples print.
@Suite("DocC: sending a typed call")
struct DocExampleTests {
    @Test("xen_version has no buffer; decrease_reservation nests its extent list")
    func article() {
        let version = XenVersion.version.encoded
        #expect(version.op == OpWord(.xen_version))
        #expect(version.raw.args[0] == UInt64(XENVER_version))
        #expect(version.buffers.isEmpty)
        let call = MemoryOp.decreaseReservation(.init(nrExtents: 2), extents: [0x1000, 0x1001]).encoded
        #expect(call.buffers.count == 2)
        #expect(call.buffers[0].site == .register(1))
        #expect(call.buffers[1].site == .nested(buffer: 0, offset: 0))
        #expect(call.buffers[1].size == 16 && call.buffers[1].direction == .in)
    }

    @Test("outputs as values: the article's domain list, read from a call nothing ran (num_domains 0)")
    func outputs() throws {
        let query = Sysctl.DomainInfoListQuery(firstDomain: 0, maxDomains: 64)
        let call = query.encoded
        let domains: [DomainInfo] = try Sysctl.DomainInfoListQuery.outputs(of: call, result: 0)
        #expect(domains.isEmpty)
    }
}
