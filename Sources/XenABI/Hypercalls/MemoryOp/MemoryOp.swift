import CXen

/// `__HYPERVISOR_memory_op` (`public/memory.h`): `memory_op(cmd, arg)`.
/// The low `XENABI_MEMOP_EXTENT_SHIFT` bits of `cmd` are the sub-op; the
/// rest is the continuation's start extent (0 when a guest issues it).
public enum MemoryOp: TypedHypercall, Hashable {
    /// `XENMEM_increase_reservation`: allocate `nrExtents` extents; their
    /// frames are written to `extent_start` unless `wantFrames` is false (null handle).
    case increaseReservation(Reservation, wantFrames: Bool)
    /// `XENMEM_decrease_reservation`: release the frames listed in `extents`.
    case decreaseReservation(Reservation, extents: [UInt64])
    /// `XENMEM_populate_physmap`: populate the GPFNs in `extents` (in/out).
    case populatePhysmap(Reservation, extents: [UInt64])
    /// `XENMEM_exchange`: `xen_memory_exchange` with both nested extent lists.
    case exchange(Exchange)
    /// `XENMEM_maximum_ram_page`: no argument (NULL); returns the highest RAM page.
    case maximumRAMPage
    /// `XENMEM_current_reservation`: in `domid_t`; returns pages.
    case currentReservation(domid: UInt16)
    /// `XENMEM_maximum_reservation`: in `domid_t`; returns pages.
    case maximumReservation(domid: UInt16)
    /// `XENMEM_maximum_gpfn`: in `domid_t`; returns the highest GPFN.
    case maximumGPFN(domid: UInt16)
    /// `XENMEM_add_to_physmap`; `startExtent` is the `gmfn_range` continuation in `cmd`.
    case addToPhysmap(AddToPhysmap, startExtent: UInt64)
    /// `XENMEM_add_to_physmap_batch`: `size` idxs and gpfns in, `size` errs out;
    /// `startExtent` is the continuation in `cmd`.
    case addToPhysmapBatch(AddToPhysmapBatch, idxs: [UInt64], gpfns: [UInt64], startExtent: UInt64)
    /// `XENMEM_remove_from_physmap`.
    case removeFromPhysmap(RemoveFromPhysmap)
    /// `XENMEM_memory_map`: in/out `xen_memory_map`, `nrEntries` E820 entries out.
    case memoryMap(nrEntries: UInt32)
    /// `XENMEM_machine_memory_map`: as `memoryMap`, for the host.
    case machineMemoryMap(nrEntries: UInt32)
    /// `XENMEM_set_memory_map`: `xen_foreign_memory_map` with `entries`
    /// (E820 records, `XENABI_E820_ENTRY_SIZE` bytes each) in.
    case setMemoryMap(domid: UInt16, entries: [UInt8])
    /// `XENMEM_acquire_resource`: `frames` is the in/out `frame_list`
    /// (`nil`: a null handle, the size query with `nr_frames` 0).
    case acquireResource(AcquireResource, frames: [UInt64]?)
    /// `XENMEM_get_sharing_freed_pages`: no argument.
    case getSharingFreedPages
    /// `XENMEM_get_sharing_shared_pages`: no argument.
    case getSharingSharedPages
    /// `XENMEM_claim_pages`: a reservation whose `extent_start` must be null;
    /// `nrExtents` pages are claimed.
    case claimPages(Reservation)
    /// `XENMEM_reserved_device_memory_map`: `nr_entries` `xen_reserved_device_memory` out.
    case reservedDeviceMemoryMap(ReservedDeviceMemoryMap)
    /// `XENMEM_set_pod_target`.
    case setPodTarget(SetPodTarget)
    /// `XENMEM_get_pod_target`.
    case getPodTarget(GetPodTarget)
    /// `XENMEM_paging_op` (tools): `page` is the `XENMEM_paging_op_prep`
    /// contents (one `XENABI_PAGE_SIZE` page in), or nil for a null `buffer`.
    case pagingOp(PagingOp, page: [UInt8]?)
    /// `XENMEM_access_op` (tools): `lists` are `set_access_multi`'s
    /// `pfn_list`/`access_list` (`nr` entries each, in), nil for two null
    /// handles; `startIter` is the continuation in `cmd`'s high bits.
    case accessOp(AccessOp, lists: AccessLists?, startIter: UInt64)

    /// `XENMEM_machphys_mfn_list`: `max_extents` M2P frames written to `extent_start`.
    case machphysMFNList(MachphysMFNList)
    /// `XENMEM_machphys_compat_mfn_list`: as `machphysMFNList`, for the compat M2P.
    case machphysCompatMFNList(MachphysMFNList)
    /// `XENMEM_machphys_mapping`: out `xen_machphys_mapping`.
    case machphysMapping
    /// `XENMEM_get_vnumainfo`: `nr_vnodes`^2 distances, `nr_vcpus` node
    /// numbers and `nr_vmemranges` `xen_vmemrange` written to the three nested lists.
    case getVNUMAInfo(VNUMATopologyInfo)

    /// `xen_mem_access_op`'s two nested lists.
    public struct AccessLists: Hashable, Sendable {
        /// `pfn_list`
        public var pfns: [UInt64]
        /// `access_list`: `XENMEM_access_*` per pfn.
        public var access: [UInt8]
        /// The lists.
        public init(pfns: [UInt64], access: [UInt8]) {
            self.pfns = pfns
            self.access = access
        }
    }

    /// `struct xen_memory_exchange`'s inputs: both reservations and their lists.
    public struct Exchange: Hashable, Sendable {
        /// `in`: the extents given up (its `extent_start` list is `inExtents`).
        public var input: Reservation
        /// `in.extent_start`: GMFN bases to free (`input.nrExtents` entries read).
        public var inExtents: [UInt64]
        /// `out`: the new extents (its `extent_start` list is `outExtents`, in/out).
        public var output: Reservation
        /// `out.extent_start`: GPFN bases to populate, overwritten with GMFNs.
        public var outExtents: [UInt64]
        /// `nr_exchanged`: 0 from a guest.
        public var nrExchanged: UInt64

        /// An exchange request.
        public init(input: Reservation, inExtents: [UInt64], output: Reservation, outExtents: [UInt64], nrExchanged: UInt64 = 0) {
            self.input = input
            self.inExtents = inExtents
            self.output = output
            self.outExtents = outExtents
            self.nrExchanged = nrExchanged
        }
    }

    /// The fields of `struct xen_memory_reservation` other than the handle.
    public struct Reservation: Hashable, Sendable {
        /// `nr_extents` (for decrease/populate, the length of the extent list).
        public var nrExtents: UInt64
        /// `extent_order`: log2 of pages per extent.
        public var extentOrder: UInt32
        /// `mem_flags`: `XENMEMF_*`.
        public var memFlags: UInt32
        /// `domid`.
        public var domid: UInt16
        /// The continuation start extent in `cmd`'s high bits (0 from a guest).
        public var startExtent: UInt64

        /// A reservation request.
        public init(nrExtents: UInt64, extentOrder: UInt32 = 0, memFlags: UInt32 = 0, domid: UInt16 = UInt16(XENABI_DOMID_SELF), startExtent: UInt64 = 0) {
            self.nrExtents = nrExtents
            self.extentOrder = extentOrder
            self.memFlags = memFlags
            self.domid = domid
            self.startExtent = startExtent
        }
    }

    public static var number: HypercallNumber { .memory_op }

    /// The `XENMEM_*` sub-op.
    public var subop: Int32 {
        switch self {
        case .increaseReservation: XENMEM_increase_reservation
        case .decreaseReservation: XENMEM_decrease_reservation
        case .populatePhysmap: XENMEM_populate_physmap
        case .exchange: XENMEM_exchange
        case .maximumRAMPage: XENMEM_maximum_ram_page
        case .currentReservation: XENMEM_current_reservation
        case .maximumReservation: XENMEM_maximum_reservation
        case .maximumGPFN: XENMEM_maximum_gpfn
        case .addToPhysmap: XENMEM_add_to_physmap
        case .addToPhysmapBatch: XENMEM_add_to_physmap_batch
        case .removeFromPhysmap: XENMEM_remove_from_physmap
        case .memoryMap: XENMEM_memory_map
        case .machineMemoryMap: XENMEM_machine_memory_map
        case .setMemoryMap: XENMEM_set_memory_map
        case .acquireResource: XENMEM_acquire_resource
        case .getSharingFreedPages: XENMEM_get_sharing_freed_pages
        case .getSharingSharedPages: XENMEM_get_sharing_shared_pages
        case .claimPages: XENMEM_claim_pages
        case .reservedDeviceMemoryMap: XENMEM_reserved_device_memory_map
        case .setPodTarget: XENMEM_set_pod_target
        case .getPodTarget: XENMEM_get_pod_target
        case .pagingOp: XENMEM_paging_op
        case .accessOp: XENMEM_access_op
        case .machphysMFNList: XENMEM_machphys_mfn_list
        case .machphysCompatMFNList: XENMEM_machphys_compat_mfn_list
        case .machphysMapping: XENMEM_machphys_mapping
        case .getVNUMAInfo: XENMEM_get_vnumainfo
        }
    }

    public func encode(into call: inout EncodedCall) {
        // A thin dispatcher: the hot sub-op's encoder and the rest each keep
        // their own registers (one big switch spills around every case).
        if case .increaseReservation(let r, let want) = self {
            return MemoryOp.encodeIncreaseReservation(r, wantFrames: want, into: &call)
        }
        encodeSubop(into: &call)
    }

    @inline(never)
    func encodeSubop(into call: inout EncodedCall) {
        call.reset(.memory_op)
        switch self {
        case .increaseReservation:
            preconditionFailure("encoded above")
        case .decreaseReservation(let r, let extents), .populatePhysmap(let r, let extents):
            let b = MemoryOp.encodeReservation(r, subop: subop, into: &call)
            let e = call.addBuffer(size: extents.count * 8, direction: subop == XENMEM_populate_physmap ? .inOut : .in,
                                   site: .nested(buffer: b, offset: ReservationLayout.extentStart))
            for (i, x) in extents.enumerated() { call.store(x, buffer: e, at: 8 * i) }
        default:
            encodeOther(into: &call)
        }
    }

    /// `XENMEM_increase_reservation` on its own: a balloon driver's hot
    /// call, kept out of the switch over every sub-op so its few registers
    /// are not spilled around the others'.
    @inline(__always)
    static func encodeIncreaseReservation(_ r: Reservation, wantFrames: Bool, into call: inout EncodedCall) {
        call.reset(.memory_op)
        let b = encodeReservation(r, subop: XENMEM_increase_reservation, into: &call)
        if wantFrames {
            call.addBuffer(size: Int(r.nrExtents) * 8, direction: .out,
                           site: .nested(buffer: b, offset: ReservationLayout.extentStart))
        } else {
            call.addNullHandle(site: .nested(buffer: b, offset: ReservationLayout.extentStart))
        }
    }

    @inlinable @inline(__always)
    static func encodeReservation(_ r: Reservation, subop: Int32, into call: inout EncodedCall) -> Int {
        call.args[0] = UInt64(subop) | r.startExtent << UInt64(XENABI_MEMOP_EXTENT_SHIFT)
        return call.addBuffer(size: ReservationLayout.size, direction: .inOut, site: .register(1)) { w in
            w.store(r.nrExtents, at: ReservationLayout.nrExtents)
            w.store(r.extentOrder, at: ReservationLayout.extentOrder)
            w.store(r.memFlags, at: ReservationLayout.memFlags)
            w.store(r.domid, at: ReservationLayout.domid)
        }
    }

    public static func decode(_ raw: RawHypercall, memory: some GuestMemoryReader) throws(DecodeError) -> MemoryOp {
        let cmd = raw.args[0]
        let subop = Int32(truncatingIfNeeded: cmd & UInt64(XENABI_MEMOP_CMD_MASK))
        let start = (cmd & 0xffff_ffff) >> UInt64(XENABI_MEMOP_EXTENT_SHIFT)
        let f = raw.op.flavour
        switch subop {
        case XENMEM_increase_reservation, XENMEM_decrease_reservation, XENMEM_populate_physmap:
            let where_ = "memory_op.\(subop == XENMEM_increase_reservation ? "increase_reservation" : subop == XENMEM_decrease_reservation ? "decrease_reservation" : "populate_physmap")"
            let s = try GuestStruct(where_ + ".xen_memory_reservation", handle: raw.args[1], flavour: f,
                                    size: ReservationLayout.size, memory: memory)
            let r = Reservation(nrExtents: s.load(UInt64.self, at: ReservationLayout.nrExtents),
                                extentOrder: s.load(UInt32.self, at: ReservationLayout.extentOrder),
                                memFlags: s.load(UInt32.self, at: ReservationLayout.memFlags),
                                domid: s.load(UInt16.self, at: ReservationLayout.domid), startExtent: start)
            let h = s.load(UInt64.self, at: ReservationLayout.extentStart)
            // Bounded even when only written: a re-encode allocates nr_extents frames.
            _ = try GuestArray.checkCount(r.nrExtents, elementSize: 8, at: where_ + ".nr_extents")
            if subop == XENMEM_increase_reservation { return .increaseReservation(r, wantFrames: !f.isNull(h)) }
            let extents = try GuestArray.integers(UInt64.self, count: r.nrExtents, flavour: f,
                                                  memory: memory, handle: h, at: where_ + ".extent_start")
            return subop == XENMEM_decrease_reservation ? .decreaseReservation(r, extents: extents) : .populatePhysmap(r, extents: extents)
        default:
            return try decodeOther(subop: subop, start: start, raw, memory: memory)
        }
    }

    static var layoutRows: [Layout.Row] { ReservationLayout.rows + ExchangeLayout.rows + structLayoutRows }
}

/// `struct xen_memory_reservation`.
/// Computed and inlinable, unlike the other layouts' stored constants: the
/// optimizer folds each to a constant in the reservation encoders (a hot
/// path), where a stored global costs a `swift_once` check per access.
public enum ReservationLayout {
    /// `sizeof(xen_memory_reservation_t)`
    @inlinable public static var size: Int { MemoryLayout<xen_memory_reservation_t>.size }
    /// `offsetof(xen_memory_reservation_t, extent_start)`
    @inlinable public static var extentStart: Int { MemoryLayout<xen_memory_reservation_t>.offset(of: \.extent_start)! }
    /// `offsetof(xen_memory_reservation_t, nr_extents)`
    @inlinable public static var nrExtents: Int { MemoryLayout<xen_memory_reservation_t>.offset(of: \.nr_extents)! }
    /// `offsetof(xen_memory_reservation_t, extent_order)`
    @inlinable public static var extentOrder: Int { MemoryLayout<xen_memory_reservation_t>.offset(of: \.extent_order)! }
    /// `offsetof(xen_memory_reservation_t, mem_flags)`
    @inlinable public static var memFlags: Int { MemoryLayout<xen_memory_reservation_t>.offset(of: \.mem_flags)! }
    /// `offsetof(xen_memory_reservation_t, domid)`
    @inlinable public static var domid: Int { MemoryLayout<xen_memory_reservation_t>.offset(of: \.domid)! }

    static var rows: [Layout.Row] {
        [
            .type("xen_memory_reservation_t", xen_memory_reservation_t.self),
            .field("xen_memory_reservation_t", \xen_memory_reservation_t.extent_start, "extent_start"),
            .field("xen_memory_reservation_t", \xen_memory_reservation_t.nr_extents, "nr_extents"),
            .field("xen_memory_reservation_t", \xen_memory_reservation_t.extent_order, "extent_order"),
            .field("xen_memory_reservation_t", \xen_memory_reservation_t.mem_flags, "mem_flags"),
            .field("xen_memory_reservation_t", \xen_memory_reservation_t.domid, "domid"),
        ]
    }
}
