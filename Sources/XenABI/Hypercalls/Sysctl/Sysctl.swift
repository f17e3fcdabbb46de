import CXen

/// `__HYPERVISOR_sysctl` (`public/sysctl.h`): `sysctl(struct xen_sysctl *)`,
/// one in/out `xen_sysctl` whose `cmd` picks a member of its union `u`.
///
/// Only the fields a sub-op *reads* are encoded as inputs: libxc does not
/// zero the struct, so the other union bytes hold whatever was on the stack.
public struct Sysctl: VersionedHypercall, Hashable {
    /// The sub-op and its input fields.
    public var op: Op

    /// A sysctl running `op` with interface version `XEN_SYSCTL_INTERFACE_VERSION`.
    public init(_ op: Op) { self.op = op }

    /// The `XEN_SYSCTL_*` sub-ops, each with the fields Xen reads.
    public enum Op: Hashable, Sendable {
        /// `XEN_SYSCTL_readconsole`: copy (and maybe clear) the console ring into `count` bytes.
        case readconsole(clear: UInt8, incremental: UInt8, index: UInt32, count: UInt32, buffer: NestedHandle)
        /// `XEN_SYSCTL_physinfo`: all outputs.
        case physinfo
        /// `XEN_SYSCTL_sched_id`: all outputs.
        case schedID
        /// `XEN_SYSCTL_getdomaininfolist`: up to `maxDomains` `xen_domctl_getdomaininfo` from `firstDomain`.
        case getDomainInfoList(firstDomain: UInt16, maxDomains: UInt32, buffer: NestedHandle)
        /// `XEN_SYSCTL_debug_keys`: inject the `keys` as if typed on the console.
        case debugKeys(keys: [UInt8])
        /// `XEN_SYSCTL_getcpuinfo`: idle time of up to `maxCPUs` CPUs.
        case getCPUInfo(maxCPUs: UInt32, info: NestedHandle)
        /// `XEN_SYSCTL_availheap`: free heap bytes in a bit-width range on a node.
        case availheap(minBitwidth: UInt32, maxBitwidth: UInt32, node: Int32)
        /// `XEN_SYSCTL_cpu_hotplug`: `XEN_SYSCTL_CPU_HOTPLUG_*` `op` on `cpu`.
        case cpuHotplug(cpu: UInt32, op: UInt32)
        /// `XEN_SYSCTL_pm_op`: the scalar power-management commands.
        case pmOp(PMOp)
        /// `XEN_SYSCTL_page_offline_op`: `cmd` on MFNs `start...end`; status per page out.
        case pageOfflineOp(cmd: UInt32, start: UInt32, end: UInt32, status: NestedHandle)
        /// `XEN_SYSCTL_lockprof_op`: reset, or query up to `maxElem` records.
        case lockprofOp(cmd: UInt32, maxElem: UInt32, data: NestedHandle)
        /// `XEN_SYSCTL_cputopoinfo`: topology of `numCPUs` CPUs (null handle: count only).
        case cputopoinfo(numCPUs: UInt32, cputopo: NestedHandle)
        /// `XEN_SYSCTL_numainfo`: memory of `numNodes` nodes and their distance matrix.
        case numainfo(numNodes: UInt32, meminfo: NestedHandle, distance: NestedHandle)
        /// `XEN_SYSCTL_cpupool_op`.
        case cpupoolOp(CpupoolOp)
        /// `XEN_SYSCTL_pcitopoinfo`: NUMA node of each PCI device in `devs`.
        case pciTopoInfo(devs: [PCIDevice], nodes: NestedHandle)
        /// `XEN_SYSCTL_psr_alloc`: `XEN_SYSCTL_PSR_*` info for socket `target`.
        case psrAlloc(cmd: UInt32, target: UInt32)
        /// `XEN_SYSCTL_tbuf_op`: trace buffer control.
        case tbufOp(TbufOp)
        /// `XEN_SYSCTL_scheduler_op`: a cpupool's scheduler parameters.
        case schedulerOp(SchedulerOp)
        /// `XEN_SYSCTL_coverage_op`: `XEN_SYSCTL_COVERAGE_*`; `read` fills `size` bytes.
        case coverageOp(cmd: UInt32, size: UInt32, buffer: NestedHandle)
        /// `XEN_SYSCTL_psr_cmt_op`: `cpu` is read by the L3 cache-size and event-mask queries.
        case psrCmtOp(cmd: UInt32, flags: UInt32, cpu: UInt32)
        /// `XEN_SYSCTL_get_cpu_levelling_caps`: all outputs.
        case getCPULevellingCaps
        /// `XEN_SYSCTL_get_cpu_featureset`: featureset `index`, `nrFeatures` words.
        case getCPUFeatureset(index: UInt32, nrFeatures: UInt32, features: NestedHandle)
        /// `XEN_SYSCTL_get_cpu_policy`: CPUID leaves and MSRs of policy `index`
        /// (null handles ask for the counts).
        case getCPUPolicy(index: UInt32, nrLeaves: UInt32, nrMSRs: UInt32, rsvd: UInt32, leaves: NestedHandle, msrs: NestedHandle)
        /// `XEN_SYSCTL_get_pmstat`: P- and C-state statistics (xenpm).
        case getPMStat(PMStat)
        /// `XEN_SYSCTL_livepatch_op`: upload, get, action and list (xen-livepatch).
        case livepatchOp(LivepatchOp)
        /// `XEN_SYSCTL_perfc_op`: reset or query the performance counters (xenperf).
        case perfcOp(PerfcOp)
    }

    /// `struct xen_sysctl_cpupool_op`, by `XEN_SYSCTL_CPUPOOL_OP_*`: each case holds what Xen reads.
    public enum CpupoolOp: Hashable, Sendable {
        /// `XEN_SYSCTL_CPUPOOL_OP_CREATE`.
        case create(cpupoolID: UInt32, schedID: UInt32)
        /// `XEN_SYSCTL_CPUPOOL_OP_DESTROY`.
        case destroy(cpupoolID: UInt32)
        /// `XEN_SYSCTL_CPUPOOL_OP_INFO`: the pool's CPUs out.
        case info(cpupoolID: UInt32, cpumap: OutBitmap)
        /// `XEN_SYSCTL_CPUPOOL_OP_ADDCPU`.
        case addCPU(cpupoolID: UInt32, cpu: UInt32)
        /// `XEN_SYSCTL_CPUPOOL_OP_RMCPU`.
        case rmCPU(cpupoolID: UInt32, cpu: UInt32)
        /// `XEN_SYSCTL_CPUPOOL_OP_MOVEDOMAIN`.
        case moveDomain(cpupoolID: UInt32, domid: UInt32)
        /// `XEN_SYSCTL_CPUPOOL_OP_FREEINFO`: the free CPUs out.
        case freeInfo(cpumap: OutBitmap)
    }

    /// `struct xen_sysctl_tbuf_op` by `XEN_SYSCTL_TBUFOP_*`.
    public enum TbufOp: Hashable, Sendable {
        /// `get_info`, `enable`, `disable`: only `cmd` is read.
        case plain(cmd: UInt32)
        /// `set_cpu_mask`: the mask in.
        case setCPUMask(InBitmap)
        /// `set_evt_mask`.
        case setEvtMask(UInt32)
        /// `set_size`.
        case setSize(UInt32)
    }

    /// `struct xen_sysctl_scheduler_op` (`XEN_SYSCTL_SCHEDOP_*`).
    public enum SchedulerOp: Hashable, Sendable {
        /// `getinfo` of pool `cpupoolID`'s scheduler `schedID`.
        case getInfo(cpupoolID: UInt32, schedID: UInt32)
        /// `putinfo` to credit: `xen_sysctl_credit_schedule`.
        case putCredit(cpupoolID: UInt32, tsliceMS: UInt32, ratelimitUS: UInt32, vcpuMigrDelayUS: UInt32)
        /// `putinfo` to credit2: `xen_sysctl_credit2_schedule`.
        case putCredit2(cpupoolID: UInt32, ratelimitUS: UInt32)
    }

    /// `physdev_pci_device_t`.
    public typealias PCIDevice = PhysdevOp.PCIDevice

    /// `struct xen_sysctl_pm_op` commands without nested buffers.
    public enum PMOp: Hashable, Sendable {
        /// `SET_CPUFREQ_GOV`: `scaling_governor` (`CPUFREQ_NAME_LEN` bytes).
        case setCPUFreqGov(cpuid: UInt32, governor: [UInt8])
        /// `SET_CPUFREQ_PARA`.
        case setCPUFreqPara(cpuid: UInt32, ctrlType: UInt32, ctrlValue: UInt32)
        /// `GET_CPUFREQ_AVGFREQ`.
        case getCPUFreqAvgFreq(cpuid: UInt32)
        /// `XEN_SYSCTL_pm_op_set_sched_opt_smt`.
        case setSchedOptSMT(cpuid: UInt32, value: UInt32)
        /// `XEN_SYSCTL_pm_op_get_max_cstate` (cpuid 0: C-state, 1: sub-state).
        case getMaxCState(cpuid: UInt32)
        /// `XEN_SYSCTL_pm_op_set_max_cstate`.
        case setMaxCState(cpuid: UInt32, value: UInt32)
        /// `XEN_SYSCTL_pm_op_enable_turbo`.
        case enableTurbo(cpuid: UInt32)
        /// `XEN_SYSCTL_pm_op_disable_turbo`.
        case disableTurbo(cpuid: UInt32)
        /// `GET_CPUFREQ_PARA`: with the counts Xen has (else it answers -EAGAIN
        /// and writes them back), `cpuNum` affected CPUs and `freqNum`
        /// frequencies (`uint32`) and `govNum` governor names
        /// (`CPUFREQ_NAME_LEN` bytes each) out; null handles for the query.
        case getCPUFreqPara(cpuid: UInt32, cpuNum: UInt32, freqNum: UInt32, govNum: UInt32,
                            affectedCPUs: NestedHandle, frequencies: NestedHandle, governors: NestedHandle)
    }

    /// The `XEN_SYSCTL_*` command.
    public var cmd: UInt32 {
        let c: Int32 = switch op {
        case .readconsole: XEN_SYSCTL_readconsole
        case .physinfo: XEN_SYSCTL_physinfo
        case .schedID: XEN_SYSCTL_sched_id
        case .getDomainInfoList: XEN_SYSCTL_getdomaininfolist
        case .debugKeys: XEN_SYSCTL_debug_keys
        case .getCPUInfo: XEN_SYSCTL_getcpuinfo
        case .availheap: XEN_SYSCTL_availheap
        case .cpuHotplug: XEN_SYSCTL_cpu_hotplug
        case .pmOp: XEN_SYSCTL_pm_op
        case .getPMStat: XEN_SYSCTL_get_pmstat
        case .livepatchOp: XEN_SYSCTL_livepatch_op
        case .perfcOp: XEN_SYSCTL_perfc_op
        case .pageOfflineOp: XEN_SYSCTL_page_offline_op
        case .lockprofOp: XEN_SYSCTL_lockprof_op
        case .cputopoinfo: XEN_SYSCTL_cputopoinfo
        case .numainfo: XEN_SYSCTL_numainfo
        case .cpupoolOp: XEN_SYSCTL_cpupool_op
        case .pciTopoInfo: XEN_SYSCTL_pcitopoinfo
        case .psrAlloc: XEN_SYSCTL_psr_alloc
        case .tbufOp: XEN_SYSCTL_tbuf_op
        case .schedulerOp: XEN_SYSCTL_scheduler_op
        case .coverageOp: XEN_SYSCTL_coverage_op
        case .psrCmtOp: XEN_SYSCTL_psr_cmt_op
        case .getCPULevellingCaps: XEN_SYSCTL_get_cpu_levelling_caps
        case .getCPUFeatureset: XEN_SYSCTL_get_cpu_featureset
        case .getCPUPolicy: XEN_SYSCTL_get_cpu_policy
        }
        return UInt32(c)
    }
}
