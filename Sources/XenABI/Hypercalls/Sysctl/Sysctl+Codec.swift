import CXen

extension Sysctl {
    /// `struct xen_sysctl` at `XEN_SYSCTL_INTERFACE_VERSION`.
    public static let envelope = VersionedEnvelope(.sysctl, cName: "xen_sysctl", size: SysctlLayout.size, cmd: SysctlLayout.cmd,
                                                   interfaceVersion: SysctlLayout.interfaceVersion, union: SysctlLayout.u,
                                                   version: UInt32(XEN_SYSCTL_INTERFACE_VERSION), versionName: "XEN_SYSCTL_INTERFACE_VERSION")

    public func encode(into call: inout EncodedCall) {
        let b = Self.envelope.begin(cmd, into: &call)
        let u = SysctlLayout.u
        typealias L = SysctlLayout
        switch op {
        case .physinfo, .schedID, .getCPULevellingCaps:
            break
        case .readconsole(let clear, let incremental, let index, let count, let buffer):
            call.store(clear, buffer: b, at: u + L.rcClear)
            call.store(incremental, buffer: b, at: u + L.rcIncremental)
            call.store(index, buffer: b, at: u + L.rcIndex)
            call.store(count, buffer: b, at: u + L.rcCount)
            call.addNested(buffer, size: Int(count), direction: .out, parent: b, offset: u + L.rcBuffer)
        case .getDomainInfoList(let first, let max, let buffer):
            call.store(first, buffer: b, at: u + L.gdlFirst)
            call.store(max, buffer: b, at: u + L.gdlMax)
            call.addNested(buffer, size: Int(max) * DomctlLayout.getDomainInfoSize, direction: .out, parent: b, offset: u + L.gdlBuffer)
        case .debugKeys(let keys):
            call.store(UInt32(keys.count), buffer: b, at: u + L.dkNrKeys)
            call.addNestedInput(keys, parent: b, offset: u + L.dkKeys)
        case .getCPUInfo(let max, let info):
            call.store(max, buffer: b, at: u + L.gciMax)
            call.addNested(info, size: Int(max) * L.cpuinfoSize, direction: .out, parent: b, offset: u + L.gciInfo)
        case .availheap(let minBits, let maxBits, let node):
            call.store(minBits, buffer: b, at: u + L.ahMin)
            call.store(maxBits, buffer: b, at: u + L.ahMax)
            call.store(node, buffer: b, at: u + L.ahNode)
        case .cpuHotplug(let cpu, let op):
            call.store(cpu, buffer: b, at: u + L.hpCPU)
            call.store(op, buffer: b, at: u + L.hpOp)
        case .pmOp(let pm):
            pm.encode(into: &call, buffer: b, at: u)
        case .getPMStat(let ps):
            ps.encode(into: &call, buffer: b, at: u)
        case .livepatchOp(let lp):
            lp.encode(into: &call, buffer: b, at: u)
        case .perfcOp(let pf):
            pf.encode(into: &call, buffer: b, at: u)
        case .pageOfflineOp(let c, let start, let end, let status):
            call.store(c, buffer: b, at: u + L.poCmd)
            call.store(start, buffer: b, at: u + L.poStart)
            call.store(end, buffer: b, at: u + L.poEnd)
            let n = end >= start ? Int(end - start) + 1 : 0
            call.addNested(status, size: n * 4, direction: .out, parent: b, offset: u + L.poStatus)
        case .lockprofOp(let c, let max, let data):
            call.store(c, buffer: b, at: u + L.lpCmd)
            call.store(max, buffer: b, at: u + L.lpMax)
            call.addNested(data, size: Int(max) * L.lockprofDataSize, direction: .out, parent: b, offset: u + L.lpData)
        case .cputopoinfo(let n, let topo):
            call.store(n, buffer: b, at: u + L.ctNum)
            call.addNested(topo, size: Int(n) * L.cputopoSize, direction: .out, parent: b, offset: u + L.ctTopo)
        case .numainfo(let n, let mem, let dist):
            call.store(n, buffer: b, at: u + L.niNum)
            call.addNested(mem, size: Int(n) * L.meminfoSize, direction: .out, parent: b, offset: u + L.niMeminfo)
            call.addNested(dist, size: Int(n) * Int(n) * 4, direction: .out, parent: b, offset: u + L.niDistance)
        case .cpupoolOp(let p):
            p.encode(into: &call, buffer: b, at: u)
        case .pciTopoInfo(let devs, let nodes):
            call.store(UInt32(devs.count), buffer: b, at: u + L.ptNum)
            call.addStructs(devs, site: .nested(buffer: b, offset: u + L.ptDevs))
            call.addNested(nodes, size: devs.count * 4, direction: .out, parent: b, offset: u + L.ptNodes)
        case .tbufOp(let t):
            switch t {
            case .plain(let c): call.store(c, buffer: b, at: u + L.tbCmd)
            case .setCPUMask(let m):
                call.store(UInt32(XEN_SYSCTL_TBUFOP_set_cpu_mask), buffer: b, at: u + L.tbCmd)
                call.encode(m, parent: b, at: u + L.tbCPUMask)
            case .setEvtMask(let m):
                call.store(UInt32(XEN_SYSCTL_TBUFOP_set_evt_mask), buffer: b, at: u + L.tbCmd)
                call.store(m, buffer: b, at: u + L.tbEvtMask)
            case .setSize(let n):
                call.store(UInt32(XEN_SYSCTL_TBUFOP_set_size), buffer: b, at: u + L.tbCmd)
                call.store(n, buffer: b, at: u + L.tbSize)
            }
        case .schedulerOp(let s):
            switch s {
            case .getInfo(let pool, let id):
                call.store(pool, buffer: b, at: u + L.soPool); call.store(id, buffer: b, at: u + L.soSchedID)
                call.store(UInt32(XEN_SYSCTL_SCHEDOP_getinfo), buffer: b, at: u + L.soCmd)
            case .putCredit(let pool, let tslice, let rate, let delay):
                call.store(pool, buffer: b, at: u + L.soPool); call.store(UInt32(XEN_SCHEDULER_CREDIT), buffer: b, at: u + L.soSchedID)
                call.store(UInt32(XEN_SYSCTL_SCHEDOP_putinfo), buffer: b, at: u + L.soCmd)
                call.store(tslice, buffer: b, at: u + L.soU + L.csTslice); call.store(rate, buffer: b, at: u + L.soU + L.csRatelimit)
                call.store(delay, buffer: b, at: u + L.soU + L.csMigrDelay)
            case .putCredit2(let pool, let rate):
                call.store(pool, buffer: b, at: u + L.soPool); call.store(UInt32(XEN_SCHEDULER_CREDIT2), buffer: b, at: u + L.soSchedID)
                call.store(UInt32(XEN_SYSCTL_SCHEDOP_putinfo), buffer: b, at: u + L.soCmd)
                call.store(rate, buffer: b, at: u + L.soU + L.c2Ratelimit)
            }
        case .coverageOp(let c, let size, let buffer):
            call.store(c, buffer: b, at: u + L.coCmd)
            if c == UInt32(XEN_SYSCTL_COVERAGE_read) {
                call.store(size, buffer: b, at: u + L.coSize)
                call.addNested(buffer, size: Int(size), direction: .out, parent: b, offset: u + L.coBuffer)
            }
        case .psrCmtOp(let c, let flags, let cpu):
            call.store(c, buffer: b, at: u + L.pcCmd); call.store(flags, buffer: b, at: u + L.pcFlags)
            if Sysctl.psrCmtReadsCPU(c) { call.store(cpu, buffer: b, at: u + L.pcU) }
        case .psrAlloc(let c, let target):
            call.store(c, buffer: b, at: u + L.paCmd)
            call.store(target, buffer: b, at: u + L.paTarget)
        case .getCPUFeatureset(let index, let nr, let features):
            call.store(index, buffer: b, at: u + L.cfIndex)
            call.store(nr, buffer: b, at: u + L.cfNr)
            call.addNested(features, size: Int(nr) * 4, direction: .out, parent: b, offset: u + L.cfFeatures)
        case .getCPUPolicy(let index, let nrLeaves, let nrMSRs, let rsvd, let leaves, let msrs):
            call.store(index, buffer: b, at: u + L.cpIndex)
            call.store(nrLeaves, buffer: b, at: u + L.cpNrLeaves)
            call.store(nrMSRs, buffer: b, at: u + L.cpNrMSRs)
            call.store(rsvd, buffer: b, at: u + L.cpRsvd)
            call.addNested(leaves, size: Int(nrLeaves) * L.cpuidLeafSize, direction: .out, parent: b, offset: u + L.cpLeaves)
            call.addNested(msrs, size: Int(nrMSRs) * L.msrEntrySize, direction: .out, parent: b, offset: u + L.cpMSRs)
        }
    }

    public static func decode(_ raw: RawHypercall, memory: some GuestMemoryReader) throws(DecodeError) -> Sysctl {
        typealias L = SysctlLayout
        let (cmd, u) = try envelope.open(raw, memory: memory)
        switch Int32(bitPattern: cmd) {
        case XEN_SYSCTL_physinfo: return Sysctl(.physinfo)
        case XEN_SYSCTL_sched_id: return Sysctl(.schedID)
        case XEN_SYSCTL_get_cpu_levelling_caps: return Sysctl(.getCPULevellingCaps)
        case XEN_SYSCTL_readconsole:
            let count = u.u32(L.rcCount)
            _ = try u.count(UInt64(count), 1, "readconsole.count")
            return Sysctl(.readconsole(clear: u.load(UInt8.self, L.rcClear), incremental: u.load(UInt8.self, L.rcIncremental),
                                       index: u.u32(L.rcIndex), count: count, buffer: u.nested(L.rcBuffer)))
        case XEN_SYSCTL_getdomaininfolist:
            let max = u.u32(L.gdlMax)
            _ = try u.count(UInt64(max), DomctlLayout.getDomainInfoSize, "getdomaininfolist.max_domains")
            return Sysctl(.getDomainInfoList(firstDomain: u.load(UInt16.self, L.gdlFirst), maxDomains: max,
                                             buffer: u.nested(L.gdlBuffer)))
        case XEN_SYSCTL_debug_keys:
            let n = try u.count(UInt64(u.u32(L.dkNrKeys)), 1, "debug_keys.nr_keys")
            return Sysctl(.debugKeys(keys: try u.bytes(L.dkKeys, count: n, memory: memory, "debug_keys.keys")))
        case XEN_SYSCTL_getcpuinfo:
            let max = u.u32(L.gciMax)
            _ = try u.count(UInt64(max), L.cpuinfoSize, "getcpuinfo.max_cpus")
            return Sysctl(.getCPUInfo(maxCPUs: max, info: u.nested(L.gciInfo)))
        case XEN_SYSCTL_availheap:
            return Sysctl(.availheap(minBitwidth: u.u32(L.ahMin), maxBitwidth: u.u32(L.ahMax), node: u.load(Int32.self, L.ahNode)))
        case XEN_SYSCTL_cpu_hotplug:
            return Sysctl(.cpuHotplug(cpu: u.u32(L.hpCPU), op: u.u32(L.hpOp)))
        case XEN_SYSCTL_pm_op:
            return Sysctl(.pmOp(try PMOp.decode(u)))
        case XEN_SYSCTL_get_pmstat:
            return Sysctl(.getPMStat(try PMStat.decode(u.fields, at: u.base)))
        case XEN_SYSCTL_livepatch_op:
            return Sysctl(.livepatchOp(try LivepatchOp.decode(u.fields, at: u.base, memory: memory)))
        case XEN_SYSCTL_perfc_op:
            return Sysctl(.perfcOp(try PerfcOp.decode(u.fields, at: u.base)))
        case XEN_SYSCTL_page_offline_op:
            let start = u.u32(L.poStart), end = u.u32(L.poEnd)
            _ = try u.count(end >= start ? UInt64(end - start) + 1 : 0, 4, "page_offline_op.end")
            return Sysctl(.pageOfflineOp(cmd: u.u32(L.poCmd), start: start, end: end, status: u.nested(L.poStatus)))
        case XEN_SYSCTL_lockprof_op:
            let max = u.u32(L.lpMax)
            _ = try u.count(UInt64(max), L.lockprofDataSize, "lockprof_op.max_elem")
            return Sysctl(.lockprofOp(cmd: u.u32(L.lpCmd), maxElem: max, data: u.nested(L.lpData)))
        case XEN_SYSCTL_cputopoinfo:
            let n = u.u32(L.ctNum)
            _ = try u.count(UInt64(n), L.cputopoSize, "cputopoinfo.num_cpus")
            return Sysctl(.cputopoinfo(numCPUs: n, cputopo: u.nested(L.ctTopo)))
        case XEN_SYSCTL_numainfo:
            let n = u.u32(L.niNum)
            _ = try u.count(UInt64(n) * UInt64(n), 4, "numainfo.num_nodes")
            _ = try u.count(UInt64(n), L.meminfoSize, "numainfo.num_nodes")
            return Sysctl(.numainfo(numNodes: n, meminfo: u.nested(L.niMeminfo), distance: u.nested(L.niDistance)))
        case XEN_SYSCTL_cpupool_op:
            return Sysctl(.cpupoolOp(try CpupoolOp.decode(u)))
        case XEN_SYSCTL_pcitopoinfo:
            let n = u.u32(L.ptNum)
            let devs = try u.structs(PCIDevice.self, L.ptDevs, count: UInt64(n), memory: memory, "pcitopoinfo.num_devs", "pcitopoinfo.devs")
            return Sysctl(.pciTopoInfo(devs: devs, nodes: u.nested(L.ptNodes)))
        case XEN_SYSCTL_tbuf_op:
            let c = u.u32(L.tbCmd)
            switch Int32(bitPattern: c) {
            case XEN_SYSCTL_TBUFOP_get_info, XEN_SYSCTL_TBUFOP_enable, XEN_SYSCTL_TBUFOP_disable: return Sysctl(.tbufOp(.plain(cmd: c)))
            case XEN_SYSCTL_TBUFOP_set_cpu_mask:
                return Sysctl(.tbufOp(.setCPUMask(try u.fields.inBitmap(at: u.base + L.tbCPUMask, memory: memory, name: "sysctl.tbuf_op.cpu_mask"))))
            case XEN_SYSCTL_TBUFOP_set_evt_mask: return Sysctl(.tbufOp(.setEvtMask(u.u32(L.tbEvtMask))))
            case XEN_SYSCTL_TBUFOP_set_size: return Sysctl(.tbufOp(.setSize(u.u32(L.tbSize))))
            default: throw DecodeError(.unknownSubop(UInt64(c)), at: "sysctl.tbuf_op.cmd")
            }
        case XEN_SYSCTL_scheduler_op:
            let pool = u.u32(L.soPool), id = u.u32(L.soSchedID), c = u.u32(L.soCmd)
            if c == UInt32(XEN_SYSCTL_SCHEDOP_getinfo) { return Sysctl(.schedulerOp(.getInfo(cpupoolID: pool, schedID: id))) }
            guard c == UInt32(XEN_SYSCTL_SCHEDOP_putinfo) else { throw DecodeError(.unknownSubop(UInt64(c)), at: "sysctl.scheduler_op.cmd") }
            switch Int32(bitPattern: id) {
            case XEN_SCHEDULER_CREDIT:
                return Sysctl(.schedulerOp(.putCredit(cpupoolID: pool, tsliceMS: u.u32(L.soU + L.csTslice), ratelimitUS: u.u32(L.soU + L.csRatelimit),
                                                      vcpuMigrDelayUS: u.u32(L.soU + L.csMigrDelay))))
            case XEN_SCHEDULER_CREDIT2: return Sysctl(.schedulerOp(.putCredit2(cpupoolID: pool, ratelimitUS: u.u32(L.soU + L.c2Ratelimit))))
            default: throw DecodeError(.unknownSubop(UInt64(id)), at: "sysctl.scheduler_op.sched_id")
            }
        case XEN_SYSCTL_coverage_op:
            let c = u.u32(L.coCmd)
            switch Int32(bitPattern: c) {
            case XEN_SYSCTL_COVERAGE_get_size, XEN_SYSCTL_COVERAGE_reset: return Sysctl(.coverageOp(cmd: c, size: 0, buffer: .null))
            case XEN_SYSCTL_COVERAGE_read:
                let n = u.u32(L.coSize)
                _ = try u.count(UInt64(n), 1, "coverage_op.size")
                return Sysctl(.coverageOp(cmd: c, size: n, buffer: u.nested(L.coBuffer)))
            default: throw DecodeError(.unknownSubop(UInt64(c)), at: "sysctl.coverage_op.cmd")
            }
        case XEN_SYSCTL_psr_cmt_op:
            let c = u.u32(L.pcCmd)
            return Sysctl(.psrCmtOp(cmd: c, flags: u.u32(L.pcFlags), cpu: Sysctl.psrCmtReadsCPU(c) ? u.u32(L.pcU) : 0))
        case XEN_SYSCTL_psr_alloc:
            return Sysctl(.psrAlloc(cmd: u.u32(L.paCmd), target: u.u32(L.paTarget)))
        case XEN_SYSCTL_get_cpu_featureset:
            let n = u.u32(L.cfNr)
            _ = try u.count(UInt64(n), 4, "get_cpu_featureset.nr_features")
            return Sysctl(.getCPUFeatureset(index: u.u32(L.cfIndex), nrFeatures: n, features: u.nested(L.cfFeatures)))
        case XEN_SYSCTL_get_cpu_policy:
            let nl = u.u32(L.cpNrLeaves), nm = u.u32(L.cpNrMSRs)
            _ = try u.count(UInt64(nl), L.cpuidLeafSize, "get_cpu_policy.nr_leaves")
            _ = try u.count(UInt64(nm), L.msrEntrySize, "get_cpu_policy.nr_msrs")
            return Sysctl(.getCPUPolicy(index: u.u32(L.cpIndex), nrLeaves: nl, nrMSRs: nm, rsvd: u.u32(L.cpRsvd),
                                        leaves: u.nested(L.cpLeaves), msrs: u.nested(L.cpMSRs)))
        default:
            throw DecodeError(.unknownSubop(UInt64(cmd)), at: "sysctl")
        }
    }
}

extension Sysctl {
    /// Whether a `XEN_SYSCTL_PSR_CMT_*` query reads `u.l3_cache.cpu` (the
    /// first member of the union, at its start).
    static func psrCmtReadsCPU(_ cmd: UInt32) -> Bool {
        cmd == UInt32(XEN_SYSCTL_PSR_CMT_get_l3_cache_size) || cmd == UInt32(XEN_SYSCTL_PSR_CMT_get_l3_event_mask)
    }
}

extension Sysctl.CpupoolOp {
    typealias L = SysctlLayout

    func encode(into call: inout EncodedCall, buffer b: Int, at u: Int) {
        func put(_ op: Int32, _ fields: [(Int, UInt32)]) {
            call.store(UInt32(op), buffer: b, at: u + L.cpoOp)
            for (o, v) in fields { call.store(v, buffer: b, at: u + o) }
        }
        switch self {
        case .create(let id, let sched): put(XEN_SYSCTL_CPUPOOL_OP_CREATE, [(L.cpoPool, id), (L.cpoSched, sched)])
        case .destroy(let id): put(XEN_SYSCTL_CPUPOOL_OP_DESTROY, [(L.cpoPool, id)])
        case .info(let id, let map):
            put(XEN_SYSCTL_CPUPOOL_OP_INFO, [(L.cpoPool, id)])
            call.encode(map, parent: b, at: u + L.cpoCpumap)
        case .addCPU(let id, let cpu): put(XEN_SYSCTL_CPUPOOL_OP_ADDCPU, [(L.cpoPool, id), (L.cpoCPU, cpu)])
        case .rmCPU(let id, let cpu): put(XEN_SYSCTL_CPUPOOL_OP_RMCPU, [(L.cpoPool, id), (L.cpoCPU, cpu)])
        case .moveDomain(let id, let dom): put(XEN_SYSCTL_CPUPOOL_OP_MOVEDOMAIN, [(L.cpoPool, id), (L.cpoDomid, dom)])
        case .freeInfo(let map):
            put(XEN_SYSCTL_CPUPOOL_OP_FREEINFO, [])
            call.encode(map, parent: b, at: u + L.cpoCpumap)
        }
    }

    static func decode(_ u: EnvelopeUnion) throws(DecodeError) -> Self {
        let op = u.u32(L.cpoOp)
        switch Int32(bitPattern: op) {
        case XEN_SYSCTL_CPUPOOL_OP_CREATE: return .create(cpupoolID: u.u32(L.cpoPool), schedID: u.u32(L.cpoSched))
        case XEN_SYSCTL_CPUPOOL_OP_DESTROY: return .destroy(cpupoolID: u.u32(L.cpoPool))
        case XEN_SYSCTL_CPUPOOL_OP_INFO:
            return .info(cpupoolID: u.u32(L.cpoPool), cpumap: try u.fields.outBitmap(at: u.base + L.cpoCpumap, name: "sysctl.cpupool_op.cpumap"))
        case XEN_SYSCTL_CPUPOOL_OP_ADDCPU: return .addCPU(cpupoolID: u.u32(L.cpoPool), cpu: u.u32(L.cpoCPU))
        case XEN_SYSCTL_CPUPOOL_OP_RMCPU: return .rmCPU(cpupoolID: u.u32(L.cpoPool), cpu: u.u32(L.cpoCPU))
        case XEN_SYSCTL_CPUPOOL_OP_MOVEDOMAIN: return .moveDomain(cpupoolID: u.u32(L.cpoPool), domid: u.u32(L.cpoDomid))
        case XEN_SYSCTL_CPUPOOL_OP_FREEINFO:
            return .freeInfo(cpumap: try u.fields.outBitmap(at: u.base + L.cpoCpumap, name: "sysctl.cpupool_op.cpumap"))
        default: throw DecodeError(.unknownSubop(UInt64(op)), at: "sysctl.cpupool_op.op")
        }
    }
}

extension Sysctl.PMOp {
    typealias L = SysctlLayout

    func encode(into call: inout EncodedCall, buffer b: Int, at u: Int) {
        func put(_ c: Int32, _ cpuid: UInt32) {
            call.store(UInt32(c), buffer: b, at: u + L.pmCmd)
            call.store(cpuid, buffer: b, at: u + L.pmCPUID)
        }
        switch self {
        case .setCPUFreqGov(let cpuid, let gov):
            put(SET_CPUFREQ_GOV, cpuid)
            let g = Array(gov.prefix(L.governorLen)) + Array(repeating: 0, count: max(0, L.governorLen - gov.count))
            call.store(bytes: g, buffer: b, at: u + L.pmU)
        case .setCPUFreqPara(let cpuid, let t, let v):
            put(SET_CPUFREQ_PARA, cpuid)
            call.store(t, buffer: b, at: u + L.pmU + L.setParaType)
            call.store(v, buffer: b, at: u + L.pmU + L.setParaValue)
        case .getCPUFreqAvgFreq(let cpuid): put(GET_CPUFREQ_AVGFREQ, cpuid)
        case .setSchedOptSMT(let cpuid, let v):
            put(XEN_SYSCTL_pm_op_set_sched_opt_smt, cpuid)
            call.store(v, buffer: b, at: u + L.pmU)
        case .getMaxCState(let cpuid): put(XEN_SYSCTL_pm_op_get_max_cstate, cpuid)
        case .setMaxCState(let cpuid, let v):
            put(XEN_SYSCTL_pm_op_set_max_cstate, cpuid)
            call.store(v, buffer: b, at: u + L.pmU)
        case .enableTurbo(let cpuid): put(XEN_SYSCTL_pm_op_enable_turbo, cpuid)
        case .disableTurbo(let cpuid): put(XEN_SYSCTL_pm_op_disable_turbo, cpuid)
        case .getCPUFreqPara(let cpuid, let cpus, let freqs, let govs, let affected, let frequencies, let governors):
            put(GET_CPUFREQ_PARA, cpuid)
            let p = u + L.pmU
            call.store(cpus, buffer: b, at: p + L.gpCPUNum)
            call.store(freqs, buffer: b, at: p + L.gpFreqNum)
            call.store(govs, buffer: b, at: p + L.gpGovNum)
            call.addNested(affected, size: Int(cpus) * 4, direction: .out, parent: b, offset: p + L.gpAffectedCPUs)
            call.addNested(frequencies, size: Int(freqs) * 4, direction: .out, parent: b, offset: p + L.gpFrequencies)
            call.addNested(governors, size: Int(govs) * L.cpufreqNameLen, direction: .out, parent: b, offset: p + L.gpGovernors)
        }
    }

    static func decode(_ u: EnvelopeUnion) throws(DecodeError) -> Self {
        let c = u.u32(L.pmCmd), cpuid = u.u32(L.pmCPUID)
        switch Int32(bitPattern: c) {
        case SET_CPUFREQ_GOV: return .setCPUFreqGov(cpuid: cpuid, governor: u.fields.slice(u.base + L.pmU, L.governorLen))
        case SET_CPUFREQ_PARA: return .setCPUFreqPara(cpuid: cpuid, ctrlType: u.u32(L.pmU + L.setParaType), ctrlValue: u.u32(L.pmU + L.setParaValue))
        case GET_CPUFREQ_AVGFREQ: return .getCPUFreqAvgFreq(cpuid: cpuid)
        case XEN_SYSCTL_pm_op_set_sched_opt_smt: return .setSchedOptSMT(cpuid: cpuid, value: u.u32(L.pmU))
        case XEN_SYSCTL_pm_op_get_max_cstate: return .getMaxCState(cpuid: cpuid)
        case XEN_SYSCTL_pm_op_set_max_cstate: return .setMaxCState(cpuid: cpuid, value: u.u32(L.pmU))
        case XEN_SYSCTL_pm_op_enable_turbo: return .enableTurbo(cpuid: cpuid)
        case XEN_SYSCTL_pm_op_disable_turbo: return .disableTurbo(cpuid: cpuid)
        case GET_CPUFREQ_PARA:
            let cpus = u.u32(L.pmU + L.gpCPUNum), freqs = u.u32(L.pmU + L.gpFreqNum), govs = u.u32(L.pmU + L.gpGovNum)
            _ = try u.count(UInt64(cpus), 4, "pm_op.get_para.cpu_num")
            _ = try u.count(UInt64(freqs), 4, "pm_op.get_para.freq_num")
            _ = try u.count(UInt64(govs), L.cpufreqNameLen, "pm_op.get_para.gov_num")
            return .getCPUFreqPara(cpuid: cpuid, cpuNum: cpus, freqNum: freqs, govNum: govs,
                                   affectedCPUs: u.nested(L.pmU + L.gpAffectedCPUs), frequencies: u.nested(L.pmU + L.gpFrequencies),
                                   governors: u.nested(L.pmU + L.gpGovernors))
        default: throw DecodeError(.unknownSubop(UInt64(c)), at: "sysctl.pm_op.cmd")
        }
    }
}
