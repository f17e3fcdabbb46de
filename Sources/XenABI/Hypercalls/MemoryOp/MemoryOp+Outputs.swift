import CXen

extension MemoryOp {
    /// `XENMEM_increase_reservation`, `decrease_reservation` or
    /// `populate_physmap`, typed: how many extents were done, and the frames
    /// Xen wrote back.
    public struct ReservationQuery: HypercallOutputs, Hashable {
        /// The reservation op (`.increaseReservation`, `.decreaseReservation`,
        /// `.populatePhysmap`; any other sub-op encodes as itself, its
        /// outputs read as a reservation's).
        public var op: MemoryOp
        /// Sends `op`.
        public init(_ op: MemoryOp) { self.op = op }
        public func encode(into call: inout EncodedCall) { op.encode(into: &call) }
        /// The return value (extents done, counted from extent 0 of
        /// `extent_start`), and where Xen writes `extent_start[]` back
        /// (`increase_reservation` with a list, `populate_physmap`), its
        /// entries `0 ..< done`: a count past the list is `.outOfBounds`.
        public static func outputs(of call: EncodedCall, result: Int64) throws(DecodeError) -> ReservationResult {
            let r = OutputReader(call, location: "memory_op.reservation")
            guard result >= 0 else { throw DecodeError(.invalid("extents done \(result)"), at: r.location) }
            guard call.bufferCount > 1 else { return ReservationResult(extentsDone: UInt64(result), frames: []) }
            let list = try r.buffer(1, "extent_start")
            guard !list.isNull, list.direction.writes else { return ReservationResult(extentsDone: UInt64(result), frames: []) }
            try r.checkArray(buffer: 1, count: UInt64(result), stride: 8, "extents_done")
            var frames: [UInt64] = []
            frames.reserveCapacity(Int(result))
            for i in 0 ..< Int(result) { frames.append(try r.load(UInt64.self, buffer: 1, at: 8 * i, "extent_start")) }
            return ReservationResult(extentsDone: UInt64(result), frames: frames)
        }
    }
}

/// What a reservation op answered: the return value and `extent_start[]` out.
public struct ReservationResult: Hashable, Sendable {
    /// The return value: extents done (`nr_done`), counted from extent 0.
    public var extentsDone: UInt64
    /// `extent_start[0 ..< extentsDone]` where Xen writes it (the frames
    /// allocated or populated), else empty.
    public var frames: [UInt64]
    /// As given.
    public init(extentsDone: UInt64, frames: [UInt64]) { self.extentsDone = extentsDone; self.frames = frames }
}
