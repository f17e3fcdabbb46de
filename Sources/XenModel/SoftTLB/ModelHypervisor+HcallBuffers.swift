import XenABI
import CXen
import SoftTLB
import Synchronization

/// VCPUOP_register_hcall_buffer (16), VCPUOP_purge_hcall_buffers (17) and
/// VCPUOP_share_hcall_buffers (18): the per-vCPU software TLB
/// (Specs/softtlb.md). Each reads one `vcpu_hcall_buffer_t` through the
/// call's flavour (the decoder does, and checks its fields); nothing is
/// written to the guest.
extension ModelHypervisor {
    /// Whether `op` is one of the three hypercall-buffer sub-ops.
    static func isHcallBufferOp(_ op: VCPUOp) -> Bool {
        switch op {
        case .registerHcallBuffer, .purgeHcallBuffers, .shareHcallBuffers: true
        default: false
        }
    }

    /// `do_vcpu_op`'s first check, made before the struct is read (so before
    /// decoding): -ENOENT when `raw` is VCPUOP 16-18 for a vcpuid that is not
    /// a vCPU of the domain, else nil. A vcpuid that is not an unsigned int
    /// is left to the decoder (-EINVAL).
    func hcallBufferTargetCheck(_ raw: RawHypercall) -> XenErrno? {
        guard raw.op.number == .vcpu_op else { return nil }
        switch raw.args[0] {
        case UInt64(VCPUOP_register_hcall_buffer), UInt64(VCPUOP_purge_hcall_buffers), UInt64(VCPUOP_share_hcall_buffers):
            guard let id = UInt32(exactly: raw.args[1]) else { return nil }
            return Int(id) < domain.vcpus.count ? nil : .ENOENT
        default:
            return nil
        }
    }

    /// Runs one of the three decoded sub-ops. The checks before this one:
    /// vcpuid not a vCPU, -ENOENT (`hcallBufferTargetCheck`); the struct
    /// unreadable, -EFAULT; its fields, -EINVAL (the decoder,
    /// `HcallBuffer.validateRegister` etc.). Here, in order:
    /// - share: the source not a vCPU: -ENOENT;
    /// - register: a conflicting entry in the vCPU's table (overlapping, and
    ///   either is global or both have the same root): -EEXIST; table at
    ///   capacity: -ENOSPC.
    /// Returns 0; a failed call changes no table.
    ///
    /// `VCPU_HCALL_BUFFER_ADDRESS_SPACE` tags a registration with, and
    /// scopes a purge to, the *calling* vCPU's root
    /// (`CR3 & XENABI_HCALL_BUFFER_ROOT_MASK`), whichever vCPU's table the
    /// call names: the caller's page tables are the ones the guest just
    /// described.
    ///
    /// The target may be another vCPU, translating on its own thread right
    /// now: these touch only its binding (atomic) and tables (writers lock),
    /// never its cursor. The issuing vCPU's own cursor is installed at once;
    /// another vCPU installs its own on its next linear copy.
    func hcallBuffers(_ op: VCPUOp) throws(XenErrno) -> Int64 {
        switch op {
        case .registerHcallBuffer(let id, let b):
            let v = try target(id)
            let entry = TLBEntry(va: b.va, gpa: b.gpa, size: b.size, root: b.addressSpace ? callerRoot : nil)
            let table = binding(of: v).table
            do throws(SoftTLBError) { try table.insert(entry) } catch { throw XenErrno(error) }
        case .purgeHcallBuffers(let id, let b):
            let v = try target(id)
            // No table yet: nothing to drop (the fields were checked by the decoder).
            if let table = v.hcallBufferTable {
                let scope = b.addressSpace ? callerRoot : nil
                do throws(SoftTLBError) { try table.purge(va: b.va, size: b.size, addressSpace: scope) } catch { throw XenErrno(error) }
            }
        case .shareHcallBuffers(let id, let b):
            let v = try target(id)
            let source = try target(b.source)
            // vcpuid == source: a new, empty table of its own.
            let table = v === source ? SoftTLBTable(capacity: hcallBufferCapacity) : binding(of: source).table
            let bound = v.binding { table }
            bound.attach(to: table)  // RCU-style: v's cursor follows on its next lookup
            adoptIfCaller(v)
        default:
            preconditionFailure("not a hypercall-buffer sub-op")
        }
        return 0
    }

    /// The issuing vCPU's address space: its `CR3 & XENABI_HCALL_BUFFER_ROOT_MASK`.
    var callerRoot: UInt64 { TLBEntry.root(cr3: domain.vcpus[vcpu].cr3) }

    /// vCPU `id` of the domain, or -ENOENT.
    func target(_ id: UInt32) throws(XenErrno) -> ModelVCPU {
        guard Int(id) < domain.vcpus.count else { throw .ENOENT }
        return domain.vcpus[Int(id)]
    }

    /// The vCPU's binding, bound to a new table of its own on first use; the
    /// issuing vCPU's cursor is installed over it.
    func binding(of v: ModelVCPU) -> SoftTLBBinding {
        let capacity = hcallBufferCapacity
        let b = v.binding { SoftTLBTable(capacity: capacity) }
        adoptIfCaller(v)
        return b
    }

    /// Installs `v`'s cursor now when `v` is the vCPU issuing this call (its
    /// own thread); another vCPU does it on its next linear copy.
    func adoptIfCaller(_ v: ModelVCPU) {
        if v.id == vcpu { v.adoptHcallBuffers() }
    }
}

extension ModelVCPU {
    /// The binding of this vCPU's software TLB, once VCPUOP 16-18 created
    /// one (any thread).
    public var hcallBufferBinding: SoftTLBBinding? { bindingSlot.withLock { $0 } }

    /// The table this vCPU's software TLB uses now, nil before VCPUOP 16-18
    /// created one (any thread).
    public var hcallBufferTable: SoftTLBTable? { hcallBufferBinding?.table }

    /// The binding, created bound to `make()` if there is none yet (any thread).
    func binding(orBind make: () -> SoftTLBTable) -> SoftTLBBinding {
        bindingSlot.withLock { slot in
            if let b = slot { return b }
            let b = SoftTLBBinding(table: make())
            slot = b
            bindingCreated.store(true, ordering: .releasing)
            return b
        }
    }

    /// Owner thread only: makes a cursor over the binding this vCPU's hook,
    /// unless the hook already is one.
    @usableFromInline
    func adoptHcallBuffers() {
        guard bindingCreated.load(ordering: .acquiring), let b = hcallBufferBinding else { return }
        if let c = softTLB, c.binding === b { return }
        tlb = SoftTLBCursor(binding: b)
    }

    /// Whether VCPUOP 16-18 created a binding for this vCPU (one load; any thread).
    @inlinable
    var hasHcallBufferBinding: Bool { bindingCreated.load(ordering: .acquiring) }
}
