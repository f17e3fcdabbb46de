import CXen

/// `__HYPERVISOR_vcpu_op` (`public/vcpu.h`): `vcpu_op(cmd, vcpuid, arg)`.
/// Sub-ops 14/15 landed upstream in Xen 4.18; 16-18 are this ABI's software
/// TLB (`xenabi_ext.h`): `arg` is a `vcpu_hcall_buffer_t` input struct,
/// placed in the call's flavour like any other buffer.
public enum VCPUOp: TypedHypercall, Hashable {
    /// `VCPUOP_initialise`: in `vcpu_guest_context` image (x86 PV layout, `sizeof(vcpu_guest_context_t)` bytes).
    case initialise(vcpu: UInt32, context: [UInt8])
    /// `VCPUOP_up` (arg NULL).
    case up(vcpu: UInt32)
    /// `VCPUOP_down` (arg NULL).
    case down(vcpu: UInt32)
    /// `VCPUOP_is_up` (arg NULL).
    case isUp(vcpu: UInt32)
    /// `VCPUOP_get_runstate_info`: out `vcpu_runstate_info`.
    case getRunstateInfo(vcpu: UInt32)
    /// `VCPUOP_register_runstate_memory_area`: `addr` is a guest linear address Xen keeps.
    case registerRunstateMemoryArea(vcpu: UInt32, RunstateArea)
    /// `VCPUOP_set_periodic_timer`.
    case setPeriodicTimer(vcpu: UInt32, SetPeriodicTimer)
    /// `VCPUOP_stop_periodic_timer` (arg NULL).
    case stopPeriodicTimer(vcpu: UInt32)
    /// `VCPUOP_set_singleshot_timer`.
    case setSingleshotTimer(vcpu: UInt32, SetSingleshotTimer)
    /// `VCPUOP_stop_singleshot_timer` (arg NULL).
    case stopSingleshotTimer(vcpu: UInt32)
    /// `VCPUOP_register_vcpu_info`.
    case registerVCPUInfo(vcpu: UInt32, RegisterVCPUInfo)
    /// `VCPUOP_send_nmi` (arg NULL).
    case sendNMI(vcpu: UInt32)
    /// `VCPUOP_get_physid`: out `vcpu_get_physid`.
    case getPhysID(vcpu: UInt32)
    /// `VCPUOP_register_vcpu_time_memory_area`: `addr` is a guest linear address.
    case registerVCPUTimeMemoryArea(vcpu: UInt32, TimeArea)
    /// `VCPUOP_register_runstate_phys_area` (14, Xen 4.18): `addr.p` is a
    /// guest-physical address the area may not cross a page from; ~0 unregisters.
    case registerRunstatePhysArea(vcpu: UInt32, RunstateArea)
    /// `VCPUOP_register_vcpu_time_phys_area` (15, Xen 4.18): as 14 for `vcpu_time_info`.
    case registerVCPUTimePhysArea(vcpu: UInt32, TimeArea)
    /// `VCPUOP_register_hcall_buffer` (16): in `vcpu_hcall_buffer_t` (va,
    /// gpa, size; flags `VCPU_HCALL_BUFFER_ADDRESS_SPACE` or 0; source 0).
    /// Build it with `.register(va:gpa:size:addressSpace:)`.
    case registerHcallBuffer(vcpu: UInt32, HcallBuffer)
    /// `VCPUOP_purge_hcall_buffers` (17): in `vcpu_hcall_buffer_t` (va, size,
    /// `VCPU_HCALL_BUFFER_PURGE_ALL` for all; flags as 16; gpa, source 0).
    /// Build it with `.purge(va:size:addressSpace:)`.
    case purgeHcallBuffers(vcpu: UInt32, HcallBuffer)
    /// `VCPUOP_share_hcall_buffers` (18): in `vcpu_hcall_buffer_t` (source;
    /// the rest 0): `vcpu` uses `source`'s table from now on. Build it with
    /// `.share(source:)`.
    case shareHcallBuffers(vcpu: UInt32, HcallBuffer)

    public static var number: HypercallNumber { .vcpu_op }

    /// `sizeof(vcpu_guest_context_t)`: the `VCPUOP_initialise` argument.
    public static let guestContextSize = MemoryLayout<vcpu_guest_context_t>.size

    /// The `VCPUOP_*` command.
    public var cmd: Int32 {
        switch self {
        case .initialise: VCPUOP_initialise
        case .up: VCPUOP_up
        case .down: VCPUOP_down
        case .isUp: VCPUOP_is_up
        case .getRunstateInfo: VCPUOP_get_runstate_info
        case .registerRunstateMemoryArea: VCPUOP_register_runstate_memory_area
        case .setPeriodicTimer: VCPUOP_set_periodic_timer
        case .stopPeriodicTimer: VCPUOP_stop_periodic_timer
        case .setSingleshotTimer: VCPUOP_set_singleshot_timer
        case .stopSingleshotTimer: VCPUOP_stop_singleshot_timer
        case .registerVCPUInfo: VCPUOP_register_vcpu_info
        case .sendNMI: VCPUOP_send_nmi
        case .getPhysID: VCPUOP_get_physid
        case .registerVCPUTimeMemoryArea: VCPUOP_register_vcpu_time_memory_area
        case .registerRunstatePhysArea: VCPUOP_register_runstate_phys_area
        case .registerVCPUTimePhysArea: VCPUOP_register_vcpu_time_phys_area
        case .registerHcallBuffer: VCPUOP_register_hcall_buffer
        case .purgeHcallBuffers: VCPUOP_purge_hcall_buffers
        case .shareHcallBuffers: VCPUOP_share_hcall_buffers
        }
    }

    /// The target vCPU (register 1).
    public var vcpu: UInt32 {
        switch self {
        case .initialise(let v, _), .up(let v), .down(let v), .isUp(let v), .getRunstateInfo(let v),
             .registerRunstateMemoryArea(let v, _), .setPeriodicTimer(let v, _), .stopPeriodicTimer(let v),
             .setSingleshotTimer(let v, _), .stopSingleshotTimer(let v), .registerVCPUInfo(let v, _),
             .sendNMI(let v), .getPhysID(let v), .registerVCPUTimeMemoryArea(let v, _),
             .registerRunstatePhysArea(let v, _), .registerVCPUTimePhysArea(let v, _),
             .registerHcallBuffer(let v, _), .purgeHcallBuffers(let v, _), .shareHcallBuffers(let v, _):
            v
        }
    }

    public func encode(into call: inout EncodedCall) {
        call.reset(.vcpu_op)
        call.args[0] = UInt64(cmd)
        call.args[1] = UInt64(vcpu)
        let arg = HandleSite.register(2)
        switch self {
        case .initialise(_, let ctx):
            let b = call.addBuffer(size: VCPUOp.guestContextSize, direction: .in, site: arg)
            call.store(bytes: ctx.prefix(VCPUOp.guestContextSize), buffer: b, at: 0)
            call.markInput(buffer: b, at: 0, count: VCPUOp.guestContextSize)
        case .up, .down, .isUp, .stopPeriodicTimer, .stopSingleshotTimer, .sendNMI:
            call.addNullHandle(site: arg)
        case .getRunstateInfo:
            call.addStruct(RunstateInfo(), site: arg)
        case .getPhysID:
            call.addStruct(GetPhysID(), site: arg)
        case .registerRunstateMemoryArea(_, let a), .registerRunstatePhysArea(_, let a):
            call.addStruct(a, site: arg)
        case .registerVCPUTimeMemoryArea(_, let a), .registerVCPUTimePhysArea(_, let a):
            call.addStruct(a, site: arg)
        case .setPeriodicTimer(_, let t):
            call.addStruct(t, site: arg)
        case .setSingleshotTimer(_, let t):
            call.addStruct(t, site: arg)
        case .registerVCPUInfo(_, let i):
            call.addStruct(i, site: arg)
        case .registerHcallBuffer(_, let b), .purgeHcallBuffers(_, let b), .shareHcallBuffers(_, let b):
            call.addStruct(b, site: arg)
        }
    }

    public static func decode(_ raw: RawHypercall, memory: some GuestMemoryReader) throws(DecodeError) -> VCPUOp {
        let cmd = raw.args[0]
        guard let c = Int32(exactly: cmd) else { throw DecodeError(.unknownSubop(cmd), at: "vcpu_op") }
        guard let v = UInt32(exactly: raw.args[1]) else {
            throw DecodeError(.invalid("vcpuid \(raw.args[1]) is not an unsigned int"), at: "vcpu_op.vcpuid")
        }
        let h = raw.args[2], f = raw.op.flavour
        func arg<S: XenStruct>(_: S.Type, _ name: String) throws(DecodeError) -> S {
            try S.read("vcpu_op." + name, handle: h, flavour: f, memory: memory)
        }
        switch c {
        case VCPUOP_initialise:
            let s = try GuestStruct("vcpu_op.initialise.vcpu_guest_context", handle: h, flavour: f,
                                    size: guestContextSize, memory: memory)
            return .initialise(vcpu: v, context: s.bytes)
        case VCPUOP_up: return .up(vcpu: v)
        case VCPUOP_down: return .down(vcpu: v)
        case VCPUOP_is_up: return .isUp(vcpu: v)
        case VCPUOP_get_runstate_info: return .getRunstateInfo(vcpu: v)
        case VCPUOP_register_runstate_memory_area:
            return .registerRunstateMemoryArea(vcpu: v, try arg(RunstateArea.self, "register_runstate_memory_area"))
        case VCPUOP_set_periodic_timer:
            return .setPeriodicTimer(vcpu: v, try arg(SetPeriodicTimer.self, "set_periodic_timer"))
        case VCPUOP_stop_periodic_timer: return .stopPeriodicTimer(vcpu: v)
        case VCPUOP_set_singleshot_timer:
            return .setSingleshotTimer(vcpu: v, try arg(SetSingleshotTimer.self, "set_singleshot_timer"))
        case VCPUOP_stop_singleshot_timer: return .stopSingleshotTimer(vcpu: v)
        case VCPUOP_register_vcpu_info:
            return .registerVCPUInfo(vcpu: v, try arg(RegisterVCPUInfo.self, "register_vcpu_info"))
        case VCPUOP_send_nmi: return .sendNMI(vcpu: v)
        case VCPUOP_get_physid: return .getPhysID(vcpu: v)
        case VCPUOP_register_vcpu_time_memory_area:
            return .registerVCPUTimeMemoryArea(vcpu: v, try arg(TimeArea.self, "register_vcpu_time_memory_area"))
        case VCPUOP_register_runstate_phys_area:
            return .registerRunstatePhysArea(vcpu: v, try arg(RunstateArea.self, "register_runstate_phys_area"))
        case VCPUOP_register_vcpu_time_phys_area:
            return .registerVCPUTimePhysArea(vcpu: v, try arg(TimeArea.self, "register_vcpu_time_phys_area"))
        case VCPUOP_register_hcall_buffer:
            let b = try arg(HcallBuffer.self, "register_hcall_buffer")
            try b.validateRegister()
            return .registerHcallBuffer(vcpu: v, b)
        case VCPUOP_purge_hcall_buffers:
            let b = try arg(HcallBuffer.self, "purge_hcall_buffers")
            try b.validatePurge()
            return .purgeHcallBuffers(vcpu: v, b)
        case VCPUOP_share_hcall_buffers:
            let b = try arg(HcallBuffer.self, "share_hcall_buffers")
            try b.validateShare()
            return .shareHcallBuffers(vcpu: v, b)
        default:
            throw DecodeError(.unknownSubop(cmd), at: "vcpu_op")
        }
    }

    static var layoutRows: [Layout.Row] {
        structLayoutRows + [.type("vcpu_guest_context_t", vcpu_guest_context_t.self)]
    }
}
