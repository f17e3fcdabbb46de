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
        let info = PhysInfo(from: c)
        #expect(info.nrCPUs == 2 && info.maxCPUID == 1 && info.totalPages == 1 << 20)
        let sent = Sysctl(.physinfo).encoded
        #expect(slice(c, 0, 0 ..< u) == slice(sent, 0, 0 ..< u))
        let end = u + MemoryLayout<xen_sysctl_physinfo>.size
        #expect(slice(c, 0, end ..< SysctlLayout.size) == slice(sent, 0, end ..< SysctlLayout.size))
    }

    /// One domain, the caller: an entry and num_domains 1 from domain 0, none from 1.
    @Test func getDomainInfoList() throws {
        let numDomains = u + Layout.offset(\xen_sysctl_getdomaininfolist.num_domains)
        let (rv, c) = try runModel(.sysctl(Sysctl(.getDomainInfoList(firstDomain: 0, maxDomains: 4, buffer: .buffer))))
        #expect(rv == 0 && c.load(UInt32.self, buffer: 0, at: numDomains) == 1)
        let d = DomainInfo(from: c, buffer: 1, at: 0)
        #expect(d.domain == 0 && d.nrOnlineVCPUs == 2 && d.maxVCPUID == 1 && d.isRunning)
        #expect(slice(c, 1, DomctlLayout.getDomainInfoSize ..< 4 * DomctlLayout.getDomainInfoSize).allSatisfy { $0 == 0 })
        let (rv1, c1) = try runModel(.sysctl(Sysctl(.getDomainInfoList(firstDomain: 1, maxDomains: 4, buffer: .buffer))))
        #expect(rv1 == 0 && c1.load(UInt32.self, buffer: 0, at: numDomains) == 0)
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
            let (rv, c) = try runModel(.sysctl(Sysctl(.readconsole(clear: clear, incremental: incremental, index: index, count: 4096, buffer: .buffer))), domain: domain)
            let n = c.load(UInt32.self, buffer: 0, at: u + SysctlLayout.rcCount)
            return (rv, String(decoding: slice(c, 1, 0 ..< Int(n)), as: UTF8.self), n, c.load(UInt32.self, buffer: 0, at: u + SysctlLayout.rcIndex))
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
        let num = u + SysctlLayout.ctNum
        let (rv, c) = try runModel(.sysctl(Sysctl(.cputopoinfo(numCPUs: 0, cputopo: .null))))
        #expect(rv == 0 && c.load(UInt32.self, buffer: 0, at: num) == 2)
        let (rv1, c1) = try runModel(.sysctl(Sysctl(.cputopoinfo(numCPUs: 3, cputopo: .buffer))))
        #expect(rv1 == 0 && c1.load(UInt32.self, buffer: 0, at: num) == 2)
        #expect(c1.load(UInt32.self, buffer: 1, at: SysctlLayout.cputopoSize) == 1)  // CPU 1's core
        #expect(slice(c1, 1, 2 * SysctlLayout.cputopoSize ..< 3 * SysctlLayout.cputopoSize).allSatisfy { $0 == 0 })
    }

    /// get_cpu_policy refuses what Xen refuses, and writes nothing on -ENOBUFS.
    @Test func cpuPolicy() throws {
        let ok = Sysctl.Op.getCPUPolicy(index: 5, nrLeaves: 8, nrMSRs: 8, rsvd: 0, leaves: .buffer, msrs: .buffer)
        let (rv, c) = try runModel(.sysctl(Sysctl(ok)))
        #expect(rv == 0 && c.load(UInt32.self, buffer: 0, at: u + SysctlLayout.cpNrLeaves) == 2)
        #expect(c.load(UInt32.self, buffer: 1, at: Layout.offset(\xen_cpuid_leaf_t.b)) == 0x416E_6558)
        #expect(c.load(UInt32.self, buffer: 2, at: SysctlLayout.msrEntrySize) == 0x10a)
        let (bad, _) = try runModel(.sysctl(Sysctl(.getCPUPolicy(index: 6, nrLeaves: 8, nrMSRs: 8, rsvd: 0, leaves: .buffer, msrs: .buffer))))
        #expect(bad == XenErrno.EINVAL.returnValue)
        let (rsvd, _) = try runModel(.sysctl(Sysctl(.getCPUPolicy(index: 0, nrLeaves: 8, nrMSRs: 8, rsvd: 1, leaves: .buffer, msrs: .buffer))))
        #expect(rsvd == XenErrno.EINVAL.returnValue)
        let (short, s) = try runModel(.sysctl(Sysctl(.getCPUPolicy(index: 0, nrLeaves: 1, nrMSRs: 8, rsvd: 0, leaves: .buffer, msrs: .buffer))))
        #expect(short == XenErrno.ENOBUFS.returnValue && s.load(UInt32.self, buffer: 0, at: u + SysctlLayout.cpNrLeaves) == 1)
        #expect(s.bytes(of: 1).allSatisfy { $0 == 0 })
    }

    /// The only domain is the caller's; vCPUs past the domain's are -EINVAL.
    @Test func domctlReads() throws {
        let (other, _) = try runModel(.domctl(Domctl(domain: 5, .getVCPUInfo(vcpu: 0))))
        #expect(other == XenErrno.ESRCH.returnValue)
        let (past, _) = try runModel(.domctl(Domctl(domain: 0, .getVCPUInfo(vcpu: 2))))
        #expect(past == XenErrno.EINVAL.returnValue)
        let (rv, c) = try runModel(.domctl(Domctl(domain: 0, .getVCPUInfo(vcpu: 1))))
        let info = VCPUInfo(from: c)
        #expect(rv == 0 && info.online && info.blocked && !info.running && info.cpu == 1)

        let map = OutBitmap(nrBits: 16)
        let (noFlags, _) = try runModel(.domctl(Domctl(domain: 0, .getVCPUAffinity(vcpu: 0, flags: 0, hard: map, soft: map))))
        #expect(noFlags == XenErrno.EINVAL.returnValue)
        let (aff, a) = try runModel(.domctl(Domctl(domain: 0, .getVCPUAffinity(vcpu: 0, flags: UInt32(XEN_VCPUAFFINITY_HARD), hard: map, soft: map))))
        #expect(aff == 0 && Array(a.bytes(of: 1)) == [0x03, 0x00] && Array(a.bytes(of: 2)) == [0, 0])

        let (reserved, _) = try runModel(.domctl(Domctl(domain: UInt16(XENABI_DOMID_FIRST_RESERVED), .getDomainInfo)))
        #expect(reserved == XenErrno.EINVAL.returnValue)
        let (above, _) = try runModel(.domctl(Domctl(domain: 1, .getDomainInfo)))
        #expect(above == XenErrno.ESRCH.returnValue)
        let (found, d) = try runModel(.domctl(Domctl(domain: 0, .getDomainInfo)))
        let self0 = DomainInfo(from: d, buffer: 0, at: DomctlLayout.u)
        #expect(found == 0 && self0.domain == 0 && self0.totPages == 1 << 14 && self0.maxPages == 1 << 14)
    }
}
