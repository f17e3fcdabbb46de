// Drives the mock syscalls, which exist only with ENABLE_MOCKING (debug builds).
#if ENABLE_MOCKING
import CXen
import Testing
@_spi(Testing) @testable import Privcmd
import XenABI
import XenToolstack

/// `XenCall.send` of a typed call returns its outputs as values; what a
/// hostile Xen writes past a buffer is `PrivcmdError.outputs`, naming the
/// field, never a trap.
@Suite("XenCall.send: typed outputs")
struct TypedSendTests {
    func make() -> (FakeKernel, FakeToolstackXen) {
        let k = FakeKernel()
        let x = FakeToolstackXen()
        x.install(on: k)
        return (k, x)
    }

    @Test("physinfo, sched_id, the domain list, a console read and vCPU info come back as values")
    func values() throws {
        let (k, x) = make()
        try k.run { () throws in
            let xen = try XenCall(policy: .linear)
            let info = try xen.send(Sysctl.PhysInfoQuery())
            #expect(info.nrCPUs == 8 && info.hwCap.last == 0xabcd)
            #expect(try xen.send(Sysctl.SchedIDQuery()) == UInt32(XEN_SCHEDULER_CREDIT2))
            let list = try xen.sendWithResult(Sysctl.DomainInfoListQuery(firstDomain: 0, maxDomains: 8))
            #expect(list.result == 0 && list.outputs.map(\.domain) == [0, 3])
            let read = try xen.send(Sysctl.ReadConsoleQuery(incremental: false, count: 10))
            #expect(read == ConsoleRead(bytes: Array(x.ring.prefix(10)), nextIndex: 10))
            let v = try xen.send(Domctl.VCPUInfoQuery(domain: 3, vcpu: 1))
            #expect(v.vcpu == 1 && v.cpu == 6 && v.blocked && !v.running)
        }
    }

    @Test("a hostile count: .outputs with the exact DecodeError, for the call and through the toolstack")
    func hostileCounts() throws {
        let (k, x) = make()
        x.extraCount = 1
        let size = DomainInfoLayout.size
        try k.run { () throws in
            let xen = try XenCall(policy: .linear)
            #expect(throws: PrivcmdError.outputs(DecodeError(.outOfBounds(offset: 0, count: 3 * size, size: 2 * size), at: "sysctl.getdomaininfolist.num_domains"))) {
                try xen.send(Sysctl.DomainInfoListQuery(firstDomain: 0, maxDomains: 2))
            }
            #expect(throws: PrivcmdError.outputs(DecodeError(.outOfBounds(offset: 0, count: 11, size: 10), at: "sysctl.readconsole.count"))) {
                try xen.send(Sysctl.ReadConsoleQuery(incremental: false, count: 10))
            }
            // Through the toolstack: the same typed error, not a trap or a short read.
            let ts = try Toolstack(xen: xen)
            #expect(throws: PrivcmdError.outputs(DecodeError(.outOfBounds(offset: 0, count: 3 * size, size: 2 * size), at: "sysctl.getdomaininfolist.num_domains"))) {
                try ts.domains(batch: 2)
            }
            #expect(throws: PrivcmdError.outputs(DecodeError(.outOfBounds(offset: 0, count: 11, size: 10), at: "sysctl.readconsole.count"))) {
                try ts.readConsole(incremental: false, size: 10)
            }
        }
    }
}
#endif
