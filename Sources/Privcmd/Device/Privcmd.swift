#if canImport(Glibc)
import Glibc
#endif
import CXen

/// An open privcmd device: Linux's door to hypercalls from dom0 user space
/// (`drivers/xen/privcmd.c`), as libxencall's `xencall_open` opens it.
///
/// Off Xen, opening fails with `PrivcmdError.notInXenDomain`.
public final class Privcmd: Sendable {
    /// The file descriptor.
    public let fd: Int32
    /// The path that opened.
    public let path: String

    /// `/dev/xen/privcmd`, the device node of current kernels.
    public static let devicePath = "/dev/xen/privcmd"
    /// `/proc/xen/privcmd`, xenfs's older node.
    public static let xenfsPath = "/proc/xen/privcmd"

    /// Opens `path`, or by default `/dev/xen/privcmd` then `/proc/xen/privcmd`.
    public init(path: String? = nil) throws(PrivcmdError) {
        (fd, self.path) = try openXenDevice(path.map { [$0] } ?? [Privcmd.devicePath, Privcmd.xenfsPath])
    }

    deinit { _ = system_close(fd) }

    /// Runs one privcmd ioctl on `arg`, mapping failure to `errno`.
    @inlinable
    func ioctl(_ request: Int32, _ arg: UnsafeMutableRawPointer, _ name: String) throws(PrivcmdError) -> Int32 {
        let rc = system_ioctl(fd, UInt(UInt32(bitPattern: request)), arg)
        if rc < 0 { throw .system(operation: name, system_errno) }
        return rc
    }
}

/// The ioctl request numbers (`xen/sys/privcmd.h`, through `XENABI_IOCTL_PRIVCMD_*`).
public enum PrivcmdIoctl {
    /// `IOCTL_PRIVCMD_HYPERCALL`
    public static let hypercall = Int32(bitPattern: UInt32(truncatingIfNeeded: XENABI_IOCTL_PRIVCMD_HYPERCALL))
    /// `IOCTL_PRIVCMD_MMAPBATCH_V2`
    public static let mmapBatchV2 = Int32(bitPattern: UInt32(truncatingIfNeeded: XENABI_IOCTL_PRIVCMD_MMAPBATCH_V2))
    /// `IOCTL_PRIVCMD_DM_OP`
    public static let dmOp = Int32(bitPattern: UInt32(truncatingIfNeeded: XENABI_IOCTL_PRIVCMD_DM_OP))
    /// `IOCTL_PRIVCMD_RESTRICT`
    public static let restrict = Int32(bitPattern: UInt32(truncatingIfNeeded: XENABI_IOCTL_PRIVCMD_RESTRICT))
    /// `IOCTL_PRIVCMD_MMAP_RESOURCE`
    public static let mmapResource = Int32(bitPattern: UInt32(truncatingIfNeeded: XENABI_IOCTL_PRIVCMD_MMAP_RESOURCE))
}

/// Opens the first of `candidates` that exists, read-write, close-on-exec
/// (libxentoolcore's order: the /dev node, then xenfs's). A missing node
/// means "not in a Xen domain" (or the module is not loaded); any other
/// failure is a system error.
func openXenDevice(_ candidates: [String]) throws(PrivcmdError) -> (Int32, String) {
    for p in candidates {
        let fd = system_open(p, O_RDWR | O_CLOEXEC)
        if fd >= 0 { return (fd, p) }
        let e = system_errno
        if e == .noSuchFileOrDirectory || e == .noSuchDevice || e == .noSuchDeviceOrAddress { continue }
        throw .system(operation: "open \(p)", e)
    }
    throw .notInXenDomain(path: candidates[0])
}
