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
        }
    }

    public func encode(into call: inout EncodedCall) {
        call.reset(.memory_op)
        switch self {
        case .increaseReservation(let r, let want):
            let b = MemoryOp.encodeReservation(r, subop: subop, into: &call)
            if want {
                call.addBuffer(size: Int(r.nrExtents) * 8, direction: .out,
                               site: .nested(buffer: b, offset: ReservationLayout.extentStart))
            } else {
                call.addNullHandle(site: .nested(buffer: b, offset: ReservationLayout.extentStart))
            }
        case .decreaseReservation(let r, let extents), .populatePhysmap(let r, let extents):
            let b = MemoryOp.encodeReservation(r, subop: subop, into: &call)
            let e = call.addBuffer(size: extents.count * 8, direction: subop == XENMEM_populate_physmap ? .inOut : .in,
                                   site: .nested(buffer: b, offset: ReservationLayout.extentStart))
            for (i, x) in extents.enumerated() { call.store(x, buffer: e, at: 8 * i) }
        }
    }

    @inlinable
    static func encodeReservation(_ r: Reservation, subop: Int32, into call: inout EncodedCall) -> Int {
        call.args[0] = UInt64(subop) | r.startExtent << UInt64(XENABI_MEMOP_EXTENT_SHIFT)
        let b = call.addBuffer(size: ReservationLayout.size, direction: .inOut, site: .register(1))
        call.store(r.nrExtents, buffer: b, at: ReservationLayout.nrExtents)
        call.store(r.extentOrder, buffer: b, at: ReservationLayout.extentOrder)
        call.store(r.memFlags, buffer: b, at: ReservationLayout.memFlags)
        call.store(r.domid, buffer: b, at: ReservationLayout.domid)
        return b
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
            if subop == XENMEM_increase_reservation { return .increaseReservation(r, wantFrames: h != f.nullHandle) }
            guard r.nrExtents <= UInt64(Int32.max) / 8 else {
                throw DecodeError(.invalid("nr_extents \(r.nrExtents) too large"), at: where_ + ".nr_extents")
            }
            let list = try GuestStruct(where_ + ".extent_start", handle: h, flavour: f, size: Int(r.nrExtents) * 8, memory: memory)
            let extents = (0 ..< Int(r.nrExtents)).map { list.load(UInt64.self, at: 8 * $0) }
            return subop == XENMEM_decrease_reservation ? .decreaseReservation(r, extents: extents) : .populatePhysmap(r, extents: extents)
        default:
            throw DecodeError(.unknownSubop(UInt64(subop)), at: "memory_op")
        }
    }

    static var layoutRows: [Layout.Row] { ReservationLayout.rows }
}

/// `struct xen_memory_reservation`.
public enum ReservationLayout {
    /// `sizeof(xen_memory_reservation_t)`
    public static let size = MemoryLayout<xen_memory_reservation_t>.size
    /// `offsetof(xen_memory_reservation_t, extent_start)`
    public static let extentStart = Layout.offset(\xen_memory_reservation_t.extent_start)
    /// `offsetof(xen_memory_reservation_t, nr_extents)`
    public static let nrExtents = Layout.offset(\xen_memory_reservation_t.nr_extents)
    /// `offsetof(xen_memory_reservation_t, extent_order)`
    public static let extentOrder = Layout.offset(\xen_memory_reservation_t.extent_order)
    /// `offsetof(xen_memory_reservation_t, mem_flags)`
    public static let memFlags = Layout.offset(\xen_memory_reservation_t.mem_flags)
    /// `offsetof(xen_memory_reservation_t, domid)`
    public static let domid = Layout.offset(\xen_memory_reservation_t.domid)

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
