#if canImport(Glibc)
import Glibc
#endif

/// A Linux `errno` value, as a syscall left it (swift-system's `Errno`,
/// without the dependency). Positive; `rawValue` is the C value.
public struct Errno: RawRepresentable, Error, Hashable, Sendable, CustomStringConvertible {
    /// The C `errno` value.
    public let rawValue: Int32

    /// Wraps a C `errno` value.
    @inlinable public init(rawValue: Int32) { self.rawValue = rawValue }

    /// The calling thread's `errno` now.
    @inlinable public static var current: Errno { Errno(rawValue: errno) }

    /// `ENOENT`
    public static let noSuchFileOrDirectory = Errno(rawValue: ENOENT)
    /// `EPERM`
    public static let notPermitted = Errno(rawValue: EPERM)
    /// `EACCES`
    public static let permissionDenied = Errno(rawValue: EACCES)
    /// `EINVAL`
    public static let invalidArgument = Errno(rawValue: EINVAL)
    /// `ENOSYS`
    public static let noFunction = Errno(rawValue: ENOSYS)
    /// `ENOMEM`
    public static let noMemory = Errno(rawValue: ENOMEM)
    /// `EFAULT`
    public static let badAddress = Errno(rawValue: EFAULT)
    /// `ENODEV`
    public static let noSuchDevice = Errno(rawValue: ENODEV)
    /// `ENXIO`
    public static let noSuchDeviceOrAddress = Errno(rawValue: ENXIO)
    /// `EAGAIN`
    public static let resourceTemporarilyUnavailable = Errno(rawValue: EAGAIN)
    /// `ENOTTY`
    public static let notTTY = Errno(rawValue: ENOTTY)
    /// `EINTR`
    public static let interrupted = Errno(rawValue: EINTR)

    /// `strerror`'s text.
    public var description: String {
        guard let s = strerror(rawValue) else { return "errno \(rawValue)" }
        return String(cString: s) + " (errno \(rawValue))"
    }
}
