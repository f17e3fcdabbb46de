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
    @_alwaysEmitIntoClient public static var EPERM: XenErrno { XenErrno(XEN_EPERM) }
    /// `XEN_ENOENT`
    @_alwaysEmitIntoClient public static var ENOENT: XenErrno { XenErrno(XEN_ENOENT) }
    /// `XEN_ESRCH`
    @_alwaysEmitIntoClient public static var ESRCH: XenErrno { XenErrno(XEN_ESRCH) }
    /// `XEN_EIO`
    @_alwaysEmitIntoClient public static var EIO: XenErrno { XenErrno(XEN_EIO) }
    /// `XEN_ENXIO`
    @_alwaysEmitIntoClient public static var ENXIO: XenErrno { XenErrno(XEN_ENXIO) }
    /// `XEN_E2BIG`
    @_alwaysEmitIntoClient public static var E2BIG: XenErrno { XenErrno(XEN_E2BIG) }
    /// `XEN_EBADF`
    @_alwaysEmitIntoClient public static var EBADF: XenErrno { XenErrno(XEN_EBADF) }
    /// `XEN_EAGAIN`
    @_alwaysEmitIntoClient public static var EAGAIN: XenErrno { XenErrno(XEN_EAGAIN) }
    /// `XEN_ENOMEM`
    @_alwaysEmitIntoClient public static var ENOMEM: XenErrno { XenErrno(XEN_ENOMEM) }
    /// `XEN_EACCES`
    @_alwaysEmitIntoClient public static var EACCES: XenErrno { XenErrno(XEN_EACCES) }
    /// `XEN_EFAULT`
    @_alwaysEmitIntoClient public static var EFAULT: XenErrno { XenErrno(XEN_EFAULT) }
    /// `XEN_EBUSY`
    @_alwaysEmitIntoClient public static var EBUSY: XenErrno { XenErrno(XEN_EBUSY) }
    /// `XEN_EEXIST`
    @_alwaysEmitIntoClient public static var EEXIST: XenErrno { XenErrno(XEN_EEXIST) }
    /// `XEN_EXDEV`
    @_alwaysEmitIntoClient public static var EXDEV: XenErrno { XenErrno(XEN_EXDEV) }
    /// `XEN_ENODEV`
    @_alwaysEmitIntoClient public static var ENODEV: XenErrno { XenErrno(XEN_ENODEV) }
    /// `XEN_EINVAL`
    @_alwaysEmitIntoClient public static var EINVAL: XenErrno { XenErrno(XEN_EINVAL) }
    /// `XEN_ENFILE`
    @_alwaysEmitIntoClient public static var ENFILE: XenErrno { XenErrno(XEN_ENFILE) }
    /// `XEN_EMFILE`
    @_alwaysEmitIntoClient public static var EMFILE: XenErrno { XenErrno(XEN_EMFILE) }
    /// `XEN_ENOSPC`
    @_alwaysEmitIntoClient public static var ENOSPC: XenErrno { XenErrno(XEN_ENOSPC) }
    /// `XEN_EROFS`
    @_alwaysEmitIntoClient public static var EROFS: XenErrno { XenErrno(XEN_EROFS) }
    /// `XEN_EMLINK`
    @_alwaysEmitIntoClient public static var EMLINK: XenErrno { XenErrno(XEN_EMLINK) }
    /// `XEN_EDOM`
    @_alwaysEmitIntoClient public static var EDOM: XenErrno { XenErrno(XEN_EDOM) }
    /// `XEN_ERANGE`
    @_alwaysEmitIntoClient public static var ERANGE: XenErrno { XenErrno(XEN_ERANGE) }
    /// `XEN_EDEADLK`
    @_alwaysEmitIntoClient public static var EDEADLK: XenErrno { XenErrno(XEN_EDEADLK) }
    /// `XEN_ENAMETOOLONG`
    @_alwaysEmitIntoClient public static var ENAMETOOLONG: XenErrno { XenErrno(XEN_ENAMETOOLONG) }
    /// `XEN_ENOLCK`
    @_alwaysEmitIntoClient public static var ENOLCK: XenErrno { XenErrno(XEN_ENOLCK) }
    /// `XEN_ENOSYS`
    @_alwaysEmitIntoClient public static var ENOSYS: XenErrno { XenErrno(XEN_ENOSYS) }
    /// `XEN_ENOTEMPTY`
    @_alwaysEmitIntoClient public static var ENOTEMPTY: XenErrno { XenErrno(XEN_ENOTEMPTY) }
    /// `XEN_ENODATA`
    @_alwaysEmitIntoClient public static var ENODATA: XenErrno { XenErrno(XEN_ENODATA) }
    /// `XEN_ETIME`
    @_alwaysEmitIntoClient public static var ETIME: XenErrno { XenErrno(XEN_ETIME) }
    /// `XEN_EBADMSG`
    @_alwaysEmitIntoClient public static var EBADMSG: XenErrno { XenErrno(XEN_EBADMSG) }
    /// `XEN_EOVERFLOW`
    @_alwaysEmitIntoClient public static var EOVERFLOW: XenErrno { XenErrno(XEN_EOVERFLOW) }
    /// `XEN_EILSEQ`
    @_alwaysEmitIntoClient public static var EILSEQ: XenErrno { XenErrno(XEN_EILSEQ) }
    /// `XEN_ENOTSOCK`
    @_alwaysEmitIntoClient public static var ENOTSOCK: XenErrno { XenErrno(XEN_ENOTSOCK) }
    /// `XEN_EOPNOTSUPP`
    @_alwaysEmitIntoClient public static var EOPNOTSUPP: XenErrno { XenErrno(XEN_EOPNOTSUPP) }
    /// `XEN_EADDRINUSE`
    @_alwaysEmitIntoClient public static var EADDRINUSE: XenErrno { XenErrno(XEN_EADDRINUSE) }
    /// `XEN_EADDRNOTAVAIL`
    @_alwaysEmitIntoClient public static var EADDRNOTAVAIL: XenErrno { XenErrno(XEN_EADDRNOTAVAIL) }
    /// `XEN_ENOBUFS`
    @_alwaysEmitIntoClient public static var ENOBUFS: XenErrno { XenErrno(XEN_ENOBUFS) }
    /// `XEN_EISCONN`
    @_alwaysEmitIntoClient public static var EISCONN: XenErrno { XenErrno(XEN_EISCONN) }
    /// `XEN_ENOTCONN`
    @_alwaysEmitIntoClient public static var ENOTCONN: XenErrno { XenErrno(XEN_ENOTCONN) }
    /// `XEN_ETIMEDOUT`
    @_alwaysEmitIntoClient public static var ETIMEDOUT: XenErrno { XenErrno(XEN_ETIMEDOUT) }
    /// `XEN_ECONNREFUSED`
    @_alwaysEmitIntoClient public static var ECONNREFUSED: XenErrno { XenErrno(XEN_ECONNREFUSED) }

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
