/// Any typed hypercall: what a decoder returns for an op word, registers
/// and guest memory, and what a multicall entry holds.
public indirect enum AnyHypercall: TypedHypercall, Hashable {
    /// `__HYPERVISOR_xen_version`
    case xenVersion(XenVersion)
    /// `__HYPERVISOR_memory_op`
    case memoryOp(MemoryOp)
    /// `__HYPERVISOR_vcpu_op`
    case vcpuOp(VCPUOp)
    /// `__HYPERVISOR_grant_table_op`
    case grantTableOp(GrantTableOp)
    /// `__HYPERVISOR_event_channel_op`
    case eventChannelOp(EventChannelOp)
    /// `__HYPERVISOR_event_channel_op_compat`
    case eventChannelOpCompat(EventChannelOpCompat)
    /// `__HYPERVISOR_sched_op`
    case schedOp(SchedOp)
    /// `__HYPERVISOR_sched_op_compat`
    case schedOpCompat(SchedOpCompat)
    /// `__HYPERVISOR_set_timer_op`
    case setTimerOp(SetTimerOp)
    /// `__HYPERVISOR_vm_assist`
    case vmAssist(VMAssist)
    /// `__HYPERVISOR_fpu_taskswitch`
    case fpuTaskswitch(FPUTaskswitch)
    /// `__HYPERVISOR_set_debugreg`
    case setDebugreg(SetDebugreg)
    /// `__HYPERVISOR_get_debugreg`
    case getDebugreg(GetDebugreg)
    /// `__HYPERVISOR_update_descriptor`
    case updateDescriptor(UpdateDescriptor)
    /// `__HYPERVISOR_set_segment_base`
    case setSegmentBase(SetSegmentBase)
    /// `__HYPERVISOR_stack_switch`
    case stackSwitch(StackSwitch)
    /// `__HYPERVISOR_set_callbacks`
    case setCallbacks(SetCallbacks)
    /// `__HYPERVISOR_iret`
    case iret(Iret)
    /// `__HYPERVISOR_update_va_mapping`
    case updateVAMapping(UpdateVAMapping)
    /// `__HYPERVISOR_update_va_mapping_otherdomain`
    case updateVAMappingOtherdomain(UpdateVAMappingOtherdomain)
    /// `__HYPERVISOR_console_io`
    case consoleIO(ConsoleIO)
    /// `__HYPERVISOR_mmu_update`
    case mmuUpdate(MMUUpdate)
    /// `__HYPERVISOR_mmuext_op`
    case mmuextOp(MMUExtOp)
    /// `__HYPERVISOR_set_trap_table`
    case setTrapTable(SetTrapTable)
    /// `__HYPERVISOR_set_gdt`
    case setGDT(SetGDT)
    /// `__HYPERVISOR_physdev_op`
    case physdevOp(PhysdevOp)
    /// `__HYPERVISOR_physdev_op_compat`
    case physdevOpCompat(PhysdevOpCompat)
    /// `__HYPERVISOR_hvm_op`
    case hvmOp(HVMOp)
    /// `__HYPERVISOR_callback_op`
    case callbackOp(CallbackOp)
    /// `__HYPERVISOR_nmi_op`
    case nmiOp(NMIOp)
    /// `__HYPERVISOR_xenpmu_op`
    case xenpmuOp(XenPMUOp)
    /// `__HYPERVISOR_kexec_op`
    case kexecOp(KexecOp)
    /// `__HYPERVISOR_argo_op`
    case argoOp(ArgoOp)
    /// `__HYPERVISOR_multicall`
    case multicall(Multicall)
    /// `__HYPERVISOR_sysctl`
    case sysctl(Sysctl)
    /// `__HYPERVISOR_domctl`
    case domctl(Domctl)
    /// `__HYPERVISOR_xsm_op` (FLASK)
    case xsmOp(FlaskOp)
    /// `__HYPERVISOR_dm_op`
    case dmOp(DMOp)
    /// `__HYPERVISOR_hypfs_op`
    case hypfsOp(HypfsOp)
    /// `__HYPERVISOR_platform_op`
    case platformOp(PlatformOp)
    /// Any call sent without a typed encoder.
    case raw(RawCall)

    /// The hypercall number.
    public var number: HypercallNumber {
        switch self {
        case .xenVersion: .xen_version
        case .memoryOp: .memory_op
        case .vcpuOp: .vcpu_op
        case .grantTableOp: .grant_table_op
        case .eventChannelOp: .event_channel_op
        case .eventChannelOpCompat: .event_channel_op_compat
        case .schedOp: .sched_op
        case .schedOpCompat: .sched_op_compat
        case .setTimerOp: .set_timer_op
        case .vmAssist: .vm_assist
        case .fpuTaskswitch: .fpu_taskswitch
        case .setDebugreg: .set_debugreg
        case .getDebugreg: .get_debugreg
        case .updateDescriptor: .update_descriptor
        case .setSegmentBase: .set_segment_base
        case .stackSwitch: .stack_switch
        case .setCallbacks: .set_callbacks
        case .iret: .iret
        case .updateVAMapping: .update_va_mapping
        case .updateVAMappingOtherdomain: .update_va_mapping_otherdomain
        case .consoleIO: .console_io
        case .mmuUpdate: .mmu_update
        case .mmuextOp: .mmuext_op
        case .setTrapTable: .set_trap_table
        case .setGDT: .set_gdt
        case .physdevOp: .physdev_op
        case .physdevOpCompat: .physdev_op_compat
        case .hvmOp: .hvm_op
        case .callbackOp: .callback_op
        case .nmiOp: .nmi_op
        case .xenpmuOp: .xenpmu_op
        case .kexecOp: .kexec_op
        case .argoOp: .argo_op
        case .multicall: .multicall
        case .sysctl: .sysctl
        case .domctl: .domctl
        case .xsmOp: .xsm_op
        case .dmOp: .dm_op
        case .hypfsOp: .hypfs_op
        case .platformOp: .platform_op
        case .raw(let r): r.number
        }
    }

    /// Not meaningful for the sum type: see `number`.
    public static var number: HypercallNumber { .set_trap_table }

    public func encode(into call: inout EncodedCall) {
        switch self {
        case .xenVersion(let c): c.encode(into: &call)
        case .memoryOp(let c): c.encode(into: &call)
        case .vcpuOp(let c): c.encode(into: &call)
        case .grantTableOp(let c): c.encode(into: &call)
        case .eventChannelOp(let c): c.encode(into: &call)
        case .eventChannelOpCompat(let c): c.encode(into: &call)
        case .schedOp(let c): c.encode(into: &call)
        case .schedOpCompat(let c): c.encode(into: &call)
        case .setTimerOp(let c): c.encode(into: &call)
        case .vmAssist(let c): c.encode(into: &call)
        case .fpuTaskswitch(let c): c.encode(into: &call)
        case .setDebugreg(let c): c.encode(into: &call)
        case .getDebugreg(let c): c.encode(into: &call)
        case .updateDescriptor(let c): c.encode(into: &call)
        case .setSegmentBase(let c): c.encode(into: &call)
        case .stackSwitch(let c): c.encode(into: &call)
        case .setCallbacks(let c): c.encode(into: &call)
        case .iret(let c): c.encode(into: &call)
        case .updateVAMapping(let c): c.encode(into: &call)
        case .updateVAMappingOtherdomain(let c): c.encode(into: &call)
        case .consoleIO(let c): c.encode(into: &call)
        case .mmuUpdate(let c): c.encode(into: &call)
        case .mmuextOp(let c): c.encode(into: &call)
        case .setTrapTable(let c): c.encode(into: &call)
        case .setGDT(let c): c.encode(into: &call)
        case .physdevOp(let c): c.encode(into: &call)
        case .physdevOpCompat(let c): c.encode(into: &call)
        case .hvmOp(let c): c.encode(into: &call)
        case .callbackOp(let c): c.encode(into: &call)
        case .nmiOp(let c): c.encode(into: &call)
        case .xenpmuOp(let c): c.encode(into: &call)
        case .kexecOp(let c): c.encode(into: &call)
        case .argoOp(let c): c.encode(into: &call)
        case .multicall(let c): c.encode(into: &call)
        case .sysctl(let c): c.encode(into: &call)
        case .domctl(let c): c.encode(into: &call)
        case .xsmOp(let c): c.encode(into: &call)
        case .dmOp(let c): c.encode(into: &call)
        case .hypfsOp(let c): c.encode(into: &call)
        case .platformOp(let c): c.encode(into: &call)
        case .raw(let c): c.encode(into: &call)
        }
    }

    /// Decodes by hypercall number. A number without a typed decoder is
    /// `DecodeError.Kind.unknownHypercall`.
    public static func decode(_ raw: RawHypercall, memory: some GuestMemoryReader) throws(DecodeError) -> AnyHypercall {
        switch raw.op.number {
        case .xen_version: return .xenVersion(try XenVersion.decode(raw, memory: memory))
        case .memory_op: return .memoryOp(try MemoryOp.decode(raw, memory: memory))
        case .vcpu_op: return .vcpuOp(try VCPUOp.decode(raw, memory: memory))
        case .grant_table_op: return .grantTableOp(try GrantTableOp.decode(raw, memory: memory))
        case .event_channel_op: return .eventChannelOp(try EventChannelOp.decode(raw, memory: memory))
        case .event_channel_op_compat: return .eventChannelOpCompat(try EventChannelOpCompat.decode(raw, memory: memory))
        case .sched_op: return .schedOp(try SchedOp.decode(raw, memory: memory))
        case .sched_op_compat: return .schedOpCompat(try SchedOpCompat.decode(raw, memory: memory))
        case .set_timer_op: return .setTimerOp(try SetTimerOp.decode(raw, memory: memory))
        case .vm_assist: return .vmAssist(try VMAssist.decode(raw, memory: memory))
        case .fpu_taskswitch: return .fpuTaskswitch(try FPUTaskswitch.decode(raw, memory: memory))
        case .set_debugreg: return .setDebugreg(try SetDebugreg.decode(raw, memory: memory))
        case .get_debugreg: return .getDebugreg(try GetDebugreg.decode(raw, memory: memory))
        case .update_descriptor: return .updateDescriptor(try UpdateDescriptor.decode(raw, memory: memory))
        case .set_segment_base: return .setSegmentBase(try SetSegmentBase.decode(raw, memory: memory))
        case .stack_switch: return .stackSwitch(try StackSwitch.decode(raw, memory: memory))
        case .set_callbacks: return .setCallbacks(try SetCallbacks.decode(raw, memory: memory))
        case .iret: return .iret(try Iret.decode(raw, memory: memory))
        case .update_va_mapping: return .updateVAMapping(try UpdateVAMapping.decode(raw, memory: memory))
        case .update_va_mapping_otherdomain: return .updateVAMappingOtherdomain(try UpdateVAMappingOtherdomain.decode(raw, memory: memory))
        case .console_io: return .consoleIO(try ConsoleIO.decode(raw, memory: memory))
        case .mmu_update: return .mmuUpdate(try MMUUpdate.decode(raw, memory: memory))
        case .mmuext_op: return .mmuextOp(try MMUExtOp.decode(raw, memory: memory))
        case .set_trap_table: return .setTrapTable(try SetTrapTable.decode(raw, memory: memory))
        case .set_gdt: return .setGDT(try SetGDT.decode(raw, memory: memory))
        case .physdev_op: return .physdevOp(try PhysdevOp.decode(raw, memory: memory))
        case .physdev_op_compat: return .physdevOpCompat(try PhysdevOpCompat.decode(raw, memory: memory))
        case .hvm_op: return .hvmOp(try HVMOp.decode(raw, memory: memory))
        case .callback_op: return .callbackOp(try CallbackOp.decode(raw, memory: memory))
        case .nmi_op: return .nmiOp(try NMIOp.decode(raw, memory: memory))
        case .xenpmu_op: return .xenpmuOp(try XenPMUOp.decode(raw, memory: memory))
        case .kexec_op: return .kexecOp(try KexecOp.decode(raw, memory: memory))
        case .argo_op: return .argoOp(try ArgoOp.decode(raw, memory: memory))
        case .multicall: return .multicall(try Multicall.decode(raw, memory: memory))
        case .sysctl: return .sysctl(try Sysctl.decode(raw, memory: memory))
        case .domctl: return .domctl(try Domctl.decode(raw, memory: memory))
        case .xsm_op: return .xsmOp(try FlaskOp.decode(raw, memory: memory))
        case .dm_op: return .dmOp(try DMOp.decode(raw, memory: memory))
        case .hypfs_op: return .hypfsOp(try HypfsOp.decode(raw, memory: memory))
        case .platform_op: return .platformOp(try PlatformOp.decode(raw, memory: memory))
        default: throw DecodeError(.unknownHypercall(raw.op.number), at: raw.op.number.name)
        }
    }
}
