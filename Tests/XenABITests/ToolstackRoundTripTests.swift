import CXen
import Testing
@testable import XenABI
import XenABITestSupport

/// Random values of every typed sysctl, domctl and xsm_op sub-op.
struct ToolstackRandom {
    var rng: SeededRNG

    mutating func u8() -> UInt8 { UInt8.random(in: .min ... .max, using: &rng) }
    mutating func u16() -> UInt16 { UInt16.random(in: .min ... .max, using: &rng) }
    mutating func u32() -> UInt32 { UInt32.random(in: .min ... .max, using: &rng) }
    mutating func u64() -> UInt64 { UInt64.random(in: .min ... .max, using: &rng) }
    mutating func small() -> UInt32 { UInt32.random(in: 0 ... 40, using: &rng) }
    mutating func bool() -> Bool { Bool.random(using: &rng) }
    mutating func handle() -> NestedHandle { bool() ? .buffer : .null }
    mutating func bytes(_ n: Int) -> [UInt8] { (0 ..< n).map { _ in u8() } }
    mutating func inMap() -> InBitmap { let n = small() * 3; return InBitmap(nrBits: n, bits: bytes((Int(n) + 7) / 8)) }
    mutating func outMap() -> OutBitmap { OutBitmap(nrBits: small() * 3, handle: handle()) }
    mutating func pick<T>(_ xs: [T]) -> T { xs.randomElement(using: &rng)! }

    mutating func sysctl() -> [Sysctl] {
        let pm: [Sysctl.PMOp] = [
            .setCPUFreqGov(cpuid: u32(), governor: bytes(SysctlLayout.governorLen)), .setCPUFreqPara(cpuid: u32(), ctrlType: u32(), ctrlValue: u32()),
            .getCPUFreqAvgFreq(cpuid: u32()), .setSchedOptSMT(cpuid: u32(), value: u32()), .getMaxCState(cpuid: u32()),
            .setMaxCState(cpuid: u32(), value: u32()), .enableTurbo(cpuid: u32()), .disableTurbo(cpuid: u32()),
            .getCPUFreqPara(cpuid: u32(), cpuNum: small(), freqNum: small(), govNum: small(),
                            affectedCPUs: handle(), frequencies: handle(), governors: handle()),
        ]
        let pmstat: [Sysctl.PMStat] = [
            .getMaxPx(cpuid: u32()), .resetPxStat(cpuid: u32()), .getMaxCx(cpuid: u32()), .resetCxStat(cpuid: u32()),
            .getPxStat(cpuid: u32(), total: u8() % 16, transPt: handle(), pt: handle()),
            .getCxStat(cpuid: u32(), nr: small(), nrPC: small(), nrCC: small(), triggers: handle(), residencies: handle(), pc: handle(), cc: handle()),
        ]
        let pools: [Sysctl.CpupoolOp] = [
            .create(cpupoolID: u32(), schedID: u32()), .destroy(cpupoolID: u32()), .info(cpupoolID: u32(), cpumap: outMap()),
            .addCPU(cpupoolID: u32(), cpu: u32()), .rmCPU(cpupoolID: u32(), cpu: u32()), .moveDomain(cpupoolID: u32(), domid: u32()),
            .freeInfo(cpumap: outMap()),
        ]
        let start = u32() >> 1
        let ops: [Sysctl.Op] = [
            .readconsole(clear: u8(), incremental: u8(), index: u32(), count: small() * 100, buffer: handle()),
            .physinfo, .schedID, .getCPULevellingCaps,
            .getDomainInfoList(firstDomain: u16(), maxDomains: small(), buffer: handle()),
            .debugKeys(keys: bytes(Int(small()))),
            .getCPUInfo(maxCPUs: small(), info: handle()),
            .availheap(minBitwidth: u32(), maxBitwidth: u32(), node: Int32(bitPattern: u32())),
            .cpuHotplug(cpu: u32(), op: u32()),
            .pmOp(pick(pm)), .getPMStat(pick(pmstat)),
            .livepatchOp(pick([.upload(name: bytes(Int(small()) + 1), payload: bytes(Int(small()) * 40)), .get(name: bytes(Int(small()) + 1)),
                               .action(name: bytes(Int(small()) + 1), cmd: u32(), timeout: u32(), flags: u32()),
                               .list(idx: u32(), nr: small(), nameTotalSize: small() * 7, metadataTotalSize: small() * 5,
                                     status: handle(), name: handle(), len: handle(), metadata: handle(), metadataLen: handle())])),
            .perfcOp(pick([.reset, .query(nrCounters: small(), nrVals: small() * 3, desc: handle(), val: handle())])),
            .pageOfflineOp(cmd: u32(), start: start, end: bool() ? start + small() : start &- 1 &- small(), status: handle()),
            .lockprofOp(cmd: u32(), maxElem: small(), data: handle()),
            .cputopoinfo(numCPUs: small(), cputopo: handle()),
            .numainfo(numNodes: small(), meminfo: handle(), distance: handle()),
            .cpupoolOp(pick(pools)),
            .pciTopoInfo(devs: (0 ..< small()).map { _ in Sysctl.PCIDevice(seg: u16(), bus: u8(), devfn: u8()) }, nodes: handle()),
            .psrAlloc(cmd: u32(), target: u32()),
            .getCPUFeatureset(index: u32(), nrFeatures: small(), features: handle()),
            .getCPUPolicy(index: u32(), nrLeaves: small(), nrMSRs: small(), rsvd: u32(), leaves: handle(), msrs: handle()),
            .tbufOp(pick([.plain(cmd: UInt32(pick([XEN_SYSCTL_TBUFOP_get_info, XEN_SYSCTL_TBUFOP_enable, XEN_SYSCTL_TBUFOP_disable]))),
                          .setCPUMask(inMap()), .setEvtMask(u32()), .setSize(u32())])),
            .schedulerOp(pick([.getInfo(cpupoolID: u32(), schedID: u32()),
                               .putCredit(cpupoolID: u32(), tsliceMS: u32(), ratelimitUS: u32(), vcpuMigrDelayUS: u32()),
                               .putCredit2(cpupoolID: u32(), ratelimitUS: u32())])),
            pick([.coverageOp(cmd: UInt32(XEN_SYSCTL_COVERAGE_read), size: small() * 9, buffer: handle()),
                  .coverageOp(cmd: UInt32(pick([XEN_SYSCTL_COVERAGE_get_size, XEN_SYSCTL_COVERAGE_reset])), size: 0, buffer: .null)]),
            pick([.psrCmtOp(cmd: UInt32(XEN_SYSCTL_PSR_CMT_get_l3_cache_size), flags: u32(), cpu: u32()),
                  .psrCmtOp(cmd: UInt32(XEN_SYSCTL_PSR_CMT_enabled), flags: u32(), cpu: 0)]),
        ]
        return ops.map { Sysctl($0) }
    }

    mutating func domctl() -> [Domctl] {
        var c = Domctl.CreateDomain()
        c.ssidref = u32(); c.handle = bytes(16); c.flags = u32(); c.iommuOpts = u32(); c.maxVCPUs = u32()
        c.maxEvtchnPort = u32(); c.maxGrantFrames = Int32(bitPattern: u32()); c.maxMaptrackFrames = Int32(bitPattern: u32())
        c.grantOpts = u32(); c.vmtraceSize = u32(); c.cpupoolID = u32(); c.emulationFlags = u32(); c.miscFlags = u32()
        let flags = u32()
        let hard = flags & UInt32(XEN_VCPUAFFINITY_HARD) != 0, soft = flags & UInt32(XEN_VCPUAFFINITY_SOFT) != 0
        let shadow: [Domctl.ShadowOp] = [
            .plain(op: UInt32(pick([XEN_DOMCTL_SHADOW_OP_OFF, XEN_DOMCTL_SHADOW_OP_GET_ALLOCATION, XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY]))), .enable(mode: u32()),
            .setAllocation(mb: u32()),
            .logDirty(op: UInt32(pick([XEN_DOMCTL_SHADOW_OP_CLEAN, XEN_DOMCTL_SHADOW_OP_PEEK])), mode: u32(), pages: UInt64(small()) * 9, bitmap: handle()),
        ]
        let sched: [Domctl.SchedulerOp] = [
            .getInfo(schedID: u32()), .putCredit(schedID: UInt32(pick([XEN_SCHEDULER_CREDIT, XEN_SCHEDULER_CREDIT2])), weight: u16(), cap: u16()),
            .putRTDS(period: u32(), budget: u32(), flags: u32()),
        ]
        let ops: [Domctl.Op] = [
            .createDomain(c), .destroyDomain, .pauseDomain, .unpauseDomain, .getDomainInfo, .resumeDomain, .softReset,
            .setVCPUAffinity(vcpu: u32(), flags: flags, hard: hard ? inMap() : nil, soft: soft ? inMap() : nil),
            .getVCPUAffinity(vcpu: u32(), flags: flags, hard: hard ? outMap() : nil, soft: soft ? outMap() : nil),
            .setNodeAffinity(inMap()), .getNodeAffinity(outMap()),
            .shadowOp(pick(shadow)), .maxMem(maxKB: u64()),
            .setVCPUContext(vcpu: u32(), context: bool() ? bytes(DomctlLayout.vcpuGuestContextSize) : nil),
            .getVCPUContext(vcpu: u32(), context: handle()), .getVCPUInfo(vcpu: u32()), .maxVCPUs(u32()),
            .schedulerOp(pick(sched)), .setDomainHandle(bytes(16)), .setDebugging(enable: u8()),
            .irqPermission(pirq: u32(), allowAccess: u8()), .iomemPermission(firstMFN: u64(), nrMFNs: u64(), allowAccess: u8()),
            .ioportPermission(firstPort: u32(), nrPorts: u32(), allowAccess: u8()), .setTimeOffset(seconds: Int64(bitPattern: u64())),
            .getHVMContext(size: small() * 50, buffer: handle()), .setHVMContext(bytes(Int(small()) * 7)),
            .setAddressSize(u32()), .getAddressSize, .getTSCInfo,
            .setTSCInfo(mode: u32(), gtscKHz: u32(), incarnation: u32(), elapsedNsec: u64()),
            .getPageFrameInfo3(pfns: (0 ..< small()).map { _ in u64() }),
            .getCPUPolicy(nrLeaves: small(), nrMSRs: small(), leaves: handle(), msrs: handle()),
            .setCPUPolicy(leaves: (0 ..< small()).map { _ in Domctl.CPUIDLeaf(leaf: u32(), subleaf: u32(), a: u32(), b: u32(), c: u32(), d: u32()) },
                          msrs: (0 ..< small()).map { _ in Domctl.MSREntry(idx: u32(), flags: u32(), val: u64()) }),
            .getPagingMempoolSize, .setPagingMempoolSize(u64()),
            .hypercallInit(gmfn: u64()), .sendTrigger(trigger: u32(), vcpu: u32()), .setTarget(u16()), .setVirqHandler(virq: u32()),
            .getVCPUExtState(vcpu: u32(), size: UInt64(small()) * 8, buffer: handle()),
            .setVCPUExtState(vcpu: u32(), xfeatureMask: u64(), state: bytes(Int(small()) * 8)),
            .setAccessRequired(u8()), .cacheflush(startPFN: u64(), nrPFNs: u64()), .setBrokenPageP2M(pfn: u64()),
            .getHVMContextPartial(type: u32(), instance: u32(), bufsz: UInt64(small()) * 4, buffer: handle()),
            .getVCPUMSRs(vcpu: u32(), count: small(), msrs: handle()),
            .setVCPUMSRs(vcpu: u32(), msrs: (0 ..< small()).map { _ in Domctl.VCPUMSR(index: u32(), reserved: u32(), value: u64()) }),
            .getExtVCPUContext(vcpu: u32()),
            .setExtVCPUContext(vcpu: u32(), size: u32(), body: bytes(DomctlLayout.extVCPUContextSize - DomctlLayout.evSize - 4)),
            .assignDevice(device()), .testAssignDevice(device()), .deassignDevice(device()),
            .bindPtIRQ(ptIRQ()), .unbindPtIRQ(ptIRQ()),
            .memoryMapping(.init(firstGuest: u64(), firstMachine: u64(), count: u64(), add: u32())),
            .ioportMapping(.init(firstGuest: UInt64(u32()), firstMachine: UInt64(u32()), count: UInt64(u32()), add: u32())),
            .getDeviceGroup(machineSBDF: u32(), maxSdevs: small(), sdevs: handle()),
            .vmEventOp(op: u32(), mode: u32()), .monitorOp(monitor()),
        ]
        return ops.map { Domctl(domain: u16(), $0) }
    }

    mutating func device() -> Domctl.DeviceAssignment {
        bool() ? .pci(machineSBDF: u32(), flags: u32()) : .dt(path: bytes(Int(small()) + 1), flags: u32())
    }

    /// A monitor op whose options are the member its event selects (as decode gives back).
    mutating func monitor() -> Domctl.MonitorOp {
        let enable = pick([XEN_DOMCTL_MONITOR_OP_ENABLE, XEN_DOMCTL_MONITOR_OP_DISABLE])
        let withOptions: [Domctl.MonitorOp] = [
            .init(op: UInt32(enable), event: UInt32(XEN_DOMCTL_MONITOR_EVENT_WRITE_CTRLREG), options: .movToCR(index: u8(), sync: u8(), onChangeOnly: u8(), bitmask: u64())),
            .init(op: UInt32(enable), event: UInt32(XEN_DOMCTL_MONITOR_EVENT_MOV_TO_MSR), options: .movToMSR(msr: u32(), onChangeOnly: u8())),
            .init(op: UInt32(enable), event: UInt32(XEN_DOMCTL_MONITOR_EVENT_GUEST_REQUEST), options: .guestRequest(sync: u8(), allowUserspace: u8())),
            .init(op: UInt32(enable), event: UInt32(XEN_DOMCTL_MONITOR_EVENT_DEBUG_EXCEPTION), options: .debugException(sync: u8())),
            .init(op: UInt32(enable), event: UInt32(XEN_DOMCTL_MONITOR_EVENT_VMEXIT), options: .vmexit(sync: u8())),
            .init(op: UInt32(enable), event: UInt32(pick([XEN_DOMCTL_MONITOR_EVENT_SINGLESTEP, XEN_DOMCTL_MONITOR_EVENT_CPUID,
                                                          XEN_DOMCTL_MONITOR_EVENT_INGUEST_PAGEFAULT]))),
            .init(op: UInt32(pick([XEN_DOMCTL_MONITOR_OP_GET_CAPABILITIES, XEN_DOMCTL_MONITOR_OP_EMULATE_EACH_REP,
                                   XEN_DOMCTL_MONITOR_OP_CONTROL_REGISTERS])), event: u32()),
        ]
        return pick(withOptions)
    }

    mutating func ptIRQ() -> Domctl.PtIRQ {
        let bindings: [Domctl.PtIRQ.Binding] = [
            .pci(bus: u8(), device: u8(), intx: u8()), .isa(irq: u8()), .msi(gvec: u8(), gflags: u32(), gtable: u64()),
            .msiTranslate(gvec: u8(), gflags: u32(), gtable: u64()), .spi(u16()),
        ]
        return Domctl.PtIRQ(machineIRQ: u32(), pick(bindings))
    }

    mutating func flask() -> [FlaskOp] {
        let id = u32() >> 1
        let ops: [FlaskOp.Op] = [
            .load(policy: bytes(Int(small()) * 5)), .getEnforce, .setEnforce(u32()), .contextToSID(context: bytes(Int(small()))),
            .sidToContext(sid: u32(), size: small(), context: handle()), .access(ssid: u32(), tsid: u32(), tclass: u32(), req: u32()),
            .transition(cmd: UInt32(pick([FLASK_CREATE, FLASK_RELABEL, FLASK_MEMBER])), ssid: u32(), tsid: u32(), tclass: u32()),
            .policyVers, .getBool(id: id, size: small(), name: handle()), .getBoolByName(bytes(Int(small()))),
            .setBool(id: id, newValue: u8(), commit: u8(), name: []), .setBool(id: .max, newValue: u8(), commit: u8(), name: bytes(Int(small()))),
            .commitBools, .mls, .getAVCThreshold, .setAVCThreshold(u32()), .avcHashStats, .avcCacheStats(cpu: u32()),
            .ocontext(cmd: UInt32(pick([FLASK_ADD_OCONTEXT, FLASK_DEL_OCONTEXT])), ocon: u32(), sid: u32(), low: u64(), high: u64()),
            .getPeerSID(evtchn: u32()), .relabelDomain(domid: u32(), sid: u32()), .devicetreeLabel(sid: u32(), path: bytes(Int(small()))),
        ]
        return ops.map { FlaskOp($0) }
    }
}

@Suite("sysctl, domctl, xsm_op round trips")
struct ToolstackRoundTripTests {
    @Test("every typed sub-op round-trips with random fields", arguments: 0 ..< 25)
    func roundTrips(seed: UInt64) throws {
        var r = ToolstackRandom(rng: SeededRNG(seed: seed &* 7919 &+ 1))
        for v in r.sysctl() {
            let (d, same) = try roundTrip(v)
            #expect(d == v && same, "\(v)")
        }
        for v in r.domctl() {
            let (d, same) = try roundTrip(v)
            #expect(d == v && same, "\(v)")
        }
        for v in r.flask() {
            let (d, same) = try roundTrip(v)
            #expect(d == v && same, "\(v)")
        }
    }

    @Test("only the fields a sub-op reads are inputs: output bytes stay unmarked")
    func inputsOnly() {
        let c = Sysctl(.physinfo).encoded
        let marked = c.marks.enumerated().filter { $0.element != .none }.map(\.offset)
        #expect(marked == Array(0 ..< 8))  // cmd and interface_version
        let v = Domctl(domain: 3, .getVCPUInfo(vcpu: 1)).encoded
        #expect(v.marks[DomctlLayout.u + DomctlLayout.gviVCPU] == .input)
        #expect(v.marks[DomctlLayout.u + 8] == .none)  // cpu_time: out
        #expect(v.load(UInt32.self, buffer: 0, at: DomctlLayout.interfaceVersion) == UInt32(XEN_DOMCTL_INTERFACE_VERSION))
    }

    @Test("nested handles: readconsole buffer, affinity maps and dm-style arrays sit in the struct")
    func nestedSites() {
        let c = Sysctl(.readconsole(clear: 0, incremental: 1, index: 0, count: 100, buffer: .buffer)).encoded
        #expect(c.buffers.count == 2)
        #expect(c.buffers[1].site == .nested(buffer: 0, offset: SysctlLayout.u + SysctlLayout.rcBuffer))
        #expect(c.buffers[1].size == 100 && c.buffers[1].direction == .out)
        let a = Domctl(domain: 0, .getVCPUAffinity(vcpu: 0, flags: 3, hard: OutBitmap(nrBits: 9), soft: OutBitmap(nrBits: 8))).encoded
        #expect(a.buffers.map(\.size) == [DomctlLayout.size, 2, 1])
    }

    /// Memory that answers every read with the same struct bytes.
    struct Hostile: GuestMemoryReader {
        var image: [UInt8]
        func read(handle: UInt64, flavour: Flavour, offset: Int, into: UnsafeMutableRawBufferPointer) throws(XenErrno) {
            guard offset + into.count <= image.count else { throw .EFAULT }
            image.withUnsafeBytes { into.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset ..< offset + into.count])) }
        }
    }

    @Test("hostile counts are bounded, unknown sub-ops and wrong versions are typed errors")
    func hostile() {
        var s = [UInt8](repeating: 0xff, count: SysctlLayout.size)
        func put(_ v: UInt32, _ o: Int) { withUnsafeBytes(of: v.littleEndian) { for (i, b) in $0.enumerated() { s[o + i] = b } } }
        put(UInt32(XEN_SYSCTL_INTERFACE_VERSION), SysctlLayout.interfaceVersion)
        let raw = RawHypercall(op: OpWord(.sysctl), args: HypercallArgs([0x1000]))
        for (cmd, expected) in [
            (XEN_SYSCTL_numainfo, DecodeError(.invalid("18446744065119617025 elements of 4 bytes exceed 67108864 bytes"), at: "sysctl.numainfo.num_nodes")),
            (XEN_SYSCTL_getdomaininfolist, DecodeError(.invalid("4294967295 elements of 112 bytes exceed 67108864 bytes"), at: "sysctl.getdomaininfolist.max_domains")),
            (XEN_SYSCTL_debug_keys, DecodeError(.invalid("4294967295 elements of 1 bytes exceed 67108864 bytes"), at: "sysctl.debug_keys.nr_keys")),
            (XEN_SYSCTL_get_cpu_policy, DecodeError(.invalid("4294967295 elements of 24 bytes exceed 67108864 bytes"), at: "sysctl.get_cpu_policy.nr_leaves")),
        ] {
            put(UInt32(cmd), SysctlLayout.cmd)
            #expect(throws: expected) { try Sysctl.decode(raw, memory: Hostile(image: s)) }
        }
        // Sub-op structs whose counts are all ones: each count is bounded before anything is read.
        let u = SysctlLayout.u
        for (cmd, field, value, expected) in [
            (XEN_SYSCTL_get_pmstat, u + SysctlLayout.psType, UInt32(PMSTAT_get_cxstat),
             DecodeError(.invalid("4294967295 elements of 8 bytes exceed 67108864 bytes"), at: "sysctl.get_pmstat.u.getcx.nr")),
            (XEN_SYSCTL_pm_op, u + SysctlLayout.pmCmd, UInt32(GET_CPUFREQ_PARA),
             DecodeError(.invalid("4294967295 elements of 4 bytes exceed 67108864 bytes"), at: "sysctl.pm_op.get_para.cpu_num")),
            // The name's handle reads the same hostile image, which is too short for 0xffff bytes.
            (XEN_SYSCTL_livepatch_op, u + SysctlLayout.lpoCmd, UInt32(XEN_SYSCTL_LIVEPATCH_UPLOAD),
             DecodeError(.unreadable(.EFAULT), at: "sysctl.livepatch_op.name")),
        ] {
            put(UInt32(cmd), SysctlLayout.cmd)
            put(value, field)
            #expect(throws: expected, "cmd \(cmd)") { try Sysctl.decode(raw, memory: Hostile(image: s)) }
            put(0xffff_ffff, field)
        }
        put(99, SysctlLayout.cmd)
        #expect(throws: DecodeError(.unknownSubop(99), at: "sysctl")) { try Sysctl.decode(raw, memory: Hostile(image: s)) }
        put(UInt32(XEN_SYSCTL_physinfo), SysctlLayout.cmd)
        put(0x14, SysctlLayout.interfaceVersion)
        #expect(throws: DecodeError(.invalid("interface_version 0x14 is not XEN_SYSCTL_INTERFACE_VERSION 0x15"), at: "sysctl.interface_version")) { try Sysctl.decode(raw, memory: Hostile(image: s)) }
    }
}

/// Memory where every handle reads the same hostile image (short reads fault).
struct HostileImage: GuestMemoryReader {
    var image: [UInt8]
    func read(handle: UInt64, flavour: Flavour, offset: Int, into: UnsafeMutableRawBufferPointer) throws(XenErrno) {
        let start = offset + Int(handle & 0xff)
        guard start >= 0, start + into.count <= image.count else { throw .EFAULT }
        image.withUnsafeBytes { into.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[start ..< start + into.count])) }
    }
}

@Suite("Toolstack decoders against hostile guest memory")
struct ToolstackFuzzTests {
    /// Every sub-op number 0..<100 of each struct-based hypercall, over
    /// random struct bytes: decoding throws a DecodeError or yields a value
    /// that re-encodes and round-trips; it never traps.
    @Test("random structs decode to typed errors or round-trip", arguments: 0 ..< 4)
    func fuzz(seed: UInt64) throws {
        var rng = SeededRNG(seed: 0xF022 &+ seed)
        let cases: [(HypercallNumber, Int, UInt32)] = [
            (.sysctl, SysctlLayout.interfaceVersion, UInt32(XEN_SYSCTL_INTERFACE_VERSION)),
            (.domctl, DomctlLayout.interfaceVersion, UInt32(XEN_DOMCTL_INTERFACE_VERSION)),
            (.xsm_op, FlaskLayout.interfaceVersion, UInt32(XEN_FLASK_INTERFACE_VERSION)),
            (.platform_op, PlatformLayout.interfaceVersion, UInt32(XENPF_INTERFACE_VERSION)),
        ]
        var decoded = 0
        for (number, versionAt, version) in cases {
            for cmd in UInt32(0) ..< 100 {
                var image = (0 ..< 3072).map { _ in UInt8.random(in: 0 ... 255, using: &rng) }
                // Small counts half the time, so nested arrays get followed too.
                if Bool.random(using: &rng) { for i in stride(from: 8, to: 256, by: 4) where image[i + 1] != 0 { image[i + 1] = 0; image[i + 2] = 0; image[i + 3] = 0 } }
                withUnsafeBytes(of: cmd.littleEndian) { for (i, b) in $0.enumerated() { image[i] = b } }
                withUnsafeBytes(of: version.littleEndian) { for (i, b) in $0.enumerated() { image[versionAt + i] = b } }
                let raw = RawHypercall(op: OpWord(number), args: HypercallArgs([0, 1, 0, 0, 0]))
                let v: AnyHypercall
                do throws(DecodeError) {
                    v = try AnyHypercall.decode(raw, memory: HostileImage(image: image))
                } catch {
                    #expect(!error.location.isEmpty)
                    continue
                }
                decoded += 1
                let (again, same) = try roundTrip(v)
                #expect(again == v && same, "\(v)")
            }
        }
        #expect(decoded > 50)
    }

    @Test("dm_op and hypfs_op registers from a hostile guest")
    func registers() throws {
        var rng = SeededRNG(seed: 0xD30)
        for _ in 0 ..< 100 {
            let image = (0 ..< 4096).map { _ in UInt8.random(in: 0 ... 255, using: &rng) }
            let args = HypercallArgs((0 ..< 5).map { _ in UInt64.random(in: 0 ... 40, using: &rng) })
            for n in [HypercallNumber.dm_op, .hypfs_op] {
                if let v = try? AnyHypercall.decode(RawHypercall(op: OpWord(n), args: args), memory: HostileImage(image: image)) {
                    let (again, same) = try roundTrip(v)
                    #expect(again == v && same, "\(v)")
                }
            }
        }
    }
}
