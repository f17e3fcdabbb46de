import CXen
import SoftTLB

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
    func hcallBuffers(_ op: VCPUOp) throws(XenErrno) -> Int64 {
        switch op {
        case .registerHcallBuffer(let id, let va, let gpa, let size):
            let v = try target(id)
            let entry = TLBEntry(va: va, gpa: gpa, size: size)
            do throws(SoftTLBError) { try entry.validate() } catch { throw XenErrno(error) }
            let cursor = softTLB(of: v)
            do throws(SoftTLBError) { try cursor.table.insert(entry) } catch { throw XenErrno(error) }
        case .purgeHcallBuffers(let id, let va, let size):
            let v = try target(id)
            // No table yet: nothing to drop, but the range is still checked.
            if size != SoftTLBTable.purgeAllSize && va.addingReportingOverflow(size).overflow { throw .EINVAL }
            if let cursor = v.softTLB {
                do throws(SoftTLBError) { try cursor.table.purge(va: va, size: size) } catch { throw XenErrno(error) }
            }
        case .shareHcallBuffers(let id, let sourceID):
            let v = try target(id)
            let source = try target(sourceID)
            if v === source {
                // A new, empty table of its own.
                softTLB(of: v).attach(to: SoftTLBTable(capacity: hcallBufferCapacity))
            } else {
                softTLB(of: v).attach(to: softTLB(of: source).table)
            }
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

    /// The vCPU's cursor, creating a table of its own on first use.
    func softTLB(of v: ModelVCPU) -> SoftTLBCursor {
        if let c = v.softTLB { return c }
        let c = SoftTLBCursor(table: SoftTLBTable(capacity: hcallBufferCapacity))
        v.tlb = c
        return c
    }
}
