import CXen

// x86 PV hypercalls that take only register values (`public/arch-x86/xen-x86_64.h`,
// `public/xen.h`). Each mirrors the `HYPERVISOR_*` prototype of its number.

/// `__HYPERVISOR_set_timer_op(timeout)`: absolute system time in ns (0 stops the timer).
public struct SetTimerOp: RegisterCall, Hashable {
    /// `timeout`
    public var timeout: UInt64
    /// A timer request.
    public init(timeout: UInt64) { self.timeout = timeout }
    public static var number: HypercallNumber { .set_timer_op }
    public static let registerNames = ["timeout"]
    public var registers: HypercallArgs { HypercallArgs([timeout]) }
    public init(registers r: HypercallArgs) { timeout = r[0] }
}

/// `__HYPERVISOR_vm_assist(cmd, type)`: `VMASST_CMD_enable`/`disable` of a `VMASST_TYPE_*`.
public struct VMAssist: RegisterCall, Hashable {
    /// `cmd`: `VMASST_CMD_*`
    public var cmd: UInt64
    /// `type`: `VMASST_TYPE_*`
    public var type: UInt64
    /// A vm_assist request.
    public init(cmd: UInt64, type: UInt64) { self.cmd = cmd; self.type = type }
    public static var number: HypercallNumber { .vm_assist }
    public static let registerNames = ["cmd", "type"]
    public var registers: HypercallArgs { HypercallArgs([cmd, type]) }
    public init(registers r: HypercallArgs) { cmd = r[0]; type = r[1] }
    /// `VMASST_CMD_enable`
    public static let enable = UInt64(VMASST_CMD_enable)
    /// `VMASST_CMD_disable`
    public static let disable = UInt64(VMASST_CMD_disable)
}

/// `__HYPERVISOR_fpu_taskswitch(set)`: set (1) or clear (0) CR0.TS.
public struct FPUTaskswitch: RegisterCall, Hashable {
    /// `set`
    public var set: UInt64
    /// A request.
    public init(set: UInt64) { self.set = set }
    public static var number: HypercallNumber { .fpu_taskswitch }
    public static let registerNames = ["set"]
    public var registers: HypercallArgs { HypercallArgs([set]) }
    public init(registers r: HypercallArgs) { set = r[0] }
}

/// `__HYPERVISOR_set_debugreg(reg, value)`.
public struct SetDebugreg: RegisterCall, Hashable {
    /// `reg`: 0-7
    public var reg: UInt64
    /// `value`
    public var value: UInt64
    /// A request.
    public init(reg: UInt64, value: UInt64) { self.reg = reg; self.value = value }
    public static var number: HypercallNumber { .set_debugreg }
    public static let registerNames = ["reg", "value"]
    public var registers: HypercallArgs { HypercallArgs([reg, value]) }
    public init(registers r: HypercallArgs) { reg = r[0]; value = r[1] }
}

/// `__HYPERVISOR_get_debugreg(reg)`: returns the register's value.
public struct GetDebugreg: RegisterCall, Hashable {
    /// `reg`: 0-7
    public var reg: UInt64
    /// A request.
    public init(reg: UInt64) { self.reg = reg }
    public static var number: HypercallNumber { .get_debugreg }
    public static let registerNames = ["reg"]
    public var registers: HypercallArgs { HypercallArgs([reg]) }
    public init(registers r: HypercallArgs) { reg = r[0] }
}

/// `__HYPERVISOR_update_descriptor(ma, desc)` (x86_64): write descriptor
/// `desc` at machine address `ma`.
public struct UpdateDescriptor: RegisterCall, Hashable {
    /// `ma`
    public var ma: UInt64
    /// `desc`
    public var desc: UInt64
    /// A request.
    public init(ma: UInt64, desc: UInt64) { self.ma = ma; self.desc = desc }
    public static var number: HypercallNumber { .update_descriptor }
    public static let registerNames = ["ma", "desc"]
    public var registers: HypercallArgs { HypercallArgs([ma, desc]) }
    public init(registers r: HypercallArgs) { ma = r[0]; desc = r[1] }
}

/// `__HYPERVISOR_set_segment_base(which, base)`: `SEGBASE_*`.
public struct SetSegmentBase: RegisterCall, Hashable {
    /// `which`: `SEGBASE_FS`, `SEGBASE_GS_USER`, `SEGBASE_GS_KERNEL`, `SEGBASE_GS_USER_SEL`
    public var which: UInt64
    /// `base`
    public var base: UInt64
    /// A request.
    public init(which: UInt64, base: UInt64) { self.which = which; self.base = base }
    public static var number: HypercallNumber { .set_segment_base }
    public static let registerNames = ["which", "base"]
    public var registers: HypercallArgs { HypercallArgs([which, base]) }
    public init(registers r: HypercallArgs) { which = r[0]; base = r[1] }
}

/// `__HYPERVISOR_stack_switch(ss, esp)`: the kernel stack for the next ring transition.
public struct StackSwitch: RegisterCall, Hashable {
    /// `ss`
    public var ss: UInt64
    /// `esp`
    public var esp: UInt64
    /// A request.
    public init(ss: UInt64, esp: UInt64) { self.ss = ss; self.esp = esp }
    public static var number: HypercallNumber { .stack_switch }
    public static let registerNames = ["ss", "esp"]
    public var registers: HypercallArgs { HypercallArgs([ss, esp]) }
    public init(registers r: HypercallArgs) { ss = r[0]; esp = r[1] }
}

/// `__HYPERVISOR_set_callbacks(event_address, failsafe_address, syscall_address)` (x86_64).
public struct SetCallbacks: RegisterCall, Hashable {
    /// `event_address`
    public var eventAddress: UInt64
    /// `failsafe_address`
    public var failsafeAddress: UInt64
    /// `syscall_address`
    public var syscallAddress: UInt64
    /// A request.
    public init(eventAddress: UInt64, failsafeAddress: UInt64, syscallAddress: UInt64) {
        self.eventAddress = eventAddress
        self.failsafeAddress = failsafeAddress
        self.syscallAddress = syscallAddress
    }
    public static var number: HypercallNumber { .set_callbacks }
    public static let registerNames = ["event_address", "failsafe_address", "syscall_address"]
    public var registers: HypercallArgs { HypercallArgs([eventAddress, failsafeAddress, syscallAddress]) }
    public init(registers r: HypercallArgs) { eventAddress = r[0]; failsafeAddress = r[1]; syscallAddress = r[2] }
}

/// `__HYPERVISOR_iret()`: no argument; Xen pops a `struct iret_context` from
/// the guest kernel stack (a stack frame, not a guest handle).
public struct Iret: RegisterCall, Hashable {
    /// The call.
    public init() {}
    public static var number: HypercallNumber { .iret }
    public static let registerNames: [String] = []
    public var registers: HypercallArgs { HypercallArgs() }
    public init(registers _: HypercallArgs) {}
}

/// `__HYPERVISOR_update_va_mapping(va, val, flags)`: `UVMF_*` flags. With
/// `UVMF_MULTI` the flags also carry a linear pointer to a vCPU bitmap
/// (OR-ed in by the caller); it is passed through as a value, not
/// translated by the flavour (see Specs/coverage.md).
public struct UpdateVAMapping: RegisterCall, Hashable {
    /// `va`
    public var va: UInt64
    /// `val`: the new PTE
    public var val: UInt64
    /// `flags`
    public var flags: UInt64
    /// A request.
    public init(va: UInt64, val: UInt64, flags: UInt64) { self.va = va; self.val = val; self.flags = flags }
    public static var number: HypercallNumber { .update_va_mapping }
    public static let registerNames = ["va", "val", "flags"]
    public var registers: HypercallArgs { HypercallArgs([va, val, flags]) }
    public init(registers r: HypercallArgs) { va = r[0]; val = r[1]; flags = r[2] }
}

/// `__HYPERVISOR_update_va_mapping_otherdomain(va, val, flags, domid)`.
public struct UpdateVAMappingOtherdomain: RegisterCall, Hashable {
    /// `va`
    public var va: UInt64
    /// `val`
    public var val: UInt64
    /// `flags`
    public var flags: UInt64
    /// `domid`
    public var domid: UInt64
    /// A request.
    public init(va: UInt64, val: UInt64, flags: UInt64, domid: UInt64) { self.va = va; self.val = val; self.flags = flags; self.domid = domid }
    public static var number: HypercallNumber { .update_va_mapping_otherdomain }
    public static let registerNames = ["va", "val", "flags", "domid"]
    public var registers: HypercallArgs { HypercallArgs([va, val, flags, domid]) }
    public init(registers r: HypercallArgs) { va = r[0]; val = r[1]; flags = r[2]; domid = r[3] }
}
