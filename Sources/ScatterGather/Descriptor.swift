import CXen

/// The guest-physical page geometry every descriptor is expressed in:
/// 4 KiB pages, 8-byte list slots (`xen_ulong_t`), 512 slots per list page.
public enum SGPage {
    /// Bytes per page (`XEN_PAGE_SIZE` for 64-bit guests).
    public static let size: UInt64 = 4096
    /// log2 of `size`.
    public static let shift: UInt64 = 12
    /// `size - 1`.
    public static let mask: UInt64 = 4095
    /// Slots of a list page (`XENABI_GFN_LIST_SLOTS`).
    public static let slots = UInt64(XENABI_GFN_LIST_SLOTS)
    /// Data GFNs of a one-level list, after slot 0 (`XENABI_GFN_LIST_MAX_DATA`).
    public static let maxOneLevel = UInt64(XENABI_GFN_LIST_MAX_DATA)
    /// Data pages a two-level list reaches: 511 level-1 pages of 512 GFNs.
    public static let maxTwoLevel = UInt64(XENABI_GFN_LIST_MAX_DATA) * UInt64(XENABI_GFN_LIST_SLOTS)
}

/// How a physical handle is to be read: the three physical flavours of the
/// op word (`XENABI_FLAVOUR_FLAT`, `_GFN_LIST`, `_TAGGED`). `linear` is not
/// a descriptor: it is resolved by a page walk, not here.
public enum SGFlavour: UInt8, Sendable, Hashable, CaseIterable {
    /// `XENABI_FLAVOUR_FLAT`: the GPA of a contiguous buffer.
    case flat = 1
    /// `XENABI_FLAVOUR_GFN_LIST`: the GPA of a one-level GFN list, untagged.
    case gfnList = 2
    /// `XENABI_FLAVOUR_TAGGED`: a tagged descriptor (`XENABI_DESC_TAG_*`).
    case tagged = 3
}

/// The kind a descriptor resolves to (the tag of a `tagged` handle).
public enum SGKind: UInt8, Sendable, Hashable, CustomStringConvertible {
    /// `XENABI_DESC_TAG_FLAT`: a flat GPA.
    case flat = 0
    /// `XENABI_DESC_TAG_LIST1`: a one-level GFN list.
    case list1 = 1
    /// `XENABI_DESC_TAG_LIST2`: a two-level GFN list.
    case list2 = 2

    /// The tag's bits (`XENABI_DESC_TAG_MASK`).
    public static let tagMask = UInt64(XENABI_DESC_TAG_MASK)
    /// The reserved tag `XENABI_DESC_TAG_RESERVED`.
    public static let reservedTag = UInt64(XENABI_DESC_TAG_RESERVED)

    public var description: String {
        switch self {
        case .flat: "flat"
        case .list1: "list1"
        case .list2: "list2"
        }
    }
}

/// A descriptor as the guest side built it: the handle value to pass and
/// what it is, for tests and traces.
public struct SGDescriptor: Hashable, Sendable {
    /// The handle value for the call's flavour.
    public var handle: UInt64
    /// What the handle names.
    public var kind: SGKind
    /// List pages the descriptor uses (0 for flat).
    public var listPages: Int

    /// A descriptor.
    @inlinable public init(handle: UInt64, kind: SGKind, listPages: Int) {
        self.handle = handle
        self.kind = kind
        self.listPages = listPages
    }
}
