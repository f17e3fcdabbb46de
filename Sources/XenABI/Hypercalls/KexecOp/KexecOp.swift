import CXen

/// `__HYPERVISOR_kexec_op` (`public/kexec.h`): `kexec_op(op, arg)`, the
/// interface-0x00040400 commands. `kexec_load` nests two levels: the load
/// struct's `segments.h` names the segment array, each segment's `buf.h`
/// its image bytes.
public enum KexecOp: TypedHypercall, Hashable {
    /// `KEXEC_CMD_kexec`: execute the loaded image of `type`.
    case exec(Exec)
    /// `KEXEC_CMD_kexec_get_range`
    case getRange(Range)
    /// `KEXEC_CMD_kexec_load`: header fields and the segments (`nr_segments` from their count).
    case load(LoadHeader, segments: [Segment])
    /// `KEXEC_CMD_kexec_unload`
    case unload(Unload)
    /// `KEXEC_CMD_kexec_status`
    case status(Status)

    /// One `xen_kexec_segment`: its image bytes (`buf`, `buf_size`) and destination.
    public struct Segment: Hashable, Sendable {
        /// `buf.h` / `buf_size`: the bytes to copy.
        public var bytes: [UInt8]
        /// `dest_maddr`
        public var destMaddr: UInt64
        /// `dest_size`
        public var destSize: UInt64
        /// A segment.
        public init(bytes: [UInt8], destMaddr: UInt64, destSize: UInt64) {
            self.bytes = bytes
            self.destMaddr = destMaddr
            self.destSize = destSize
        }
    }

    /// The most segments a decoder reads (Xen's `KEXEC_SEGMENT_MAX` is 16).
    public static let maxSegments = 16

    public static var number: HypercallNumber { .kexec_op }

    /// The `KEXEC_CMD_*` number.
    public var op: Int32 {
        switch self {
        case .exec: KEXEC_CMD_kexec
        case .getRange: KEXEC_CMD_kexec_get_range
        case .load: KEXEC_CMD_kexec_load
        case .unload: KEXEC_CMD_kexec_unload
        case .status: KEXEC_CMD_kexec_status
        }
    }

    public func encode(into call: inout EncodedCall) {
        call.reset(.kexec_op)
        call.args[0] = UInt64(op)
        let arg = HandleSite.register(1)
        switch self {
        case .exec(let s): call.addStruct(s, site: arg)
        case .getRange(let s): call.addStruct(s, site: arg)
        case .unload(let s): call.addStruct(s, site: arg)
        case .status(let s): call.addStruct(s, site: arg)
        case .load(var h, let segments):
            h.nrSegments = UInt32(truncatingIfNeeded: segments.count)
            let b = call.addStruct(h, site: arg)
            let list = call.addBuffer(size: segments.count * SegmentRaw.size, direction: .in,
                                      site: .nested(buffer: b, offset: LoadHeader.Offsets.segments))
            for (i, s) in segments.enumerated() {
                let base = i * SegmentRaw.size
                SegmentRaw(bufSize: UInt64(s.bytes.count), destMaddr: s.destMaddr, destSize: s.destSize)
                    .store(into: &call, buffer: list, at: base)
                let img = call.addBuffer(size: s.bytes.count, direction: .in,
                                         site: .nested(buffer: list, offset: base + SegmentRaw.Offsets.buf))
                call.store(bytes: s.bytes, buffer: img, at: 0)
            }
        }
    }

    public static func decode(_ raw: RawHypercall, memory: some GuestMemoryReader) throws(DecodeError) -> KexecOp {
        let h = raw.args[1], f = raw.op.flavour
        switch raw.args[0] {
        case UInt64(KEXEC_CMD_kexec): return .exec(try .read("kexec_op.kexec", handle: h, flavour: f, memory: memory))
        case UInt64(KEXEC_CMD_kexec_get_range): return .getRange(try .read("kexec_op.get_range", handle: h, flavour: f, memory: memory))
        case UInt64(KEXEC_CMD_kexec_unload): return .unload(try .read("kexec_op.unload", handle: h, flavour: f, memory: memory))
        case UInt64(KEXEC_CMD_kexec_status): return .status(try .read("kexec_op.status", handle: h, flavour: f, memory: memory))
        case UInt64(KEXEC_CMD_kexec_load):
            let name = "kexec_op.load"
            let s = try GuestStruct(name, handle: h, flavour: f, size: LoadHeader.size, memory: memory)
            var header = LoadHeader(loading: s, at: 0)
            guard header.nrSegments <= maxSegments else {
                throw DecodeError(.invalid("nr_segments \(header.nrSegments) exceeds \(maxSegments)"), at: name + ".nr_segments")
            }
            let (raws, list) = try GuestArray.structsAndBytes(SegmentRaw.self, count: UInt64(header.nrSegments), flavour: f, memory: memory,
                                                              handle: s.load(UInt64.self, at: LoadHeader.Offsets.segments), at: name + ".segments")
            var segments: [Segment] = []
            var total = 0
            for (i, r) in raws.enumerated() {
                let n = try GuestArray.checkCount(r.bufSize, at: name + ".segments[\(i)].buf_size")
                total += n
                // All segments together are bounded too: one image, not sixteen of 16 MiB.
                guard total <= GuestArray.maxBytes else {
                    throw DecodeError(.invalid("segments total \(total) bytes exceed \(GuestArray.maxBytes)"), at: name + ".segments")
                }
                let bytes = try GuestArray.bytes(count: r.bufSize, flavour: f, memory: memory,
                                                 handle: list.load(UInt64.self, at: i * SegmentRaw.size + SegmentRaw.Offsets.buf),
                                                 at: name + ".segments[\(i)].buf")
                segments.append(Segment(bytes: bytes, destMaddr: r.destMaddr, destSize: r.destSize))
            }
            header.nrSegments = 0  // carried by `segments`
            return .load(header, segments: segments)
        default:
            throw DecodeError(.unknownSubop(raw.args[0]), at: "kexec_op")
        }
    }

    static var layoutRows: [Layout.Row] { structLayoutRows }
}
