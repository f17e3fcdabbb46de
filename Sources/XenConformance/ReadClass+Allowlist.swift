import CXen
import XenABI

/// The allowlist: the calls safe to replay in a running dom0 because Xen
/// only reads its state to answer them (Specs/abi.md section 10,
/// "Differential conformance against Xen 4.17", states why per class).
/// Anything not listed, and any listed sub-op with an input that makes it
/// write (`readconsole` with `clear`, a PM statistics reset), is not a read;
/// nor is `pm_op` get_cpufreq_avgfreq, which moves the per-CPU APERF/MPERF
/// baseline the next average is taken from.
extension ReadClass {
    /// The class of `call` when it is a read, else nil.
    public static func of(_ call: AnyHypercall) -> ReadClass? {
        switch call {
        case .xenVersion(let v): xenVersion(v)
        case .sysctl(let s): sysctl(s.op)
        case .domctl(let d): domctl(d.op)
        case .memoryOp(let m): memoryOp(m)
        case .platformOp(let p): platformOp(p.op)
        case .vcpuOp(.isUp): ReadClass("vcpu_op.is_up", result: .hostValue)
        case .vcpuOp(.getRunstateInfo): ReadClass("vcpu_op.get_runstate_info")
        case .grantTableOp(.querySize): ReadClass("grant_table_op.query_size")
        case .eventChannelOp(.status): ReadClass("event_channel_op.status")
        case .hvmOp(.getParam): ReadClass("hvm_op.get_param")
        case .xsmOp(let x): flask(x.op)
        case .multicall(let m): multicall(m)
        default: nil
        }
    }

    /// Every `XENVER_*` sub-op only reads.
    static func xenVersion(_ v: XenVersion) -> ReadClass {
        switch v {
        case .version: ReadClass("xen_version.version", result: .hostValue)
        case .extraversion: ReadClass("xen_version.extraversion")
        case .compileInfo: ReadClass("xen_version.compile_info")
        case .capabilities: ReadClass("xen_version.capabilities")
        case .changeset: ReadClass("xen_version.changeset")
        case .platformParameters: ReadClass("xen_version.platform_parameters")
        case .getFeatures: ReadClass("xen_version.get_features")
        case .pagesize: ReadClass("xen_version.pagesize")
        case .guestHandle: ReadClass("xen_version.guest_handle")
        case .commandline: ReadClass("xen_version.commandline")
        // The build id's length is the build's; it starts after `len`.
        case .buildID: ReadClass("xen_version.build_id", result: .hostValue,
                                 hostExtents: [HostExtent(buffer: 0, from: MemoryLayout<xen_build_id_t>.size, element: 1)])
        }
    }

    static func sysctl(_ op: Sysctl.Op) -> ReadClass? {
        typealias L = SysctlLayout
        let u = L.u
        func u32(_ offset: Int) -> HostField { HostField(u + offset ..< u + offset + 4) }
        switch op {
        case .physinfo: return ReadClass("sysctl.physinfo")
        case .schedID: return ReadClass("sysctl.sched_id")
        case .getDomainInfoList:
            return ReadClass("sysctl.getdomaininfolist", hostExtents: [HostExtent(buffer: 1, element: DomctlLayout.getDomainInfoSize)])
        case .readconsole(let clear, _, _, _, _):
            // `clear` moves the ring's consumer index: a write.
            guard clear == 0 else { return nil }
            return ReadClass("sysctl.readconsole", hostExtents: [HostExtent(buffer: 1, element: 1)],
                             hostFields: [u32(L.rcIndex), u32(L.rcCount)])
        case .cputopoinfo:
            return ReadClass("sysctl.cputopoinfo", hostExtents: [HostExtent(buffer: 1, element: L.cputopoSize)], hostFields: [u32(L.ctNum)])
        case .numainfo:
            return ReadClass("sysctl.numainfo", hostExtents: [HostExtent(buffer: 1, element: L.meminfoSize), HostExtent(buffer: 2, element: 4)],
                             hostFields: [u32(L.niNum)])
        case .getCPUInfo:
            return ReadClass("sysctl.getcpuinfo", hostExtents: [HostExtent(buffer: 1, element: L.cpuinfoSize)])
        case .cpupoolOp(.info): return ReadClass("sysctl.cpupool_op.info", hostFields: [u32(L.cpoPool)])
        case .cpupoolOp(.freeInfo): return ReadClass("sysctl.cpupool_op.freeinfo")
        case .availheap: return ReadClass("sysctl.availheap")
        case .getCPULevellingCaps: return ReadClass("sysctl.get_cpu_levelling_caps")
        case .getCPUFeatureset:
            return ReadClass("sysctl.get_cpu_featureset", hostExtents: [HostExtent(buffer: 1, element: 4)], hostFields: [u32(L.cfNr)])
        case .getCPUPolicy:
            return ReadClass("sysctl.get_cpu_policy",
                             hostExtents: [HostExtent(buffer: 1, element: L.cpuidLeafSize), HostExtent(buffer: 2, element: L.msrEntrySize)],
                             hostFields: [u32(L.cpNrLeaves), u32(L.cpNrMSRs)])
        case .schedulerOp(.getInfo): return ReadClass("sysctl.scheduler_op.getinfo")
        case .pmOp(.getMaxCState): return ReadClass("sysctl.pm_op.get_max_cstate")
        case .getPMStat(.getMaxPx): return ReadClass("sysctl.get_pmstat.get_max_px")
        case .getPMStat(.getMaxCx): return ReadClass("sysctl.get_pmstat.get_max_cx")
        case .pciTopoInfo: return ReadClass("sysctl.pcitopoinfo")
        default: return nil
        }
    }

    static func domctl(_ op: Domctl.Op) -> ReadClass? {
        switch op {
        // Which domain answers (the first at or above the id asked) is the host's.
        case .getDomainInfo:
            return ReadClass("domctl.getdomaininfo", hostFields: [HostField(DomctlLayout.domain ..< DomctlLayout.domain + 2)])
        case .getVCPUInfo: return ReadClass("domctl.getvcpuinfo")
        case .getVCPUAffinity: return ReadClass("domctl.getvcpuaffinity")
        case .getAddressSize: return ReadClass("domctl.get_address_size")
        default: return nil
        }
    }

    static func memoryOp(_ m: MemoryOp) -> ReadClass? {
        switch m {
        case .maximumRAMPage: ReadClass("memory_op.maximum_ram_page", result: .hostValue)
        case .currentReservation: ReadClass("memory_op.current_reservation", result: .hostValue)
        case .maximumReservation: ReadClass("memory_op.maximum_reservation", result: .hostValue)
        case .maximumGPFN: ReadClass("memory_op.maximum_gpfn", result: .hostValue)
        case .getSharingFreedPages: ReadClass("memory_op.get_sharing_freed_pages", result: .hostValue)
        case .getSharingSharedPages: ReadClass("memory_op.get_sharing_shared_pages", result: .hostValue)
        case .memoryMap, .machineMemoryMap:
            ReadClass(m.subop == XENMEM_memory_map ? "memory_op.memory_map" : "memory_op.machine_memory_map",
                      hostExtents: [HostExtent(buffer: 1, element: MemoryOp.e820EntrySize)],
                      hostFields: [HostField(MemoryOp.MemoryMap.Offsets.nrEntries ..< MemoryOp.MemoryMap.Offsets.nrEntries + 4)])
        default: nil
        }
    }

    static func platformOp(_ op: PlatformOp.Op) -> ReadClass? {
        switch op {
        case .getCPUInfo: ReadClass("platform_op.get_cpuinfo")
        case .getCPUVersion: ReadClass("platform_op.get_cpu_version")
        case .firmwareInfo: ReadClass("platform_op.firmware_info")
        case .readMemtype: ReadClass("platform_op.read_memtype")
        default: nil
        }
    }

    /// FLASK queries; a Xen without FLASK answers every op -ENOSYS.
    static func flask(_ op: FlaskOp.Op) -> ReadClass? {
        switch op {
        case .getEnforce: ReadClass("xsm_op.getenforce")
        case .sidToContext: ReadClass("xsm_op.sid_to_context")
        case .policyVers: ReadClass("xsm_op.policyvers")
        case .mls: ReadClass("xsm_op.mls")
        case .getAVCThreshold: ReadClass("xsm_op.getavc_threshold")
        default: nil
        }
    }

    /// A multicall is a read when every entry is.
    static func multicall(_ m: Multicall) -> ReadClass? {
        var names: [String] = []
        for e in m.entries {
            guard let c = of(e.call) else { return nil }
            names.append(c.name)
        }
        return ReadClass("multicall[" + names.joined(separator: ",") + "]")
    }
}
