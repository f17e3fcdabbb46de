import CXen

/// `__HYPERVISOR_grant_table_op` (`public/grant_table.h`):
/// `grant_table_op(cmd, uop, count)`, `uop` an array of `count` structs.
/// `cmd` bits from `XENABI_GNTTABOP_CONTINUATION_ARG_SHIFT` up hold Xen's
/// continuation argument, which 4.17 accepts only for `GNTTABOP_cache_flush`.
public enum GrantTableOp: TypedHypercall, Hashable {
    /// `GNTTABOP_map_grant_ref`: `count` maps.
    case mapGrantRef([MapGrantRef])
    /// `GNTTABOP_unmap_grant_ref`.
    case unmapGrantRef([UnmapGrantRef])
    /// `GNTTABOP_setup_table` (count 1): `nr_frames` frames written to `frame_list`.
    case setupTable(SetupTable)
    /// `GNTTABOP_dump_table` (count 1).
    case dumpTable(DumpTable)
    /// `GNTTABOP_transfer`.
    case transfer([Transfer])
    /// `GNTTABOP_copy`.
    case copy([Copy])
    /// `GNTTABOP_query_size` (count 1).
    case querySize(QuerySize)
    /// `GNTTABOP_unmap_and_replace`.
    case unmapAndReplace([UnmapAndReplace])
    /// `GNTTABOP_set_version` (count 1).
    case setVersion(SetVersion)
    /// `GNTTABOP_get_status_frames` (count 1): `nr_frames` uint64 written to `frame_list`.
    case getStatusFrames(GetStatusFrames)
    /// `GNTTABOP_get_version` (count 1).
    case getVersion(GetVersion)
    /// `GNTTABOP_swap_grant_ref`.
    case swapGrantRef([SwapGrantRef])
    /// `GNTTABOP_cache_flush`; `opaque` is the continuation in `cmd`'s high bits.
    case cacheFlush([CacheFlush], opaque: UInt64)

    /// One `gnttab_copy`: the `source.u`/`dest.u` unions are typed by the
    /// `GNTCOPY_source_gref`/`GNTCOPY_dest_gref` flag bits that select them.
    public struct Copy: Hashable, Sendable {
        /// One side of a copy: `struct gnttab_copy_ptr`.
        public struct Ptr: Hashable, Sendable {
            /// `u.ref` (a grant reference) or `u.gmfn` (a frame of the caller).
            public enum Target: Hashable, Sendable {
                /// `u.ref`, with the side's `GNTCOPY_*_gref` flag set.
                case ref(UInt32)
                /// `u.gmfn`.
                case gmfn(UInt64)
            }
            /// `u`
            public var target: Target
            /// `domid`
            public var domid: UInt16
            /// `offset`
            public var offset: UInt16
            /// One side.
            public init(_ target: Target, domid: UInt16, offset: UInt16) {
                self.target = target
                self.domid = domid
                self.offset = offset
            }
        }
        /// `source`
        public var source: Ptr
        /// `dest`
        public var dest: Ptr
        /// `len`
        public var len: UInt16
        /// `flags` other than `GNTCOPY_source_gref`/`GNTCOPY_dest_gref` (those follow `source`/`dest`).
        public var flags: UInt16

        /// A copy request.
        public init(source: Ptr, dest: Ptr, len: UInt16, flags: UInt16 = 0) {
            self.source = source
            self.dest = dest
            self.len = len
            self.flags = flags & ~GrantTableOp.Copy.grefBits
        }

        static let sourceGref = UInt16(GNTCOPY_source_gref)
        static let destGref = UInt16(GNTCOPY_dest_gref)
        static let grefBits = sourceGref | destGref

        var raw: CopyRaw {
            func u(_ t: Ptr.Target) -> UInt64 {
                switch t {
                case .ref(let r): UInt64(r)
                case .gmfn(let g): g
                }
            }
            var f = flags
            if case .ref = source.target { f |= Copy.sourceGref }
            if case .ref = dest.target { f |= Copy.destGref }
            return CopyRaw(sourceU: u(source.target), sourceDomid: source.domid, sourceOffset: source.offset,
                           destU: u(dest.target), destDomid: dest.domid, destOffset: dest.offset, len: len, flags: f)
        }

        init(_ r: CopyRaw) {
            func t(_ u: UInt64, _ isRef: Bool) -> Ptr.Target { isRef ? .ref(UInt32(truncatingIfNeeded: u)) : .gmfn(u) }
            self.init(source: Ptr(t(r.sourceU, r.flags & Copy.sourceGref != 0), domid: r.sourceDomid, offset: r.sourceOffset),
                      dest: Ptr(t(r.destU, r.flags & Copy.destGref != 0), domid: r.destDomid, offset: r.destOffset),
                      len: r.len, flags: r.flags)
        }
    }

    public static var number: HypercallNumber { .grant_table_op }

    /// The `GNTTABOP_*` command.
    public var cmd: Int32 {
        switch self {
        case .mapGrantRef: GNTTABOP_map_grant_ref
        case .unmapGrantRef: GNTTABOP_unmap_grant_ref
        case .setupTable: GNTTABOP_setup_table
        case .dumpTable: GNTTABOP_dump_table
        case .transfer: GNTTABOP_transfer
        case .copy: GNTTABOP_copy
        case .querySize: GNTTABOP_query_size
        case .unmapAndReplace: GNTTABOP_unmap_and_replace
        case .setVersion: GNTTABOP_set_version
        case .getStatusFrames: GNTTABOP_get_status_frames
        case .getVersion: GNTTABOP_get_version
        case .swapGrantRef: GNTTABOP_swap_grant_ref
        case .cacheFlush: GNTTABOP_cache_flush
        }
    }

    public func encode(into call: inout EncodedCall) {
        call.reset(.grant_table_op)
        call.args[0] = UInt64(cmd)
        let uop = HandleSite.register(1)
        func array<S: XenStruct>(_ v: [S]) {
            call.args[2] = UInt64(v.count)
            call.addStructs(v, site: uop)
        }
        func one<S: XenStruct>(_ v: S) -> Int {
            call.args[2] = 1
            return call.addStruct(v, site: uop)
        }
        switch self {
        case .mapGrantRef(let v): array(v)
        case .unmapGrantRef(let v): array(v)
        case .transfer(let v): array(v)
        case .copy(let v):
            // Stored one by one: mapping to `CopyRaw` first would allocate on the hot path.
            call.args[2] = UInt64(v.count)
            let b = call.addBuffer(size: v.count * CopyRaw.size, direction: CopyRaw.direction, site: uop)
            for (i, c) in v.enumerated() { c.raw.store(into: &call, buffer: b, at: i * CopyRaw.size) }
        case .unmapAndReplace(let v): array(v)
        case .swapGrantRef(let v): array(v)
        case .cacheFlush(let v, let opaque):
            call.args[0] |= opaque << UInt64(XENABI_GNTTABOP_CONTINUATION_ARG_SHIFT)
            array(v)
        case .setupTable(let s):
            let b = one(s)
            call.addBuffer(size: Int(s.nrFrames) * MemoryLayout<xen_pfn_t>.size, direction: .out,
                           site: .nested(buffer: b, offset: SetupTable.Offsets.frameList))
        case .getStatusFrames(let s):
            let b = one(s)
            call.addBuffer(size: Int(s.nrFrames) * MemoryLayout<UInt64>.size, direction: .out,
                           site: .nested(buffer: b, offset: GetStatusFrames.Offsets.frameList))
        case .dumpTable(let s): _ = one(s)
        case .querySize(let s): _ = one(s)
        case .setVersion(let s): _ = one(s)
        case .getVersion(let s): _ = one(s)
        }
    }

    public static func decode(_ raw: RawHypercall, memory: some GuestMemoryReader) throws(DecodeError) -> GrantTableOp {
        let sub = Int32(truncatingIfNeeded: raw.args[0] & UInt64(XENABI_GNTTABOP_CMD_MASK))
        let opaque = raw.args[0] >> UInt64(XENABI_GNTTABOP_CONTINUATION_ARG_SHIFT)
        let uop = raw.args[1], count = raw.args[2], f = raw.op.flavour
        let name = "grant_table_op." + (subopNames[sub] ?? "\(sub)")
        guard (0 ... GNTTABOP_cache_flush).contains(sub) else {
            throw DecodeError(.unknownSubop(raw.args[0]), at: "grant_table_op")
        }
        // Xen 4.17: only cache_flush continues through cmd's high bits.
        if opaque != 0 && sub != GNTTABOP_cache_flush {
            throw DecodeError(.invalid("continuation argument \(opaque) in cmd"), at: name)
        }
        func array<S: XenStruct>(_: S.Type) throws(DecodeError) -> [S] {
            try GuestArray.structs(S.self, count: count, flavour: f, memory: memory, handle: uop, at: name)
        }
        func one<S: XenStruct>(_: S.Type) throws(DecodeError) -> (S, GuestStruct) {
            guard count == 1 else { throw DecodeError(.invalid("count \(count) must be 1"), at: name + ".count") }
            let s = try GuestStruct(name, handle: uop, flavour: f, size: S.size, memory: memory)
            return (S(loading: s, at: 0), s)
        }
        switch sub {
        case GNTTABOP_map_grant_ref: return .mapGrantRef(try array(MapGrantRef.self))
        case GNTTABOP_unmap_grant_ref: return .unmapGrantRef(try array(UnmapGrantRef.self))
        case GNTTABOP_transfer: return .transfer(try array(Transfer.self))
        case GNTTABOP_copy: return .copy(try array(CopyRaw.self).map(Copy.init))
        case GNTTABOP_unmap_and_replace: return .unmapAndReplace(try array(UnmapAndReplace.self))
        case GNTTABOP_swap_grant_ref: return .swapGrantRef(try array(SwapGrantRef.self))
        case GNTTABOP_cache_flush: return .cacheFlush(try array(CacheFlush.self), opaque: opaque)
        case GNTTABOP_setup_table:
            let (s, _) = try one(SetupTable.self)
            _ = try GuestArray.checkCount(UInt64(s.nrFrames), elementSize: 8, at: name + ".nr_frames")
            return .setupTable(s)
        case GNTTABOP_get_status_frames:
            let (s, _) = try one(GetStatusFrames.self)
            _ = try GuestArray.checkCount(UInt64(s.nrFrames), elementSize: 8, at: name + ".nr_frames")
            return .getStatusFrames(s)
        case GNTTABOP_dump_table: return .dumpTable(try one(DumpTable.self).0)
        case GNTTABOP_query_size: return .querySize(try one(QuerySize.self).0)
        case GNTTABOP_set_version: return .setVersion(try one(SetVersion.self).0)
        case GNTTABOP_get_version: return .getVersion(try one(GetVersion.self).0)
        default: throw DecodeError(.unknownSubop(raw.args[0]), at: "grant_table_op")
        }
    }

    /// Sub-op names, as the catalog and error locations spell them.
    static let subopNames: [Int32: String] = [
        GNTTABOP_map_grant_ref: "map_grant_ref", GNTTABOP_unmap_grant_ref: "unmap_grant_ref",
        GNTTABOP_setup_table: "setup_table", GNTTABOP_dump_table: "dump_table", GNTTABOP_transfer: "transfer",
        GNTTABOP_copy: "copy", GNTTABOP_query_size: "query_size", GNTTABOP_unmap_and_replace: "unmap_and_replace",
        GNTTABOP_set_version: "set_version", GNTTABOP_get_status_frames: "get_status_frames",
        GNTTABOP_get_version: "get_version", GNTTABOP_swap_grant_ref: "swap_grant_ref", GNTTABOP_cache_flush: "cache_flush",
    ]

    static var layoutRows: [Layout.Row] { structLayoutRows }
}
