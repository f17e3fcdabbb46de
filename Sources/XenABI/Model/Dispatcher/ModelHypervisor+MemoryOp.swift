import CXen

/// `do_memory_op` reservation sub-ops (xen/common/memory.c), modelled: the
/// model hands out frames `frameBase + (i << extent_order)`.
extension ModelHypervisor {
    /// Above this many extents the model answers -EINVAL (Xen would preempt;
    /// the model bounds what a hostile count makes it write).
    static let maxExtents: UInt64 = 1 << 20

    func memoryOp(_ m: MemoryOp, _ raw: RawHypercall, _ out: inout OutputBatch) throws(XenErrno) -> Int64 {
        let f = raw.op.flavour
        switch m {
        case .increaseReservation(let r, let want):
            guard r.nrExtents <= ModelHypervisor.maxExtents, r.extentOrder < 32 else { throw .EINVAL }
            guard r.startExtent <= r.nrExtents else { throw .EINVAL }
            if want {
                // extent_start sits in the reservation struct the decoder read.
                let list = try ModelResolver(domain, vcpu: vcpu).load(UInt64.self, handle: raw.args[1], flavour: f,
                                                                      offset: ReservationLayout.extentStart)
                var bytes: [UInt8] = []
                bytes.reserveCapacity(Int(r.nrExtents - r.startExtent) * 8)
                for i in r.startExtent ..< r.nrExtents {
                    let frame = info.frameBase &+ (i << UInt64(r.extentOrder))
                    withUnsafeBytes(of: frame.littleEndian) { bytes += $0 }
                }
                out.write(bytes, handle: list, flavour: f, offset: Int(r.startExtent) * 8)
            }
            return Int64(r.nrExtents)
        case .decreaseReservation(let r, _), .populatePhysmap(let r, _):
            guard r.startExtent <= r.nrExtents else { throw .EINVAL }
            return Int64(r.nrExtents)
        default:
            // The other memory_op sub-ops have no modelled semantics yet.
            return try generic(.memoryOp(m), raw, &out)
        }
    }
}
