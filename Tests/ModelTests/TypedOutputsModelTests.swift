import Testing
import CXen
@testable import XenABI
@testable import XenModel

/// Every typed call with outputs, run on the model (`ModelHypervisor.run`):
/// the outputs come back as values, in every flavour, equal to what the
/// model's semantics wrote.
@Suite("Typed outputs through the model")
struct TypedOutputsModelTests {
    static let options = GuestPlacementOptions(offsets: .random, scattered: true, seed: 11)

    func hypervisor(_ d: ModelDomain = ModelDomain(frameCount: 1 << 14, vcpus: 2)) -> ModelHypervisor { ModelHypervisor(d) }

    @Test("xen_version: version, strings, compile info, platform parameters, features, build id", arguments: Flavour.allCases)
    func xenVersion(_ f: Flavour) throws {
        let hv = hypervisor(), info = ModelXenInfo()
        let o = Self.options
        #expect(try hv.run(XenVersion.VersionQuery(), flavour: f, options: o).outputs == XenVersionNumber(major: 4, minor: 17))
        #expect(try hv.run(XenVersion.StringQuery.extraversion, flavour: f, options: o).outputs == info.extraversion)
        #expect(try hv.run(XenVersion.StringQuery.capabilities, flavour: f, options: o).outputs == info.capabilities)
        #expect(try hv.run(XenVersion.StringQuery.changeset, flavour: f, options: o).outputs == info.changeset)
        #expect(try hv.run(XenVersion.StringQuery.commandline, flavour: f, options: o).outputs == info.commandline)
        #expect(try hv.run(XenVersion.CompileInfoQuery(), flavour: f, options: o).outputs
            == XenCompileInfo(compiler: info.compiler, compileBy: info.compileBy, compileDomain: info.compileDomain, compileDate: info.compileDate))
        #expect(try hv.run(XenVersion.PlatformParametersQuery(), flavour: f, options: o).outputs == info.virtStart)
        let bits = try hv.run(XenVersion.FeaturesQuery(submap: 0), flavour: f, options: o).outputs
        #expect(bits & (1 << UInt32(XENFEAT_hcall_phys_buffers)) != 0)
        #expect(try hv.run(XenVersion.FeaturesQuery(submap: 1), flavour: f, options: o).outputs == 0)
        let size = try hv.run(XenVersion.BuildIDQuery(length: 0), flavour: f, options: o).outputs
        #expect(size == XenBuildID(length: info.buildID.count, bytes: []))
        #expect(try hv.run(XenVersion.BuildIDQuery(length: UInt32(size.length)), flavour: f, options: o).outputs
            == XenBuildID(length: info.buildID.count, bytes: info.buildID))
        #expect(throws: ModelRunError.hypercall(.ENOBUFS)) { try hv.run(XenVersion.BuildIDQuery(length: 4), flavour: f, options: o) }
    }

    @Test("sysctl: physinfo, sched_id, getdomaininfolist, readconsole, cputopoinfo, cpupool info, get_cpu_policy", arguments: Flavour.allCases)
    func sysctl(_ f: Flavour) throws {
        let d = ModelDomain(frameCount: 1 << 14, vcpus: 2)
        d.consoleOutput = Array("typed\n".utf8)
        let hv = hypervisor(d), host = ModelHostInfo(), o = Self.options
        let info = try hv.run(Sysctl.PhysInfoQuery(), flavour: f, options: o).outputs
        #expect(info.nrCPUs == host.cpus && info.totalPages == host.totalPages && info.freePages == host.freePages)
        #expect(try hv.run(Sysctl.SchedIDQuery(), flavour: f, options: o).outputs == UInt32(XEN_SCHEDULER_CREDIT2))
        let list = try hv.run(Sysctl.DomainInfoListQuery(firstDomain: 0, maxDomains: 8), flavour: f, options: o).outputs
        #expect(list.map(\.domain) == [0] && list[0].nrOnlineVCPUs == 2)
        #expect(try hv.run(Sysctl.DomainInfoListQuery(firstDomain: 1, maxDomains: 8), flavour: f, options: o).outputs.isEmpty)
        let ring = try hv.run(Sysctl.ReadConsoleQuery(incremental: false, count: 1 << 16), flavour: f, options: o).outputs
        #expect(ring.bytes == host.bootLog + Array("typed\n".utf8) && ring.nextIndex == UInt32(ring.bytes.count))
        let tail = try hv.run(Sysctl.ReadConsoleQuery(incremental: true, index: UInt32(host.bootLog.count), count: 3), flavour: f, options: o).outputs
        #expect(tail.bytes == Array("typ".utf8))
        let topo = try hv.run(Sysctl.CPUTopologyQuery(numCPUs: 4), flavour: f, options: o).outputs
        #expect(topo == CPUTopology(numCPUs: 2, cpus: [.init(core: 0, socket: 0, node: 0), .init(core: 1, socket: 0, node: 0)]))
        let pool = try hv.run(Sysctl.CpupoolInfoQuery(cpupoolID: 0, cpumapBits: 16), flavour: f, options: o).outputs
        #expect(pool == Sysctl.CpupoolInfo(id: 0, schedulerID: host.schedulerID, domainCount: 1, cpumap: [0x03, 0x00]))
        #expect(throws: ModelRunError.hypercall(.ENOENT)) { try hv.run(Sysctl.CpupoolInfoQuery(cpupoolID: 1, cpumapBits: 16), flavour: f, options: o) }
        let policy = try hv.run(Sysctl.CPUPolicyQuery(index: 0, nrLeaves: 16, nrMSRs: 16), flavour: f, options: o).outputs
        #expect(policy.leaves.count == host.cpuidLeaves.count && policy.msrs.map(\.index) == host.msrs.map(\.idx))
    }

    @Test("domctl: getdomaininfo, getvcpuinfo, getvcpuaffinity", arguments: Flavour.allCases)
    func domctl(_ f: Flavour) throws {
        let hv = hypervisor(), o = Self.options
        let me = try hv.run(Domctl.DomainInfoQuery(domain: 0), flavour: f, options: o).outputs
        #expect(me.domain == 0 && me.maxVCPUID == 1 && me.totPages == 1 << 14)
        let v = try hv.run(Domctl.VCPUInfoQuery(domain: 0, vcpu: 1), flavour: f, options: o).outputs
        #expect(v.vcpu == 1 && v.online && v.cpu == 1)
        #expect(throws: ModelRunError.hypercall(.ESRCH)) { try hv.run(Domctl.VCPUInfoQuery(domain: 5, vcpu: 0), flavour: f, options: o) }
        let flags = UInt32(XEN_VCPUAFFINITY_HARD | XEN_VCPUAFFINITY_SOFT)
        let both = try hv.run(Domctl.VCPUAffinityQuery(domain: 0, .getVCPUAffinity(vcpu: 0, flags: flags, hard: OutBitmap(nrBits: 16), soft: OutBitmap(nrBits: 16))),
                              flavour: f, options: o).outputs
        #expect(both.hard == [0x03, 0x00] && both.soft?.count == 2)
        let hardOnly = try hv.run(Domctl.VCPUAffinityQuery(domain: 0, .getVCPUAffinity(vcpu: 0, flags: UInt32(XEN_VCPUAFFINITY_HARD), hard: OutBitmap(nrBits: 8), soft: nil)),
                                  flavour: f, options: o).outputs
        #expect(hardOnly == VCPUAffinityMaps(hard: [0x03], soft: nil))
    }

    @Test("memory_op reservations: extents done and the frames written back", arguments: Flavour.allCases)
    func reservation(_ f: Flavour) throws {
        let hv = hypervisor(), o = Self.options, base = ModelXenInfo().frameBase
        let up = try hv.run(MemoryOp.ReservationQuery(.increaseReservation(.init(nrExtents: 600), wantFrames: true)), flavour: f, options: o)
        #expect(up.result == 600 && up.outputs == ReservationResult(extentsDone: 600, frames: (0 ..< 600).map { base + $0 }))
        let counted = try hv.run(MemoryOp.ReservationQuery(.increaseReservation(.init(nrExtents: 9), wantFrames: false)), flavour: f, options: o)
        #expect(counted.outputs == ReservationResult(extentsDone: 9, frames: []))
        let gfns: [UInt64] = [0x2000, 0x2001, 0x2002]
        let pop = try hv.run(MemoryOp.ReservationQuery(.populatePhysmap(.init(nrExtents: 3), extents: gfns)), flavour: f, options: o)
        #expect(pop.outputs == ReservationResult(extentsDone: 3, frames: gfns))
        let down = try hv.run(MemoryOp.ReservationQuery(.decreaseReservation(.init(nrExtents: 3), extents: gfns)), flavour: f, options: o)
        #expect(down.outputs == ReservationResult(extentsDone: 3, frames: []))
    }

    @Test("a preempted reservation: run follows its continuations, the outputs are the whole call's", arguments: [Flavour.linear, .gfnList])
    func reservationContinued(_ f: Flavour) throws {
        var hv = hypervisor()
        hv.extentBudget = 100
        let up = try hv.run(MemoryOp.ReservationQuery(.increaseReservation(.init(nrExtents: 450), wantFrames: true)), flavour: f, options: Self.options)
        #expect(up.outputs.extentsDone == 450 && up.outputs.frames == (0 ..< 450).map { ModelXenInfo().frameBase + $0 })
    }

    @Test("grant copy: one status per op", arguments: Flavour.allCases)
    func grantCopy(_ f: Flavour) throws {
        let d = ModelDomain(frameCount: 1 << 14)
        let src = d.allocateFrame()!, dst = d.allocateFrame()!
        let me = UInt16(XENABI_DOMID_SELF)
        typealias C = GrantTableOp.Copy
        let copies = [C(source: .init(.gmfn(src), domid: me, offset: 0), dest: .init(.gmfn(dst), domid: me, offset: 0), len: 16),
                      C(source: .init(.ref(5), domid: me, offset: 0), dest: .init(.gmfn(dst), domid: me, offset: 0), len: 8),
                      C(source: .init(.gmfn(src), domid: 3, offset: 0), dest: .init(.gmfn(dst), domid: me, offset: 0), len: 1)]
        let out = try ModelHypervisor(d).run(GrantTableOp.CopyBatch(copies), flavour: f, options: Self.options).outputs
        #expect(out == [Int16(GNTST_okay), Int16(GNTST_bad_gntref), Int16(GNTST_bad_domain)])
    }

    @Test("multicall: each entry's result, and an entry's own outputs", arguments: Flavour.allCases)
    func multicall(_ f: Flavour) throws {
        let batch = Multicall([.init(.xenVersion(.version)), .init(.xenVersion(.extraversion), flavour: f),
                               .init(.multicall(Multicall([])))])
        let d = ModelDomain(frameCount: 1 << 14)
        #expect(try ModelHypervisor(d).run(batch, flavour: f, options: Self.options).outputs == [0x40011, 0, XenErrno.EINVAL.returnValue])
        var p = try d.place(batch.encoded, flavour: { _ in f }, options: Self.options)
        _ = ModelHypervisor(d).run(p.raw)
        d.readBack(&p)
        let entry = try Multicall.outputs(ofEntry: 1, in: p.call, as: XenVersion.StringQuery.extraversion)
        #expect(entry.result == 0 && entry.outputs == ModelXenInfo().extraversion)
        #expect(throws: DecodeError(.invalid("no entry 3 in a batch of 3"), at: "multicall")) {
            try Multicall.outputs(ofEntry: 3, in: p.call, as: XenVersion.StringQuery.extraversion)
        }
    }

    @Test("console_io read: the bytes read", arguments: Flavour.allCases)
    func consoleRead(_ f: Flavour) throws {
        let d = ModelDomain(frameCount: 1 << 14)
        d.consoleInput = Array("typed input".utf8)
        let r = try ModelHypervisor(d).run(ConsoleIO.ReadQuery(count: 5), flavour: f, options: Self.options)
        #expect(r.result == 5 && r.outputs == Array("typed".utf8))
    }
}
