import XenABI
import CXen

/// `do_memory_op`'s reservation sub-ops (xen/common/memory.c):
/// `XENMEM_increase_reservation`, `_decrease_reservation` and
/// `_populate_physmap` return the number of extents done, never an errno.
///
/// - Every early refusal returns the start extent from `cmd`: the struct
///   cannot be read, `nr_extents` above `XENABI_MEMOP_MAX_EXTENTS` (no
///   room for a continuation), a start extent not below `nr_extents`,
///   another domain (`rcu_lock_domain_by_any_id`: the model has only its
///   own), `mem_flags` that `construct_memop_from_reservation` refuses, an
///   `extent_order` above the limit, populate-on-demand of oneself.
/// - Extents are copied one at a time (`__copy_from_guest_offset`,
///   `__copy_mfn_to_guest_offset`); the first copy that fails ends the loop
///   and the call returns the extents done before it.
/// - Preempted (`extentBudget`): the continuation re-issues the sub-op with
///   the next extent in `cmd` above `XENABI_MEMOP_EXTENT_SHIFT` and the
///   handle unchanged, as `hypercall_create_continuation(__HYPERVISOR_memory_op,
///   "lh", op | (done << MEMOP_EXTENT_SHIFT), arg)`.
///
/// The model keeps no allocator and no ownership of frames:
/// increase_reservation hands out frame `frameBase + (i << extent_order)`
/// for extent i and writes it to `extent_start` unless that handle is null
/// (what Xen does for a guest whose P2M it does not translate; for a
/// translated one it writes nothing), decrease_reservation and
/// populate_physmap read each extent and change nothing else.
extension ModelHypervisor {
    /// Whether `cmd` names one of the three reservation sub-ops.
    static func isReservation(_ cmd: UInt64) -> Bool {
        switch Int32(truncatingIfNeeded: cmd & UInt64(XENABI_MEMOP_CMD_MASK)) {
        case XENMEM_increase_reservation, XENMEM_decrease_reservation, XENMEM_populate_physmap: true
        default: false
        }
    }

    /// One invocation of a reservation sub-op: the extents done (or the
    /// start extent), and the continuation when preempted.
    func reservation(_ raw: RawHypercall, log: inout [AnyHypercall]) -> (Int64, RawHypercall?) {
        let cmd = raw.args[0], arg = raw.args[1], f = raw.op.flavour
        // The closures below capture these, not `self`: a closure over the
        // hypervisor struct copies it (a dozen strings and arrays retained
        // and released) per extent.
        let domain = self.domain, vcpu = self.vcpu
        let subop = Int32(truncatingIfNeeded: cmd & UInt64(XENABI_MEMOP_CMD_MASK))
        // `unsigned long start_extent = cmd >> MEMOP_EXTENT_SHIFT`: all 64 bits.
        let start = cmd >> UInt64(XENABI_MEMOP_EXTENT_SHIFT)
        let refused: (Int64, RawHypercall?) = (Int64(bitPattern: start), nil)
        var s = xen_memory_reservation_t()
        do throws(XenErrno) {
            try withUnsafeMutableBytes(of: &s) { (b) throws(XenErrno) in
                try domain.copyFromGuest(arg, flavour: f, into: b, vcpu: vcpu)
            }
        } catch {
            return refused
        }
        func field<T: FixedWidthInteger>(_: T.Type, _ at: Int) -> T {
            withUnsafeBytes(of: s) { T(littleEndian: $0.loadUnaligned(fromByteOffset: at, as: T.self)) }
        }
        let list = field(UInt64.self, ReservationLayout.extentStart)
        let r = MemoryOp.Reservation(nrExtents: field(UInt64.self, ReservationLayout.nrExtents),
                                     extentOrder: field(UInt32.self, ReservationLayout.extentOrder),
                                     memFlags: field(UInt32.self, ReservationLayout.memFlags),
                                     domid: field(UInt16.self, ReservationLayout.domid), startExtent: start)
        let nr = r.nrExtents
        guard nr <= UInt64(XENABI_MEMOP_MAX_EXTENTS), start < nr, r.domid == UInt16(XENABI_DOMID_SELF),
              ModelHypervisor.memFlagsAccepted(r.memFlags) else { return refused }
        let pod = subop == XENMEM_populate_physmap && r.memFlags & UInt32(XENMEMF_populate_on_demand) != 0
        guard r.extentOrder <= UInt32(pod ? XENABI_MAX_ORDER : XENABI_DOMU_MAX_ORDER) else { return refused }

        var extents: [UInt64] = []
        var i = start
        var preempted = false
        defer {
            if recordsDecoded { log.append(.memoryOp(subop == XENMEM_increase_reservation ? .increaseReservation(r, wantFrames: !f.isNull(list))
                : subop == XENMEM_decrease_reservation ? .decreaseReservation(r, extents: extents) : .populatePhysmap(r, extents: extents))) }
        }
        while i < nr {
            // `if ( i != a->nr_done && hypercall_preempt_check() )`
            if i != start, let budget = extentBudget, i - start >= UInt64(max(budget, 1)) {
                preempted = true
                break
            }
            if subop == XENMEM_increase_reservation {
                if f.isNull(list) {
                    // Nothing to copy per extent: the rest of this invocation at once.
                    i = extentBudget.map { min(nr, start + UInt64(max($0, 1))) } ?? nr
                    continue
                }
                let frame = info.frameBase &+ (i << UInt64(r.extentOrder))
                do throws(XenErrno) {
                    try withUnsafeBytes(of: frame.littleEndian) { (b) throws(XenErrno) in
                        try domain.copyToGuestOffset(list, flavour: f, offset: Int(i) * 8, from: b, vcpu: vcpu)
                    }
                } catch {
                    break
                }
            } else {
                var e: UInt64 = 0
                do throws(XenErrno) {
                    try withUnsafeMutableBytes(of: &e) { (b) throws(XenErrno) in
                        try domain.copyFromGuestOffset(list, flavour: f, offset: Int(i) * 8, into: b, vcpu: vcpu)
                    }
                } catch {
                    break
                }
                extents.append(UInt64(littleEndian: e))
                // Populate-on-demand of oneself: `goto out` after the read.
                if pod { break }
            }
            i += 1
        }
        guard preempted else { return (Int64(i), nil) }
        var args = raw.args
        args[0] = UInt64(subop) | i << UInt64(XENABI_MEMOP_EXTENT_SHIFT)
        return (Int64(raw.op.rawValue), RawHypercall(op: raw.op, args: args))
    }

    /// `construct_memop_from_reservation` for an ordinary guest on one NUMA
    /// node: address bits 1-12 are refused (`-EINVAL`: no page fits), as is
    /// an exact-node request (`propagate_node`, not a control domain); no
    /// other flag changes what the model does.
    static func memFlagsAccepted(_ flags: UInt32) -> Bool {
        let addressBits = flags & 0xff  // XENMEMF_get_address_bits
        if addressBits != 0 && addressBits <= 12 { return false }
        let node = ((flags >> 8) &- 1) & 0xff  // XENMEMF_get_node; 0xff is NUMA_NO_NODE
        if flags & UInt32(XENMEMF_vnode) == 0 && node != 0xff && flags & UInt32(XENMEMF_exact_node_request) != 0 { return false }
        return true
    }
}
