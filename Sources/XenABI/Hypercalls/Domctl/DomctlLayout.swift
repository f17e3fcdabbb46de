import CXen

/// Offsets in `struct xen_domctl` and its union members (`public/domctl.h`).
public enum DomctlLayout {
    /// `sizeof(xen_domctl_t)`
    public static let size = MemoryLayout<xen_domctl_t>.size
    /// `offsetof(xen_domctl_t, cmd)`
    public static let cmd = Layout.offset(\xen_domctl_t.cmd)
    /// `offsetof(xen_domctl_t, interface_version)`
    public static let interfaceVersion = Layout.offset(\xen_domctl_t.interface_version)
    /// `offsetof(xen_domctl_t, domain)`
    public static let domain = Layout.offset(\xen_domctl_t.domain)
    /// `offsetof(xen_domctl_t, u)`
    public static let u = Layout.offset(\xen_domctl_t.u)
    /// `offsetof(xen_domctl_createdomain, ssidref)`
    public static let cdSsidref = Layout.offset(\xen_domctl_createdomain.ssidref)
    /// `offsetof(xen_domctl_createdomain, handle)`
    public static let cdHandle = Layout.offset(\xen_domctl_createdomain.handle)
    /// `offsetof(xen_domctl_createdomain, flags)`
    public static let cdFlags = Layout.offset(\xen_domctl_createdomain.flags)
    /// `offsetof(xen_domctl_createdomain, iommu_opts)`
    public static let cdIommuOpts = Layout.offset(\xen_domctl_createdomain.iommu_opts)
    /// `offsetof(xen_domctl_createdomain, max_vcpus)`
    public static let cdMaxVCPUs = Layout.offset(\xen_domctl_createdomain.max_vcpus)
    /// `offsetof(xen_domctl_createdomain, max_evtchn_port)`
    public static let cdMaxEvtchnPort = Layout.offset(\xen_domctl_createdomain.max_evtchn_port)
    /// `offsetof(xen_domctl_createdomain, max_grant_frames)`
    public static let cdMaxGrantFrames = Layout.offset(\xen_domctl_createdomain.max_grant_frames)
    /// `offsetof(xen_domctl_createdomain, max_maptrack_frames)`
    public static let cdMaxMaptrackFrames = Layout.offset(\xen_domctl_createdomain.max_maptrack_frames)
    /// `offsetof(xen_domctl_createdomain, grant_opts)`
    public static let cdGrantOpts = Layout.offset(\xen_domctl_createdomain.grant_opts)
    /// `offsetof(xen_domctl_createdomain, vmtrace_size)`
    public static let cdVmtraceSize = Layout.offset(\xen_domctl_createdomain.vmtrace_size)
    /// `offsetof(xen_domctl_createdomain, cpupool_id)`
    public static let cdCpupoolID = Layout.offset(\xen_domctl_createdomain.cpupool_id)
    /// `offsetof(xen_domctl_createdomain, arch)`
    public static let cdArch = Layout.offset(\xen_domctl_createdomain.arch)
    /// `offsetof(xen_arch_domainconfig, emulation_flags)`
    public static let archEmulationFlags = Layout.offset(\xen_arch_domainconfig.emulation_flags)
    /// `offsetof(xen_arch_domainconfig, misc_flags)`
    public static let archMiscFlags = Layout.offset(\xen_arch_domainconfig.misc_flags)
    /// `sizeof(xen_domctl_getdomaininfo_t)`
    public static let getDomainInfoSize = MemoryLayout<xen_domctl_getdomaininfo_t>.size
    /// `offsetof(xen_domctl_vcpuaffinity, vcpu)`
    public static let vaVCPU = Layout.offset(\xen_domctl_vcpuaffinity.vcpu)
    /// `offsetof(xen_domctl_vcpuaffinity, flags)`
    public static let vaFlags = Layout.offset(\xen_domctl_vcpuaffinity.flags)
    /// `offsetof(xen_domctl_vcpuaffinity, cpumap_hard)`
    public static let vaHard = Layout.offset(\xen_domctl_vcpuaffinity.cpumap_hard)
    /// `offsetof(xen_domctl_vcpuaffinity, cpumap_soft)`
    public static let vaSoft = Layout.offset(\xen_domctl_vcpuaffinity.cpumap_soft)
    /// `offsetof(xen_domctl_nodeaffinity, nodemap)`
    public static let naNodemap = Layout.offset(\xen_domctl_nodeaffinity.nodemap)
    /// `offsetof(xen_domctl_shadow_op, op)`
    public static let shOp = Layout.offset(\xen_domctl_shadow_op.op)
    /// `offsetof(xen_domctl_shadow_op, mode)`
    public static let shMode = Layout.offset(\xen_domctl_shadow_op.mode)
    /// `offsetof(xen_domctl_shadow_op, mb)`
    public static let shMB = Layout.offset(\xen_domctl_shadow_op.mb)
    /// `offsetof(xen_domctl_shadow_op, dirty_bitmap)`
    public static let shDirtyBitmap = Layout.offset(\xen_domctl_shadow_op.dirty_bitmap)
    /// `offsetof(xen_domctl_shadow_op, pages)`
    public static let shPages = Layout.offset(\xen_domctl_shadow_op.pages)
    /// `offsetof(xen_domctl_max_mem, max_memkb)`
    public static let mmMaxKB = Layout.offset(\xen_domctl_max_mem.max_memkb)
    /// `offsetof(xen_domctl_vcpucontext, vcpu)`
    public static let vcVCPU = Layout.offset(\xen_domctl_vcpucontext.vcpu)
    /// `offsetof(xen_domctl_vcpucontext, ctxt)`
    public static let vcCtxt = Layout.offset(\xen_domctl_vcpucontext.ctxt)
    /// `sizeof(vcpu_guest_context_t)`
    public static let vcpuGuestContextSize = MemoryLayout<vcpu_guest_context_t>.size
    /// `offsetof(xen_domctl_getvcpuinfo, vcpu)`
    public static let gviVCPU = Layout.offset(\xen_domctl_getvcpuinfo.vcpu)
    /// `offsetof(xen_domctl_max_vcpus, max)`
    public static let mvMax = Layout.offset(\xen_domctl_max_vcpus.max)
    /// `offsetof(xen_domctl_scheduler_op, sched_id)`
    public static let soSchedID = Layout.offset(\xen_domctl_scheduler_op.sched_id)
    /// `offsetof(xen_domctl_scheduler_op, cmd)`
    public static let soCmd = Layout.offset(\xen_domctl_scheduler_op.cmd)
    /// `offsetof(xen_domctl_scheduler_op, u)`
    public static let soU = Layout.offset(\xen_domctl_scheduler_op.u)
    /// `offsetof(xen_domctl_sched_credit, weight)`
    public static let credWeight = Layout.offset(\xen_domctl_sched_credit.weight)
    /// `offsetof(xen_domctl_sched_credit, cap)`
    public static let credCap = Layout.offset(\xen_domctl_sched_credit.cap)
    /// `offsetof(xen_domctl_sched_rtds, period)`
    public static let rtdsPeriod = Layout.offset(\xen_domctl_sched_rtds.period)
    /// `offsetof(xen_domctl_sched_rtds, budget)`
    public static let rtdsBudget = Layout.offset(\xen_domctl_sched_rtds.budget)
    /// `offsetof(xen_domctl_sched_rtds, flags)`
    public static let rtdsFlags = Layout.offset(\xen_domctl_sched_rtds.flags)
    /// `offsetof(xen_domctl_setdomainhandle, handle)`
    public static let sdhHandle = Layout.offset(\xen_domctl_setdomainhandle.handle)
    /// `offsetof(xen_domctl_setdebugging, enable)`
    public static let sdbEnable = Layout.offset(\xen_domctl_setdebugging.enable)
    /// `offsetof(xen_domctl_irq_permission, pirq)`
    public static let irqPirq = Layout.offset(\xen_domctl_irq_permission.pirq)
    /// `offsetof(xen_domctl_irq_permission, allow_access)`
    public static let irqAllow = Layout.offset(\xen_domctl_irq_permission.allow_access)
    /// `offsetof(xen_domctl_iomem_permission, first_mfn)`
    public static let iomemFirst = Layout.offset(\xen_domctl_iomem_permission.first_mfn)
    /// `offsetof(xen_domctl_iomem_permission, nr_mfns)`
    public static let iomemNr = Layout.offset(\xen_domctl_iomem_permission.nr_mfns)
    /// `offsetof(xen_domctl_iomem_permission, allow_access)`
    public static let iomemAllow = Layout.offset(\xen_domctl_iomem_permission.allow_access)
    /// `offsetof(xen_domctl_ioport_permission, first_port)`
    public static let ioportFirst = Layout.offset(\xen_domctl_ioport_permission.first_port)
    /// `offsetof(xen_domctl_ioport_permission, nr_ports)`
    public static let ioportNr = Layout.offset(\xen_domctl_ioport_permission.nr_ports)
    /// `offsetof(xen_domctl_ioport_permission, allow_access)`
    public static let ioportAllow = Layout.offset(\xen_domctl_ioport_permission.allow_access)
    /// `offsetof(xen_domctl_settimeoffset, time_offset_seconds)`
    public static let stoSeconds = Layout.offset(\xen_domctl_settimeoffset.time_offset_seconds)
    /// `offsetof(xen_domctl_hvmcontext, size)`
    public static let hvmSize = Layout.offset(\xen_domctl_hvmcontext.size)
    /// `offsetof(xen_domctl_hvmcontext, buffer)`
    public static let hvmBuffer = Layout.offset(\xen_domctl_hvmcontext.buffer)
    /// `offsetof(xen_domctl_address_size, size)`
    public static let asSize = Layout.offset(\xen_domctl_address_size.size)
    /// `offsetof(xen_domctl_tsc_info, tsc_mode)`
    public static let tscMode = Layout.offset(\xen_domctl_tsc_info.tsc_mode)
    /// `offsetof(xen_domctl_tsc_info, gtsc_khz)`
    public static let tscKHz = Layout.offset(\xen_domctl_tsc_info.gtsc_khz)
    /// `offsetof(xen_domctl_tsc_info, incarnation)`
    public static let tscIncarnation = Layout.offset(\xen_domctl_tsc_info.incarnation)
    /// `offsetof(xen_domctl_tsc_info, elapsed_nsec)`
    public static let tscElapsed = Layout.offset(\xen_domctl_tsc_info.elapsed_nsec)
    /// `offsetof(xen_domctl_getpageframeinfo3, num)`
    public static let pfiNum = Layout.offset(\xen_domctl_getpageframeinfo3.num)
    /// `offsetof(xen_domctl_getpageframeinfo3, array)`
    public static let pfiArray = Layout.offset(\xen_domctl_getpageframeinfo3.array)
    /// `offsetof(xen_domctl_cpu_policy, nr_leaves)`
    public static let cpNrLeaves = Layout.offset(\xen_domctl_cpu_policy.nr_leaves)
    /// `offsetof(xen_domctl_cpu_policy, nr_msrs)`
    public static let cpNrMSRs = Layout.offset(\xen_domctl_cpu_policy.nr_msrs)
    /// `offsetof(xen_domctl_cpu_policy, leaves)`
    public static let cpLeaves = Layout.offset(\xen_domctl_cpu_policy.leaves)
    /// `offsetof(xen_domctl_cpu_policy, msrs)`
    public static let cpMSRs = Layout.offset(\xen_domctl_cpu_policy.msrs)
    /// `sizeof(xen_cpuid_leaf_t)`
    public static let leafSize = MemoryLayout<xen_cpuid_leaf_t>.size
    /// `offsetof(xen_cpuid_leaf_t, leaf)`
    public static let leafLeaf = Layout.offset(\xen_cpuid_leaf_t.leaf)
    /// `offsetof(xen_cpuid_leaf_t, subleaf)`
    public static let leafSubleaf = Layout.offset(\xen_cpuid_leaf_t.subleaf)
    /// `offsetof(xen_cpuid_leaf_t, a)`
    public static let leafA = Layout.offset(\xen_cpuid_leaf_t.a)
    /// `offsetof(xen_cpuid_leaf_t, b)`
    public static let leafB = Layout.offset(\xen_cpuid_leaf_t.b)
    /// `offsetof(xen_cpuid_leaf_t, c)`
    public static let leafC = Layout.offset(\xen_cpuid_leaf_t.c)
    /// `offsetof(xen_cpuid_leaf_t, d)`
    public static let leafD = Layout.offset(\xen_cpuid_leaf_t.d)
    /// `sizeof(xen_msr_entry_t)`
    public static let msrSize = MemoryLayout<xen_msr_entry_t>.size
    /// `offsetof(xen_msr_entry_t, idx)`
    public static let msrIdx = Layout.offset(\xen_msr_entry_t.idx)
    /// `offsetof(xen_msr_entry_t, flags)`
    public static let msrFlags = Layout.offset(\xen_msr_entry_t.flags)
    /// `offsetof(xen_msr_entry_t, val)`
    public static let msrVal = Layout.offset(\xen_msr_entry_t.val)
    /// `offsetof(xen_domctl_paging_mempool, size)`
    public static let pmSize = Layout.offset(\xen_domctl_paging_mempool.size)
    /// `offsetof(xen_domctl_hypercall_init, gmfn)`
    public static let hiGMFN = Layout.offset(\xen_domctl_hypercall_init.gmfn)
    /// `offsetof(xen_domctl_sendtrigger, trigger)`
    public static let stTrigger = Layout.offset(\xen_domctl_sendtrigger.trigger)
    /// `offsetof(xen_domctl_sendtrigger, vcpu)`
    public static let stVCPU = Layout.offset(\xen_domctl_sendtrigger.vcpu)
    /// `offsetof(xen_domctl_set_target, target)`
    public static let tgTarget = Layout.offset(\xen_domctl_set_target.target)
    /// `offsetof(xen_domctl_set_virq_handler, virq)`
    public static let vhVirq = Layout.offset(\xen_domctl_set_virq_handler.virq)
    /// `offsetof(xen_domctl_vcpuextstate, vcpu)`
    public static let esVCPU = Layout.offset(\xen_domctl_vcpuextstate.vcpu)
    /// `offsetof(xen_domctl_vcpuextstate, xfeature_mask)`
    public static let esMask = Layout.offset(\xen_domctl_vcpuextstate.xfeature_mask)
    /// `offsetof(xen_domctl_vcpuextstate, size)`
    public static let esSize = Layout.offset(\xen_domctl_vcpuextstate.size)
    /// `offsetof(xen_domctl_vcpuextstate, buffer)`
    public static let esBuffer = Layout.offset(\xen_domctl_vcpuextstate.buffer)
    /// `offsetof(xen_domctl_set_access_required, access_required)`
    public static let arRequired = Layout.offset(\xen_domctl_set_access_required.access_required)
    /// `offsetof(xen_domctl_cacheflush, start_pfn)`
    public static let cfStart = Layout.offset(\xen_domctl_cacheflush.start_pfn)
    /// `offsetof(xen_domctl_cacheflush, nr_pfns)`
    public static let cfNr = Layout.offset(\xen_domctl_cacheflush.nr_pfns)
    /// `offsetof(xen_domctl_set_broken_page_p2m, pfn)`
    public static let bpPFN = Layout.offset(\xen_domctl_set_broken_page_p2m.pfn)
    /// `offsetof(xen_domctl_hvmcontext_partial, type)`
    public static let hpType = Layout.offset(\xen_domctl_hvmcontext_partial.type)
    /// `offsetof(xen_domctl_hvmcontext_partial, instance)`
    public static let hpInstance = Layout.offset(\xen_domctl_hvmcontext_partial.instance)
    /// `offsetof(xen_domctl_hvmcontext_partial, bufsz)`
    public static let hpBufsz = Layout.offset(\xen_domctl_hvmcontext_partial.bufsz)
    /// `offsetof(xen_domctl_hvmcontext_partial, buffer)`
    public static let hpBuffer = Layout.offset(\xen_domctl_hvmcontext_partial.buffer)
    /// `offsetof(xen_domctl_vcpu_msrs, vcpu)`
    public static let vmVCPU = Layout.offset(\xen_domctl_vcpu_msrs.vcpu)
    /// `offsetof(xen_domctl_vcpu_msrs, msr_count)`
    public static let vmCount = Layout.offset(\xen_domctl_vcpu_msrs.msr_count)
    /// `offsetof(xen_domctl_vcpu_msrs, msrs)`
    public static let vmMSRs = Layout.offset(\xen_domctl_vcpu_msrs.msrs)
    /// `sizeof(xen_domctl_vcpu_msr)`
    public static let vcpuMSRSize = MemoryLayout<xen_domctl_vcpu_msr>.size
    /// `offsetof(xen_domctl_vcpu_msr, index)`
    public static let msrIndex = Layout.offset(\xen_domctl_vcpu_msr.index)
    /// `offsetof(xen_domctl_vcpu_msr, reserved)`
    public static let msrReserved = Layout.offset(\xen_domctl_vcpu_msr.reserved)
    /// `offsetof(xen_domctl_vcpu_msr, value)`
    public static let msrValue = Layout.offset(\xen_domctl_vcpu_msr.value)
    /// `sizeof(xen_domctl_ext_vcpucontext)`
    public static let extVCPUContextSize = MemoryLayout<xen_domctl_ext_vcpucontext>.size
    /// `offsetof(xen_domctl_ext_vcpucontext, vcpu)`
    public static let evVCPU = Layout.offset(\xen_domctl_ext_vcpucontext.vcpu)
    /// `offsetof(xen_domctl_ext_vcpucontext, size)`
    public static let evSize = Layout.offset(\xen_domctl_ext_vcpucontext.size)

    /// `offsetof(xen_domctl_assign_device, dev)`
    public static let adDev = Layout.offset(\xen_domctl_assign_device.dev)
    /// `offsetof(xen_domctl_assign_device, flags)`
    public static let adFlags = Layout.offset(\xen_domctl_assign_device.flags)
    /// `offsetof(xen_domctl_assign_device, u.pci.machine_sbdf)`
    public static let adPCISBDF = Layout.offset(\xen_domctl_assign_device.u)
        + Layout.offset(\xen_domctl_assign_device.__Unnamed_union_u.__Unnamed_struct_pci.machine_sbdf)  // union members start at 0
    /// `offsetof(xen_domctl_assign_device, u.dt.size)`
    public static let adDTSize = Layout.offset(\xen_domctl_assign_device.u)
        + Layout.offset(\xen_domctl_assign_device.__Unnamed_union_u.__Unnamed_struct_dt.size)  // union members start at 0
    /// `offsetof(xen_domctl_assign_device, u.dt.path)`
    public static let adDTPath = Layout.offset(\xen_domctl_assign_device.u)
        + Layout.offset(\xen_domctl_assign_device.__Unnamed_union_u.__Unnamed_struct_dt.path)  // union members start at 0
    /// `offsetof(xen_domctl_bind_pt_irq, machine_irq)`
    public static let ptMachineIRQ = Layout.offset(\xen_domctl_bind_pt_irq.machine_irq)
    /// `offsetof(xen_domctl_bind_pt_irq, irq_type)`
    public static let ptIRQType = Layout.offset(\xen_domctl_bind_pt_irq.irq_type)
    /// `offsetof(xen_domctl_bind_pt_irq, u.isa.isa_irq)`
    public static let ptISA = Layout.offset(\xen_domctl_bind_pt_irq.u)
        + Layout.offset(\xen_domctl_bind_pt_irq.__Unnamed_union_u.__Unnamed_struct_isa.isa_irq)  // union members start at 0
    /// `offsetof(xen_domctl_bind_pt_irq, u.pci.bus)`
    public static let ptPCIBus = Layout.offset(\xen_domctl_bind_pt_irq.u)
        + Layout.offset(\xen_domctl_bind_pt_irq.__Unnamed_union_u.__Unnamed_struct_pci.bus)  // union members start at 0
    /// `offsetof(xen_domctl_bind_pt_irq, u.pci.device)`
    public static let ptPCIDevice = Layout.offset(\xen_domctl_bind_pt_irq.u)
        + Layout.offset(\xen_domctl_bind_pt_irq.__Unnamed_union_u.__Unnamed_struct_pci.device)  // union members start at 0
    /// `offsetof(xen_domctl_bind_pt_irq, u.pci.intx)`
    public static let ptPCIIntx = Layout.offset(\xen_domctl_bind_pt_irq.u)
        + Layout.offset(\xen_domctl_bind_pt_irq.__Unnamed_union_u.__Unnamed_struct_pci.intx)  // union members start at 0
    /// `offsetof(xen_domctl_bind_pt_irq, u.msi.gvec)`
    public static let ptMSIGvec = Layout.offset(\xen_domctl_bind_pt_irq.u)
        + Layout.offset(\xen_domctl_bind_pt_irq.__Unnamed_union_u.__Unnamed_struct_msi.gvec)  // union members start at 0
    /// `offsetof(xen_domctl_bind_pt_irq, u.msi.gflags)`
    public static let ptMSIGflags = Layout.offset(\xen_domctl_bind_pt_irq.u)
        + Layout.offset(\xen_domctl_bind_pt_irq.__Unnamed_union_u.__Unnamed_struct_msi.gflags)  // union members start at 0
    /// `offsetof(xen_domctl_bind_pt_irq, u.msi.gtable)`
    public static let ptMSIGtable = Layout.offset(\xen_domctl_bind_pt_irq.u)
        + Layout.offset(\xen_domctl_bind_pt_irq.__Unnamed_union_u.__Unnamed_struct_msi.gtable)  // union members start at 0
    /// `offsetof(xen_domctl_bind_pt_irq, u.spi.spi)`
    public static let ptSPI = Layout.offset(\xen_domctl_bind_pt_irq.u)
        + Layout.offset(\xen_domctl_bind_pt_irq.__Unnamed_union_u.__Unnamed_struct_spi.spi)  // union members start at 0
    /// `offsetof(xen_domctl_memory_mapping, first_gfn)`
    public static let memmapGFN = Layout.offset(\xen_domctl_memory_mapping.first_gfn)
    /// `offsetof(xen_domctl_memory_mapping, first_mfn)`
    public static let memmapMFN = Layout.offset(\xen_domctl_memory_mapping.first_mfn)
    /// `offsetof(xen_domctl_memory_mapping, nr_mfns)`
    public static let memmapNr = Layout.offset(\xen_domctl_memory_mapping.nr_mfns)
    /// `offsetof(xen_domctl_memory_mapping, add_mapping)`
    public static let memmapAdd = Layout.offset(\xen_domctl_memory_mapping.add_mapping)
    /// `offsetof(xen_domctl_ioport_mapping, first_gport)`
    public static let ioportmapG = Layout.offset(\xen_domctl_ioport_mapping.first_gport)
    /// `offsetof(xen_domctl_ioport_mapping, first_mport)`
    public static let ioportmapM = Layout.offset(\xen_domctl_ioport_mapping.first_mport)
    /// `offsetof(xen_domctl_ioport_mapping, nr_ports)`
    public static let ioportmapNr = Layout.offset(\xen_domctl_ioport_mapping.nr_ports)
    /// `offsetof(xen_domctl_ioport_mapping, add_mapping)`
    public static let ioportmapAdd = Layout.offset(\xen_domctl_ioport_mapping.add_mapping)
    /// `offsetof(xen_domctl_get_device_group, machine_sbdf)`
    public static let dgSBDF = Layout.offset(\xen_domctl_get_device_group.machine_sbdf)
    /// `offsetof(xen_domctl_get_device_group, max_sdevs)`
    public static let dgMax = Layout.offset(\xen_domctl_get_device_group.max_sdevs)
    /// `offsetof(xen_domctl_get_device_group, num_sdevs)`
    public static let dgNum = Layout.offset(\xen_domctl_get_device_group.num_sdevs)
    /// `offsetof(xen_domctl_get_device_group, sdev_array)`
    public static let dgArray = Layout.offset(\xen_domctl_get_device_group.sdev_array)

    /// `offsetof(xen_domctl_vm_event_op, op)`
    public static let veOp = Layout.offset(\xen_domctl_vm_event_op.op)
    /// `offsetof(xen_domctl_vm_event_op, mode)`
    public static let veMode = Layout.offset(\xen_domctl_vm_event_op.mode)
    /// `offsetof(xen_domctl_monitor_op, op)`
    public static let moOp = Layout.offset(\xen_domctl_monitor_op.op)
    /// `offsetof(xen_domctl_monitor_op, event)`
    public static let moEvent = Layout.offset(\xen_domctl_monitor_op.event)
    /// `offsetof(xen_domctl_vm_event_op, u.enable.port)`
    public static let veEnablePort = Layout.offset(\xen_domctl_vm_event_op.u)
        + Layout.offset(\xen_domctl_vm_event_op.__Unnamed_union_u.__Unnamed_struct_enable.port)  // union members start at 0
    /// `offsetof(xen_domctl_monitor_op, u.mov_to_cr.index)`
    public static let moCRIndex = Layout.offset(\xen_domctl_monitor_op.u)
        + Layout.offset(\xen_domctl_monitor_op.__Unnamed_union_u.__Unnamed_struct_mov_to_cr.index)  // union members start at 0
    /// `offsetof(xen_domctl_monitor_op, u.mov_to_cr.sync)`
    public static let moCRSync = Layout.offset(\xen_domctl_monitor_op.u)
        + Layout.offset(\xen_domctl_monitor_op.__Unnamed_union_u.__Unnamed_struct_mov_to_cr.sync)  // union members start at 0
    /// `offsetof(xen_domctl_monitor_op, u.mov_to_cr.onchangeonly)`
    public static let moCROnChangeOnly = Layout.offset(\xen_domctl_monitor_op.u)
        + Layout.offset(\xen_domctl_monitor_op.__Unnamed_union_u.__Unnamed_struct_mov_to_cr.onchangeonly)  // union members start at 0
    /// `offsetof(xen_domctl_monitor_op, u.mov_to_cr.bitmask)`
    public static let moCRBitmask = Layout.offset(\xen_domctl_monitor_op.u)
        + Layout.offset(\xen_domctl_monitor_op.__Unnamed_union_u.__Unnamed_struct_mov_to_cr.bitmask)  // union members start at 0
    /// `offsetof(xen_domctl_monitor_op, u.mov_to_msr.msr)`
    public static let moMSR = Layout.offset(\xen_domctl_monitor_op.u)
        + Layout.offset(\xen_domctl_monitor_op.__Unnamed_union_u.__Unnamed_struct_mov_to_msr.msr)  // union members start at 0
    /// `offsetof(xen_domctl_monitor_op, u.mov_to_msr.onchangeonly)`
    public static let moMSROnChangeOnly = Layout.offset(\xen_domctl_monitor_op.u)
        + Layout.offset(\xen_domctl_monitor_op.__Unnamed_union_u.__Unnamed_struct_mov_to_msr.onchangeonly)  // union members start at 0
    /// `offsetof(xen_domctl_monitor_op, u.guest_request.sync)`
    public static let moGRSync = Layout.offset(\xen_domctl_monitor_op.u)
        + Layout.offset(\xen_domctl_monitor_op.__Unnamed_union_u.__Unnamed_struct_guest_request.sync)  // union members start at 0
    /// `offsetof(xen_domctl_monitor_op, u.guest_request.allow_userspace)`
    public static let moGRAllowUserspace = Layout.offset(\xen_domctl_monitor_op.u)
        + Layout.offset(\xen_domctl_monitor_op.__Unnamed_union_u.__Unnamed_struct_guest_request.allow_userspace)  // union members start at 0
    /// `offsetof(xen_domctl_monitor_op, u.debug_exception.sync)`
    public static let moDESync = Layout.offset(\xen_domctl_monitor_op.u)
        + Layout.offset(\xen_domctl_monitor_op.__Unnamed_union_u.__Unnamed_struct_debug_exception.sync)  // union members start at 0
    /// `offsetof(xen_domctl_monitor_op, u.vmexit.sync)`
    public static let moVMExitSync = Layout.offset(\xen_domctl_monitor_op.u)
        + Layout.offset(\xen_domctl_monitor_op.__Unnamed_union_u.__Unnamed_struct_vmexit.sync)  // union members start at 0

    static var rows: [Layout.Row] {
        [
            .type("xen_domctl_t", xen_domctl_t.self),
            .field("xen_domctl_t", \xen_domctl_t.cmd, "cmd"),
            .field("xen_domctl_t", \xen_domctl_t.interface_version, "interface_version"),
            .field("xen_domctl_t", \xen_domctl_t.domain, "domain"),
            .nested("xen_domctl_t", "u", offset: Layout.offset(\xen_domctl_t.u), size: MemoryLayout.size(ofValue: xen_domctl_t().u)),
            .type("xen_domctl_createdomain", xen_domctl_createdomain.self),
            .field("xen_domctl_createdomain", \xen_domctl_createdomain.ssidref, "ssidref"),
            .field("xen_domctl_createdomain", \xen_domctl_createdomain.handle, "handle"),
            .field("xen_domctl_createdomain", \xen_domctl_createdomain.flags, "flags"),
            .field("xen_domctl_createdomain", \xen_domctl_createdomain.iommu_opts, "iommu_opts"),
            .field("xen_domctl_createdomain", \xen_domctl_createdomain.max_vcpus, "max_vcpus"),
            .field("xen_domctl_createdomain", \xen_domctl_createdomain.max_evtchn_port, "max_evtchn_port"),
            .field("xen_domctl_createdomain", \xen_domctl_createdomain.max_grant_frames, "max_grant_frames"),
            .field("xen_domctl_createdomain", \xen_domctl_createdomain.max_maptrack_frames, "max_maptrack_frames"),
            .field("xen_domctl_createdomain", \xen_domctl_createdomain.grant_opts, "grant_opts"),
            .field("xen_domctl_createdomain", \xen_domctl_createdomain.vmtrace_size, "vmtrace_size"),
            .field("xen_domctl_createdomain", \xen_domctl_createdomain.cpupool_id, "cpupool_id"),
            .field("xen_domctl_createdomain", \xen_domctl_createdomain.arch, "arch"),
            .type("xen_arch_domainconfig", xen_arch_domainconfig.self),
            .field("xen_arch_domainconfig", \xen_arch_domainconfig.emulation_flags, "emulation_flags"),
            .field("xen_arch_domainconfig", \xen_arch_domainconfig.misc_flags, "misc_flags"),
            .type("xen_domctl_getdomaininfo_t", xen_domctl_getdomaininfo_t.self),
            .type("xen_domctl_vcpuaffinity", xen_domctl_vcpuaffinity.self),
            .field("xen_domctl_vcpuaffinity", \xen_domctl_vcpuaffinity.vcpu, "vcpu"),
            .field("xen_domctl_vcpuaffinity", \xen_domctl_vcpuaffinity.flags, "flags"),
            .field("xen_domctl_vcpuaffinity", \xen_domctl_vcpuaffinity.cpumap_hard, "cpumap_hard"),
            .field("xen_domctl_vcpuaffinity", \xen_domctl_vcpuaffinity.cpumap_soft, "cpumap_soft"),
            .type("xen_domctl_nodeaffinity", xen_domctl_nodeaffinity.self),
            .field("xen_domctl_nodeaffinity", \xen_domctl_nodeaffinity.nodemap, "nodemap"),
            .type("xen_domctl_shadow_op", xen_domctl_shadow_op.self),
            .field("xen_domctl_shadow_op", \xen_domctl_shadow_op.op, "op"),
            .field("xen_domctl_shadow_op", \xen_domctl_shadow_op.mode, "mode"),
            .field("xen_domctl_shadow_op", \xen_domctl_shadow_op.mb, "mb"),
            .field("xen_domctl_shadow_op", \xen_domctl_shadow_op.dirty_bitmap, "dirty_bitmap"),
            .field("xen_domctl_shadow_op", \xen_domctl_shadow_op.pages, "pages"),
            .type("xen_domctl_max_mem", xen_domctl_max_mem.self),
            .field("xen_domctl_max_mem", \xen_domctl_max_mem.max_memkb, "max_memkb"),
            .type("xen_domctl_vcpucontext", xen_domctl_vcpucontext.self),
            .field("xen_domctl_vcpucontext", \xen_domctl_vcpucontext.vcpu, "vcpu"),
            .field("xen_domctl_vcpucontext", \xen_domctl_vcpucontext.ctxt, "ctxt"),
            .type("vcpu_guest_context_t", vcpu_guest_context_t.self),
            .type("xen_domctl_getvcpuinfo", xen_domctl_getvcpuinfo.self),
            .field("xen_domctl_getvcpuinfo", \xen_domctl_getvcpuinfo.vcpu, "vcpu"),
            .type("xen_domctl_max_vcpus", xen_domctl_max_vcpus.self),
            .field("xen_domctl_max_vcpus", \xen_domctl_max_vcpus.max, "max"),
            .type("xen_domctl_scheduler_op", xen_domctl_scheduler_op.self),
            .field("xen_domctl_scheduler_op", \xen_domctl_scheduler_op.sched_id, "sched_id"),
            .field("xen_domctl_scheduler_op", \xen_domctl_scheduler_op.cmd, "cmd"),
            .nested("xen_domctl_scheduler_op", "u", offset: Layout.offset(\xen_domctl_scheduler_op.u), size: MemoryLayout.size(ofValue: xen_domctl_scheduler_op().u)),
            .type("xen_domctl_sched_credit", xen_domctl_sched_credit.self),
            .field("xen_domctl_sched_credit", \xen_domctl_sched_credit.weight, "weight"),
            .field("xen_domctl_sched_credit", \xen_domctl_sched_credit.cap, "cap"),
            .type("xen_domctl_sched_rtds", xen_domctl_sched_rtds.self),
            .field("xen_domctl_sched_rtds", \xen_domctl_sched_rtds.period, "period"),
            .field("xen_domctl_sched_rtds", \xen_domctl_sched_rtds.budget, "budget"),
            .field("xen_domctl_sched_rtds", \xen_domctl_sched_rtds.flags, "flags"),
            .type("xen_domctl_setdomainhandle", xen_domctl_setdomainhandle.self),
            .field("xen_domctl_setdomainhandle", \xen_domctl_setdomainhandle.handle, "handle"),
            .type("xen_domctl_setdebugging", xen_domctl_setdebugging.self),
            .field("xen_domctl_setdebugging", \xen_domctl_setdebugging.enable, "enable"),
            .type("xen_domctl_irq_permission", xen_domctl_irq_permission.self),
            .field("xen_domctl_irq_permission", \xen_domctl_irq_permission.pirq, "pirq"),
            .field("xen_domctl_irq_permission", \xen_domctl_irq_permission.allow_access, "allow_access"),
            .type("xen_domctl_iomem_permission", xen_domctl_iomem_permission.self),
            .field("xen_domctl_iomem_permission", \xen_domctl_iomem_permission.first_mfn, "first_mfn"),
            .field("xen_domctl_iomem_permission", \xen_domctl_iomem_permission.nr_mfns, "nr_mfns"),
            .field("xen_domctl_iomem_permission", \xen_domctl_iomem_permission.allow_access, "allow_access"),
            .type("xen_domctl_ioport_permission", xen_domctl_ioport_permission.self),
            .field("xen_domctl_ioport_permission", \xen_domctl_ioport_permission.first_port, "first_port"),
            .field("xen_domctl_ioport_permission", \xen_domctl_ioport_permission.nr_ports, "nr_ports"),
            .field("xen_domctl_ioport_permission", \xen_domctl_ioport_permission.allow_access, "allow_access"),
            .type("xen_domctl_settimeoffset", xen_domctl_settimeoffset.self),
            .field("xen_domctl_settimeoffset", \xen_domctl_settimeoffset.time_offset_seconds, "time_offset_seconds"),
            .type("xen_domctl_hvmcontext", xen_domctl_hvmcontext.self),
            .field("xen_domctl_hvmcontext", \xen_domctl_hvmcontext.size, "size"),
            .field("xen_domctl_hvmcontext", \xen_domctl_hvmcontext.buffer, "buffer"),
            .type("xen_domctl_address_size", xen_domctl_address_size.self),
            .field("xen_domctl_address_size", \xen_domctl_address_size.size, "size"),
            .type("xen_domctl_tsc_info", xen_domctl_tsc_info.self),
            .field("xen_domctl_tsc_info", \xen_domctl_tsc_info.tsc_mode, "tsc_mode"),
            .field("xen_domctl_tsc_info", \xen_domctl_tsc_info.gtsc_khz, "gtsc_khz"),
            .field("xen_domctl_tsc_info", \xen_domctl_tsc_info.incarnation, "incarnation"),
            .field("xen_domctl_tsc_info", \xen_domctl_tsc_info.elapsed_nsec, "elapsed_nsec"),
            .type("xen_domctl_getpageframeinfo3", xen_domctl_getpageframeinfo3.self),
            .field("xen_domctl_getpageframeinfo3", \xen_domctl_getpageframeinfo3.num, "num"),
            .field("xen_domctl_getpageframeinfo3", \xen_domctl_getpageframeinfo3.array, "array"),
            .type("xen_domctl_cpu_policy", xen_domctl_cpu_policy.self),
            .field("xen_domctl_cpu_policy", \xen_domctl_cpu_policy.nr_leaves, "nr_leaves"),
            .field("xen_domctl_cpu_policy", \xen_domctl_cpu_policy.nr_msrs, "nr_msrs"),
            .field("xen_domctl_cpu_policy", \xen_domctl_cpu_policy.leaves, "leaves"),
            .field("xen_domctl_cpu_policy", \xen_domctl_cpu_policy.msrs, "msrs"),
            .type("xen_cpuid_leaf_t", xen_cpuid_leaf_t.self),
            .field("xen_cpuid_leaf_t", \xen_cpuid_leaf_t.leaf, "leaf"),
            .field("xen_cpuid_leaf_t", \xen_cpuid_leaf_t.subleaf, "subleaf"),
            .field("xen_cpuid_leaf_t", \xen_cpuid_leaf_t.a, "a"),
            .field("xen_cpuid_leaf_t", \xen_cpuid_leaf_t.b, "b"),
            .field("xen_cpuid_leaf_t", \xen_cpuid_leaf_t.c, "c"),
            .field("xen_cpuid_leaf_t", \xen_cpuid_leaf_t.d, "d"),
            .type("xen_msr_entry_t", xen_msr_entry_t.self),
            .field("xen_msr_entry_t", \xen_msr_entry_t.idx, "idx"),
            .field("xen_msr_entry_t", \xen_msr_entry_t.flags, "flags"),
            .field("xen_msr_entry_t", \xen_msr_entry_t.val, "val"),
            .type("xen_domctl_paging_mempool", xen_domctl_paging_mempool.self),
            .field("xen_domctl_paging_mempool", \xen_domctl_paging_mempool.size, "size"),
            .type("xen_domctl_hypercall_init", xen_domctl_hypercall_init.self),
            .field("xen_domctl_hypercall_init", \xen_domctl_hypercall_init.gmfn, "gmfn"),
            .type("xen_domctl_sendtrigger", xen_domctl_sendtrigger.self),
            .field("xen_domctl_sendtrigger", \xen_domctl_sendtrigger.trigger, "trigger"),
            .field("xen_domctl_sendtrigger", \xen_domctl_sendtrigger.vcpu, "vcpu"),
            .type("xen_domctl_set_target", xen_domctl_set_target.self),
            .field("xen_domctl_set_target", \xen_domctl_set_target.target, "target"),
            .type("xen_domctl_set_virq_handler", xen_domctl_set_virq_handler.self),
            .field("xen_domctl_set_virq_handler", \xen_domctl_set_virq_handler.virq, "virq"),
            .type("xen_domctl_vcpuextstate", xen_domctl_vcpuextstate.self),
            .field("xen_domctl_vcpuextstate", \xen_domctl_vcpuextstate.vcpu, "vcpu"),
            .field("xen_domctl_vcpuextstate", \xen_domctl_vcpuextstate.xfeature_mask, "xfeature_mask"),
            .field("xen_domctl_vcpuextstate", \xen_domctl_vcpuextstate.size, "size"),
            .field("xen_domctl_vcpuextstate", \xen_domctl_vcpuextstate.buffer, "buffer"),
            .type("xen_domctl_set_access_required", xen_domctl_set_access_required.self),
            .field("xen_domctl_set_access_required", \xen_domctl_set_access_required.access_required, "access_required"),
            .type("xen_domctl_cacheflush", xen_domctl_cacheflush.self),
            .field("xen_domctl_cacheflush", \xen_domctl_cacheflush.start_pfn, "start_pfn"),
            .field("xen_domctl_cacheflush", \xen_domctl_cacheflush.nr_pfns, "nr_pfns"),
            .type("xen_domctl_set_broken_page_p2m", xen_domctl_set_broken_page_p2m.self),
            .field("xen_domctl_set_broken_page_p2m", \xen_domctl_set_broken_page_p2m.pfn, "pfn"),
            .type("xen_domctl_hvmcontext_partial", xen_domctl_hvmcontext_partial.self),
            .field("xen_domctl_hvmcontext_partial", \xen_domctl_hvmcontext_partial.type, "type"),
            .field("xen_domctl_hvmcontext_partial", \xen_domctl_hvmcontext_partial.instance, "instance"),
            .field("xen_domctl_hvmcontext_partial", \xen_domctl_hvmcontext_partial.bufsz, "bufsz"),
            .field("xen_domctl_hvmcontext_partial", \xen_domctl_hvmcontext_partial.buffer, "buffer"),
            .type("xen_domctl_vcpu_msrs", xen_domctl_vcpu_msrs.self),
            .field("xen_domctl_vcpu_msrs", \xen_domctl_vcpu_msrs.vcpu, "vcpu"),
            .field("xen_domctl_vcpu_msrs", \xen_domctl_vcpu_msrs.msr_count, "msr_count"),
            .field("xen_domctl_vcpu_msrs", \xen_domctl_vcpu_msrs.msrs, "msrs"),
            .type("xen_domctl_vcpu_msr", xen_domctl_vcpu_msr.self),
            .field("xen_domctl_vcpu_msr", \xen_domctl_vcpu_msr.index, "index"),
            .field("xen_domctl_vcpu_msr", \xen_domctl_vcpu_msr.reserved, "reserved"),
            .field("xen_domctl_vcpu_msr", \xen_domctl_vcpu_msr.value, "value"),
            .type("xen_domctl_ext_vcpucontext", xen_domctl_ext_vcpucontext.self),
            .field("xen_domctl_ext_vcpucontext", \xen_domctl_ext_vcpucontext.vcpu, "vcpu"),
            .field("xen_domctl_ext_vcpucontext", \xen_domctl_ext_vcpucontext.size, "size"),
            .type("xen_domctl_assign_device", xen_domctl_assign_device.self),
            .field("xen_domctl_assign_device", \xen_domctl_assign_device.dev, "dev"),
            .field("xen_domctl_assign_device", \xen_domctl_assign_device.flags, "flags"),
            .nested("xen_domctl_assign_device", "u.pci.machine_sbdf", offset: adPCISBDF, size: MemoryLayout.size(ofValue: xen_domctl_assign_device().u.pci.machine_sbdf)),
            .nested("xen_domctl_assign_device", "u.dt.size", offset: adDTSize, size: MemoryLayout.size(ofValue: xen_domctl_assign_device().u.dt.size)),
            .nested("xen_domctl_assign_device", "u.dt.path", offset: adDTPath, size: MemoryLayout.size(ofValue: xen_domctl_assign_device().u.dt.path)),
            .type("xen_domctl_bind_pt_irq", xen_domctl_bind_pt_irq.self),
            .field("xen_domctl_bind_pt_irq", \xen_domctl_bind_pt_irq.machine_irq, "machine_irq"),
            .field("xen_domctl_bind_pt_irq", \xen_domctl_bind_pt_irq.irq_type, "irq_type"),
            .nested("xen_domctl_bind_pt_irq", "u.isa.isa_irq", offset: ptISA, size: MemoryLayout.size(ofValue: xen_domctl_bind_pt_irq().u.isa.isa_irq)),
            .nested("xen_domctl_bind_pt_irq", "u.pci.bus", offset: ptPCIBus, size: MemoryLayout.size(ofValue: xen_domctl_bind_pt_irq().u.pci.bus)),
            .nested("xen_domctl_bind_pt_irq", "u.pci.device", offset: ptPCIDevice, size: MemoryLayout.size(ofValue: xen_domctl_bind_pt_irq().u.pci.device)),
            .nested("xen_domctl_bind_pt_irq", "u.pci.intx", offset: ptPCIIntx, size: MemoryLayout.size(ofValue: xen_domctl_bind_pt_irq().u.pci.intx)),
            .nested("xen_domctl_bind_pt_irq", "u.msi.gvec", offset: ptMSIGvec, size: MemoryLayout.size(ofValue: xen_domctl_bind_pt_irq().u.msi.gvec)),
            .nested("xen_domctl_bind_pt_irq", "u.msi.gflags", offset: ptMSIGflags, size: MemoryLayout.size(ofValue: xen_domctl_bind_pt_irq().u.msi.gflags)),
            .nested("xen_domctl_bind_pt_irq", "u.msi.gtable", offset: ptMSIGtable, size: MemoryLayout.size(ofValue: xen_domctl_bind_pt_irq().u.msi.gtable)),
            .nested("xen_domctl_bind_pt_irq", "u.spi.spi", offset: ptSPI, size: MemoryLayout.size(ofValue: xen_domctl_bind_pt_irq().u.spi.spi)),
            .type("xen_domctl_memory_mapping", xen_domctl_memory_mapping.self),
            .field("xen_domctl_memory_mapping", \xen_domctl_memory_mapping.first_gfn, "first_gfn"),
            .field("xen_domctl_memory_mapping", \xen_domctl_memory_mapping.first_mfn, "first_mfn"),
            .field("xen_domctl_memory_mapping", \xen_domctl_memory_mapping.nr_mfns, "nr_mfns"),
            .field("xen_domctl_memory_mapping", \xen_domctl_memory_mapping.add_mapping, "add_mapping"),
            .type("xen_domctl_ioport_mapping", xen_domctl_ioport_mapping.self),
            .field("xen_domctl_ioport_mapping", \xen_domctl_ioport_mapping.first_gport, "first_gport"),
            .field("xen_domctl_ioport_mapping", \xen_domctl_ioport_mapping.first_mport, "first_mport"),
            .field("xen_domctl_ioport_mapping", \xen_domctl_ioport_mapping.nr_ports, "nr_ports"),
            .field("xen_domctl_ioport_mapping", \xen_domctl_ioport_mapping.add_mapping, "add_mapping"),
            .type("xen_domctl_get_device_group", xen_domctl_get_device_group.self),
            .field("xen_domctl_get_device_group", \xen_domctl_get_device_group.machine_sbdf, "machine_sbdf"),
            .field("xen_domctl_get_device_group", \xen_domctl_get_device_group.max_sdevs, "max_sdevs"),
            .field("xen_domctl_get_device_group", \xen_domctl_get_device_group.num_sdevs, "num_sdevs"),
            .field("xen_domctl_get_device_group", \xen_domctl_get_device_group.sdev_array, "sdev_array"),
            .type("xen_domctl_vm_event_op", xen_domctl_vm_event_op.self),
            .field("xen_domctl_vm_event_op", \xen_domctl_vm_event_op.op, "op"),
            .field("xen_domctl_vm_event_op", \xen_domctl_vm_event_op.mode, "mode"),
            .nested("xen_domctl_vm_event_op", "u.enable.port", offset: veEnablePort, size: MemoryLayout.size(ofValue: xen_domctl_vm_event_op().u.enable.port)),
            .type("xen_domctl_monitor_op", xen_domctl_monitor_op.self),
            .field("xen_domctl_monitor_op", \xen_domctl_monitor_op.op, "op"),
            .field("xen_domctl_monitor_op", \xen_domctl_monitor_op.event, "event"),
            .nested("xen_domctl_monitor_op", "u.mov_to_cr.index", offset: moCRIndex, size: MemoryLayout.size(ofValue: xen_domctl_monitor_op().u.mov_to_cr.index)),
            .nested("xen_domctl_monitor_op", "u.mov_to_cr.sync", offset: moCRSync, size: MemoryLayout.size(ofValue: xen_domctl_monitor_op().u.mov_to_cr.sync)),
            .nested("xen_domctl_monitor_op", "u.mov_to_cr.onchangeonly", offset: moCROnChangeOnly, size: MemoryLayout.size(ofValue: xen_domctl_monitor_op().u.mov_to_cr.onchangeonly)),
            .nested("xen_domctl_monitor_op", "u.mov_to_cr.bitmask", offset: moCRBitmask, size: MemoryLayout.size(ofValue: xen_domctl_monitor_op().u.mov_to_cr.bitmask)),
            .nested("xen_domctl_monitor_op", "u.mov_to_msr.msr", offset: moMSR, size: MemoryLayout.size(ofValue: xen_domctl_monitor_op().u.mov_to_msr.msr)),
            .nested("xen_domctl_monitor_op", "u.mov_to_msr.onchangeonly", offset: moMSROnChangeOnly, size: MemoryLayout.size(ofValue: xen_domctl_monitor_op().u.mov_to_msr.onchangeonly)),
            .nested("xen_domctl_monitor_op", "u.guest_request.sync", offset: moGRSync, size: MemoryLayout.size(ofValue: xen_domctl_monitor_op().u.guest_request.sync)),
            .nested("xen_domctl_monitor_op", "u.guest_request.allow_userspace", offset: moGRAllowUserspace, size: MemoryLayout.size(ofValue: xen_domctl_monitor_op().u.guest_request.allow_userspace)),
            .nested("xen_domctl_monitor_op", "u.debug_exception.sync", offset: moDESync, size: MemoryLayout.size(ofValue: xen_domctl_monitor_op().u.debug_exception.sync)),
            .nested("xen_domctl_monitor_op", "u.vmexit.sync", offset: moVMExitSync, size: MemoryLayout.size(ofValue: xen_domctl_monitor_op().u.vmexit.sync)),
        ]
    }
}
