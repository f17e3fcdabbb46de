import CXen

/// `HVMOP_altp2m`: one in/out `xen_hvm_altp2m_op` (version, cmd, domain,
/// and a union holding the command's struct).
public struct AltP2MOp: Hashable, Sendable {
    /// `version`: `HVMOP_ALTP2M_INTERFACE_VERSION` from a current caller.
    public var version: UInt32
    /// `domain`
    public var domain: UInt16
    /// The command and its union member.
    public var command: Command

    /// The `HVMOP_altp2m_*` commands with a single fixed struct.
    public enum Command: Hashable, Sendable {
        /// `HVMOP_altp2m_get_domain_state`
        case getDomainState(HVMOp.AltP2MDomainState)
        /// `HVMOP_altp2m_set_domain_state`
        case setDomainState(HVMOp.AltP2MDomainState)
        /// `HVMOP_altp2m_vcpu_enable_notify`
        case vcpuEnableNotify(HVMOp.AltP2MVCPUEnableNotify)
        /// `HVMOP_altp2m_create_p2m`
        case createP2M(HVMOp.AltP2MView)
        /// `HVMOP_altp2m_destroy_p2m`
        case destroyP2M(HVMOp.AltP2MView)
        /// `HVMOP_altp2m_switch_p2m`
        case switchP2M(HVMOp.AltP2MView)
        /// `HVMOP_altp2m_set_mem_access`
        case setMemAccess(HVMOp.AltP2MMemAccess)
        /// `HVMOP_altp2m_change_gfn`
        case changeGFN(HVMOp.AltP2MChangeGFN)
        /// `HVMOP_altp2m_set_suppress_ve`
        case setSuppressVE(HVMOp.AltP2MSuppressVE)
        /// `HVMOP_altp2m_get_suppress_ve`
        case getSuppressVE(HVMOp.AltP2MSuppressVE)
        /// `HVMOP_altp2m_get_mem_access`
        case getMemAccess(HVMOp.AltP2MMemAccess)
        /// `HVMOP_altp2m_vcpu_disable_notify`
        case vcpuDisableNotify(HVMOp.AltP2MVCPUDisableNotify)
        /// `HVMOP_altp2m_get_p2m_idx`
        case getP2MIdx(HVMOp.AltP2MGetVCPUP2MIdx)
        /// `HVMOP_altp2m_set_visibility`
        case setVisibility(HVMOp.AltP2MSetVisibility)

        /// The `HVMOP_altp2m_*` number.
        public var cmd: Int32 {
            switch self {
            case .getDomainState: HVMOP_altp2m_get_domain_state
            case .setDomainState: HVMOP_altp2m_set_domain_state
            case .vcpuEnableNotify: HVMOP_altp2m_vcpu_enable_notify
            case .createP2M: HVMOP_altp2m_create_p2m
            case .destroyP2M: HVMOP_altp2m_destroy_p2m
            case .switchP2M: HVMOP_altp2m_switch_p2m
            case .setMemAccess: HVMOP_altp2m_set_mem_access
            case .changeGFN: HVMOP_altp2m_change_gfn
            case .setSuppressVE: HVMOP_altp2m_set_suppress_ve
            case .getSuppressVE: HVMOP_altp2m_get_suppress_ve
            case .getMemAccess: HVMOP_altp2m_get_mem_access
            case .vcpuDisableNotify: HVMOP_altp2m_vcpu_disable_notify
            case .getP2MIdx: HVMOP_altp2m_get_p2m_idx
            case .setVisibility: HVMOP_altp2m_set_visibility
            }
        }

        /// Stores the union member at `base`.
        func store(into call: inout EncodedCall, buffer b: Int, at base: Int) {
            switch self {
            case .getDomainState(let s), .setDomainState(let s): s.store(into: &call, buffer: b, at: base)
            case .vcpuEnableNotify(let s): s.store(into: &call, buffer: b, at: base)
            case .createP2M(let s), .destroyP2M(let s), .switchP2M(let s): s.store(into: &call, buffer: b, at: base)
            case .setMemAccess(let s), .getMemAccess(let s): s.store(into: &call, buffer: b, at: base)
            case .changeGFN(let s): s.store(into: &call, buffer: b, at: base)
            case .setSuppressVE(let s), .getSuppressVE(let s): s.store(into: &call, buffer: b, at: base)
            case .vcpuDisableNotify(let s): s.store(into: &call, buffer: b, at: base)
            case .getP2MIdx(let s): s.store(into: &call, buffer: b, at: base)
            case .setVisibility(let s): s.store(into: &call, buffer: b, at: base)
            }
        }

        /// Reads the union member of command `cmd` at `base`, or nil for a command not typed here.
        static func load(_ cmd: UInt32, _ s: GuestStruct, at base: Int) -> Command? {
            switch Int32(truncatingIfNeeded: cmd) {
            case HVMOP_altp2m_get_domain_state: .getDomainState(.init(loading: s, at: base))
            case HVMOP_altp2m_set_domain_state: .setDomainState(.init(loading: s, at: base))
            case HVMOP_altp2m_vcpu_enable_notify: .vcpuEnableNotify(.init(loading: s, at: base))
            case HVMOP_altp2m_create_p2m: .createP2M(.init(loading: s, at: base))
            case HVMOP_altp2m_destroy_p2m: .destroyP2M(.init(loading: s, at: base))
            case HVMOP_altp2m_switch_p2m: .switchP2M(.init(loading: s, at: base))
            case HVMOP_altp2m_set_mem_access: .setMemAccess(.init(loading: s, at: base))
            case HVMOP_altp2m_change_gfn: .changeGFN(.init(loading: s, at: base))
            case HVMOP_altp2m_set_suppress_ve: .setSuppressVE(.init(loading: s, at: base))
            case HVMOP_altp2m_get_suppress_ve: .getSuppressVE(.init(loading: s, at: base))
            case HVMOP_altp2m_get_mem_access: .getMemAccess(.init(loading: s, at: base))
            case HVMOP_altp2m_vcpu_disable_notify: .vcpuDisableNotify(.init(loading: s, at: base))
            case HVMOP_altp2m_get_p2m_idx: .getP2MIdx(.init(loading: s, at: base))
            case HVMOP_altp2m_set_visibility: .setVisibility(.init(loading: s, at: base))
            default: nil
            }
        }
    }

    /// An altp2m request at the current interface version.
    public init(domain: UInt16, _ command: Command, version: UInt32 = UInt32(HVMOP_ALTP2M_INTERFACE_VERSION)) {
        self.version = version
        self.domain = domain
        self.command = command
    }

    func encode(into call: inout EncodedCall, site: HandleSite) {
        let b = call.addBuffer(size: HVMOp.AltP2MHeader.size, direction: .inOut, site: site)
        HVMOp.AltP2MHeader(version: version, cmd: UInt32(command.cmd), domain: domain).store(into: &call, buffer: b, at: 0)
        command.store(into: &call, buffer: b, at: HVMOp.AltP2MHeader.Offsets.u)
    }

    static func decode(handle: UInt64, flavour: Flavour, memory: some GuestMemoryReader) throws(DecodeError) -> AltP2MOp {
        let s = try GuestStruct("hvm_op.altp2m", handle: handle, flavour: flavour, size: HVMOp.AltP2MHeader.size, memory: memory)
        let h = HVMOp.AltP2MHeader(loading: s, at: 0)
        guard h.pad1 == 0, h.pad2 == 0 else { throw DecodeError(.invalid("pad1/pad2 must be zero"), at: "hvm_op.altp2m.pad") }
        guard let c = Command.load(h.cmd, s, at: HVMOp.AltP2MHeader.Offsets.u) else {
            throw DecodeError(.unknownSubop(UInt64(h.cmd)), at: "hvm_op.altp2m")
        }
        return AltP2MOp(domain: h.domain, c, version: h.version)
    }
}
