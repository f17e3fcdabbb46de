import XenABI
import CXen

/// The calls the patched Xen refuses in a flavour before any handler runs
/// (`hcall_phys_enter`, Specs/abi.md section 10), top-level and per
/// multicall entry: the model refuses the same ones with the same errno.
extension ModelHypervisor {
    /// `-EOPNOTSUPP` when `op` may not run in its flavour, or nil.
    ///
    /// - In every physical flavour, the sub-ops that keep a handle beyond
    ///   the call to write at every context switch
    ///   (`VCPUOP_register_runstate_memory_area`,
    ///   `VCPUOP_register_vcpu_time_memory_area`): Xen could not tell later
    ///   which flavour stored it.
    /// - In `gfnList` and `tagged`, the calls that advance several
    ///   descriptors or store advanced handles in guest memory
    ///   (`XENMEM_add_to_physmap_batch`, `argo_op`, `hypfs_op`).
    static func flavourRefusal(_ op: OpWord, cmd: UInt64) -> XenErrno? {
        let f = op.flavour
        guard f.isPhysical else { return nil }
        // Commands compared as the 32-bit values the handlers read.
        let c = UInt32(truncatingIfNeeded: cmd)
        switch op.number {
        case .vcpu_op where c == UInt32(VCPUOP_register_runstate_memory_area) || c == UInt32(VCPUOP_register_vcpu_time_memory_area):
            return .EOPNOTSUPP
        case .argo_op where f.isList, .hypfs_op where f.isList:
            return .EOPNOTSUPP
        case .memory_op where f.isList && UInt64(c) & UInt64(XENABI_MEMOP_CMD_MASK) == UInt64(XENMEM_add_to_physmap_batch):
            return .EOPNOTSUPP
        default:
            return nil
        }
    }
}
