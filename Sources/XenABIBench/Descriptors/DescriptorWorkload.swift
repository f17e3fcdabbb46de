import ScatterGather

/// Guest-side descriptor builds (`SGBuilder.build`) for one buffer size:
/// a contiguous buffer as `flat`, a scattered one as a one-level GFN list
/// (`gfnList`, up to `SGPage.maxOneLevel` pages) and, above that, as the
/// two-level list `tagged` chooses. List pages come from a preallocated
/// pool reset before each build, as a guest's per-CPU list pages would.
public final class DescriptorWorkload {
    /// Buffer size in bytes.
    public let size: UInt64
    /// GFNs of a contiguous buffer.
    public let contiguous: [UInt64]
    /// GFNs of a scattered buffer (seeded random, never adjacent).
    public let scattered: [UInt64]
    /// The list-page pool.
    public var pool: ListPagePool

    /// A workload for `size` bytes (page aligned, offset 0).
    public init(size: UInt64, seed: UInt64 = 7) {
        self.size = size
        let pages = Int(SGBuilder.pageCount(offset: 0, size: size))
        contiguous = (0 ..< UInt64(pages)).map { 0x10_0000 + $0 }
        var rng = BenchRNG(seed: seed)
        var g = (0 ..< UInt64(pages)).map { 0x20_0000 + 2 * $0 }
        g.shuffle(using: &rng)
        scattered = g
        pool = ListPagePool(pages: pages / Int(SGPage.slots) + 4)
    }

    /// Pages of the buffer.
    public var pages: Int { contiguous.count }

    /// `n` builds of `flavour` over `gfns`; returns a checksum of the handles.
    @inlinable
    public func run(_ n: Int, flavour: SGFlavour, scattered useScattered: Bool) -> UInt64 {
        var sum: UInt64 = 0
        var p = pool
        let gfns = useScattered ? scattered : contiguous
        for _ in 0 ..< n {
            p.reset()
            if let d = try? SGBuilder.build(offset: 0, gfns: gfns, flavour: flavour, allocator: &p) {
                sum &+= d.handle
            } else {
                sum &+= 1
            }
        }
        pool = p
        return sum
    }

    /// The floor a list build cannot beat: copying the GFN array into list
    /// pages (`memcpy` of 8 bytes per page), `n` times.
    public func runListCopy(_ n: Int) -> UInt64 {
        var sum: UInt64 = 0
        let bytes = min(scattered.count * 8, pool.words.count * 8)
        scattered.withUnsafeBytes { src in
            for _ in 0 ..< n {
                UnsafeMutableRawPointer(pool.words.baseAddress!).copyMemory(from: src.baseAddress!, byteCount: bytes)
                sum &+= pool.words[0]
            }
        }
        return sum
    }
}

/// A pool of list pages in host memory, standing in for guest frames
/// `base ..< base + pages`: `storeListWord` writes there.
public struct ListPagePool: SGListAllocator {
    /// The pages' words.
    public let words: UnsafeMutableBufferPointer<UInt64>
    /// GFN of the first pool page.
    public let base: UInt64 = 0x8_0000
    /// Pages handed out since the last reset.
    public var used: UInt64 = 0

    /// `pages` zeroed pages (kept for the process's lifetime, as a guest's are).
    public init(pages: Int) {
        words = .allocate(capacity: pages * Int(SGPage.slots))
        words.initialize(repeating: 0)
    }

    /// Hands every page back.
    @inlinable public mutating func reset() { used = 0 }

    @inlinable
    public mutating func allocateListPage() throws(SGError) -> UInt64 {
        guard (used + 1) * SGPage.slots <= UInt64(words.count) else { throw .noListPage }
        used += 1
        return base + used - 1
    }

    @inlinable
    public mutating func storeListWord(_ value: UInt64, at gpa: UInt64) {
        words[Int(((gpa >> SGPage.shift) - base) * SGPage.slots + (gpa & SGPage.mask) / 8)] = value
    }
}
