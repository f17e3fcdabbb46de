import ScatterGather
import CXen

/// How every guest handle of a hypercall is to be read: the buffer flavour,
/// carried in bits 12-13 of the op word (`XENABI_OP_FLAVOUR_*`).
public enum Flavour: UInt8, Sendable, CaseIterable, Hashable, CustomStringConvertible {
    /// A guest linear address, today's ABI (`XENABI_FLAVOUR_LINEAR`).
    case linear = 0
    /// The GPA of a buffer contiguous in guest-physical space (`XENABI_FLAVOUR_FLAT`).
    case flat = 1
    /// The GPA of a one-level GFN list (`XENABI_FLAVOUR_GFN_LIST`).
    case gfnList = 2
    /// A tagged descriptor: low two bits name its kind (`XENABI_FLAVOUR_TAGGED`).
    case tagged = 3

    /// Whether handles of this flavour are guest-physical (every flavour but `linear`).
    @inlinable public var isPhysical: Bool { self != .linear }

    /// The null handle of this flavour: 0 for `linear`, all-ones
    /// (`XENABI_PHYS_NULL_HANDLE`) for the physical flavours, since GPA 0 is RAM.
    @inlinable public var nullHandle: UInt64 {
        self == .linear ? 0 : Flavour.physicalNull
    }

    @inlinable static var physicalNull: UInt64 { UInt64(XENABI_PHYS_NULL_HANDLE) }

    /// Whether `handle` is null in this flavour, as Xen's
    /// `guest_handle_is_null` decides it with the series'
    /// `arch_guest_handle_is_null` (patch 0003): 0 in every flavour (Xen
    /// makes NULL handles of its own, which must stay null), and all-ones
    /// (`XENABI_PHYS_NULL_HANDLE`) too in the physical flavours.
    @inlinable public func isNull(_ handle: UInt64) -> Bool {
        handle == 0 || (self != .linear && handle == Flavour.physicalNull)
    }

    /// Whether handles of this flavour name list descriptors (`gfnList`,
    /// `tagged`; hcall_phys.h `hcall_phys_list`): they cannot be advanced.
    @inlinable public var isList: Bool { self == .gfnList || self == .tagged }

    /// The name used by Specs/ and the command line.
    public var description: String {
        switch self {
        case .linear: "linear"
        case .flat: "flat"
        case .gfnList: "gfnList"
        case .tagged: "tagged"
        }
    }

    /// Parses `linear`, `flat`, `gfnList` (or `gfn-list`) and `tagged`.
    public init?(name: String) {
        switch name.lowercased() {
        case "linear": self = .linear
        case "flat": self = .flat
        case "gfnlist", "gfn-list", "gfn_list": self = .gfnList
        case "tagged": self = .tagged
        default: return nil
        }
    }
}

extension Flavour {
    /// The descriptor flavour of a physical flavour (nil for `linear`,
    /// whose handles are virtual addresses): `XEN_HCALL_FLAVOUR_*` and
    /// `SGFlavour` share their values.
    @inlinable public var sgFlavour: SGFlavour? { SGFlavour(rawValue: rawValue) }
}
