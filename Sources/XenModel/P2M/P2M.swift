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
public struct P2M: Sendable {
    /// Frames in the map: GFNs at or above are outside it.
    public let frameCount: UInt64
    @usableFromInline var types: [P2MType]
    @usableFromInline var sharedBits: [Bool]

    /// All frames RAM read-write, all private.
    public init(frameCount: UInt64) {
        self.frameCount = frameCount
        types = Array(repeating: .ramRW, count: Int(frameCount))
        sharedBits = Array(repeating: false, count: Int(frameCount))
    }

    /// The type of `gfn` (`notPresent` outside the map).
    @inlinable public func type(of gfn: UInt64) -> P2MType {
        gfn < frameCount ? types[Int(gfn)] : .notPresent
    }

    /// Sets the type of `gfn`.
    @inlinable public mutating func setType(_ t: P2MType, of gfn: UInt64) { types[Int(gfn)] = t }

    /// Whether `gfn` is shared with the hypervisor (only meaningful when encrypted).
    @inlinable public func isShared(_ gfn: UInt64) -> Bool { gfn < frameCount && sharedBits[Int(gfn)] }

    /// Marks `gfn` shared (or private again).
    @inlinable public mutating func setShared(_ shared: Bool, _ gfn: UInt64) { sharedBits[Int(gfn)] = shared }

    /// Whether Xen may access `gfn` on behalf of a hypercall, as
    /// `hvm_translate_get_page` (xen/arch/x86/hvm/hvm.c) decides for a copy
    /// and `check_frame` (hcall_phys.c) for the list walker: RAM, read-only
    /// RAM included (a write to it is discarded, not refused: see
    /// `discardsWrites`), and for an encrypted guest a page shared with the
    /// hypervisor. Answers nil when allowed, else `-EFAULT` (the copy fails).
    @inlinable
    public func check(_ gfn: UInt64, encrypted: Bool) -> XenErrno? {
        guard gfn < frameCount else { return .EFAULT }
        switch types[Int(gfn)] {
        case .ramRW, .ramRO: break
        case .notPresent, .pagedOut: return .EFAULT
        }
        if encrypted && !sharedBits[Int(gfn)] { return .EFAULT }
        return nil
    }

    /// Whether a write to `gfn` is dropped while the copy still succeeds:
    /// `p2m_is_discard_write` (read-only RAM), which `__hvm_copy` skips for
    /// every guest write, linear and guest-physical alike.
    @inlinable
    public func discardsWrites(_ gfn: UInt64) -> Bool { gfn < frameCount && types[Int(gfn)] == .ramRO }
}
