/// Why a hypercall could not be decoded into its typed value, and where.
///
/// Like apple/swift-binary-parsing's `ParsingError`, the error is a struct
/// whose `kind` is a struct with static members rather than a public enum:
/// a new kind is then an addition, not a source break for every client
/// that switched over the old ones. Compare kinds with `==` (each carries
/// its value: the sub-op, the errno, the reason).
public struct DecodeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong: one of the static members below.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        // Internal so cases can be added without breaking clients.
        enum Storage: Hashable, Sendable {
            case unknownHypercall(HypercallNumber)
            case unknownSubop(UInt64)
            case invalid(String)
            case unreadable(XenErrno)
            case badOpWord(OpWordError)
            case nestedMulticall
            case outOfBounds(offset: Int, count: Int, size: Int)
        }

        let storage: Storage

        /// No typed decoder for this hypercall number (`-ENOSYS`).
        public static func unknownHypercall(_ number: HypercallNumber) -> Kind { Kind(storage: .unknownHypercall(number)) }
        /// The hypercall is known but this sub-op (cmd) is not typed (`-ENOSYS`).
        public static func unknownSubop(_ cmd: UInt64) -> Kind { Kind(storage: .unknownSubop(cmd)) }
        /// A field holds a value the ABI does not allow (`-EINVAL`), and why.
        public static func invalid(_ reason: String) -> Kind { Kind(storage: .invalid(reason)) }
        /// A guest read failed with this errno (`-EFAULT` for an unreadable byte).
        public static func unreadable(_ errno: XenErrno) -> Kind { Kind(storage: .unreadable(errno)) }
        /// The op word has reserved bits set (`-ENOSYS`).
        public static func badOpWord(_ error: OpWordError) -> Kind { Kind(storage: .badOpWord(error)) }
        /// A multicall entry is itself a multicall (`-EINVAL`).
        public static var nestedMulticall: Kind { Kind(storage: .nestedMulticall) }
        /// A guest-chosen offset and count reach past the `size` bytes read
        /// (`-EINVAL`): the bounds check `GuestStruct` makes in every build.
        public static func outOfBounds(offset: Int, count: Int, size: Int) -> Kind {
            Kind(storage: .outOfBounds(offset: offset, count: count, size: size))
        }

        /// Whether the call is simply not typed: `.unknownHypercall` or `.unknownSubop`.
        public var isUnknown: Bool {
            switch storage {
            case .unknownHypercall, .unknownSubop: true
            default: false
            }
        }

        /// The errno the hypervisor model answers for this kind.
        public var errno: XenErrno {
            switch storage {
            case .unknownHypercall, .unknownSubop, .badOpWord: .ENOSYS
            case .invalid, .nestedMulticall, .outOfBounds: .EINVAL
            case .unreadable(let e): e
            }
        }

        public var description: String {
            switch storage {
            case .unknownHypercall(let n): "no typed decoder for hypercall \(n) (\(n.rawValue))"
            case .unknownSubop(let c): "unknown sub-op \(c)"
            case .invalid(let why): why
            case .unreadable(let e): "guest memory unreadable (\(e))"
            case .badOpWord(let e): "\(e)"
            case .nestedMulticall: "multicall inside a multicall"
            case .outOfBounds(let o, let n, let size): "\(n) bytes at offset \(o) lie outside the \(size) bytes read"
            }
        }
    }

    /// What went wrong.
    public var kind: Kind
    /// Where: the hypercall, sub-op and field path (`memory_op.increase_reservation.extent_start`).
    public var location: String

    /// An error of `kind` at `location`.
    public init(_ kind: Kind, at location: String) {
        self.kind = kind
        self.location = location
    }

    /// Whether the call is simply not typed (a trace check may count it as unknown).
    public var isUnknown: Bool { kind.isUnknown }

    /// The errno the hypervisor model answers for this call.
    public var errno: XenErrno { kind.errno }

    public var description: String { "\(location): \(kind)" }
}
