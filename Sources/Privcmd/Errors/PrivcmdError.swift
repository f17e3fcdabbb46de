import GuestPlacement
import XenABI

/// Why a privcmd operation failed. Every entry point of this module throws
/// this (typed throws), never traps: off Xen it is `notInXenDomain`.
public enum PrivcmdError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Neither `/dev/xen/privcmd` nor `/proc/xen/privcmd` exists: this is
    /// not a Xen domain (or xenfs / the `xen-privcmd` module is not loaded).
    case notInXenDomain(path: String)
    /// A syscall failed: its name and `errno`.
    case system(operation: String, Errno)
    /// The hypercall answered `-errno` (or privcmd refused it for Xen: a
    /// handle restricted with `IOCTL_PRIVCMD_RESTRICT` gets `EPERM`).
    /// Linux 6.1 passes any op word to Xen, flavour bits included.
    case hypercall(XenErrno)
    /// Frame numbers of pool pages are unreadable (`/proc/self/pagemap`
    /// shows PFNs only to `CAP_SYS_ADMIN`), so no physical handle can be built.
    case frameNumbersUnavailable(String)
    /// The request is not valid before any syscall (sizes, counts).
    case invalidRequest(String)
    /// Physical-flavour handles (`XENABI_OP_FLAVOUR_*` 1-3) would name the
    /// wrong memory or the null handle here, so none were built: why.
    case physicalPlacementRefused(PhysicalPlacementRefusal)
    /// The flavour transform could not place the call (`GuestPlacement`'s
    /// `PlacementError`): a `flat` buffer on frames that are not consecutive,
    /// a list page short, a buffer beyond reach where fallback is refused.
    case placement(PlacementError)
    /// A physical-flavour multicall's entries answered -ENOSYS, the clean
    /// probe showed the hypervisor lacks the ABI, yet other entries ran:
    /// re-sending only the rejected ones would run them out of order, and
    /// re-sending all would run the others twice, so nothing is re-sent.
    /// `results`: each entry's `multicall_entry.result`, in order.
    case multicallPartlyRan(results: [Int64])
    /// A syscall kept failing with a transient errno (`EINTR`, `EAGAIN`)
    /// for `tries` tries, the bound of the retry funnel.
    case retriesExhausted(operation: String, Errno, tries: Int)
    /// xenstored answered `XS_ERROR` with this errno name (`xs_wire.h`'s
    /// `xsd_errors`) for the request on `path`.
    case xenstore(path: String, XenErrno)
    /// The xenbus device sent a reply that breaks `xs_wire.h` (length,
    /// request id, type): what was wrong.
    case xenstoreProtocol(String)
    /// The reply to one request broke `xs_wire.h` in a way the connection
    /// recovers from (the message was skipped by its header length): only
    /// that request fails.
    case xenstoreReply(request: UInt32, XenStoreReplyFault)
    /// The call ran, but what Xen wrote back breaks the call's output
    /// layout (`HypercallOutputs`): a count past its buffer, a field outside
    /// it. Where and what (`DecodeError`).
    case outputs(DecodeError)

    /// The Xen errno this error stands for, where there is one.
    public var xenErrno: XenErrno? {
        switch self {
        case .hypercall(let e): e
        case .system(_, let e): XenErrno(rawValue: e.rawValue)
        case .notInXenDomain: .ENODEV
        case .frameNumbersUnavailable: .EPERM
        case .invalidRequest: .EINVAL
        case .physicalPlacementRefused: .EINVAL
        case .placement(let e): e.errno
        case .multicallPartlyRan: .ENOSYS
        case .retriesExhausted(_, let e, _): XenErrno(rawValue: e.rawValue)
        case .xenstore(_, let e): e
        case .xenstoreProtocol, .xenstoreReply: .EIO
        case .outputs(let e): e.errno
        }
    }

    public var description: String {
        switch self {
        case .notInXenDomain(let path): "\(path) missing: not running in a Xen domain"
        case .system(let op, let e): "\(op): \(e)"
        case .hypercall(let e): "hypercall failed: \(e)"
        case .frameNumbersUnavailable(let why): "frame numbers unavailable: \(why)"
        case .invalidRequest(let why): "invalid request: \(why)"
        case .physicalPlacementRefused(let why): "no physical handles: \(why)"
        case .placement(let e): "placement: \(e)"
        case .multicallPartlyRan(let r): "multicall partly ran on a hypervisor without the physical ABI (results \(r)): not re-sent"
        case .retriesExhausted(let op, let e, let n): "\(op): \(e), \(n) tries"
        case .xenstore(let path, let e): "xenstore \(path): \(e)"
        case .xenstoreProtocol(let why): "xenstore protocol: \(why)"
        case .xenstoreReply(let id, let fault): "xenstore protocol: request \(id): \(fault)"
        case .outputs(let e): "outputs: \(e)"
        }
    }
}
