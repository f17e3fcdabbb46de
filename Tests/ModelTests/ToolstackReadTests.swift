import Testing
import CXen
@testable import XenABI
@testable import XenModel

/// Runs `call` on the model in `flavour` (a fresh two-vCPU domain): the
/// result and the call with the guest's buffers read back.
func runModel(_ call: AnyHypercall, _ flavour: Flavour = .linear, domain: ModelDomain = ModelDomain(frameCount: 1 << 14, vcpus: 2),
              host: ModelHostInfo = ModelHostInfo()) throws -> (Int64, EncodedCall) {
    var p = try domain.place(call.encoded, flavour: { _ in flavour }, options: .init(offsets: .random, scattered: true, seed: 7))
    var hv = ModelHypervisor(domain)
    hv.host = host
    let r = hv.execute(p.raw)
    domain.readBack(&p)
    return (r.returnValue, p.call)
}

/// Runs a typed call on the model as `runModel` does (`ModelHypervisor.run`):
/// its outputs.
func runTyped<Call: HypercallOutputs>(_ call: Call, _ flavour: Flavour = .linear, domain: ModelDomain = ModelDomain(frameCount: 1 << 14, vcpus: 2),
                                      host: ModelHostInfo = ModelHostInfo()) throws -> Call.Output {
    var hv = ModelHypervisor(domain)
    hv.host = host
    return try hv.run(call, flavour: flavour, options: .init(offsets: .random, scattered: true, seed: 7)).outputs
}

/// The bytes of buffer `i` of `c` from `range`.
func slice(_ c: EncodedCall, _ i: Int, _ range: Range<Int>) -> [UInt8] { Array(c.bytes(of: i).dropFirst(range.lowerBound).prefix(range.count)) }

@Suite("The model's read-only sysctls and domctls (xen/common/sysctl.c, domctl.c)")
struct ToolstackReadTests {
    let u = SysctlLayout.u

    /// physinfo fills exactly `xen_sysctl_physinfo`; the header and the rest of the union stay as sent.
    @Test(arguments: Flavour.allCases)
    func physinfo(_ f: Flavour) throws {
        let (rv, c) = try runModel(.sysctl(Sysctl(.physinfo)), f)
        #expect(rv == 0)
        let info = try runTyped(Sysctl.PhysInfoQuery(), f)
        #expect(info == (try Sysctl.PhysInfoQuery.outputs(of: c, result: rv)))
        #expect(info.nrCPUs == 2 && info.maxCPUID == 1 && info.totalPages == 1 << 20)
        let sent = Sysctl(.physinfo).encoded
        #expect(slice(c, 0, 0 ..< u) == slice(sent, 0, 0 ..< u))
        let end = u + MemoryLayout<xen_sysctl_physinfo>.size
        #expect(slice(c, 0, end ..< SysctlLayout.size) == slice(sent, 0, end ..< SysctlLayout.size))
    }

    /// One domain, the caller: an entry and num_domains 1 from domain 0, none from 1.
    @Test func getDomainInfoList() throws {
        let (rv, c) = try runModel(.sysctl(Sysctl(.getDomainInfoList(firstDomain: 0, maxDomains: 4, buffer: .buffer))))
        let list = try Sysctl.DomainInfoListQuery.outputs(of: c, result: rv)
        #expect(rv == 0 && list.count == 1)
        let d = try #require(list.first)
        #expect(d.domain == 0 && d.nrOnlineVCPUs == 2 && d.maxVCPUID == 1 && d.isRunning)
        #expect(slice(c, 1, DomctlLayout.getDomainInfoSize ..< 4 * DomctlLayout.getDomainInfoSize).allSatisfy { $0 == 0 })
        #expect(try runTyped(Sysctl.DomainInfoListQuery(firstDomain: 0, maxDomains: 4)) == list)
        #expect(try runTyped(Sysctl.DomainInfoListQuery(firstDomain: 1, maxDomains: 4)).isEmpty)
        // A null list with room for a domain: Xen's copy_to_guest_offset fails.
        let (rv2, _) = try runModel(.sysctl(Sysctl(.getDomainInfoList(firstDomain: 0, maxDomains: 1, buffer: .null))))
        #expect(rv2 == XenErrno.EFAULT.returnValue)
    }

    /// read_console_ring: the boot log then the domain's writes; incremental
    /// from an index; `clear` moves the consumer index.
    @Test func readconsole() throws {
        let domain = ModelDomain(frameCount: 1 << 14)
        domain.consoleOutput = Array("guest line\n".utf8)
        let log = ModelHostInfo().bootLog
        func read(_ clear: UInt8, _ incremental: UInt8, _ index: UInt32) throws -> (Int64, String, UInt32, UInt32) {
            let out = try runTyped(Sysctl.ReadConsoleQuery(clear: clear != 0, incremental: incremental != 0, index: index, count: 4096), domain: domain)
            return (0, String(decoding: out.bytes, as: UTF8.self), UInt32(out.bytes.count), out.nextIndex)
        }
        let all = try read(0, 0, 0)
        #expect(all.0 == 0 && all.1 == String(decoding: log, as: UTF8.self) + "guest line\n" && all.3 == UInt32(log.count + 11))
        let tail = try read(0, 1, UInt32(log.count))
        #expect(tail.1 == "guest line\n" && tail.2 == 11)
        _ = try read(1, 1, UInt32(log.count))
        #expect(domain.consoleRingStart == log.count + 11)
        let after = try read(0, 0, 0)
        #expect(after.0 == 0 && after.2 == 0)
    }

    /// cputopoinfo: a null handle asks the count; a short array gets what fits.
    @Test func cputopoinfo() throws {
        #expect(try runTyped(Sysctl.CPUTopologyQuery()) == CPUTopology(numCPUs: 2, cpus: []))
        let (rv1, c1) = try runModel(.sysctl(Sysctl(.cputopoinfo(numCPUs: 3, cputopo: .buffer))))
        let topo = try Sysctl.CPUTopologyQuery.outputs(of: c1, result: rv1)
        #expect(rv1 == 0 && topo.numCPUs == 2 && topo.cpus.map(\.core) == [0, 1])  // CPU 1's core
        #expect(try runTyped(Sysctl.CPUTopologyQuery(numCPUs: 3)) == topo)
        #expect(slice(c1, 1, 2 * SysctlLayout.cputopoSize ..< 3 * SysctlLayout.cputopoSize).allSatisfy { $0 == 0 })
    }

    /// get_cpu_policy refuses what Xen refuses, and writes nothing on -ENOBUFS.
    @Test func cpuPolicy() throws {
        let policy = try runTyped(Sysctl.CPUPolicyQuery(index: 5, nrLeaves: 8, nrMSRs: 8))
        #expect(policy.nrLeaves == 2 && policy.leaves.first?.b == 0x416E_6558)
        #expect(policy.msrs.count == Int(policy.nrMSRs) && policy.msrs.dropFirst().first?.index == 0x10a)
        let (bad, _) = try runModel(.sysctl(Sysctl(.getCPUPolicy(index: 6, nrLeaves: 8, nrMSRs: 8, rsvd: 0, leaves: .buffer, msrs: .buffer))))
        #expect(bad == XenErrno.EINVAL.returnValue)
        let (rsvd, _) = try runModel(.sysctl(Sysctl(.getCPUPolicy(index: 0, nrLeaves: 8, nrMSRs: 8, rsvd: 1, leaves: .buffer, msrs: .buffer))))
        #expect(rsvd == XenErrno.EINVAL.returnValue)
        let (short, s) = try runModel(.sysctl(Sysctl(.getCPUPolicy(index: 0, nrLeaves: 1, nrMSRs: 8, rsvd: 0, leaves: .buffer, msrs: .buffer))))
        let shortPolicy = try Sysctl.CPUPolicyQuery.outputs(of: s, result: 0)
        #expect(short == XenErrno.ENOBUFS.returnValue && shortPolicy.nrLeaves == 1)
        #expect(throws: ModelRunError.hypercall(.ENOBUFS)) { try runTyped(Sysctl.CPUPolicyQuery(index: 0, nrLeaves: 1, nrMSRs: 8)) }
        #expect(shortPolicy.leaves == [CPUPolicy.Leaf(leaf: 0, subleaf: 0, a: 0, b: 0, c: 0, d: 0)])
    }

    /// The only domain is the caller's; vCPUs past the domain's are -EINVAL.
    @Test func domctlReads() throws {
        let (other, _) = try runModel(.domctl(Domctl(domain: 5, .getVCPUInfo(vcpu: 0))))
        #expect(other == XenErrno.ESRCH.returnValue)
        let (past, _) = try runModel(.domctl(Domctl(domain: 0, .getVCPUInfo(vcpu: 2))))
        #expect(past == XenErrno.EINVAL.returnValue)
        let info = try runTyped(Domctl.VCPUInfoQuery(domain: 0, vcpu: 1))
        #expect(info.vcpu == 1 && info.online && info.blocked && !info.running && info.cpu == 1)

        let map = OutBitmap(nrBits: 16)
        let (noFlags, _) = try runModel(.domctl(Domctl(domain: 0, .getVCPUAffinity(vcpu: 0, flags: 0, hard: map, soft: map))))
        #expect(noFlags == XenErrno.EINVAL.returnValue)
        let maps = try runTyped(Domctl.VCPUAffinityQuery(domain: 0, .getVCPUAffinity(vcpu: 0, flags: UInt32(XEN_VCPUAFFINITY_HARD), hard: map, soft: map)))
        #expect(maps == VCPUAffinityMaps(hard: [0x03, 0x00], soft: [0, 0]))

        let (reserved, _) = try runModel(.domctl(Domctl(domain: UInt16(XENABI_DOMID_FIRST_RESERVED), .getDomainInfo)))
        #expect(reserved == XenErrno.EINVAL.returnValue)
        let (above, _) = try runModel(.domctl(Domctl(domain: 1, .getDomainInfo)))
        #expect(above == XenErrno.ESRCH.returnValue)
        let self0 = try runTyped(Domctl.DomainInfoQuery(domain: 0))
        #expect(self0.domain == 0 && self0.totPages == 1 << 14 && self0.maxPages == 1 << 14)
    }
}
