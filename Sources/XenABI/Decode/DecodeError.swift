/// Why a hypercall could not be decoded into its typed value, and where.
public struct DecodeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Hashable, Sendable {
        /// No typed decoder for this hypercall number.
        case unknownHypercall(HypercallNumber)
        /// The hypercall is known but this sub-op (cmd) is not typed.
        case unknownSubop(UInt64)
        /// A field holds a value the ABI does not allow.
        case invalid(String)
        /// A guest read failed with this errno.
        case unreadable(XenErrno)
        /// The op word has reserved bits set.
        case badOpWord(OpWordError)
        /// A multicall entry is itself a multicall.
        case nestedMulticall
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
    public var isUnknown: Bool {
        switch kind {
        case .unknownHypercall, .unknownSubop: true
        default: false
        }
    }

    /// The errno the hypervisor model answers for this call.
    public var errno: XenErrno {
        switch kind {
        case .unknownHypercall, .unknownSubop, .badOpWord: .ENOSYS
        case .invalid, .nestedMulticall: .EINVAL
        case .unreadable(let e): e
        }
    }

    public var description: String {
        switch kind {
        case .unknownHypercall(let n): "\(location): no typed decoder for hypercall \(n) (\(n.rawValue))"
        case .unknownSubop(let c): "\(location): unknown sub-op \(c)"
        case .invalid(let why): "\(location): \(why)"
        case .unreadable(let e): "\(location): guest memory unreadable (\(e))"
        case .badOpWord(let e): "\(location): \(e)"
        case .nestedMulticall: "\(location): multicall inside a multicall"
        }
    }
}
