/// The fair peers of the typed encode of `memory_op(XENMEM_increase_reservation)`
/// with 64 extents: the same call, written by hand into a caller-provided
/// buffer as a minimal encoder would (the `xen_memory_reservation` with its
/// `extent_start` handle pointing at the frame list right after it,
/// `nr_extents`, `extent_order`, `mem_flags`, `domid`, the frame list
/// zeroed, the two argument registers). No bookkeeping: no buffer list, no
/// marks, no bounds checks beyond the buffer's size.
///
/// The C peer (`Sources/CBenchPeers`) is linked only into the `xenabi`
/// executable, which installs it in `cEncode` before running the figures;
/// without it (`Benchmarks/`) its figures are skipped.
public enum EncodePeers {
    /// `xenabi_peer_encode_reservation(buf, nr_extents, extent_order, mem_flags, domid, args)`.
    public typealias CEncode = @convention(c) (UnsafeMutablePointer<UInt8>?, UInt64, UInt32, UInt32, UInt16,
                                               UnsafeMutablePointer<UInt64>?) -> UInt64
    /// The C peer, when the executable links it.
    nonisolated(unsafe) public static var cEncode: CEncode?

    /// `sizeof(xen_memory_reservation)` on x86_64.
    public static let reservationSize = 32

    /// The Swift peer: the same encode in Swift, not inlined into the loop
    /// (one call per encode, as the C peer). Returns the op word.
    @inline(never)
    public static func swiftEncode(_ buf: UnsafeMutableRawPointer, nrExtents: UInt64, extentOrder: UInt32,
                                   memFlags: UInt32, domid: UInt16, args: UnsafeMutablePointer<UInt64>) -> UInt64 {
        let frames = buf + 32
        buf.initializeMemory(as: UInt8.self, repeating: 0, count: 32)
        buf.storeBytes(of: UInt64(UInt(bitPattern: frames)).littleEndian, toByteOffset: 0, as: UInt64.self)
        buf.storeBytes(of: nrExtents.littleEndian, toByteOffset: 8, as: UInt64.self)
        buf.storeBytes(of: extentOrder.littleEndian, toByteOffset: 16, as: UInt32.self)
        buf.storeBytes(of: memFlags.littleEndian, toByteOffset: 20, as: UInt32.self)
        buf.storeBytes(of: domid.littleEndian, toByteOffset: 24, as: UInt16.self)
        frames.initializeMemory(as: UInt8.self, repeating: 0, count: Int(nrExtents) * 8)
        args[0] = 0  // XENMEM_increase_reservation
        args[1] = UInt64(UInt(bitPattern: buf))
        return 12  // __HYPERVISOR_memory_op
    }
}

/// The caller-provided buffer and registers both peers encode into, reused
/// across calls (warm, as the typed encode's `EncodedCall`).
public final class EncodePeerWorkload {
    let nrExtents: UInt64 = 64
    let buffer: UnsafeMutableRawPointer
    let args = UnsafeMutablePointer<UInt64>.allocate(capacity: 2)

    /// A buffer for the reservation and its 64-extent frame list.
    public init() {
        buffer = .allocate(byteCount: EncodePeers.reservationSize + 64 * 8, alignment: 64)
        args.initialize(repeating: 0, count: 2)
    }

    deinit {
        buffer.deallocate()
        args.deallocate()
    }

    /// The reservation's bytes past its handle after one encode by the C
    /// peer (nil when it is not linked) or the Swift peer.
    public func reservationFields(c: Bool) -> [UInt8]? {
        if c { guard let run = runC else { return nil }; _ = run(1) } else { _ = runSwift(1) }
        return Array(UnsafeRawBufferPointer(start: buffer + 8, count: EncodePeers.reservationSize - 8))
    }

    /// `n` encodes by the Swift peer; returns a checksum.
    public func runSwift(_ n: Int) -> UInt64 {
        var sum: UInt64 = 0
        for _ in 0 ..< n {
            sum &+= EncodePeers.swiftEncode(buffer, nrExtents: nrExtents, extentOrder: 0, memFlags: 0,
                                            domid: 0x7ff0, args: args) &+ args[1]
        }
        return sum
    }

    /// `n` encodes by the C peer (nil when it is not linked).
    public var runC: ((Int) -> UInt64)? {
        guard let f = EncodePeers.cEncode else { return nil }
        return { [self] n in
            var sum: UInt64 = 0
            let b = buffer.assumingMemoryBound(to: UInt8.self)
            for _ in 0 ..< n { sum &+= f(b, nrExtents, 0, 0, 0x7ff0, args) &+ args[1] }
            return sum
        }
    }
}
