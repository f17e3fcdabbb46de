import ScatterGather
import XenABI

/// Why a guest could not place a call.
public enum PlacementError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Guest memory, VA space or staging pages exhausted.
    case outOfMemory
    /// A descriptor could not be built: beyond its flavour's reach (`tooLarge`,
    /// when the linear fallback is refused), a `flat` buffer on frames that are
    /// not consecutive (`notContiguous`), no list page.
    case descriptor(buffer: Int, SGError)
    /// A page-table mapping failed at this linear address.
    case mapping(UInt64)
    /// A frame the space handed out is frame 0, which a physical handle
    /// cannot name (0 is the null handle).
    case frameZero(buffer: Int)

    /// The errno a library would report (`-ENOMEM`, `-E2BIG`, `-EINVAL`).
    public var errno: XenErrno {
        switch self {
        case .outOfMemory, .mapping: .ENOMEM
        case .descriptor(_, let e): XenErrno(e)
        case .frameZero: .EINVAL
        }
    }

    public var description: String {
        switch self {
        case .outOfMemory: "guest memory exhausted"
        case .descriptor(let i, let e): "buffer \(i): \(e)"
        case .mapping(let va): "cannot map 0x\(String(va, radix: 16))"
        case .frameZero(let i): "buffer \(i) is on frame 0, which no physical handle can name"
        }
    }
}
