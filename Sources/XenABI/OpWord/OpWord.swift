import CXen

/// The first hypercall argument of the physical-address ABI: the hypercall
/// number in bits 0-11, the buffer flavour in bits 12-13, bits 14-63 reserved.
///
/// Mirrors `XENABI_OP_*` in `xenabi_ext.h`. Building one from parts cannot
/// fail; reading one from a guest word can (`OpWord(validating:)`).
public struct OpWord: Hashable, Sendable, CustomStringConvertible {
    /// The raw 64-bit word as it travels in the first argument register.
    public let rawValue: UInt64

    // Computed and inlinable, folded to constants: a stored global costs a
    // `swift_once` check per use, on every encode and dispatch.

    /// Bits of the hypercall number (`XENABI_OP_NUMBER_MASK`).
    @inlinable public static var numberMask: UInt64 { UInt64(XENABI_OP_NUMBER_MASK) }
    /// Shift of the flavour field (`XENABI_OP_FLAVOUR_SHIFT`).
    @inlinable public static var flavourShift: UInt64 { UInt64(XENABI_OP_FLAVOUR_SHIFT) }
    /// Width mask of the flavour field (`XENABI_OP_FLAVOUR_MASK`).
    @inlinable public static var flavourMask: UInt64 { UInt64(XENABI_OP_FLAVOUR_MASK) }
    /// First reserved bit (`XENABI_OP_RESERVED_SHIFT`).
    @inlinable public static var reservedShift: UInt64 { UInt64(XENABI_OP_RESERVED_SHIFT) }

    /// An op word for `number` in `flavour`.
    @inlinable
    public init(_ number: HypercallNumber, flavour: Flavour = .linear) {
        rawValue = UInt64(number.rawValue) | UInt64(flavour.rawValue) << OpWord.flavourShift
    }

    /// Reads an op word as a guest sent it. Reserved bits set are `-ENOSYS`,
    /// as the hypervisor answers an op it does not know.
    @inlinable
    public init(validating raw: UInt64) throws(OpWordError) {
        if raw >> OpWord.reservedShift != 0 { throw .reservedBits(raw) }
        rawValue = raw
    }

    /// The hypercall number, bits 0-11.
    @inlinable public var number: HypercallNumber {
        HypercallNumber(rawValue: UInt16(truncatingIfNeeded: rawValue & OpWord.numberMask))
    }

    /// The buffer flavour, bits 12-13 (all four values are defined).
    @inlinable public var flavour: Flavour {
        Flavour(rawValue: UInt8(truncatingIfNeeded: (rawValue >> OpWord.flavourShift) & OpWord.flavourMask))!
    }

    /// The same call in another flavour.
    @inlinable public func with(flavour: Flavour) -> OpWord { OpWord(number, flavour: flavour) }

    public var description: String {
        "0x" + String(rawValue, radix: 16) + " (\(number), \(flavour))"
    }
}

/// Why a guest word is not a valid op word.
public enum OpWordError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Bits 14-63 are not zero.
    case reservedBits(UInt64)

    /// The errno the hypervisor answers with: `-ENOSYS`.
    public var errno: XenErrno { .ENOSYS }

    public var description: String {
        switch self {
        case .reservedBits(let raw):
            "op word 0x\(String(raw, radix: 16)) has reserved bits 14-63 set (ENOSYS)"
        }
    }
}
