import CXen

/// Why a software-TLB operation was refused. Each case carries the Xen errno
/// (`public/errno.h`) that `VCPUOP_register_hcall_buffer` and
/// `VCPUOP_purge_hcall_buffers` return for it, so the hypervisor model can
/// hand it back unchanged.
public enum SoftTLBError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Misaligned va/gpa/size, size 0, a range that wraps, or a root with
    /// bits outside `TLBEntry.rootMask`: `XEN_EINVAL`.
    case invalidRange
    /// The range overlaps an entry of the same table that is global, or
    /// tagged with the same root, or the new entry is global: `XEN_EEXIST`.
    case overlap
    /// The table already holds `capacity` entries: `XEN_ENOSPC`.
    case tableFull

    /// The positive Xen errno number.
    public var xenErrno: Int32 {
        switch self {
        case .invalidRange: Int32(XEN_EINVAL.rawValue)
        case .overlap: Int32(XEN_EEXIST.rawValue)
        case .tableFull: Int32(XEN_ENOSPC.rawValue)
        }
    }

    public var description: String {
        switch self {
        case .invalidRange: "EINVAL: va, gpa and size must be page-aligned, size > 0, no wrap; a root only bits 12-51"
        case .overlap: "EEXIST: range overlaps a registered hypercall buffer"
        case .tableFull: "ENOSPC: software TLB is full"
        }
    }
}
