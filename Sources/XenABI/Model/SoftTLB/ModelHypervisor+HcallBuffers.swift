import CXen
import SoftTLB
import Synchronization

/// VCPUOP_register_hcall_buffer (16), VCPUOP_purge_hcall_buffers (17) and
/// VCPUOP_share_hcall_buffers (18): the per-vCPU software TLB
/// (Specs/softtlb.md). Register-only sub-ops: no guest memory is read or written.
extension ModelHypervisor {
    /// Whether `op` is one of the three hypercall-buffer sub-ops.
    static func isHcallBufferOp(_ op: VCPUOp) -> Bool {
        switch op {
        case .registerHcallBuffer, .purgeHcallBuffers, .shareHcallBuffers: true
        default: false
        }
    }

    /// Runs one of the three sub-ops. Errnos, checked in this order:
    /// - vcpuid (and, for share, the source) not a vCPU of the domain: -ENOENT
    ///   (as `do_vcpu_op`'s `domain_vcpu()` check);
    /// - register: va, gpa or size not page-aligned, size 0, va or gpa range
    ///   wrapping: -EINVAL; overlap with an entry of the vCPU's table:
    ///   -EEXIST; table at capacity: -ENOSPC;
    /// - purge: a range that wraps (other than size ~0, "all"): -EINVAL.
    /// Returns 0; a failed call changes no table.
    ///
    /// The target may be another vCPU, translating on its own thread right
    /// now: these touch only its binding (atomic) and tables (writers lock),
    /// never its cursor. The issuing vCPU's own cursor is installed at once;
    /// another vCPU installs its own on its next linear copy.
    func hcallBuffers(_ op: VCPUOp) throws(XenErrno) -> Int64 {
        switch op {
        case .registerHcallBuffer(let id, let va, let gpa, let size):
            let v = try target(id)
            let entry = TLBEntry(va: va, gpa: gpa, size: size)
            do throws(SoftTLBError) { try entry.validate() } catch { throw XenErrno(error) }
            let table = binding(of: v).table
            do throws(SoftTLBError) { try table.insert(entry) } catch { throw XenErrno(error) }
        case .purgeHcallBuffers(let id, let va, let size):
            let v = try target(id)
            // No table yet: nothing to drop, but the range is still checked.
            if size != SoftTLBTable.purgeAllSize && va.addingReportingOverflow(size).overflow { throw .EINVAL }
            if let table = v.hcallBufferTable {
                do throws(SoftTLBError) { try table.purge(va: va, size: size) } catch { throw XenErrno(error) }
            }
        case .shareHcallBuffers(let id, let sourceID):
            let v = try target(id)
            let source = try target(sourceID)
            // vcpuid == source: a new, empty table of its own.
            let table = v === source ? SoftTLBTable(capacity: hcallBufferCapacity) : binding(of: source).table
            let b = v.binding { table }
            b.attach(to: table)  // RCU-style: v's cursor follows on its next lookup
            adoptIfCaller(v)
        default:
            preconditionFailure("not a hypercall-buffer sub-op")
        }
        return 0
    }

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
