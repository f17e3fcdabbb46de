// Drives the mock syscalls, which exist only with ENABLE_MOCKING (debug builds).
#if ENABLE_MOCKING
#if canImport(Glibc)
import Glibc
#endif
import CXen
import Testing
@_spi(Testing) @testable import Privcmd
import XenABI
import XenToolstack

/// A fake Xen for the toolstack sub-ops: fills the C structs (imported
/// from the headers, so independent of the readers' offsets) and copies
/// them to the caller's linear handles.
final class FakeToolstackXen: @unchecked Sendable {
    var ring = Array("(XEN) Xen version 4.17.7 (Debian)\n(XEN) Bootloader: qemu\n".utf8)
    var conringStart: UInt32 = 0
    var domains: [UInt16] = [0, 3]
    /// A hostile Xen: every count it writes back (`num_domains`, the
    /// console's `count`) is `extraCount` past what it wrote.
    var extraCount: UInt32 = 0

    func install(on k: FakeKernel) {
        k.ioctl = { req, arg in
            guard req == ioctlHypercall else { return .failure(.notTTY) }
            let h = hypercallArgument(arg)
            let p = UnsafeMutableRawPointer(bitPattern: UInt(h.arg.0))!
            switch HypercallNumber(rawValue: UInt16(h.op)) {
            case .sysctl: return self.sysctl(p)
            case .domctl: return self.domctl(p)
            default: return .failure(Errno(rawValue: ENOSYS))
            }
        }
    }

    func sysctl(_ p: UnsafeMutableRawPointer) -> MockSyscalls.Answer {
        var s = p.load(as: xen_sysctl_t.self)
        guard s.interface_version == UInt32(XEN_SYSCTL_INTERFACE_VERSION) else { return .failure(.invalidArgument) }
        switch Int32(s.cmd) {
        case XEN_SYSCTL_physinfo:
            s.u.physinfo.threads_per_core = 2
            s.u.physinfo.cores_per_socket = 4
            s.u.physinfo.nr_cpus = 8
            s.u.physinfo.max_cpu_id = 7
            s.u.physinfo.nr_nodes = 1
            s.u.physinfo.cpu_khz = 2_596_098
            s.u.physinfo.capabilities = 1 << UInt32(_XEN_SYSCTL_PHYSCAP_pv) | 1 << UInt32(_XEN_SYSCTL_PHYSCAP_hvm) | UInt32(XEN_SYSCTL_PHYSCAP_gnttab_v1)
            s.u.physinfo.total_pages = 524_158
            s.u.physinfo.free_pages = 387_191
            s.u.physinfo.max_mfn = 0x7ffff
            s.u.physinfo.hw_cap.7 = 0xabcd
        case XEN_SYSCTL_getdomaininfolist:
            let first = s.u.getdomaininfolist.first_domain, max = Int(s.u.getdomaininfolist.max_domains)
            let list = UnsafeMutableRawPointer(s.u.getdomaininfolist.buffer.p)!
            let chosen = domains.filter { $0 >= first }.prefix(max)
            for (i, d) in chosen.enumerated() {
                var info = xen_domctl_getdomaininfo_t()
                info.domain = d
                info.flags = 1 << UInt32(_XEN_DOMINF_running) | (d == 3 ? UInt32(1 << _XEN_DOMINF_paused) : 0)
                info.tot_pages = 131_072 + UInt64(d)
                info.max_pages = 131_072
                info.cpu_time = 4_812_345_678
                info.nr_online_vcpus = d == 0 ? 1 : 2
                info.max_vcpu_id = d == 0 ? 0 : 1
                info.handle.0 = UInt8(d)
                (list + i * MemoryLayout<xen_domctl_getdomaininfo_t>.size).storeBytes(of: info, as: xen_domctl_getdomaininfo_t.self)
            }
            s.u.getdomaininfolist.num_domains = UInt32(chosen.count) &+ extraCount
        case XEN_SYSCTL_readconsole:
            // Xen's read_console_ring: from max(index, oldest) while bytes remain.
            var c = conringStart
            if s.u.readconsole.incremental != 0 && Int32(bitPattern: s.u.readconsole.index &- c) > 0 { c = s.u.readconsole.index }
            let buf = UnsafeMutableRawPointer(s.u.readconsole.buffer.p)!
            var n: UInt32 = 0
            while Int(c) < ring.count && n < s.u.readconsole.count {
                buf.storeBytes(of: ring[Int(c)], toByteOffset: Int(n), as: UInt8.self)
                c += 1; n += 1
            }
            if s.u.readconsole.clear != 0 { conringStart = UInt32(ring.count) }
            s.u.readconsole.count = n &+ extraCount
            s.u.readconsole.index = c
        case XEN_SYSCTL_sched_id:
            s.u.sched_id.sched_id = UInt32(XEN_SCHEDULER_CREDIT2)
        default:
            return .failure(Errno(rawValue: ENOSYS))
        }
        p.storeBytes(of: s, as: xen_sysctl_t.self)
        return .value(0)
    }

    func domctl(_ p: UnsafeMutableRawPointer) -> MockSyscalls.Answer {
        var d = p.load(as: xen_domctl_t.self)
        guard Int32(d.cmd) == XEN_DOMCTL_getvcpuinfo, domains.contains(d.domain) else { return .failure(Errno(rawValue: ESRCH)) }
        guard d.u.getvcpuinfo.vcpu <= (d.domain == 0 ? 0 : 1) else { return .failure(Errno(rawValue: ENOENT)) }
        d.u.getvcpuinfo.online = 1
        d.u.getvcpuinfo.running = d.u.getvcpuinfo.vcpu == 0 ? 1 : 0
        d.u.getvcpuinfo.blocked = d.u.getvcpuinfo.vcpu == 0 ? 0 : 1
        d.u.getvcpuinfo.cpu_time = 77
        d.u.getvcpuinfo.cpu = d.u.getvcpuinfo.vcpu + 5
        p.storeBytes(of: d, as: xen_domctl_t.self)
        return .value(0)
    }
}

@Suite("toolstack bindings against a fake Xen")
struct ToolstackTests {
    func make() -> (FakeKernel, FakeToolstackXen) {
        let k = FakeKernel()
        let x = FakeToolstackXen()
        x.install(on: k)
        return (k, x)
    }

    @Test("physinfo reads every field the C struct carries")
    func physinfo() throws {
        let (k, _) = make()
        let p = try k.run { () throws in try Toolstack(xen: XenCall(policy: .linear)).physinfo() }
        #expect(p.threadsPerCore == 2 && p.coresPerSocket == 4 && p.nrCPUs == 8 && p.maxCPUID == 7 && p.nrNodes == 1)
        #expect(p.cpuKHz == 2_596_098 && p.totalPages == 524_158 && p.freePages == 387_191 && p.maxMFN == 0x7ffff)
        #expect(p.hwCap == [0, 0, 0, 0, 0, 0, 0, 0xabcd])
        #expect(p.capabilityNames == ["pv", "hvm", "gnttab-v1"])
    }

    @Test("domain list: every domain, flags, memory as xl counts it")
    func domains() throws {
        let (k, x) = make()
        let ds = try k.run { () throws in try Toolstack(xen: XenCall(policy: .linear)).domains() }
        #expect(ds.map(\.domain) == [0, 3])
        #expect(ds[0].memoryKiB == 524_288 && ds[0].stateString == "r-----" && ds[0].handle.count == 16)
        #expect(ds[1].isPaused && ds[1].stateString == "r-p---" && ds[1].nrOnlineVCPUs == 2 && ds[1].handle[0] == 3)
        // Batches: with one slot per call the walk still finds them all.
        x.domains = [0, 1, 2, 7]
        let again = try k.run { () throws in try Toolstack(xen: XenCall(policy: .linear)).domains(batch: 1) }
        #expect(again.map(\.domain) == [0, 1, 2, 7])
    }

    @Test("vCPU info for every vCPU of a domain")
    func vcpus() throws {
        let (k, _) = make()
        let v = try k.run { () throws in
            let ts = try Toolstack(xen: XenCall(policy: .linear))
            return try ts.vcpus(of: try ts.domains()[1])
        }
        #expect(v.map(\.vcpu) == [0, 1])
        #expect(v.map(\.cpu) == [5, 6])
        #expect(v.map(\.stateString) == ["r--", "-b-"])
    }

    @Test("console ring: whole read, incremental from an index, clear")
    func console() throws {
        let (k, x) = make()
        try k.run { () throws in
            let ts = try Toolstack(xen: XenCall(policy: .linear))
            #expect(try ts.consoleRing() == String(decoding: x.ring, as: UTF8.self))
            let first = try ts.readConsole(incremental: true, index: 0, size: 10)
            #expect(first.bytes == Array(x.ring.prefix(10)) && first.nextIndex == 10)
            let next = try ts.readConsole(incremental: true, index: first.nextIndex, size: 10)
            #expect(next.bytes == Array(x.ring[10 ..< 20]))
            _ = try ts.consoleRing(clear: true)
            #expect(try ts.consoleRing() == "")
            x.ring += Array("(XEN) more\n".utf8)
            #expect(try ts.consoleRing() == "(XEN) more\n")
            #expect(throws: PrivcmdError.invalidRequest("console read size 0")) { try ts.readConsole(incremental: false, size: 0) }
        }
    }

    @Test("version info from the typed xen_version calls")
    func version() throws {
        let k = FakeKernel()
        FakeXen().install(on: k)
        // The FakeXen answers version and extraversion; the rest fail cleanly.
        k.run {
            #expect(throws: PrivcmdError.hypercall(.ENOSYS)) { try Toolstack(xen: XenCall(policy: .linear)).version() }
        }
    }

    @Test("off Xen the toolstack says so")
    func offXen() {
        let k = FakeKernel()
        k.openable = []
        k.run { #expect(throws: PrivcmdError.notInXenDomain(path: "/dev/xen/privcmd")) { try Toolstack() } }
    }
}
#endif
