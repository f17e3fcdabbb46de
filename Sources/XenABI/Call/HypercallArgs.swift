/// The five argument registers after the op word (x86_64: rdi, rsi, rdx,
/// r10, r8; arm64: x0-x4), as `privcmd_hypercall.arg[5]` carries them.
/// A fixed-size value: encoding a call allocates nothing for its registers.
public struct HypercallArgs: Hashable, Sendable, CustomStringConvertible {
    /// Argument registers 0-4.
    public var a0: UInt64, a1: UInt64, a2: UInt64, a3: UInt64, a4: UInt64

    /// The number of argument registers.
    public static let count = 5

    /// All zero.
    @inlinable public init() { a0 = 0; a1 = 0; a2 = 0; a3 = 0; a4 = 0 }

    /// From up to five values; the rest are zero.
    @inlinable public init(_ values: [UInt64]) {
        self.init()
        for (i, v) in values.prefix(5).enumerated() { self[i] = v }
    }

    /// Register `i`, 0...4.
    @inlinable public subscript(i: Int) -> UInt64 {
        get {
            switch i {
            case 0: a0
            case 1: a1
            case 2: a2
            case 3: a3
            case 4: a4
            default: preconditionFailure("hypercall argument \(i) out of 0...4")
            }
        }
        set {
            switch i {
            case 0: a0 = newValue
            case 1: a1 = newValue
            case 2: a2 = newValue
            case 3: a3 = newValue
            case 4: a4 = newValue
            default: preconditionFailure("hypercall argument \(i) out of 0...4")
            }
        }
    }

    /// The five values in order.
    public var array: [UInt64] { [a0, a1, a2, a3, a4] }

    public var description: String {
        "[" + array.map { "0x" + String($0, radix: 16) }.joined(separator: ", ") + "]"
    }
}
