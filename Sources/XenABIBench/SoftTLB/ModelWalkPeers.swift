import XenABI
@_spi(Bench) import XenModel

/// The fair peer of the model's page walk: the same 4-level walk in C
/// (`xenabi_peer_walk_stream`, Sources/CBenchPeers) over the same tables
/// (`ModelDomain.withPageWalkTables`) and the same address stream.
///
/// The C peer is linked only into the `xenabi` executable, which installs
/// it in `cWalk` before running the figures; without it (`Benchmarks/`)
/// its figures are skipped.
public enum ModelWalkPeers {
    /// `xenabi_peer_walk_stream(frames, types, frame_count, cr3, addresses, mask, start, n)`.
    public typealias CWalk = @convention(c) (UnsafePointer<UnsafeMutableRawPointer?>?, UnsafePointer<UInt8>?, UInt64, UInt64,
                                             UnsafePointer<UInt64>?, UInt64, UInt64, UInt64) -> UInt64
    /// The C peer, when the executable links it.
    nonisolated(unsafe) public static var cWalk: CWalk?
}

extension ModelWalkWorkload {
    /// `n` C walks of the workload's stream (nil when the peer is not linked);
    /// returns the same checksum as `runWalk`.
    public var runCWalk: ((Int) -> UInt64)? {
        guard let walk = ModelWalkPeers.cWalk else { return nil }
        return { [self] n in
            let a = workload.addresses.baseAddress!, m = workload.mask
            let sum = domain.withPageWalkTables { frames, types, count in
                walk(frames, types, count, cr3, a, UInt64(m), UInt64(position), UInt64(n))
            }
            position = (position &+ n) & m
            return sum
        }
    }
}
