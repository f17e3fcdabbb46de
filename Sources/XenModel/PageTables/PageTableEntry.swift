import XenABI
/// An x86-64 paging-structure entry (PML4E, PDPTE, PDE, PTE), in the
/// architectural format of the Intel SDM vol. 3 §4.5 (4-level paging).
public struct PageTableEntry: RawRepresentable, Hashable, Sendable {
    /// The 64-bit entry as it sits in guest memory.
    public var rawValue: UInt64
    /// Wraps an entry.
    @inlinable public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// Bit 0, P: present.
    @inlinable public static var present: UInt64 { 1 << 0 }
    /// Bit 1, R/W: writes allowed.
    @inlinable public static var writable: UInt64 { 1 << 1 }
    /// Bit 2, U/S: user-mode accesses allowed.
    @inlinable public static var user: UInt64 { 1 << 2 }
    /// Bit 7, PS: a 1 GiB (PDPTE) or 2 MiB (PDE) page, not a table.
    @inlinable public static var pageSize: UInt64 { 1 << 7 }
    /// Bit 63, XD/NX: instruction fetches not allowed.
    @inlinable public static var noExecute: UInt64 { 1 << 63 }
    /// Bits 12-51: the physical address of the next table or the page.
    @inlinable public static var addressMask: UInt64 { 0x000f_ffff_ffff_f000 }

    /// An entry pointing at `gpa` (aligned as the level requires) with `flags`.
    @inlinable public init(gpa: UInt64, flags: UInt64) { rawValue = (gpa & PageTableEntry.addressMask) | flags }

    /// Whether P is set.
    @inlinable public var isPresent: Bool { rawValue & PageTableEntry.present != 0 }
    /// Whether R/W is set.
    @inlinable public var isWritable: Bool { rawValue & PageTableEntry.writable != 0 }
    /// Whether U/S is set.
    @inlinable public var isUser: Bool { rawValue & PageTableEntry.user != 0 }
    /// Whether PS is set.
    @inlinable public var isLarge: Bool { rawValue & PageTableEntry.pageSize != 0 }
    /// Whether XD is set.
    @inlinable public var isNoExecute: Bool { rawValue & PageTableEntry.noExecute != 0 }
    /// The address field.
    @inlinable public var address: UInt64 { rawValue & PageTableEntry.addressMask }
}

/// Mapping sizes of 4-level paging.
public enum PageMappingSize: UInt64, Sendable, CaseIterable {
    /// A PTE maps 4 KiB.
    case size4K = 0x1000
    /// A PDE with PS maps 2 MiB.
    case size2M = 0x20_0000
    /// A PDPTE with PS maps 1 GiB.
    case size1G = 0x4000_0000

    /// The level whose entry maps it (1 = PT, 2 = PD, 3 = PDPT).
    @inlinable var level: Int {
        switch self {
        case .size4K: 1
        case .size2M: 2
        case .size1G: 3
        }
    }
}

/// Access rights of one mapping.
public struct PageRights: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// R/W at every level.
    @inlinable public static var write: PageRights { PageRights(rawValue: 1) }
    /// U/S at every level.
    @inlinable public static var user: PageRights { PageRights(rawValue: 2) }
    /// XD on the leaf.
    @inlinable public static var noExecute: PageRights { PageRights(rawValue: 4) }
    /// Kernel data: writable, supervisor-only, not executable.
    @inlinable public static var kernelData: PageRights { [.write, .noExecute] }
}

/// The kind of access a walk checks rights for (Xen's `PFEC_*` bits).
public struct PageAccess: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// `PFEC_write_access`.
    @inlinable public static var write: PageAccess { PageAccess(rawValue: 1) }
    /// `PFEC_user_mode` (CPL 3).
    @inlinable public static var user: PageAccess { PageAccess(rawValue: 2) }
    /// `PFEC_insn_fetch`.
    @inlinable public static var fetch: PageAccess { PageAccess(rawValue: 4) }
}
