/// Any typed hypercall: what a decoder returns for an op word, registers
/// and guest memory, and what a multicall entry holds.
public indirect enum AnyHypercall: TypedHypercall, Hashable {
    /// `__HYPERVISOR_xen_version`
    case xenVersion(XenVersion)
    /// `__HYPERVISOR_memory_op`
    case memoryOp(MemoryOp)
    /// `__HYPERVISOR_vcpu_op`
    case vcpuOp(VCPUOp)
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
