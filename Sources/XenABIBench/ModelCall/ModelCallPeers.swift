/// The fair peer of a whole model call's hypervisor side: a minimal C
/// dispatch of the same call (`xenabi_peer_dispatch`, Sources/CBenchPeers)
/// over the same frames and P2M, in `flat`.
///
/// The C peer is linked only into the `xenabi` executable, which installs
/// it in `cDispatch` before running the figures; without it (`Benchmarks/`)
/// its figures are skipped.
public enum ModelCallPeers {
    /// `xenabi_peer_dispatch(domain, op, args)`: `domain` is a `struct
    /// xenabi_peer_domain`, `args` the five argument registers.
    public typealias CDispatch = @convention(c) (UnsafeRawPointer?, UInt64, UnsafePointer<UInt64>?) -> Int64
    /// The C peer, when the executable links it.
    nonisolated(unsafe) public static var cDispatch: CDispatch?
}
