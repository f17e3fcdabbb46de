/// The fair peer of the model's physical-flavour copies: a minimal C
/// `copy_from_guest` (`xenabi_peer_copy_from_guest`, Sources/CBenchPeers)
/// over the same frames, P2M and descriptors.
///
/// The C peer is linked only into the `xenabi` executable, which installs
/// it in `cCopy` before running the figures; without it (`Benchmarks/`)
/// its figures are skipped.
public enum ModelCopyPeers {
    /// `xenabi_peer_copy_from_guest(domain, flavour, handle, dst, n)`.
    public typealias CCopy = @convention(c) (UnsafeRawPointer?, UInt64, UInt64, UnsafeMutableRawPointer?, UInt64) -> Int64
    /// The C peer, when the executable links it.
    nonisolated(unsafe) public static var cCopy: CCopy?
    /// Sizes of the copies compared with the C peer (the goal names 64 B and
    /// 512 B; at 4 KiB the C copy shows the floor the layout sets against memcpy).
    public static let sizes: [(String, Int)] = [("64", 64), ("512", 512), ("4K", 4 << 10)]
}
