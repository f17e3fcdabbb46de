import CXen

/// Offsets in `struct xen_sysctl` and its union members (`public/sysctl.h`).
public enum SysctlLayout {
    /// `sizeof(xen_sysctl_t)`
    public static let size = MemoryLayout<xen_sysctl_t>.size
    /// `offsetof(xen_sysctl_t, cmd)`
    public static let cmd = Layout.offset(\xen_sysctl_t.cmd)
    /// `offsetof(xen_sysctl_t, interface_version)`
    public static let interfaceVersion = Layout.offset(\xen_sysctl_t.interface_version)
    /// `offsetof(xen_sysctl_t, u)`
    public static let u = Layout.offset(\xen_sysctl_t.u)
    /// `offsetof(xen_sysctl_readconsole, clear)`
    public static let rcClear = Layout.offset(\xen_sysctl_readconsole.clear)
    /// `offsetof(xen_sysctl_readconsole, incremental)`
    public static let rcIncremental = Layout.offset(\xen_sysctl_readconsole.incremental)
    /// `offsetof(xen_sysctl_readconsole, index)`
    public static let rcIndex = Layout.offset(\xen_sysctl_readconsole.index)
    /// `offsetof(xen_sysctl_readconsole, buffer)`
    public static let rcBuffer = Layout.offset(\xen_sysctl_readconsole.buffer)
    /// `offsetof(xen_sysctl_readconsole, count)`
    public static let rcCount = Layout.offset(\xen_sysctl_readconsole.count)
    /// `offsetof(xen_sysctl_getdomaininfolist, first_domain)`
    public static let gdlFirst = Layout.offset(\xen_sysctl_getdomaininfolist.first_domain)
    /// `offsetof(xen_sysctl_getdomaininfolist, max_domains)`
    public static let gdlMax = Layout.offset(\xen_sysctl_getdomaininfolist.max_domains)
    /// `offsetof(xen_sysctl_getdomaininfolist, buffer)`
    public static let gdlBuffer = Layout.offset(\xen_sysctl_getdomaininfolist.buffer)
    /// `offsetof(xen_sysctl_debug_keys, keys)`
    public static let dkKeys = Layout.offset(\xen_sysctl_debug_keys.keys)
    /// `offsetof(xen_sysctl_debug_keys, nr_keys)`
    public static let dkNrKeys = Layout.offset(\xen_sysctl_debug_keys.nr_keys)
    /// `offsetof(xen_sysctl_getcpuinfo, max_cpus)`
    public static let gciMax = Layout.offset(\xen_sysctl_getcpuinfo.max_cpus)
    /// `offsetof(xen_sysctl_getcpuinfo, info)`
    public static let gciInfo = Layout.offset(\xen_sysctl_getcpuinfo.info)
    /// `sizeof(xen_sysctl_cpuinfo_t)`
    public static let cpuinfoSize = MemoryLayout<xen_sysctl_cpuinfo_t>.size
    /// `offsetof(xen_sysctl_availheap, min_bitwidth)`
    public static let ahMin = Layout.offset(\xen_sysctl_availheap.min_bitwidth)
    /// `offsetof(xen_sysctl_availheap, max_bitwidth)`
    public static let ahMax = Layout.offset(\xen_sysctl_availheap.max_bitwidth)
    /// `offsetof(xen_sysctl_availheap, node)`
    public static let ahNode = Layout.offset(\xen_sysctl_availheap.node)
    /// `offsetof(xen_sysctl_cpu_hotplug, cpu)`
    public static let hpCPU = Layout.offset(\xen_sysctl_cpu_hotplug.cpu)
    /// `offsetof(xen_sysctl_cpu_hotplug, op)`
    public static let hpOp = Layout.offset(\xen_sysctl_cpu_hotplug.op)
    /// `offsetof(xen_sysctl_pm_op, cmd)`
    public static let pmCmd = Layout.offset(\xen_sysctl_pm_op.cmd)
    /// `offsetof(xen_sysctl_pm_op, cpuid)`
    public static let pmCPUID = Layout.offset(\xen_sysctl_pm_op.cpuid)
    /// `offsetof(xen_sysctl_pm_op, u)`
    public static let pmU = Layout.offset(\xen_sysctl_pm_op.u)
    /// `offsetof(xen_set_cpufreq_para, ctrl_type)`
    public static let setParaType = Layout.offset(\xen_set_cpufreq_para.ctrl_type)
    /// `offsetof(xen_set_cpufreq_para, ctrl_value)`
    public static let setParaValue = Layout.offset(\xen_set_cpufreq_para.ctrl_value)
    /// `sizeof(xen_set_cpufreq_gov)`
    public static let governorLen = MemoryLayout<xen_set_cpufreq_gov>.size
    /// `offsetof(xen_sysctl_page_offline_op, cmd)`
    public static let poCmd = Layout.offset(\xen_sysctl_page_offline_op.cmd)
    /// `offsetof(xen_sysctl_page_offline_op, start)`
    public static let poStart = Layout.offset(\xen_sysctl_page_offline_op.start)
    /// `offsetof(xen_sysctl_page_offline_op, end)`
    public static let poEnd = Layout.offset(\xen_sysctl_page_offline_op.end)
    /// `offsetof(xen_sysctl_page_offline_op, status)`
    public static let poStatus = Layout.offset(\xen_sysctl_page_offline_op.status)
    /// `offsetof(xen_sysctl_lockprof_op, cmd)`
    public static let lpCmd = Layout.offset(\xen_sysctl_lockprof_op.cmd)
    /// `offsetof(xen_sysctl_lockprof_op, max_elem)`
    public static let lpMax = Layout.offset(\xen_sysctl_lockprof_op.max_elem)
    /// `offsetof(xen_sysctl_lockprof_op, data)`
    public static let lpData = Layout.offset(\xen_sysctl_lockprof_op.data)
    /// `sizeof(xen_sysctl_lockprof_data_t)`
    public static let lockprofDataSize = MemoryLayout<xen_sysctl_lockprof_data_t>.size
    /// `offsetof(xen_sysctl_cputopoinfo, num_cpus)`
    public static let ctNum = Layout.offset(\xen_sysctl_cputopoinfo.num_cpus)
    /// `offsetof(xen_sysctl_cputopoinfo, cputopo)`
    public static let ctTopo = Layout.offset(\xen_sysctl_cputopoinfo.cputopo)
    /// `sizeof(xen_sysctl_cputopo_t)`
    public static let cputopoSize = MemoryLayout<xen_sysctl_cputopo_t>.size
    /// `offsetof(xen_sysctl_numainfo, num_nodes)`
    public static let niNum = Layout.offset(\xen_sysctl_numainfo.num_nodes)
    /// `offsetof(xen_sysctl_numainfo, meminfo)`
    public static let niMeminfo = Layout.offset(\xen_sysctl_numainfo.meminfo)
    /// `offsetof(xen_sysctl_numainfo, distance)`
    public static let niDistance = Layout.offset(\xen_sysctl_numainfo.distance)
    /// `sizeof(xen_sysctl_meminfo_t)`
    public static let meminfoSize = MemoryLayout<xen_sysctl_meminfo_t>.size
    /// `offsetof(xen_sysctl_cpupool_op, op)`
    public static let cpoOp = Layout.offset(\xen_sysctl_cpupool_op.op)
    /// `offsetof(xen_sysctl_cpupool_op, cpupool_id)`
    public static let cpoPool = Layout.offset(\xen_sysctl_cpupool_op.cpupool_id)
    /// `offsetof(xen_sysctl_cpupool_op, sched_id)`
    public static let cpoSched = Layout.offset(\xen_sysctl_cpupool_op.sched_id)
    /// `offsetof(xen_sysctl_cpupool_op, domid)`
    public static let cpoDomid = Layout.offset(\xen_sysctl_cpupool_op.domid)
    /// `offsetof(xen_sysctl_cpupool_op, cpu)`
    public static let cpoCPU = Layout.offset(\xen_sysctl_cpupool_op.cpu)
    /// `offsetof(xen_sysctl_cpupool_op, cpumap)`
    public static let cpoCpumap = Layout.offset(\xen_sysctl_cpupool_op.cpumap)
    /// `offsetof(xen_sysctl_pcitopoinfo, num_devs)`
    public static let ptNum = Layout.offset(\xen_sysctl_pcitopoinfo.num_devs)
    /// `offsetof(xen_sysctl_pcitopoinfo, devs)`
    public static let ptDevs = Layout.offset(\xen_sysctl_pcitopoinfo.devs)
    /// `offsetof(xen_sysctl_pcitopoinfo, nodes)`
    public static let ptNodes = Layout.offset(\xen_sysctl_pcitopoinfo.nodes)
    /// `sizeof(physdev_pci_device_t)`
    public static let pciDeviceSize = MemoryLayout<physdev_pci_device_t>.size
    /// `offsetof(physdev_pci_device_t, seg)`
    public static let pciSeg = Layout.offset(\physdev_pci_device_t.seg)
    /// `offsetof(physdev_pci_device_t, bus)`
    public static let pciBus = Layout.offset(\physdev_pci_device_t.bus)
    /// `offsetof(physdev_pci_device_t, devfn)`
    public static let pciDevfn = Layout.offset(\physdev_pci_device_t.devfn)
    /// `offsetof(xen_sysctl_psr_alloc, cmd)`
    public static let paCmd = Layout.offset(\xen_sysctl_psr_alloc.cmd)
    /// `offsetof(xen_sysctl_psr_alloc, target)`
    public static let paTarget = Layout.offset(\xen_sysctl_psr_alloc.target)
    /// `offsetof(xen_sysctl_cpu_featureset, index)`
    public static let cfIndex = Layout.offset(\xen_sysctl_cpu_featureset.index)
    /// `offsetof(xen_sysctl_cpu_featureset, nr_features)`
    public static let cfNr = Layout.offset(\xen_sysctl_cpu_featureset.nr_features)
    /// `offsetof(xen_sysctl_cpu_featureset, features)`
    public static let cfFeatures = Layout.offset(\xen_sysctl_cpu_featureset.features)
    /// `offsetof(xen_sysctl_cpu_policy_t, index)`
    public static let cpIndex = Layout.offset(\xen_sysctl_cpu_policy_t.index)
    /// `offsetof(xen_sysctl_cpu_policy_t, nr_leaves)`
    public static let cpNrLeaves = Layout.offset(\xen_sysctl_cpu_policy_t.nr_leaves)
    /// `offsetof(xen_sysctl_cpu_policy_t, nr_msrs)`
    public static let cpNrMSRs = Layout.offset(\xen_sysctl_cpu_policy_t.nr_msrs)
    /// `offsetof(xen_sysctl_cpu_policy_t, _rsvd)`
    public static let cpRsvd = Layout.offset(\xen_sysctl_cpu_policy_t._rsvd)
    /// `offsetof(xen_sysctl_cpu_policy_t, leaves)`
    public static let cpLeaves = Layout.offset(\xen_sysctl_cpu_policy_t.leaves)
    /// `offsetof(xen_sysctl_cpu_policy_t, msrs)`
    public static let cpMSRs = Layout.offset(\xen_sysctl_cpu_policy_t.msrs)
    /// `sizeof(xen_cpuid_leaf_t)`
    public static let cpuidLeafSize = MemoryLayout<xen_cpuid_leaf_t>.size
    /// `offsetof(xen_sysctl_tbuf_op, cmd)`
    public static let tbCmd = Layout.offset(\xen_sysctl_tbuf_op.cmd)
    /// `offsetof(xen_sysctl_tbuf_op, cpu_mask)`
    public static let tbCPUMask = Layout.offset(\xen_sysctl_tbuf_op.cpu_mask)
    /// `offsetof(xen_sysctl_tbuf_op, evt_mask)`
    public static let tbEvtMask = Layout.offset(\xen_sysctl_tbuf_op.evt_mask)
    /// `offsetof(xen_sysctl_tbuf_op, size)`
    public static let tbSize = Layout.offset(\xen_sysctl_tbuf_op.size)
    /// `offsetof(xen_sysctl_scheduler_op, cpupool_id)`
    public static let soPool = Layout.offset(\xen_sysctl_scheduler_op.cpupool_id)
    /// `offsetof(xen_sysctl_scheduler_op, sched_id)`
    public static let soSchedID = Layout.offset(\xen_sysctl_scheduler_op.sched_id)
    /// `offsetof(xen_sysctl_scheduler_op, cmd)`
    public static let soCmd = Layout.offset(\xen_sysctl_scheduler_op.cmd)
    /// `offsetof(xen_sysctl_scheduler_op, u)`
    public static let soU = Layout.offset(\xen_sysctl_scheduler_op.u)
    /// `offsetof(xen_sysctl_credit_schedule, tslice_ms)`
    public static let csTslice = Layout.offset(\xen_sysctl_credit_schedule.tslice_ms)
    /// `offsetof(xen_sysctl_credit_schedule, ratelimit_us)`
    public static let csRatelimit = Layout.offset(\xen_sysctl_credit_schedule.ratelimit_us)
    /// `offsetof(xen_sysctl_credit_schedule, vcpu_migr_delay_us)`
    public static let csMigrDelay = Layout.offset(\xen_sysctl_credit_schedule.vcpu_migr_delay_us)
    /// `offsetof(xen_sysctl_credit2_schedule, ratelimit_us)`
    public static let c2Ratelimit = Layout.offset(\xen_sysctl_credit2_schedule.ratelimit_us)
    /// `offsetof(xen_sysctl_coverage_op, cmd)`
    public static let coCmd = Layout.offset(\xen_sysctl_coverage_op.cmd)
    /// `offsetof(xen_sysctl_coverage_op, size)`
    public static let coSize = Layout.offset(\xen_sysctl_coverage_op.size)
    /// `offsetof(xen_sysctl_coverage_op, buffer)`
    public static let coBuffer = Layout.offset(\xen_sysctl_coverage_op.buffer)
    /// `offsetof(xen_sysctl_psr_cmt_op, cmd)`
    public static let pcCmd = Layout.offset(\xen_sysctl_psr_cmt_op.cmd)
    /// `offsetof(xen_sysctl_psr_cmt_op, flags)`
    public static let pcFlags = Layout.offset(\xen_sysctl_psr_cmt_op.flags)
    /// `offsetof(xen_sysctl_psr_cmt_op, u)`
    public static let pcU = Layout.offset(\xen_sysctl_psr_cmt_op.u)
    /// `sizeof(xen_msr_entry_t)`
    public static let msrEntrySize = MemoryLayout<xen_msr_entry_t>.size

    /// `offsetof(xen_sysctl_get_pmstat, type)`
    public static let psType = Layout.offset(\xen_sysctl_get_pmstat.type)
    /// `offsetof(xen_sysctl_get_pmstat, cpuid)`
    public static let psCPUID = Layout.offset(\xen_sysctl_get_pmstat.cpuid)
    /// `offsetof(xen_sysctl_get_pmstat, u)`
    public static let psU = Layout.offset(\xen_sysctl_get_pmstat.u)
    /// `offsetof(pm_px_stat, total)`
    public static let pxTotal = Layout.offset(\pm_px_stat.total)
    /// `offsetof(pm_px_stat, usable)`
    public static let pxUsable = Layout.offset(\pm_px_stat.usable)
    /// `offsetof(pm_px_stat, last)`
    public static let pxLast = Layout.offset(\pm_px_stat.last)
    /// `offsetof(pm_px_stat, cur)`
    public static let pxCur = Layout.offset(\pm_px_stat.cur)
    /// `offsetof(pm_px_stat, trans_pt)`
    public static let pxTransPt = Layout.offset(\pm_px_stat.trans_pt)
    /// `offsetof(pm_px_stat, pt)`
    public static let pxPt = Layout.offset(\pm_px_stat.pt)
    /// `offsetof(pm_cx_stat, nr)`
    public static let cxNr = Layout.offset(\pm_cx_stat.nr)
    /// `offsetof(pm_cx_stat, last)`
    public static let cxLast = Layout.offset(\pm_cx_stat.last)
    /// `offsetof(pm_cx_stat, idle_time)`
    public static let cxIdleTime = Layout.offset(\pm_cx_stat.idle_time)
    /// `offsetof(pm_cx_stat, triggers)`
    public static let cxTriggers = Layout.offset(\pm_cx_stat.triggers)
    /// `offsetof(pm_cx_stat, residencies)`
    public static let cxResidencies = Layout.offset(\pm_cx_stat.residencies)
    /// `offsetof(pm_cx_stat, nr_pc)`
    public static let cxNrPC = Layout.offset(\pm_cx_stat.nr_pc)
    /// `offsetof(pm_cx_stat, nr_cc)`
    public static let cxNrCC = Layout.offset(\pm_cx_stat.nr_cc)
    /// `offsetof(pm_cx_stat, pc)`
    public static let cxPC = Layout.offset(\pm_cx_stat.pc)
    /// `offsetof(pm_cx_stat, cc)`
    public static let cxCC = Layout.offset(\pm_cx_stat.cc)
    /// `offsetof(xen_get_cpufreq_para, cpu_num)`
    public static let gpCPUNum = Layout.offset(\xen_get_cpufreq_para.cpu_num)
    /// `offsetof(xen_get_cpufreq_para, freq_num)`
    public static let gpFreqNum = Layout.offset(\xen_get_cpufreq_para.freq_num)
    /// `offsetof(xen_get_cpufreq_para, gov_num)`
    public static let gpGovNum = Layout.offset(\xen_get_cpufreq_para.gov_num)
    /// `offsetof(xen_get_cpufreq_para, affected_cpus)`
    public static let gpAffectedCPUs = Layout.offset(\xen_get_cpufreq_para.affected_cpus)
    /// `offsetof(xen_get_cpufreq_para, scaling_available_frequencies)`
    public static let gpFrequencies = Layout.offset(\xen_get_cpufreq_para.scaling_available_frequencies)
    /// `offsetof(xen_get_cpufreq_para, scaling_available_governors)`
    public static let gpGovernors = Layout.offset(\xen_get_cpufreq_para.scaling_available_governors)
    /// `sizeof(pm_px_val_t)`
    public static let pxValSize = MemoryLayout<pm_px_val_t>.size
    /// `CPUFREQ_NAME_LEN`: bytes per governor name in `scaling_available_governors`.
    public static let cpufreqNameLen = Int(CPUFREQ_NAME_LEN)

    /// `offsetof(xen_sysctl_livepatch_op, cmd)`
    public static let lpoCmd = Layout.offset(\xen_sysctl_livepatch_op.cmd)
    /// `offsetof(xen_sysctl_livepatch_op, u)`
    public static let lpoU = Layout.offset(\xen_sysctl_livepatch_op.u)
    /// `offsetof(xen_livepatch_name, name)`
    public static let lpnName = Layout.offset(\xen_livepatch_name.name)
    /// `offsetof(xen_livepatch_name, size)`
    public static let lpnSize = Layout.offset(\xen_livepatch_name.size)
    /// `offsetof(xen_livepatch_name, pad)`
    public static let lpnPad = Layout.offset(\xen_livepatch_name.pad)
    /// `offsetof(xen_sysctl_livepatch_upload, name)`
    public static let lpuName = Layout.offset(\xen_sysctl_livepatch_upload.name)
    /// `offsetof(xen_sysctl_livepatch_upload, size)`
    public static let lpuSize = Layout.offset(\xen_sysctl_livepatch_upload.size)
    /// `offsetof(xen_sysctl_livepatch_upload, payload)`
    public static let lpuPayload = Layout.offset(\xen_sysctl_livepatch_upload.payload)
    /// `offsetof(xen_sysctl_livepatch_get, name)`
    public static let lpgName = Layout.offset(\xen_sysctl_livepatch_get.name)
    /// `offsetof(xen_sysctl_livepatch_get, status)`
    public static let lpgStatus = Layout.offset(\xen_sysctl_livepatch_get.status)
    /// `offsetof(xen_livepatch_status, state)`
    public static let lpsState = Layout.offset(\xen_livepatch_status.state)
    /// `offsetof(xen_livepatch_status, rc)`
    public static let lpsRC = Layout.offset(\xen_livepatch_status.rc)
    /// `offsetof(xen_sysctl_livepatch_action, name)`
    public static let lpaName = Layout.offset(\xen_sysctl_livepatch_action.name)
    /// `offsetof(xen_sysctl_livepatch_action, cmd)`
    public static let lpaCmd = Layout.offset(\xen_sysctl_livepatch_action.cmd)
    /// `offsetof(xen_sysctl_livepatch_action, timeout)`
    public static let lpaTimeout = Layout.offset(\xen_sysctl_livepatch_action.timeout)
    /// `offsetof(xen_sysctl_livepatch_action, flags)`
    public static let lpaFlags = Layout.offset(\xen_sysctl_livepatch_action.flags)

    static var rows: [Layout.Row] {
        [
            .type("xen_sysctl_t", xen_sysctl_t.self),
            .field("xen_sysctl_t", \xen_sysctl_t.cmd, "cmd"),
            .field("xen_sysctl_t", \xen_sysctl_t.interface_version, "interface_version"),
            .nested("xen_sysctl_t", "u", offset: Layout.offset(\xen_sysctl_t.u), size: MemoryLayout.size(ofValue: xen_sysctl_t().u)),
            .type("xen_sysctl_readconsole", xen_sysctl_readconsole.self),
            .field("xen_sysctl_readconsole", \xen_sysctl_readconsole.clear, "clear"),
            .field("xen_sysctl_readconsole", \xen_sysctl_readconsole.incremental, "incremental"),
            .field("xen_sysctl_readconsole", \xen_sysctl_readconsole.index, "index"),
            .field("xen_sysctl_readconsole", \xen_sysctl_readconsole.buffer, "buffer"),
            .field("xen_sysctl_readconsole", \xen_sysctl_readconsole.count, "count"),
            .type("xen_sysctl_getdomaininfolist", xen_sysctl_getdomaininfolist.self),
            .field("xen_sysctl_getdomaininfolist", \xen_sysctl_getdomaininfolist.first_domain, "first_domain"),
            .field("xen_sysctl_getdomaininfolist", \xen_sysctl_getdomaininfolist.max_domains, "max_domains"),
            .field("xen_sysctl_getdomaininfolist", \xen_sysctl_getdomaininfolist.buffer, "buffer"),
            .type("xen_sysctl_debug_keys", xen_sysctl_debug_keys.self),
            .field("xen_sysctl_debug_keys", \xen_sysctl_debug_keys.keys, "keys"),
            .field("xen_sysctl_debug_keys", \xen_sysctl_debug_keys.nr_keys, "nr_keys"),
            .type("xen_sysctl_getcpuinfo", xen_sysctl_getcpuinfo.self),
            .field("xen_sysctl_getcpuinfo", \xen_sysctl_getcpuinfo.max_cpus, "max_cpus"),
            .field("xen_sysctl_getcpuinfo", \xen_sysctl_getcpuinfo.info, "info"),
            .type("xen_sysctl_cpuinfo_t", xen_sysctl_cpuinfo_t.self),
            .type("xen_sysctl_availheap", xen_sysctl_availheap.self),
            .field("xen_sysctl_availheap", \xen_sysctl_availheap.min_bitwidth, "min_bitwidth"),
            .field("xen_sysctl_availheap", \xen_sysctl_availheap.max_bitwidth, "max_bitwidth"),
            .field("xen_sysctl_availheap", \xen_sysctl_availheap.node, "node"),
            .type("xen_sysctl_cpu_hotplug", xen_sysctl_cpu_hotplug.self),
            .field("xen_sysctl_cpu_hotplug", \xen_sysctl_cpu_hotplug.cpu, "cpu"),
            .field("xen_sysctl_cpu_hotplug", \xen_sysctl_cpu_hotplug.op, "op"),
            .type("xen_sysctl_pm_op", xen_sysctl_pm_op.self),
            .field("xen_sysctl_pm_op", \xen_sysctl_pm_op.cmd, "cmd"),
            .field("xen_sysctl_pm_op", \xen_sysctl_pm_op.cpuid, "cpuid"),
            .nested("xen_sysctl_pm_op", "u", offset: Layout.offset(\xen_sysctl_pm_op.u), size: MemoryLayout.size(ofValue: xen_sysctl_pm_op().u)),
            .type("xen_set_cpufreq_para", xen_set_cpufreq_para.self),
            .field("xen_set_cpufreq_para", \xen_set_cpufreq_para.ctrl_type, "ctrl_type"),
            .field("xen_set_cpufreq_para", \xen_set_cpufreq_para.ctrl_value, "ctrl_value"),
            .type("xen_set_cpufreq_gov", xen_set_cpufreq_gov.self),
            .type("xen_sysctl_page_offline_op", xen_sysctl_page_offline_op.self),
            .field("xen_sysctl_page_offline_op", \xen_sysctl_page_offline_op.cmd, "cmd"),
            .field("xen_sysctl_page_offline_op", \xen_sysctl_page_offline_op.start, "start"),
            .field("xen_sysctl_page_offline_op", \xen_sysctl_page_offline_op.end, "end"),
            .field("xen_sysctl_page_offline_op", \xen_sysctl_page_offline_op.status, "status"),
            .type("xen_sysctl_lockprof_op", xen_sysctl_lockprof_op.self),
            .field("xen_sysctl_lockprof_op", \xen_sysctl_lockprof_op.cmd, "cmd"),
            .field("xen_sysctl_lockprof_op", \xen_sysctl_lockprof_op.max_elem, "max_elem"),
            .field("xen_sysctl_lockprof_op", \xen_sysctl_lockprof_op.data, "data"),
            .type("xen_sysctl_lockprof_data_t", xen_sysctl_lockprof_data_t.self),
            .type("xen_sysctl_cputopoinfo", xen_sysctl_cputopoinfo.self),
            .field("xen_sysctl_cputopoinfo", \xen_sysctl_cputopoinfo.num_cpus, "num_cpus"),
            .field("xen_sysctl_cputopoinfo", \xen_sysctl_cputopoinfo.cputopo, "cputopo"),
            .type("xen_sysctl_cputopo_t", xen_sysctl_cputopo_t.self),
            .type("xen_sysctl_numainfo", xen_sysctl_numainfo.self),
            .field("xen_sysctl_numainfo", \xen_sysctl_numainfo.num_nodes, "num_nodes"),
            .field("xen_sysctl_numainfo", \xen_sysctl_numainfo.meminfo, "meminfo"),
            .field("xen_sysctl_numainfo", \xen_sysctl_numainfo.distance, "distance"),
            .type("xen_sysctl_meminfo_t", xen_sysctl_meminfo_t.self),
            .type("xen_sysctl_cpupool_op", xen_sysctl_cpupool_op.self),
            .field("xen_sysctl_cpupool_op", \xen_sysctl_cpupool_op.op, "op"),
            .field("xen_sysctl_cpupool_op", \xen_sysctl_cpupool_op.cpupool_id, "cpupool_id"),
            .field("xen_sysctl_cpupool_op", \xen_sysctl_cpupool_op.sched_id, "sched_id"),
            .field("xen_sysctl_cpupool_op", \xen_sysctl_cpupool_op.domid, "domid"),
            .field("xen_sysctl_cpupool_op", \xen_sysctl_cpupool_op.cpu, "cpu"),
            .field("xen_sysctl_cpupool_op", \xen_sysctl_cpupool_op.cpumap, "cpumap"),
            .type("xen_sysctl_pcitopoinfo", xen_sysctl_pcitopoinfo.self),
            .field("xen_sysctl_pcitopoinfo", \xen_sysctl_pcitopoinfo.num_devs, "num_devs"),
            .field("xen_sysctl_pcitopoinfo", \xen_sysctl_pcitopoinfo.devs, "devs"),
            .field("xen_sysctl_pcitopoinfo", \xen_sysctl_pcitopoinfo.nodes, "nodes"),
            .type("physdev_pci_device_t", physdev_pci_device_t.self),
            .field("physdev_pci_device_t", \physdev_pci_device_t.seg, "seg"),
            .field("physdev_pci_device_t", \physdev_pci_device_t.bus, "bus"),
            .field("physdev_pci_device_t", \physdev_pci_device_t.devfn, "devfn"),
            .type("xen_sysctl_psr_alloc", xen_sysctl_psr_alloc.self),
            .field("xen_sysctl_psr_alloc", \xen_sysctl_psr_alloc.cmd, "cmd"),
            .field("xen_sysctl_psr_alloc", \xen_sysctl_psr_alloc.target, "target"),
            .type("xen_sysctl_cpu_featureset", xen_sysctl_cpu_featureset.self),
            .field("xen_sysctl_cpu_featureset", \xen_sysctl_cpu_featureset.index, "index"),
            .field("xen_sysctl_cpu_featureset", \xen_sysctl_cpu_featureset.nr_features, "nr_features"),
            .field("xen_sysctl_cpu_featureset", \xen_sysctl_cpu_featureset.features, "features"),
            .type("xen_sysctl_cpu_policy_t", xen_sysctl_cpu_policy_t.self),
            .field("xen_sysctl_cpu_policy_t", \xen_sysctl_cpu_policy_t.index, "index"),
            .field("xen_sysctl_cpu_policy_t", \xen_sysctl_cpu_policy_t.nr_leaves, "nr_leaves"),
            .field("xen_sysctl_cpu_policy_t", \xen_sysctl_cpu_policy_t.nr_msrs, "nr_msrs"),
            .field("xen_sysctl_cpu_policy_t", \xen_sysctl_cpu_policy_t._rsvd, "_rsvd"),
            .field("xen_sysctl_cpu_policy_t", \xen_sysctl_cpu_policy_t.leaves, "leaves"),
            .field("xen_sysctl_cpu_policy_t", \xen_sysctl_cpu_policy_t.msrs, "msrs"),
            .type("xen_cpuid_leaf_t", xen_cpuid_leaf_t.self),
            .type("xen_sysctl_tbuf_op", xen_sysctl_tbuf_op.self),
            .field("xen_sysctl_tbuf_op", \xen_sysctl_tbuf_op.cmd, "cmd"),
            .field("xen_sysctl_tbuf_op", \xen_sysctl_tbuf_op.cpu_mask, "cpu_mask"),
            .field("xen_sysctl_tbuf_op", \xen_sysctl_tbuf_op.evt_mask, "evt_mask"),
            .field("xen_sysctl_tbuf_op", \xen_sysctl_tbuf_op.size, "size"),
            .type("xen_sysctl_scheduler_op", xen_sysctl_scheduler_op.self),
            .field("xen_sysctl_scheduler_op", \xen_sysctl_scheduler_op.cpupool_id, "cpupool_id"),
            .field("xen_sysctl_scheduler_op", \xen_sysctl_scheduler_op.sched_id, "sched_id"),
            .field("xen_sysctl_scheduler_op", \xen_sysctl_scheduler_op.cmd, "cmd"),
            .nested("xen_sysctl_scheduler_op", "u", offset: Layout.offset(\xen_sysctl_scheduler_op.u), size: MemoryLayout.size(ofValue: xen_sysctl_scheduler_op().u)),
            .type("xen_sysctl_credit_schedule", xen_sysctl_credit_schedule.self),
            .field("xen_sysctl_credit_schedule", \xen_sysctl_credit_schedule.tslice_ms, "tslice_ms"),
            .field("xen_sysctl_credit_schedule", \xen_sysctl_credit_schedule.ratelimit_us, "ratelimit_us"),
            .field("xen_sysctl_credit_schedule", \xen_sysctl_credit_schedule.vcpu_migr_delay_us, "vcpu_migr_delay_us"),
            .type("xen_sysctl_credit2_schedule", xen_sysctl_credit2_schedule.self),
            .field("xen_sysctl_credit2_schedule", \xen_sysctl_credit2_schedule.ratelimit_us, "ratelimit_us"),
            .type("xen_sysctl_coverage_op", xen_sysctl_coverage_op.self),
            .field("xen_sysctl_coverage_op", \xen_sysctl_coverage_op.cmd, "cmd"),
            .field("xen_sysctl_coverage_op", \xen_sysctl_coverage_op.size, "size"),
            .field("xen_sysctl_coverage_op", \xen_sysctl_coverage_op.buffer, "buffer"),
            .type("xen_sysctl_psr_cmt_op", xen_sysctl_psr_cmt_op.self),
            .field("xen_sysctl_psr_cmt_op", \xen_sysctl_psr_cmt_op.cmd, "cmd"),
            .field("xen_sysctl_psr_cmt_op", \xen_sysctl_psr_cmt_op.flags, "flags"),
            .nested("xen_sysctl_psr_cmt_op", "u", offset: Layout.offset(\xen_sysctl_psr_cmt_op.u), size: MemoryLayout.size(ofValue: xen_sysctl_psr_cmt_op().u)),
            .type("xen_msr_entry_t", xen_msr_entry_t.self),
            .type("xen_sysctl_get_pmstat", xen_sysctl_get_pmstat.self),
            .field("xen_sysctl_get_pmstat", \xen_sysctl_get_pmstat.type, "type"),
            .field("xen_sysctl_get_pmstat", \xen_sysctl_get_pmstat.cpuid, "cpuid"),
            .nested("xen_sysctl_get_pmstat", "u", offset: psU, size: MemoryLayout.size(ofValue: xen_sysctl_get_pmstat().u)),
            .type("pm_px_stat", pm_px_stat.self),
            .field("pm_px_stat", \pm_px_stat.total, "total"),
            .field("pm_px_stat", \pm_px_stat.usable, "usable"),
            .field("pm_px_stat", \pm_px_stat.last, "last"),
            .field("pm_px_stat", \pm_px_stat.cur, "cur"),
            .field("pm_px_stat", \pm_px_stat.trans_pt, "trans_pt"),
            .field("pm_px_stat", \pm_px_stat.pt, "pt"),
            .type("pm_cx_stat", pm_cx_stat.self),
            .field("pm_cx_stat", \pm_cx_stat.nr, "nr"),
            .field("pm_cx_stat", \pm_cx_stat.last, "last"),
            .field("pm_cx_stat", \pm_cx_stat.idle_time, "idle_time"),
            .field("pm_cx_stat", \pm_cx_stat.triggers, "triggers"),
            .field("pm_cx_stat", \pm_cx_stat.residencies, "residencies"),
            .field("pm_cx_stat", \pm_cx_stat.nr_pc, "nr_pc"),
            .field("pm_cx_stat", \pm_cx_stat.nr_cc, "nr_cc"),
            .field("pm_cx_stat", \pm_cx_stat.pc, "pc"),
            .field("pm_cx_stat", \pm_cx_stat.cc, "cc"),
            .type("xen_get_cpufreq_para", xen_get_cpufreq_para.self),
            .field("xen_get_cpufreq_para", \xen_get_cpufreq_para.cpu_num, "cpu_num"),
            .field("xen_get_cpufreq_para", \xen_get_cpufreq_para.freq_num, "freq_num"),
            .field("xen_get_cpufreq_para", \xen_get_cpufreq_para.gov_num, "gov_num"),
            .field("xen_get_cpufreq_para", \xen_get_cpufreq_para.affected_cpus, "affected_cpus"),
            .field("xen_get_cpufreq_para", \xen_get_cpufreq_para.scaling_available_frequencies, "scaling_available_frequencies"),
            .field("xen_get_cpufreq_para", \xen_get_cpufreq_para.scaling_available_governors, "scaling_available_governors"),
            .type("pm_px_val", pm_px_val.self),
            .type("xen_sysctl_livepatch_op", xen_sysctl_livepatch_op.self),
            .field("xen_sysctl_livepatch_op", \xen_sysctl_livepatch_op.cmd, "cmd"),
            .nested("xen_sysctl_livepatch_op", "u", offset: lpoU, size: MemoryLayout.size(ofValue: xen_sysctl_livepatch_op().u)),
            .type("xen_livepatch_name", xen_livepatch_name.self),
            .field("xen_livepatch_name", \xen_livepatch_name.name, "name"),
            .field("xen_livepatch_name", \xen_livepatch_name.size, "size"),
            .field("xen_livepatch_name", \xen_livepatch_name.pad, "pad"),
            .type("xen_sysctl_livepatch_upload", xen_sysctl_livepatch_upload.self),
            .field("xen_sysctl_livepatch_upload", \xen_sysctl_livepatch_upload.name, "name"),
            .field("xen_sysctl_livepatch_upload", \xen_sysctl_livepatch_upload.size, "size"),
            .field("xen_sysctl_livepatch_upload", \xen_sysctl_livepatch_upload.payload, "payload"),
            .type("xen_sysctl_livepatch_get", xen_sysctl_livepatch_get.self),
            .field("xen_sysctl_livepatch_get", \xen_sysctl_livepatch_get.name, "name"),
            .field("xen_sysctl_livepatch_get", \xen_sysctl_livepatch_get.status, "status"),
            .type("xen_livepatch_status", xen_livepatch_status.self),
            .field("xen_livepatch_status", \xen_livepatch_status.state, "state"),
            .field("xen_livepatch_status", \xen_livepatch_status.rc, "rc"),
            .type("xen_sysctl_livepatch_action", xen_sysctl_livepatch_action.self),
            .field("xen_sysctl_livepatch_action", \xen_sysctl_livepatch_action.name, "name"),
            .field("xen_sysctl_livepatch_action", \xen_sysctl_livepatch_action.cmd, "cmd"),
            .field("xen_sysctl_livepatch_action", \xen_sysctl_livepatch_action.timeout, "timeout"),
            .field("xen_sysctl_livepatch_action", \xen_sysctl_livepatch_action.flags, "flags"),
        ]
    }
}
