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

/// A fake Xen for the domain operations: domains with pause counts, max
/// pages, vCPU affinities and credit2 parameters; cpupools; answering each
/// domctl/sysctl as Xen 4.17 does (errnos included), through the C structs.
final class FakeDomainXen: @unchecked Sendable {
    struct Dom {
        var pauses = 1
        var maxPages: UInt64 = 24_576
        var vcpus = 2
        var hard: [UInt8] = [0x0f, 0x0f]  // per vCPU, 4 CPUs
        var soft: [UInt8] = [0x0f, 0x0f]
        var weight: UInt16 = 256, cap: UInt16 = 0
        var pool: UInt32 = 0
    }
    struct Pool { var sched: UInt32; var cpus: UInt8 }
    var domains: [UInt16: Dom] = [0: Dom(pauses: 0, vcpus: 1), 5: Dom()]
    var pools: [UInt32: Pool] = [0: Pool(sched: UInt32(XEN_SCHEDULER_CREDIT2), cpus: 0x0f)]
    /// destroydomain answers EAGAIN this many times first (Xen's preemptible teardown).
    var destroyAgain = 2
    var domctls: [UInt32] = []
    var sysctls: [UInt32] = []

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

    static func fail(_ e: Int32) -> MockSyscalls.Answer { .failure(Errno(rawValue: e)) }

    func domctl(_ p: UnsafeMutableRawPointer) -> MockSyscalls.Answer {
        var d = p.load(as: xen_domctl_t.self)
        domctls.append(d.cmd)
        guard d.interface_version == UInt32(XEN_DOMCTL_INTERFACE_VERSION) else { return Self.fail(EACCES) }
        if Int32(d.cmd) == XEN_DOMCTL_getdomaininfo {
            // Xen 4.17: the next domain at or after the id.
            guard let id = domains.keys.sorted().first(where: { $0 >= d.domain }), let dom = domains[id] else { return Self.fail(ESRCH) }
            var info = xen_domctl_getdomaininfo_t()
            info.domain = id
            info.flags = dom.pauses > 0 ? UInt32(1 << _XEN_DOMINF_paused) : UInt32(1 << _XEN_DOMINF_running)
            info.max_pages = dom.maxPages
            info.max_vcpu_id = UInt32(dom.vcpus - 1)
            info.nr_online_vcpus = UInt32(dom.vcpus)
            info.cpupool = dom.pool
            d.u.getdomaininfo = info
            p.storeBytes(of: d, as: xen_domctl_t.self)
            return .value(0)
        }
        guard var dom = domains[d.domain] else { return Self.fail(ESRCH) }
        defer { if domains[d.domain] != nil { domains[d.domain] = dom }; p.storeBytes(of: d, as: xen_domctl_t.self) }
        switch Int32(d.cmd) {
        case XEN_DOMCTL_pausedomain: dom.pauses += 1
        case XEN_DOMCTL_unpausedomain:
            guard dom.pauses > 0 else { return Self.fail(EINVAL) }
            dom.pauses -= 1
        case XEN_DOMCTL_destroydomain:
            if destroyAgain > 0 { destroyAgain -= 1; return Self.fail(EAGAIN) }
            domains[d.domain] = nil
        case XEN_DOMCTL_max_mem: dom.maxPages = d.u.max_mem.max_memkb >> 2
        case XEN_DOMCTL_getvcpuaffinity, XEN_DOMCTL_setvcpuaffinity:
            let v = Int(d.u.vcpuaffinity.vcpu)
            guard v < dom.vcpus else { return Self.fail(EINVAL) }
            let pool = pools[dom.pool]!.cpus
            func map(_ m: xenctl_bitmap, _ value: inout UInt8, set: Bool) {
                let b = UnsafeMutablePointer<UInt8>(mutating: m.bitmap.p)!
                if set { value = b[0] & pool }
                b[0] = value
                for i in 1 ..< Int(m.nr_bits + 7) / 8 { b[i] = 0 }
            }
            let set = Int32(d.cmd) == XEN_DOMCTL_setvcpuaffinity
            if set && d.u.vcpuaffinity.flags & UInt32(XEN_VCPUAFFINITY_HARD) != 0
                && UnsafeMutablePointer<UInt8>(mutating: d.u.vcpuaffinity.cpumap_hard.bitmap.p)![0] & pool == 0 { return Self.fail(EINVAL) }
            if d.u.vcpuaffinity.flags & UInt32(XEN_VCPUAFFINITY_HARD) != 0 { map(d.u.vcpuaffinity.cpumap_hard, &dom.hard[v], set: set) }
            if d.u.vcpuaffinity.flags & UInt32(XEN_VCPUAFFINITY_SOFT) != 0 { map(d.u.vcpuaffinity.cpumap_soft, &dom.soft[v], set: set) }
        case XEN_DOMCTL_scheduler_op:
            guard d.u.scheduler_op.sched_id == pools[dom.pool]!.sched else { return Self.fail(EINVAL) }
            if d.u.scheduler_op.cmd == UInt32(XEN_DOMCTL_SCHEDOP_getinfo) {
                d.u.scheduler_op.u.credit2.weight = dom.weight
                d.u.scheduler_op.u.credit2.cap = dom.cap
            } else {
                if d.u.scheduler_op.u.credit2.cap > UInt16(100 * dom.vcpus) { return Self.fail(EINVAL) }
                if d.u.scheduler_op.u.credit2.weight != 0 { dom.weight = d.u.scheduler_op.u.credit2.weight }
                dom.cap = d.u.scheduler_op.u.credit2.cap
            }
        default: return Self.fail(ENOSYS)
        }
        return .value(0)
    }

    func sysctl(_ p: UnsafeMutableRawPointer) -> MockSyscalls.Answer {
        var s = p.load(as: xen_sysctl_t.self)
        sysctls.append(s.cmd)
        defer { p.storeBytes(of: s, as: xen_sysctl_t.self) }
        switch Int32(s.cmd) {
        case XEN_SYSCTL_physinfo:
            s.u.physinfo.nr_cpus = 4
            s.u.physinfo.max_cpu_id = 3
        case XEN_SYSCTL_cpupool_op:
            var o = s.u.cpupool_op
            defer { s.u.cpupool_op = o }
            switch Int32(o.op) {
            case XEN_SYSCTL_CPUPOOL_OP_INFO:
                guard let id = pools.keys.sorted().first(where: { $0 >= o.cpupool_id }), let pool = pools[id] else { return Self.fail(ENOENT) }
                o.cpupool_id = id
                o.sched_id = pool.sched
                o.n_dom = UInt32(domains.values.filter { $0.pool == id }.count)
                UnsafeMutablePointer<UInt8>(mutating: o.cpumap.bitmap.p)![0] = pool.cpus
            case XEN_SYSCTL_CPUPOOL_OP_CREATE:
                let id = o.cpupool_id == UInt32(truncatingIfNeeded: XEN_SYSCTL_CPUPOOL_PAR_ANY) ? (pools.keys.max()! + 1) : o.cpupool_id
                guard pools[id] == nil else { return Self.fail(EEXIST) }
                pools[id] = Pool(sched: o.sched_id, cpus: 0)
                o.cpupool_id = id
            case XEN_SYSCTL_CPUPOOL_OP_DESTROY:
                guard let pool = pools[o.cpupool_id] else { return Self.fail(ENOENT) }
                guard pool.cpus == 0, !domains.values.contains(where: { $0.pool == o.cpupool_id }) else { return Self.fail(EBUSY) }
                pools[o.cpupool_id] = nil
            case XEN_SYSCTL_CPUPOOL_OP_MOVEDOMAIN:
                guard domains[UInt16(o.domid)] != nil else { return Self.fail(ESRCH) }
                guard let pool = pools[o.cpupool_id], pool.cpus != 0 else { return Self.fail(ENOENT) }
                domains[UInt16(o.domid)]!.pool = o.cpupool_id
            default: return Self.fail(EINVAL)
            }
        default: return Self.fail(ENOSYS)
        }
        return .value(0)
    }
}

@Suite("domain operations against a fake Xen: typed results, typed errors")
struct DomainOpsTests {
    func make() -> (FakeKernel, FakeDomainXen) {
        let k = FakeKernel()
        let x = FakeDomainXen()
        x.install(on: k)
        return (k, x)
    }

    func ts() throws -> Toolstack { try Toolstack(xen: XenCall(policy: .linear)) }

    @Test("pause and unpause count; unpausing a running domain is invalidArgument; a missing domain is noSuchDomain")
    func pauseUnpause() throws {
        let (k, x) = make()
        try k.run { () throws in
            let t = try ts()
            try t.pause(5)
            #expect(x.domains[5]!.pauses == 2)
            try t.unpause(5); try t.unpause(5)
            let paused = try t.domainInfo(5).isPaused
            #expect(x.domains[5]!.pauses == 0 && !paused)
            #expect(throws: ToolstackError.invalidArgument("domain 5 is not paused by the toolstack")) { try t.unpause(5) }
            #expect(throws: ToolstackError.noSuchDomain(9)) { try t.pause(9) }
        }
        #expect(x.domctls.contains(UInt32(XEN_DOMCTL_pausedomain)) && x.domctls.contains(UInt32(XEN_DOMCTL_unpausedomain)))
    }

    @Test("domain info is exact: Xen 4.17's next-domain answer for a gone id is noSuchDomain")
    func domainInfo() throws {
        let (k, _) = make()
        try k.run { () throws in
            let t = try ts()
            let d = try t.domainInfo(5)
            #expect(d.domain == 5 && d.isPaused && d.maxVCPUID == 1 && d.maxMemoryKiB == 98_304 && !d.usesHAP && !d.isXenstoreDomain)
            #expect(d.uuidString == "00000000-0000-0000-0000-000000000000")
            #expect(throws: ToolstackError.noSuchDomain(3)) { try t.domainInfo(3) }  // Xen answered domain 5
            #expect(throws: ToolstackError.noSuchDomain(7)) { try t.domainInfo(7) }  // ESRCH
        }
    }

    @Test("destroy re-issues on EAGAIN as xc_domain_destroy does, refuses dom0, and a second destroy is noSuchDomain")
    func destroy() throws {
        let (k, x) = make()
        try k.run { () throws in
            let t = try ts()
            #expect(try t.destroy(5) == 3)
            #expect(x.domains[5] == nil)
            #expect(throws: ToolstackError.noSuchDomain(5)) { try t.destroy(5) }
            #expect(throws: ToolstackError.invalidArgument("refusing to destroy domain 0")) { try t.destroy(0) }
        }
        #expect(x.domctls.filter { $0 == UInt32(XEN_DOMCTL_destroydomain) }.count == 4)
    }

    @Test("max memory: KiB in, max_pages = KiB / 4 in Xen")
    func maxMem() throws {
        let (k, x) = make()
        try k.run { () throws in try ts().setMaxMemory(5, kib: 200 * 1024) }
        #expect(x.domains[5]!.maxPages == 51_200)
    }

    @Test("memory target: in a transaction, max_mem to the size (+ libxl's slack), memory/target = size - videoram; above static-max refused")
    func memoryTarget() throws {
        let (k, x) = make()
        let xs = FakeXenstoreRW()
        xs.nodes = ["/local/domain/5/memory/static-max": "131072", "/local/domain/5/memory/videoram": "1024",
                    "/local/domain/5/memory/target": "98304"]
        xs.install(on: k)
        let got = try k.run { () throws in try ts().setMemoryTarget(5, kib: 81_920, store: XenStore()) }
        // As libxl: the target is the size less the video RAM; Xen's maximum is the size.
        // libxl's 1024 KiB slack while static-max exceeds the target.
        #expect(got == Toolstack.MemoryTarget(targetKiB: 80_896, maxKiB: 82_944))
        #expect(x.domains[5]!.maxPages == 82_944 / 4 && xs.nodes["/local/domain/5/memory/target"] == "80896")
        let exact = try k.run { () throws in try ts().setMemoryTarget(5, kib: 132_096, store: XenStore()) }
        #expect(exact == Toolstack.MemoryTarget(targetKiB: 131_072, maxKiB: 132_096))  // at static-max: no slack
        #expect(xs.nodes.keys.contains { $0.hasPrefix("/vm/") && $0.hasSuffix("/memory") } && xs.requests.contains { $0.type == XS_TRANSACTION_END.rawValue })
        #expect(throws: ToolstackError.invalidArgument("target 261120 KiB above memory/static-max 131072 KiB")) {
            try k.run { () throws in try ts().setMemoryTarget(5, kib: 262_144, store: XenStore()) }
        }
        #expect(throws: ToolstackError.noSuchDomain(8)) { try k.run { () throws in try ts().setMemoryTarget(8, kib: 1024, store: XenStore()) } }
    }

    @Test("vCPU affinity: maps sized like libxc's, effective maps back from Xen, unknown vCPU refused before any call")
    func affinity() throws {
        let (k, x) = make()
        x.pools[0]!.cpus = 0x03  // the pool has CPUs 0-1
        try k.run { () throws in
            let t = try ts()
            let set = try t.setVCPUAffinity(domain: 5, vcpu: 1, hard: CPUMap([1, 2]), soft: CPUMap([0, 1, 2, 3]))
            #expect(set == VCPUAffinity(hard: CPUMap([1]), soft: CPUMap([0, 1])))
            let hardOnly = try t.setVCPUAffinity(domain: 5, vcpu: 0, hard: CPUMap([0]))
            #expect(hardOnly.hard == CPUMap([0]) && hardOnly.soft == CPUMap(0 ..< 4))
            #expect(try t.vcpuAffinity(domain: 5, vcpu: 1) == set)
            let calls = x.domctls.count
            #expect(throws: ToolstackError.noSuchVCPU(domain: 5, vcpu: 2)) { try t.vcpuAffinity(domain: 5, vcpu: 2) }
            #expect(x.domctls.count == calls + 1)  // only getdomaininfo
            #expect(throws: ToolstackError.invalidArgument("affinity hard 3 soft - leaves vCPU 0 no CPU")) {
                try t.setVCPUAffinity(domain: 5, vcpu: 0, hard: CPUMap([3]))
            }
            #expect(throws: ToolstackError.invalidArgument("neither a hard nor a soft map")) { try t.setVCPUAffinity(domain: 5, vcpu: 0, hard: nil) }
        }
    }

    @Test("CPU maps: xl's syntax, ranges, bytes")
    func cpuMap() {
        #expect(CPUMap(parsing: "0-2,5", nrCPUs: 8)?.cpus == [0, 1, 2, 5])
        #expect(CPUMap(parsing: "all", nrCPUs: 3)?.description == "0-2")
        #expect(CPUMap(parsing: "2-1", nrCPUs: 3) == nil && CPUMap(parsing: "x", nrCPUs: 3) == nil)
        #expect(CPUMap([9, 0]).bytes(count: 2) == [0x01, 0x02])
        #expect(CPUMap(bytes: [0x05, 0x80]).cpus == [0, 2, 15])
        #expect(CPUMap(0 ..< 4).xlString(nrCPUs: 4) == "all" && CPUMap([1, 3]).xlString(nrCPUs: 4) == "1,3")
    }

    @Test("credit2: get, set with the other value kept, weight 0 and a cap beyond 100 per vCPU refused, a credit pool named")
    func credit2() throws {
        let (k, x) = make()
        try k.run { () throws in
            let t = try ts()
            #expect(try t.credit2Params(5) == Credit2Params(weight: 256, cap: 0))
            #expect(try t.setCredit2Params(5, weight: 512) == Credit2Params(weight: 512, cap: 0))
            #expect(try t.setCredit2Params(5, cap: 150) == Credit2Params(weight: 512, cap: 150))
            #expect(throws: ToolstackError.invalidArgument("credit2 weight must be 1-65535")) { try t.setCredit2Params(5, weight: 0) }
            #expect(throws: ToolstackError.invalidArgument("credit2 weight 512 cap 201 for domain 5")) { try t.setCredit2Params(5, cap: 201) }
            x.pools[1] = .init(sched: UInt32(XEN_SCHEDULER_CREDIT), cpus: 0x0c)
            x.domains[5]!.pool = 1
            #expect(throws: ToolstackError.wrongScheduler(domain: 5, asked: UInt32(XEN_SCHEDULER_CREDIT2), running: UInt32(XEN_SCHEDULER_CREDIT))) {
                try t.credit2Params(5)
            }
            #expect(throws: ToolstackError.noSuchDomain(6)) { try t.credit2Params(6) }
        }
    }

    @Test("cpupools: list walks ids upward; create, EEXIST, move, empty pool, busy and missing pools are typed")
    func cpupools() throws {
        let (k, x) = make()
        try k.run { () throws in
            let t = try ts()
            let pools = try t.cpupools()
            #expect(pools == [CpupoolInfo(id: 0, schedulerID: UInt32(XEN_SCHEDULER_CREDIT2), domainCount: 2, cpus: CPUMap(0 ..< 4), name: nil)])
            let id = try t.createCpupool(scheduler: UInt32(XEN_SCHEDULER_CREDIT2))
            #expect(id == 1 && x.pools[1]?.sched == UInt32(XEN_SCHEDULER_CREDIT2))
            #expect(throws: ToolstackError.cpupoolExists(1)) { try t.createCpupool(id: 1, scheduler: UInt32(XEN_SCHEDULER_CREDIT2)) }
            #expect(throws: ToolstackError.cpupoolEmpty(1)) { try t.moveDomain(5, toCpupool: 1) }
            #expect(throws: ToolstackError.noSuchCpupool(7)) { try t.moveDomain(5, toCpupool: 7) }
            #expect(throws: ToolstackError.noSuchDomain(9)) { try t.moveDomain(9, toCpupool: 0) }
            x.pools[1]!.cpus = 0x08
            try t.moveDomain(5, toCpupool: 1)
            #expect(try t.cpupools().map(\.domainCount) == [1, 1])
            #expect(throws: ToolstackError.cpupoolBusy(1)) { try t.destroyCpupool(1) }
            x.pools[2] = .init(sched: UInt32(XEN_SCHEDULER_CREDIT2), cpus: 0)
            try t.destroyCpupool(2)
            #expect(throws: ToolstackError.noSuchCpupool(2)) { try t.destroyCpupool(2) }
        }
    }

    @Test("errors name their errno")
    func errnos() {
        #expect(ToolstackError.noSuchDomain(1).xenErrno == .ESRCH && ToolstackError.cpupoolBusy(1).xenErrno == .EBUSY)
        #expect(ToolstackError.failed(operation: "x", .hypercall(.ENOMEM)).xenErrno == .ENOMEM)
        #expect("\(ToolstackError.wrongScheduler(domain: 2, asked: UInt32(XEN_SCHEDULER_CREDIT2), running: UInt32(XEN_SCHEDULER_CREDIT)))"
                == "domain 2 runs under credit, not credit2")
    }
}
#endif
