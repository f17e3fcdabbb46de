import CXen

/// A hypercall number, `__HYPERVISOR_*` from `public/xen.h` (bits 0-11 of the op word).
public struct HypercallNumber: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The number, 0...4095.
    public let rawValue: UInt16

    /// Wraps a number; only the low 12 bits travel in an op word.
    @inlinable public init(rawValue: UInt16) { self.rawValue = rawValue & 0xfff }

    @inlinable init(_ v: Int32) { self.init(rawValue: UInt16(truncatingIfNeeded: v)) }

    /// `__HYPERVISOR_set_trap_table`
    public static let set_trap_table = HypercallNumber(__HYPERVISOR_set_trap_table)
    /// `__HYPERVISOR_mmu_update`
    public static let mmu_update = HypercallNumber(__HYPERVISOR_mmu_update)
    /// `__HYPERVISOR_set_gdt`
    public static let set_gdt = HypercallNumber(__HYPERVISOR_set_gdt)
    /// `__HYPERVISOR_stack_switch`
    public static let stack_switch = HypercallNumber(__HYPERVISOR_stack_switch)
    /// `__HYPERVISOR_set_callbacks`
    public static let set_callbacks = HypercallNumber(__HYPERVISOR_set_callbacks)
    /// `__HYPERVISOR_fpu_taskswitch`
    public static let fpu_taskswitch = HypercallNumber(__HYPERVISOR_fpu_taskswitch)
    /// `__HYPERVISOR_sched_op_compat`
    public static let sched_op_compat = HypercallNumber(__HYPERVISOR_sched_op_compat)
    /// `__HYPERVISOR_platform_op`
    public static let platform_op = HypercallNumber(__HYPERVISOR_platform_op)
    /// `__HYPERVISOR_set_debugreg`
    public static let set_debugreg = HypercallNumber(__HYPERVISOR_set_debugreg)
    /// `__HYPERVISOR_get_debugreg`
    public static let get_debugreg = HypercallNumber(__HYPERVISOR_get_debugreg)
    /// `__HYPERVISOR_update_descriptor`
    public static let update_descriptor = HypercallNumber(__HYPERVISOR_update_descriptor)
    /// `__HYPERVISOR_memory_op`
    public static let memory_op = HypercallNumber(__HYPERVISOR_memory_op)
    /// `__HYPERVISOR_multicall`
    public static let multicall = HypercallNumber(__HYPERVISOR_multicall)
    /// `__HYPERVISOR_update_va_mapping`
    public static let update_va_mapping = HypercallNumber(__HYPERVISOR_update_va_mapping)
    /// `__HYPERVISOR_set_timer_op`
    public static let set_timer_op = HypercallNumber(__HYPERVISOR_set_timer_op)
    /// `__HYPERVISOR_event_channel_op_compat`
    public static let event_channel_op_compat = HypercallNumber(__HYPERVISOR_event_channel_op_compat)
    /// `__HYPERVISOR_xen_version`
    public static let xen_version = HypercallNumber(__HYPERVISOR_xen_version)
    /// `__HYPERVISOR_console_io`
    public static let console_io = HypercallNumber(__HYPERVISOR_console_io)
    /// `__HYPERVISOR_physdev_op_compat`
    public static let physdev_op_compat = HypercallNumber(__HYPERVISOR_physdev_op_compat)
    /// `__HYPERVISOR_grant_table_op`
    public static let grant_table_op = HypercallNumber(__HYPERVISOR_grant_table_op)
    /// `__HYPERVISOR_vm_assist`
    public static let vm_assist = HypercallNumber(__HYPERVISOR_vm_assist)
    /// `__HYPERVISOR_update_va_mapping_otherdomain`
    public static let update_va_mapping_otherdomain = HypercallNumber(__HYPERVISOR_update_va_mapping_otherdomain)
    /// `__HYPERVISOR_iret`
    public static let iret = HypercallNumber(__HYPERVISOR_iret)
    /// `__HYPERVISOR_vcpu_op`
    public static let vcpu_op = HypercallNumber(__HYPERVISOR_vcpu_op)
    /// `__HYPERVISOR_set_segment_base`
    public static let set_segment_base = HypercallNumber(__HYPERVISOR_set_segment_base)
    /// `__HYPERVISOR_mmuext_op`
    public static let mmuext_op = HypercallNumber(__HYPERVISOR_mmuext_op)
    /// `__HYPERVISOR_xsm_op`
    public static let xsm_op = HypercallNumber(__HYPERVISOR_xsm_op)
    /// `__HYPERVISOR_nmi_op`
    public static let nmi_op = HypercallNumber(__HYPERVISOR_nmi_op)
    /// `__HYPERVISOR_sched_op`
    public static let sched_op = HypercallNumber(__HYPERVISOR_sched_op)
    /// `__HYPERVISOR_callback_op`
    public static let callback_op = HypercallNumber(__HYPERVISOR_callback_op)
    /// `__HYPERVISOR_xenoprof_op`
    public static let xenoprof_op = HypercallNumber(__HYPERVISOR_xenoprof_op)
    /// `__HYPERVISOR_event_channel_op`
    public static let event_channel_op = HypercallNumber(__HYPERVISOR_event_channel_op)
    /// `__HYPERVISOR_physdev_op`
    public static let physdev_op = HypercallNumber(__HYPERVISOR_physdev_op)
    /// `__HYPERVISOR_hvm_op`
    public static let hvm_op = HypercallNumber(__HYPERVISOR_hvm_op)
    /// `__HYPERVISOR_sysctl`
    public static let sysctl = HypercallNumber(__HYPERVISOR_sysctl)
    /// `__HYPERVISOR_domctl`
    public static let domctl = HypercallNumber(__HYPERVISOR_domctl)
    /// `__HYPERVISOR_kexec_op`
    public static let kexec_op = HypercallNumber(__HYPERVISOR_kexec_op)
    /// `__HYPERVISOR_tmem_op`
    public static let tmem_op = HypercallNumber(__HYPERVISOR_tmem_op)
    /// `__HYPERVISOR_argo_op`
    public static let argo_op = HypercallNumber(__HYPERVISOR_argo_op)
    /// `__HYPERVISOR_xenpmu_op`
    public static let xenpmu_op = HypercallNumber(__HYPERVISOR_xenpmu_op)
    /// `__HYPERVISOR_dm_op`
    public static let dm_op = HypercallNumber(__HYPERVISOR_dm_op)
    /// `__HYPERVISOR_hypfs_op`
    public static let hypfs_op = HypercallNumber(__HYPERVISOR_hypfs_op)
    /// `__HYPERVISOR_arch_0` (x86: `__HYPERVISOR_mca`)
    public static let arch_0 = HypercallNumber(__HYPERVISOR_arch_0)
    /// `__HYPERVISOR_arch_1` (x86: used inside Xen for paging continuations)
    public static let arch_1 = HypercallNumber(__HYPERVISOR_arch_1)

    /// Every hypercall number Xen 4.17 defines for x86_64, with its C name.
    public static let all: [(name: String, number: HypercallNumber)] = [
        ("set_trap_table", .set_trap_table), ("mmu_update", .mmu_update), ("set_gdt", .set_gdt),
        ("stack_switch", .stack_switch), ("set_callbacks", .set_callbacks),
        ("fpu_taskswitch", .fpu_taskswitch), ("sched_op_compat", .sched_op_compat),
        ("platform_op", .platform_op), ("set_debugreg", .set_debugreg),
        ("get_debugreg", .get_debugreg), ("update_descriptor", .update_descriptor),
        ("memory_op", .memory_op), ("multicall", .multicall),
        ("update_va_mapping", .update_va_mapping), ("set_timer_op", .set_timer_op),
        ("event_channel_op_compat", .event_channel_op_compat), ("xen_version", .xen_version),
        ("console_io", .console_io), ("physdev_op_compat", .physdev_op_compat),
        ("grant_table_op", .grant_table_op), ("vm_assist", .vm_assist),
        ("update_va_mapping_otherdomain", .update_va_mapping_otherdomain), ("iret", .iret),
        ("vcpu_op", .vcpu_op), ("set_segment_base", .set_segment_base),
        ("mmuext_op", .mmuext_op), ("xsm_op", .xsm_op), ("nmi_op", .nmi_op),
        ("sched_op", .sched_op), ("callback_op", .callback_op), ("xenoprof_op", .xenoprof_op),
        ("event_channel_op", .event_channel_op), ("physdev_op", .physdev_op),
        ("hvm_op", .hvm_op), ("sysctl", .sysctl), ("domctl", .domctl),
        ("kexec_op", .kexec_op), ("tmem_op", .tmem_op), ("argo_op", .argo_op),
        ("xenpmu_op", .xenpmu_op), ("dm_op", .dm_op), ("hypfs_op", .hypfs_op),
        ("mca", .arch_0), ("arch_1", .arch_1),
    ]

    /// Looks a number up by its C name without the `__HYPERVISOR_` prefix.
    public init?(name: String) {
        guard let hit = HypercallNumber.all.first(where: { $0.name == name }) else { return nil }
        self = hit.number
    }

    /// The C name without the `__HYPERVISOR_` prefix, or the number.
    public var name: String {
        HypercallNumber.all.first { $0.number == self }?.name ?? "hypercall_\(rawValue)"
    }

    public var description: String { name }
}
