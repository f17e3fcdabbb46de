import CXen
import XenABI

/// The typed encoders on their hot path: each run encodes a prepared typed
/// call into one reused `EncodedCall`, as a guest kernel's or privcmd
/// caller's per-CPU call slot would. Shared by `xenabi bench` and
/// `Benchmarks/EncodeBenchmarks`.
///
/// - `memory_op(XENMEM_increase_reservation)`, 64 extents with the frame list out;
/// - `grant_table_op(GNTTABOP_copy)` with 16 `gnttab_copy` (a netback batch);
/// - a 32-entry `multicall` mixing the two with `xen_version(XENVER_extraversion)`.
public final class EncodeWorkload {
    /// The reused call (warm after the first run: its arrays keep their
    /// capacity). An issue slot: it records no per-byte marks.
    public var call = EncodedCall(recordingMarks: false)
    /// `XENMEM_increase_reservation`, 64 extents of order 0, frames out.
    public let reservation = MemoryOp.increaseReservation(.init(nrExtents: 64), wantFrames: true)
    /// 16 grant copies, grant ref to local frame.
    public let copies: GrantTableOp
    /// 32 entries: xen_version, memory_op and grant_table_op in turn.
    public let batch: Multicall

    /// The three calls, encoded once each so the reused call is warm.
    public init() {
        let domidSelf = UInt16(XENABI_DOMID_SELF)
        copies = .copy((0 ..< 16).map { i in
            GrantTableOp.Copy(source: .init(.ref(UInt32(8 + i)), domid: 1, offset: 0),
                              dest: .init(.gmfn(0x12_3400 + UInt64(i)), domid: domidSelf, offset: UInt16(64 * i)),
                              len: 1500)
        })
        batch = Multicall((0 ..< 32).map { i -> Multicall.Entry in
            switch i % 3 {
            case 0: Multicall.Entry(.xenVersion(.extraversion))
            case 1: Multicall.Entry(.memoryOp(.increaseReservation(.init(nrExtents: 4), wantFrames: true)))
            default: Multicall.Entry(.grantTableOp(.copy([GrantTableOp.Copy(
                source: .init(.ref(UInt32(i)), domid: 1, offset: 0),
                dest: .init(.gmfn(0x4000 + UInt64(i)), domid: domidSelf, offset: 0), len: 64)])))
            }
        })
        _ = runReservation(2)
        _ = runCopies(2)
        _ = runMulticall(2)
    }

    /// Runs `n` encodes of `value` into the reused call; returns a checksum.
    @inlinable
    func run(_ value: some HypercallEncodable, _ n: Int) -> UInt64 {
        // Take the call out of the object (no copy-on-write: one owner) so
        // the loop mutates a local, without exclusivity checks per access.
        var c = EncodedCall()
        swap(&c, &call)
        var sum: UInt64 = 0
        for _ in 0 ..< n {
            value.encode(into: &c)
            // A checksum the optimizer cannot drop (op word and buffer
            // count: reading `args` would copy the whole call each time).
            sum &+= c.op.rawValue &+ UInt64(c.bufferCount)
        }
        swap(&c, &call)
        return sum
    }

    /// `n` encodes of `memory_op(increase_reservation)`.
    public func runReservation(_ n: Int) -> UInt64 { run(reservation, n) }
    /// `n` encodes of `grant_table_op(copy)` x16.
    public func runCopies(_ n: Int) -> UInt64 { run(copies, n) }
    /// `n` encodes of the 32-entry multicall.
    public func runMulticall(_ n: Int) -> UInt64 { run(batch, n) }
}

extension EncodeWorkload {
    /// The peer of a warm encode: the same call into a fresh `EncodedCall`
    /// each time (`HypercallEncodable.encoded`), which allocates its arrays.
    @inlinable
    func runCold(_ value: some HypercallEncodable, _ n: Int) -> UInt64 {
        var sum: UInt64 = 0
        for _ in 0 ..< n { sum &+= UInt64(value.encoded.bytes.count) }
        return sum
    }

    /// `n` cold encodes of `memory_op(increase_reservation)`.
    public func runReservationCold(_ n: Int) -> UInt64 { runCold(reservation, n) }
    /// `n` cold encodes of `grant_table_op(copy)` x16.
    public func runCopiesCold(_ n: Int) -> UInt64 { runCold(copies, n) }
    /// `n` cold encodes of the 32-entry multicall.
    public func runMulticallCold(_ n: Int) -> UInt64 { runCold(batch, n) }
}
