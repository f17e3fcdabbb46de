import CXen

/// A hypercall number, `__HYPERVISOR_*` from `public/xen.h` (bits 0-11 of the op word).
public struct HypercallNumber: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The number, 0...4095.
    public let rawValue: UInt16

    /// Wraps a number; only the low 12 bits travel in an op word.
    @inlinable public init(rawValue: UInt16) { self.rawValue = rawValue & 0xfff }

    @inlinable init(_ v: Int32) { self.init(rawValue: UInt16(truncatingIfNeeded: v)) }

    // The named numbers below are computed and inlinable, not stored: the
    // optimizer folds each to a constant, where a stored global costs a
    // `swift_once` check per use on the dispatch path.

    /// `__HYPERVISOR_set_trap_table`
    @inlinable public static var set_trap_table: HypercallNumber { HypercallNumber(__HYPERVISOR_set_trap_table) }
    /// `__HYPERVISOR_mmu_update`
    @inlinable public static var mmu_update: HypercallNumber { HypercallNumber(__HYPERVISOR_mmu_update) }
    /// `__HYPERVISOR_set_gdt`
    @inlinable public static var set_gdt: HypercallNumber { HypercallNumber(__HYPERVISOR_set_gdt) }
    /// `__HYPERVISOR_stack_switch`
    @inlinable public static var stack_switch: HypercallNumber { HypercallNumber(__HYPERVISOR_stack_switch) }
    /// `__HYPERVISOR_set_callbacks`
    @inlinable public static var set_callbacks: HypercallNumber { HypercallNumber(__HYPERVISOR_set_callbacks) }
    /// `__HYPERVISOR_fpu_taskswitch`
    @inlinable public static var fpu_taskswitch: HypercallNumber { HypercallNumber(__HYPERVISOR_fpu_taskswitch) }
    /// `__HYPERVISOR_sched_op_compat`
    @inlinable public static var sched_op_compat: HypercallNumber { HypercallNumber(__HYPERVISOR_sched_op_compat) }
    /// `__HYPERVISOR_platform_op`
    @inlinable public static var platform_op: HypercallNumber { HypercallNumber(__HYPERVISOR_platform_op) }
    /// `__HYPERVISOR_set_debugreg`
    @inlinable public static var set_debugreg: HypercallNumber { HypercallNumber(__HYPERVISOR_set_debugreg) }
    /// `__HYPERVISOR_get_debugreg`
    @inlinable public static var get_debugreg: HypercallNumber { HypercallNumber(__HYPERVISOR_get_debugreg) }
    /// `__HYPERVISOR_update_descriptor`
    @inlinable public static var update_descriptor: HypercallNumber { HypercallNumber(__HYPERVISOR_update_descriptor) }
    /// `__HYPERVISOR_memory_op`
    @inlinable public static var memory_op: HypercallNumber { HypercallNumber(__HYPERVISOR_memory_op) }
    /// `__HYPERVISOR_multicall`
    @inlinable public static var multicall: HypercallNumber { HypercallNumber(__HYPERVISOR_multicall) }
    /// `__HYPERVISOR_update_va_mapping`
    @inlinable public static var update_va_mapping: HypercallNumber { HypercallNumber(__HYPERVISOR_update_va_mapping) }
    /// `__HYPERVISOR_set_timer_op`
    @inlinable public static var set_timer_op: HypercallNumber { HypercallNumber(__HYPERVISOR_set_timer_op) }
    /// `__HYPERVISOR_event_channel_op_compat`
    @inlinable public static var event_channel_op_compat: HypercallNumber { HypercallNumber(__HYPERVISOR_event_channel_op_compat) }
    /// `__HYPERVISOR_xen_version`
    @inlinable public static var xen_version: HypercallNumber { HypercallNumber(__HYPERVISOR_xen_version) }
    /// `__HYPERVISOR_console_io`
    @inlinable public static var console_io: HypercallNumber { HypercallNumber(__HYPERVISOR_console_io) }
    /// `__HYPERVISOR_physdev_op_compat`
    @inlinable public static var physdev_op_compat: HypercallNumber { HypercallNumber(__HYPERVISOR_physdev_op_compat) }
    /// `__HYPERVISOR_grant_table_op`
    @inlinable public static var grant_table_op: HypercallNumber { HypercallNumber(__HYPERVISOR_grant_table_op) }
    /// `__HYPERVISOR_vm_assist`
    @inlinable public static var vm_assist: HypercallNumber { HypercallNumber(__HYPERVISOR_vm_assist) }
    /// `__HYPERVISOR_update_va_mapping_otherdomain`
    @inlinable public static var update_va_mapping_otherdomain: HypercallNumber { HypercallNumber(__HYPERVISOR_update_va_mapping_otherdomain) }
    /// `__HYPERVISOR_iret`
    @inlinable public static var iret: HypercallNumber { HypercallNumber(__HYPERVISOR_iret) }
    /// `__HYPERVISOR_vcpu_op`
    @inlinable public static var vcpu_op: HypercallNumber { HypercallNumber(__HYPERVISOR_vcpu_op) }
    /// `__HYPERVISOR_set_segment_base`
    @inlinable public static var set_segment_base: HypercallNumber { HypercallNumber(__HYPERVISOR_set_segment_base) }
    /// `__HYPERVISOR_mmuext_op`
    @inlinable public static var mmuext_op: HypercallNumber { HypercallNumber(__HYPERVISOR_mmuext_op) }
    /// `__HYPERVISOR_xsm_op`
    @inlinable public static var xsm_op: HypercallNumber { HypercallNumber(__HYPERVISOR_xsm_op) }
    /// `__HYPERVISOR_nmi_op`
    @inlinable public static var nmi_op: HypercallNumber { HypercallNumber(__HYPERVISOR_nmi_op) }
    /// `__HYPERVISOR_sched_op`
    @inlinable public static var sched_op: HypercallNumber { HypercallNumber(__HYPERVISOR_sched_op) }
    /// `__HYPERVISOR_callback_op`
    @inlinable public static var callback_op: HypercallNumber { HypercallNumber(__HYPERVISOR_callback_op) }
    /// `__HYPERVISOR_xenoprof_op`
    @inlinable public static var xenoprof_op: HypercallNumber { HypercallNumber(__HYPERVISOR_xenoprof_op) }
    /// `__HYPERVISOR_event_channel_op`
    @inlinable public static var event_channel_op: HypercallNumber { HypercallNumber(__HYPERVISOR_event_channel_op) }
    /// `__HYPERVISOR_physdev_op`
    @inlinable public static var physdev_op: HypercallNumber { HypercallNumber(__HYPERVISOR_physdev_op) }
    /// `__HYPERVISOR_hvm_op`
    @inlinable public static var hvm_op: HypercallNumber { HypercallNumber(__HYPERVISOR_hvm_op) }
    /// `__HYPERVISOR_sysctl`
    @inlinable public static var sysctl: HypercallNumber { HypercallNumber(__HYPERVISOR_sysctl) }
    /// `__HYPERVISOR_domctl`
    @inlinable public static var domctl: HypercallNumber { HypercallNumber(__HYPERVISOR_domctl) }
    /// `__HYPERVISOR_kexec_op`
    @inlinable public static var kexec_op: HypercallNumber { HypercallNumber(__HYPERVISOR_kexec_op) }
    /// `__HYPERVISOR_tmem_op`
    @inlinable public static var tmem_op: HypercallNumber { HypercallNumber(__HYPERVISOR_tmem_op) }
    /// `__HYPERVISOR_argo_op`
    @inlinable public static var argo_op: HypercallNumber { HypercallNumber(__HYPERVISOR_argo_op) }
    /// `__HYPERVISOR_xenpmu_op`
    @inlinable public static var xenpmu_op: HypercallNumber { HypercallNumber(__HYPERVISOR_xenpmu_op) }
    /// `__HYPERVISOR_dm_op`
    @inlinable public static var dm_op: HypercallNumber { HypercallNumber(__HYPERVISOR_dm_op) }
    /// `__HYPERVISOR_hypfs_op`
    @inlinable public static var hypfs_op: HypercallNumber { HypercallNumber(__HYPERVISOR_hypfs_op) }
    /// `__HYPERVISOR_arch_0` (x86: `__HYPERVISOR_mca`)
    @inlinable public static var arch_0: HypercallNumber { HypercallNumber(__HYPERVISOR_arch_0) }
    /// `__HYPERVISOR_arch_1` (x86: used inside Xen for paging continuations)
    @inlinable public static var arch_1: HypercallNumber { HypercallNumber(__HYPERVISOR_arch_1) }

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
