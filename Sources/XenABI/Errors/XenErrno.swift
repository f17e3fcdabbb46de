import CXen

/// A Xen errno value (`enum xen_errno` from `public/errno.h`), positive.
/// Hypercalls return its negation.
public struct XenErrno: RawRepresentable, Error, Hashable, Sendable, CustomStringConvertible {
    /// The positive errno number as Xen defines it.
    public let rawValue: Int32

    /// Wraps a Xen errno number.
    @inlinable public init(rawValue: Int32) { self.rawValue = rawValue }

    @inlinable init(_ e: xen_errno) { rawValue = Int32(e.rawValue) }

    /// The value a hypercall returns for this error (`-errno`).
    @inlinable public var returnValue: Int64 { -Int64(rawValue) }

    /// `XEN_EPERM`
    public static let EPERM = XenErrno(XEN_EPERM)
    /// `XEN_ENOENT`
    public static let ENOENT = XenErrno(XEN_ENOENT)
    /// `XEN_ESRCH`
    public static let ESRCH = XenErrno(XEN_ESRCH)
    /// `XEN_EIO`
    public static let EIO = XenErrno(XEN_EIO)
    /// `XEN_ENXIO`
    public static let ENXIO = XenErrno(XEN_ENXIO)
    /// `XEN_E2BIG`
    public static let E2BIG = XenErrno(XEN_E2BIG)
    /// `XEN_EBADF`
    public static let EBADF = XenErrno(XEN_EBADF)
    /// `XEN_EAGAIN`
    public static let EAGAIN = XenErrno(XEN_EAGAIN)
    /// `XEN_ENOMEM`
    public static let ENOMEM = XenErrno(XEN_ENOMEM)
    /// `XEN_EACCES`
    public static let EACCES = XenErrno(XEN_EACCES)
    /// `XEN_EFAULT`
    public static let EFAULT = XenErrno(XEN_EFAULT)
    /// `XEN_EBUSY`
    public static let EBUSY = XenErrno(XEN_EBUSY)
    /// `XEN_EEXIST`
    public static let EEXIST = XenErrno(XEN_EEXIST)
    /// `XEN_EXDEV`
    public static let EXDEV = XenErrno(XEN_EXDEV)
    /// `XEN_ENODEV`
    public static let ENODEV = XenErrno(XEN_ENODEV)
    /// `XEN_EINVAL`
    public static let EINVAL = XenErrno(XEN_EINVAL)
    /// `XEN_ENFILE`
    public static let ENFILE = XenErrno(XEN_ENFILE)
    /// `XEN_EMFILE`
    public static let EMFILE = XenErrno(XEN_EMFILE)
    /// `XEN_ENOSPC`
    public static let ENOSPC = XenErrno(XEN_ENOSPC)
    /// `XEN_EROFS`
    public static let EROFS = XenErrno(XEN_EROFS)
    /// `XEN_EMLINK`
    public static let EMLINK = XenErrno(XEN_EMLINK)
    /// `XEN_EDOM`
    public static let EDOM = XenErrno(XEN_EDOM)
    /// `XEN_ERANGE`
    public static let ERANGE = XenErrno(XEN_ERANGE)
    /// `XEN_EDEADLK`
    public static let EDEADLK = XenErrno(XEN_EDEADLK)
    /// `XEN_ENAMETOOLONG`
    public static let ENAMETOOLONG = XenErrno(XEN_ENAMETOOLONG)
    /// `XEN_ENOLCK`
    public static let ENOLCK = XenErrno(XEN_ENOLCK)
    /// `XEN_ENOSYS`
    public static let ENOSYS = XenErrno(XEN_ENOSYS)
    /// `XEN_ENOTEMPTY`
    public static let ENOTEMPTY = XenErrno(XEN_ENOTEMPTY)
    /// `XEN_ENODATA`
    public static let ENODATA = XenErrno(XEN_ENODATA)
    /// `XEN_ETIME`
    public static let ETIME = XenErrno(XEN_ETIME)
    /// `XEN_EBADMSG`
    public static let EBADMSG = XenErrno(XEN_EBADMSG)
    /// `XEN_EOVERFLOW`
    public static let EOVERFLOW = XenErrno(XEN_EOVERFLOW)
    /// `XEN_EILSEQ`
    public static let EILSEQ = XenErrno(XEN_EILSEQ)
    /// `XEN_ENOTSOCK`
    public static let ENOTSOCK = XenErrno(XEN_ENOTSOCK)
    /// `XEN_EOPNOTSUPP`
    public static let EOPNOTSUPP = XenErrno(XEN_EOPNOTSUPP)
    /// `XEN_EADDRINUSE`
    public static let EADDRINUSE = XenErrno(XEN_EADDRINUSE)
    /// `XEN_EADDRNOTAVAIL`
    public static let EADDRNOTAVAIL = XenErrno(XEN_EADDRNOTAVAIL)
    /// `XEN_ENOBUFS`
    public static let ENOBUFS = XenErrno(XEN_ENOBUFS)
    /// `XEN_EISCONN`
    public static let EISCONN = XenErrno(XEN_EISCONN)
    /// `XEN_ENOTCONN`
    public static let ENOTCONN = XenErrno(XEN_ENOTCONN)
    /// `XEN_ETIMEDOUT`
    public static let ETIMEDOUT = XenErrno(XEN_ETIMEDOUT)
    /// `XEN_ECONNREFUSED`
    public static let ECONNREFUSED = XenErrno(XEN_ECONNREFUSED)

    /// Every errno `public/errno.h` names, for printing.
    public static let named: [(String, XenErrno)] = [
        ("EPERM", .EPERM), ("ENOENT", .ENOENT), ("ESRCH", .ESRCH), ("EIO", .EIO),
        ("ENXIO", .ENXIO), ("E2BIG", .E2BIG), ("EBADF", .EBADF), ("EAGAIN", .EAGAIN),
        ("ENOMEM", .ENOMEM), ("EACCES", .EACCES), ("EFAULT", .EFAULT), ("EBUSY", .EBUSY),
        ("EEXIST", .EEXIST), ("EXDEV", .EXDEV), ("ENODEV", .ENODEV), ("EINVAL", .EINVAL),
        ("ENFILE", .ENFILE), ("EMFILE", .EMFILE), ("ENOSPC", .ENOSPC), ("EROFS", .EROFS),
        ("EMLINK", .EMLINK), ("EDOM", .EDOM), ("ERANGE", .ERANGE), ("EDEADLK", .EDEADLK),
        ("ENAMETOOLONG", .ENAMETOOLONG), ("ENOLCK", .ENOLCK), ("ENOSYS", .ENOSYS),
        ("ENOTEMPTY", .ENOTEMPTY), ("ENODATA", .ENODATA), ("ETIME", .ETIME),
        ("EBADMSG", .EBADMSG), ("EOVERFLOW", .EOVERFLOW), ("EILSEQ", .EILSEQ),
("ENOTSOCK", .ENOTSOCK), ("EOPNOTSUPP", .EOPNOTSUPP),
        ("EADDRINUSE", .EADDRINUSE), ("EADDRNOTAVAIL", .EADDRNOTAVAIL), ("ENOBUFS", .ENOBUFS),
        ("EISCONN", .EISCONN), ("ENOTCONN", .ENOTCONN), ("ETIMEDOUT", .ETIMEDOUT),
        ("ECONNREFUSED", .ECONNREFUSED),
    ]

    /// The errno's C name, e.g. `EFAULT`.
    public var name: String {
        XenErrno.named.first { $0.1 == self }?.0 ?? "errno \(rawValue)"
    }

    public var description: String { "-\(name) (-\(rawValue))" }
}
