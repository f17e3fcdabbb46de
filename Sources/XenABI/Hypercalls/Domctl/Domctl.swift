import CXen

/// `__HYPERVISOR_domctl` (`public/domctl.h`): `domctl(struct xen_domctl *)`,
/// one in/out `xen_domctl` naming a `domain` and a `cmd` that picks a
/// member of its union `u`. As for `Sysctl`, only the fields Xen reads
/// for a sub-op are encoded as inputs.
public struct Domctl: VersionedHypercall, Hashable {
    /// `domain`: the target domain (for `createdomain`, the requested id or 0).
    public var domain: UInt16
    /// The sub-op and its input fields.
    public var op: Op

    /// A domctl on `domain`.
    public init(domain: UInt16, _ op: Op) {
        self.domain = domain
        self.op = op
    }

    /// The `XEN_DOMCTL_*` sub-ops, each with the fields Xen reads.
    public enum Op: Hashable, Sendable {
        /// `XEN_DOMCTL_createdomain`: `struct xen_domctl_createdomain`, all inputs.
        case createDomain(CreateDomain)
        /// `XEN_DOMCTL_destroydomain`.
        case destroyDomain
        /// `XEN_DOMCTL_pausedomain`.
        case pauseDomain
        /// `XEN_DOMCTL_unpausedomain`.
        case unpauseDomain
        /// `XEN_DOMCTL_getdomaininfo`: all outputs.
        case getDomainInfo
        /// `XEN_DOMCTL_setvcpuaffinity`: hard/soft maps in (and written back).
        case setVCPUAffinity(vcpu: UInt32, flags: UInt32, hard: InBitmap?, soft: InBitmap?)
        /// `XEN_DOMCTL_getvcpuaffinity`: the maps `flags` selects, out.
        case getVCPUAffinity(vcpu: UInt32, flags: UInt32, hard: OutBitmap?, soft: OutBitmap?)
        /// `XEN_DOMCTL_shadow_op`.
        case shadowOp(ShadowOp)
        /// `XEN_DOMCTL_max_mem`.
        case maxMem(maxKB: UInt64)
        /// `XEN_DOMCTL_setvcpucontext`: a `vcpu_guest_context_t` in (null: reset the vCPU).
        case setVCPUContext(vcpu: UInt32, context: [UInt8]?)
        /// `XEN_DOMCTL_getvcpucontext`: a `vcpu_guest_context_t` out.
        case getVCPUContext(vcpu: UInt32, context: NestedHandle)
        /// `XEN_DOMCTL_getvcpuinfo`.
        case getVCPUInfo(vcpu: UInt32)
        /// `XEN_DOMCTL_max_vcpus`.
        case maxVCPUs(UInt32)
        /// `XEN_DOMCTL_scheduler_op`.
        case schedulerOp(SchedulerOp)
        /// `XEN_DOMCTL_setdomainhandle`: the 16-byte `xen_domain_handle_t`.
        case setDomainHandle([UInt8])
        /// `XEN_DOMCTL_setdebugging`.
        case setDebugging(enable: UInt8)
        /// `XEN_DOMCTL_irq_permission`.
        case irqPermission(pirq: UInt32, allowAccess: UInt8)
        /// `XEN_DOMCTL_iomem_permission`.
        case iomemPermission(firstMFN: UInt64, nrMFNs: UInt64, allowAccess: UInt8)
        /// `XEN_DOMCTL_ioport_permission`.
        case ioportPermission(firstPort: UInt32, nrPorts: UInt32, allowAccess: UInt8)
        /// `XEN_DOMCTL_settimeoffset`.
        case setTimeOffset(seconds: Int64)
        /// `XEN_DOMCTL_gethvmcontext`: `size` bytes out (null handle: size query).
        case getHVMContext(size: UInt32, buffer: NestedHandle)
        /// `XEN_DOMCTL_sethvmcontext`: the context blob in.
        case setHVMContext([UInt8])
        /// `XEN_DOMCTL_set_address_size`.
        case setAddressSize(UInt32)
        /// `XEN_DOMCTL_get_address_size`.
        case getAddressSize
        /// `XEN_DOMCTL_gettscinfo`: all outputs.
        case getTSCInfo
        /// `XEN_DOMCTL_settscinfo`.
        case setTSCInfo(mode: UInt32, gtscKHz: UInt32, incarnation: UInt32, elapsedNsec: UInt64)
        /// `XEN_DOMCTL_getpageframeinfo3`: `pfns` in, their types written back in place.
        case getPageFrameInfo3(pfns: [UInt64])
        /// `XEN_DOMCTL_setnodeaffinity`: the node map in.
        case setNodeAffinity(InBitmap)
        /// `XEN_DOMCTL_getnodeaffinity`: the node map out.
        case getNodeAffinity(OutBitmap)
        /// `XEN_DOMCTL_get_cpu_policy`: counts in, leaves/MSRs out (null handles: counts only).
        case getCPUPolicy(nrLeaves: UInt32, nrMSRs: UInt32, leaves: NestedHandle, msrs: NestedHandle)
        /// `XEN_DOMCTL_set_cpu_policy`: raw `xen_cpuid_leaf_t` / `xen_msr_entry_t` bytes in.
        case setCPUPolicy(leaves: [CPUIDLeaf], msrs: [MSREntry])
        /// `XEN_DOMCTL_get_paging_mempool_size`.
        case getPagingMempoolSize
        /// `XEN_DOMCTL_set_paging_mempool_size`.
        case setPagingMempoolSize(UInt64)
        /// `XEN_DOMCTL_resumedomain`.
        case resumeDomain
        /// `XEN_DOMCTL_soft_reset`.
        case softReset
        /// `XEN_DOMCTL_hypercall_init`: write the hypercall page into `gmfn`.
        case hypercallInit(gmfn: UInt64)
        /// `XEN_DOMCTL_sendtrigger`: `XEN_DOMCTL_SENDTRIGGER_*` to `vcpu`.
        case sendTrigger(trigger: UInt32, vcpu: UInt32)
        /// `XEN_DOMCTL_set_target`.
        case setTarget(UInt16)
        /// `XEN_DOMCTL_set_virq_handler`.
        case setVirqHandler(virq: UInt32)
        /// `XEN_DOMCTL_getvcpuextstate`: `size` bytes of xsave state out (size 0: query).
        case getVCPUExtState(vcpu: UInt32, size: UInt64, buffer: NestedHandle)
        /// `XEN_DOMCTL_setvcpuextstate`: the xsave state in.
        case setVCPUExtState(vcpu: UInt32, xfeatureMask: UInt64, state: [UInt8])
        /// `XEN_DOMCTL_set_access_required`.
        case setAccessRequired(UInt8)
        /// `XEN_DOMCTL_cacheflush`.
        case cacheflush(startPFN: UInt64, nrPFNs: UInt64)
        /// `XEN_DOMCTL_set_broken_page_p2m`.
        case setBrokenPageP2M(pfn: UInt64)
        /// `XEN_DOMCTL_gethvmcontext_partial`: one record of `type`/`instance` into `bufsz` bytes.
        case getHVMContextPartial(type: UInt32, instance: UInt32, bufsz: UInt64, buffer: NestedHandle)
        /// `XEN_DOMCTL_get_vcpu_msrs`: up to `count` MSRs out (null handle: count query).
        case getVCPUMSRs(vcpu: UInt32, count: UInt32, msrs: NestedHandle)
        /// `XEN_DOMCTL_set_vcpu_msrs`: `xen_domctl_vcpu_msr` entries in.
        case setVCPUMSRs(vcpu: UInt32, msrs: [VCPUMSR])
        /// `XEN_DOMCTL_get_ext_vcpucontext`.
        case getExtVCPUContext(vcpu: UInt32)
        /// `XEN_DOMCTL_set_ext_vcpucontext`: `size` and the struct's bytes after it, in.
        case setExtVCPUContext(vcpu: UInt32, size: UInt32, body: [UInt8])
        /// `XEN_DOMCTL_assign_device`: pass a PCI or device-tree device through.
        case assignDevice(DeviceAssignment)
        /// `XEN_DOMCTL_test_assign_device`: whether the device could be assigned (domain `DOMID_INVALID`: to anyone).
        case testAssignDevice(DeviceAssignment)
        /// `XEN_DOMCTL_deassign_device`.
        case deassignDevice(DeviceAssignment)
        /// `XEN_DOMCTL_bind_pt_irq`: route a machine IRQ to the guest.
        case bindPtIRQ(PtIRQ)
        /// `XEN_DOMCTL_unbind_pt_irq`.
        case unbindPtIRQ(PtIRQ)
        /// `XEN_DOMCTL_memory_mapping`: machine frames into (or out of) an HVM guest's physical space.
        case memoryMapping(RangeMapping)
        /// `XEN_DOMCTL_ioport_mapping`: machine I/O ports into (or out of) an HVM guest's port space (32-bit fields).
        case ioportMapping(RangeMapping)
        /// `XEN_DOMCTL_get_device_group`: up to `maxSdevs` SBDFs of the device's IOMMU group out, `num_sdevs` written back.
        case getDeviceGroup(machineSBDF: UInt32, maxSdevs: UInt32, sdevs: NestedHandle)
        /// `XEN_DOMCTL_vm_event_op`: `XEN_VM_EVENT_*` on ring `mode` (`XEN_DOMCTL_VM_EVENT_OP_*`); the port or version comes back in `u`.
        case vmEventOp(op: UInt32, mode: UInt32)
        /// `XEN_DOMCTL_monitor_op`.
        case monitorOp(MonitorOp)
    }

    /// `struct xen_domctl_createdomain` (`arch` is x86's `xen_arch_domainconfig`).
    public struct CreateDomain: Hashable, Sendable {
        /// `ssidref`.
        public var ssidref: UInt32 = 0
        /// `handle`: the 16-byte UUID.
        public var handle: [UInt8] = Array(repeating: 0, count: 16)
        /// `flags`: `XEN_DOMCTL_CDF_*`.
        public var flags: UInt32 = 0
        /// `iommu_opts`.
        public var iommuOpts: UInt32 = 0
        /// `max_vcpus`.
        public var maxVCPUs: UInt32 = 1
        /// `max_evtchn_port`.
        public var maxEvtchnPort: UInt32 = 0
        /// `max_grant_frames` (< 0: the hypervisor default).
        public var maxGrantFrames: Int32 = -1
        /// `max_maptrack_frames` (< 0: the hypervisor default).
        public var maxMaptrackFrames: Int32 = -1
        /// `grant_opts`.
        public var grantOpts: UInt32 = 0
        /// `vmtrace_size`.
        public var vmtraceSize: UInt32 = 0
        /// `cpupool_id`.
        public var cpupoolID: UInt32 = 0
        /// `arch.emulation_flags`.
        public var emulationFlags: UInt32 = 0
        /// `arch.misc_flags`.
        public var miscFlags: UInt32 = 0
        /// A configuration with Xen's defaults.
        public init() {}
    }

    /// `struct xen_domctl_shadow_op` by `XEN_DOMCTL_SHADOW_OP_*`.
    public enum ShadowOp: Hashable, Sendable {
        /// `OFF`, `GET_ALLOCATION`, `ENABLE_LOGDIRTY`: ops that read only `op`.
        case plain(op: UInt32)
        /// `ENABLE`: `mode` in.
        case enable(mode: UInt32)
        /// `SET_ALLOCATION`: `mb` in.
        case setAllocation(mb: UInt32)
        /// `CLEAN` / `PEEK`: `mode`, and a dirty bitmap of `pages` bits out.
        case logDirty(op: UInt32, mode: UInt32, pages: UInt64, bitmap: NestedHandle)
    }

    /// `struct xen_domctl_scheduler_op`.
    public enum SchedulerOp: Hashable, Sendable {
        /// `XEN_DOMCTL_SCHEDOP_getinfo` for scheduler `schedID`: all outputs.
        case getInfo(schedID: UInt32)
        /// `XEN_DOMCTL_SCHEDOP_putinfo` to credit or credit2.
        case putCredit(schedID: UInt32, weight: UInt16, cap: UInt16)
        /// `XEN_DOMCTL_SCHEDOP_putinfo` to RTDS.
        case putRTDS(period: UInt32, budget: UInt32, flags: UInt32)
    }

    /// The `XEN_DOMCTL_*` command.
    public var cmd: UInt32 {
        let c: Int32 = switch op {
        case .createDomain: XEN_DOMCTL_createdomain
        case .destroyDomain: XEN_DOMCTL_destroydomain
        case .pauseDomain: XEN_DOMCTL_pausedomain
        case .unpauseDomain: XEN_DOMCTL_unpausedomain
        case .getDomainInfo: XEN_DOMCTL_getdomaininfo
        case .setVCPUAffinity: XEN_DOMCTL_setvcpuaffinity
        case .getVCPUAffinity: XEN_DOMCTL_getvcpuaffinity
        case .shadowOp: XEN_DOMCTL_shadow_op
        case .maxMem: XEN_DOMCTL_max_mem
        case .setVCPUContext: XEN_DOMCTL_setvcpucontext
        case .getVCPUContext: XEN_DOMCTL_getvcpucontext
        case .getVCPUInfo: XEN_DOMCTL_getvcpuinfo
        case .maxVCPUs: XEN_DOMCTL_max_vcpus
        case .schedulerOp: XEN_DOMCTL_scheduler_op
        case .setDomainHandle: XEN_DOMCTL_setdomainhandle
        case .setDebugging: XEN_DOMCTL_setdebugging
        case .irqPermission: XEN_DOMCTL_irq_permission
        case .iomemPermission: XEN_DOMCTL_iomem_permission
        case .ioportPermission: XEN_DOMCTL_ioport_permission
        case .setTimeOffset: XEN_DOMCTL_settimeoffset
        case .getHVMContext: XEN_DOMCTL_gethvmcontext
        case .setHVMContext: XEN_DOMCTL_sethvmcontext
        case .setAddressSize: XEN_DOMCTL_set_address_size
        case .getAddressSize: XEN_DOMCTL_get_address_size
        case .getTSCInfo: XEN_DOMCTL_gettscinfo
        case .setTSCInfo: XEN_DOMCTL_settscinfo
        case .getPageFrameInfo3: XEN_DOMCTL_getpageframeinfo3
        case .setNodeAffinity: XEN_DOMCTL_setnodeaffinity
        case .getNodeAffinity: XEN_DOMCTL_getnodeaffinity
        case .getCPUPolicy: XEN_DOMCTL_get_cpu_policy
        case .setCPUPolicy: XEN_DOMCTL_set_cpu_policy
        case .getPagingMempoolSize: XEN_DOMCTL_get_paging_mempool_size
        case .setPagingMempoolSize: XEN_DOMCTL_set_paging_mempool_size
        case .resumeDomain: XEN_DOMCTL_resumedomain
        case .softReset: XEN_DOMCTL_soft_reset
        case .hypercallInit: XEN_DOMCTL_hypercall_init
        case .sendTrigger: XEN_DOMCTL_sendtrigger
        case .setTarget: XEN_DOMCTL_set_target
        case .setVirqHandler: XEN_DOMCTL_set_virq_handler
        case .getVCPUExtState: XEN_DOMCTL_getvcpuextstate
        case .setVCPUExtState: XEN_DOMCTL_setvcpuextstate
        case .setAccessRequired: XEN_DOMCTL_set_access_required
        case .cacheflush: XEN_DOMCTL_cacheflush
        case .setBrokenPageP2M: XEN_DOMCTL_set_broken_page_p2m
        case .getHVMContextPartial: XEN_DOMCTL_gethvmcontext_partial
        case .getVCPUMSRs: XEN_DOMCTL_get_vcpu_msrs
        case .setVCPUMSRs: XEN_DOMCTL_set_vcpu_msrs
        case .getExtVCPUContext: XEN_DOMCTL_get_ext_vcpucontext
        case .setExtVCPUContext: XEN_DOMCTL_set_ext_vcpucontext
        case .assignDevice: XEN_DOMCTL_assign_device
        case .testAssignDevice: XEN_DOMCTL_test_assign_device
        case .deassignDevice: XEN_DOMCTL_deassign_device
        case .bindPtIRQ: XEN_DOMCTL_bind_pt_irq
        case .unbindPtIRQ: XEN_DOMCTL_unbind_pt_irq
        case .memoryMapping: XEN_DOMCTL_memory_mapping
        case .ioportMapping: XEN_DOMCTL_ioport_mapping
        case .getDeviceGroup: XEN_DOMCTL_get_device_group
        case .vmEventOp: XEN_DOMCTL_vm_event_op
        case .monitorOp: XEN_DOMCTL_monitor_op
        }
        return UInt32(c)
    }
}
