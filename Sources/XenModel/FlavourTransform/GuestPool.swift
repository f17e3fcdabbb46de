import XenABI
import GuestPlacement
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
    /// is sent `linear` instead (else the placement fails, -E2BIG): the
    /// transform's one policy, `LinearFallback`.
    public var fallback: LinearFallback
    /// Seed of the placement's randomness.
    public var seed: UInt64

    /// Options; the defaults are the library's: aligned, contiguous pool pages.
    public init(offsets: BufferOffsetPolicy = .pageAligned, scattered: Bool = false, fallback: LinearFallback = .allow, seed: UInt64 = 1) {
        self.offsets = offsets
        self.scattered = scattered
        self.fallback = fallback
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
