import XenABI
/// What a guest frame is in the domain's physical-to-machine map: the
/// subset of Xen's `p2m_type_t` that decides whether a hypercall may touch it.
public enum P2MType: UInt8, Sendable, Hashable, CaseIterable {
    /// `p2m_ram_rw`: ordinary RAM.
    case ramRW
    /// `p2m_ram_ro`: RAM the guest may read; a hypercall's write to it is
    /// discarded and the copy succeeds (`p2m_is_discard_write`).
    case ramRO
    /// `p2m_invalid` / `p2m_mmio_dm`: no RAM behind the GFN.
    case notPresent
    /// `p2m_ram_paged`: paged out by a pager; not accessible until paged in.
    case pagedOut
}

/// The domain's P2M: a type per GFN, and for an encrypted guest (SEV,
/// TDX) whether the page is shared with the hypervisor. Private pages of an
/// encrypted guest are never accessible to Xen: neither data nor lists.
///
/// A value: a copy is independent of the original (copy on write).
public struct P2M: Sendable {
    /// Frames in the map: GFNs at or above are outside it.
    public let frameCount: UInt64
    /// The types and shared bits, shared by copies until one is changed.
    @usableFromInline var storage: P2MStorage

    /// All frames RAM read-write, all private.
    public init(frameCount: UInt64) {
        self.frameCount = frameCount
        storage = P2MStorage(count: Int(frameCount))
    }

    /// The type of `gfn` (`notPresent` outside the map).
    @inlinable public func type(of gfn: UInt64) -> P2MType {
        gfn < frameCount ? storage.types[Int(gfn)] : .notPresent
    }

    /// Sets the type of `gfn`.
    @inlinable public mutating func setType(_ t: P2MType, of gfn: UInt64) {
        precondition(gfn < frameCount, "GFN outside the P2M")
        unshare()
        storage.types[Int(gfn)] = t
    }

    /// Whether `gfn` is shared with the hypervisor (only meaningful when encrypted).
    @inlinable public func isShared(_ gfn: UInt64) -> Bool { gfn < frameCount && storage.shared[Int(gfn)] }

    /// Marks `gfn` shared (or private again).
    @inlinable public mutating func setShared(_ shared: Bool, _ gfn: UInt64) {
        precondition(gfn < frameCount, "GFN outside the P2M")
        unshare()
        storage.shared[Int(gfn)] = shared
    }

    /// Copy on write: the storage this value alone holds.
    @inlinable mutating func unshare() {
        if !isKnownUniquelyReferenced(&storage) { storage = P2MStorage(copying: storage) }
    }

    /// Whether Xen may access `gfn` on behalf of a hypercall, as
    /// `hvm_translate_get_page` (xen/arch/x86/hvm/hvm.c) decides for a copy
    /// and `check_frame` (hcall_phys.c) for the list walker: RAM, read-only
    /// RAM included (a write to it is discarded, not refused: see
    /// `discardsWrites`), and for an encrypted guest a page shared with the
    /// hypervisor. Answers nil when allowed, else `-EFAULT` (the copy fails).
    @inlinable
    public func check(_ gfn: UInt64, encrypted: Bool) -> XenErrno? {
        P2M.check(gfn, frameCount: frameCount, types: storage.types, shared: storage.shared, encrypted: encrypted)
    }

    /// `check` over the storage's buffers (the copy path reads them once per copy).
    @inlinable
    static func check(_ gfn: UInt64, frameCount: UInt64, types: UnsafeMutablePointer<P2MType>, shared: UnsafeMutablePointer<Bool>,
                      encrypted: Bool) -> XenErrno? {
        guard gfn < frameCount else { return .EFAULT }
        switch types[Int(gfn)] {
        case .ramRW, .ramRO: break
        case .notPresent, .pagedOut: return .EFAULT
        }
        if encrypted && !shared[Int(gfn)] { return .EFAULT }
        return nil
    }

    /// Whether a write to `gfn` is dropped while the copy still succeeds:
    /// `p2m_is_discard_write` (read-only RAM), which `__hvm_copy` skips for
    /// every guest write, linear and guest-physical alike.
    @inlinable
    public func discardsWrites(_ gfn: UInt64) -> Bool { gfn < frameCount && storage.types[Int(gfn)] == .ramRO }
}

/// A P2M's types and shared bits: fixed-size buffers rather than arrays,
/// so the copy path and the page walk read them through two `let`
/// pointers with no retain or exclusivity check per access.
@usableFromInline
final class P2MStorage: @unchecked Sendable {
    @usableFromInline let types: UnsafeMutablePointer<P2MType>
    @usableFromInline let shared: UnsafeMutablePointer<Bool>
    let count: Int

    init(count: Int) {
        self.count = count
        types = .allocate(capacity: max(count, 1))
        types.initialize(repeating: .ramRW, count: count)
        shared = .allocate(capacity: max(count, 1))
        shared.initialize(repeating: false, count: count)
    }

    @usableFromInline init(copying other: P2MStorage) {
        count = other.count
        types = .allocate(capacity: max(count, 1))
        types.initialize(from: other.types, count: count)
        shared = .allocate(capacity: max(count, 1))
        shared.initialize(from: other.shared, count: count)
    }

    deinit {
        types.deallocate()
        shared.deallocate()
    }
}
