import XenABI
import ScatterGather

/// Where the guest-side pool puts a buffer in its first page, for tests that
/// must exercise every offset the hypervisor side accepts.
public enum BufferOffsetPolicy: Sendable, Hashable {
    /// Page-aligned, as the library's own allocator gives (the default).
    case pageAligned
    /// A random byte offset 0..4095 (a caller buffer sent unbounced).
    case random
    /// Ending past a page boundary: the buffer straddles two pages or more.
    case straddle
    /// The given offset of each buffer, by buffer index (taken mod 4096;
    /// missing ones 0): a replay of recorded calls, whose buffers libxencall's
    /// `xencall_alloc_buffer` put 16 bytes into their mapping, behind its header.
    case given([UInt64])
}

/// How the guest places a call's buffers in its memory.
public struct GuestPlacementOptions: Sendable, Hashable {
    /// Offset of each buffer in its first page.
    public var offsets: BufferOffsetPolicy
    /// Whether a buffer's pages are scattered in guest-physical space
    /// (a `flat` handle then gets a contiguous bounce run instead).
    public var scattered: Bool
    /// Whether an owner whose buffers no descriptor of its flavour reaches
    /// is sent `linear` instead (else the placement fails, -E2BIG).
    public var allowLinearFallback: Bool
    /// Seed of the placement's randomness.
    public var seed: UInt64

    /// Options; the defaults are the library's: aligned, contiguous pool pages.
    public init(offsets: BufferOffsetPolicy = .pageAligned, scattered: Bool = false, allowLinearFallback: Bool = true, seed: UInt64 = 1) {
        self.offsets = offsets
        self.scattered = scattered
        self.allowLinearFallback = allowLinearFallback
        self.seed = seed
    }
}

/// A buffer as the guest placed it.
public struct PlacedBuffer: Hashable, Sendable {
    /// Its linear address (VA of the first byte).
    public var va: UInt64
    /// Byte offset in its first page.
    public var offset: UInt64
    /// The GFN of every page it spans.
    public var gfns: [UInt64]
    /// Its size.
    public var size: Int

    /// The GPA of its first byte.
    public var gpa: UInt64 { gfns[0] << 12 | offset }
}

/// The guest's hypercall-buffer allocator as the descriptor builder uses it:
/// whole zeroed pages of the domain, shared when the guest is encrypted.
struct DomainListAllocator: SGListAllocator {
    let domain: ModelDomain
    var pages: Int = 0

    mutating func allocateListPage() throws(SGError) -> UInt64 {
        guard let g = domain.allocateFrame() else { throw .noListPage }
        pages += 1
        return g
    }

    mutating func storeListWord(_ value: UInt64, at gpa: UInt64) {
        domain.memory.store64(value, gpa: gpa)
    }
}

/// Small xorshift generator for placements (repeatable from a seed).
struct PlacementRNG: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed == 0 ? 0x9e37_79b9_7f4a_7c15 : seed }
    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
}

/// Why the guest could not place a call.
public enum PlacementError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Guest memory or VA space exhausted.
    case outOfMemory
    /// A descriptor could not be built.
    case descriptor(SGError)
    /// A page-table mapping failed.
    case mapping(UInt64)

    /// The errno a library would report.
    public var errno: XenErrno {
        switch self {
        case .outOfMemory, .mapping: .ENOMEM
        case .descriptor(let e): XenErrno(e)
        }
    }

    public var description: String {
        switch self {
        case .outOfMemory: "guest memory exhausted"
        case .descriptor(let e): "descriptor: \(e)"
        case .mapping(let va): "cannot map 0x\(String(va, radix: 16))"
        }
    }
}
