import SoftTLB

/// A table shape and an access stream, shared by `xenabi bench` and the
/// package-benchmark suite so both measure the same thing.
///
/// Small entries: `count` entries of 4 pages each with a one-page gap after
/// each (so there is somewhere to miss), at a user-space VA, backed by
/// shuffled GPAs. Giant: one 64 GiB entry at the x86-64 Linux direct-map
/// base. Accesses: `addressCount` (a power of two, 65536 by default) chunks
/// of 64 bytes at seeded-random entries and offsets, never crossing a page
/// (one `__hvm_copy` chunk each). Every run continues the stream where the
/// last one stopped (`position`), so short runs (package-benchmark's 1000
/// lookups per iteration) do not replay one short sequence that the branch
/// predictor could learn.
public final class SoftTLBWorkload {
    /// Entries in ascending VA order.
    public let entries: [TLBEntry]
    /// The shared table holding `entries`.
    public let table: SoftTLBTable
    /// A vCPU's cursor on `table`, warmed by one pass over `addresses`.
    public let cursor: SoftTLBCursor
    /// Access addresses (each with `chunk` bytes).
    public let addresses: UnsafeMutableBufferPointer<UInt64>
    /// Entries as a contiguous buffer for the baselines.
    public let entryBuffer: UnsafeMutableBufferPointer<TLBEntry>
    /// Bytes per access.
    public let chunk: UInt64 = 64
    /// The address space every lookup runs in (the entries are global, as a
    /// kernel registers its buffers, so any root hits them).
    public static let root: UInt64 = 0x1000
    /// `addresses.count - 1`.
    public var mask: Int { addresses.count - 1 }
    /// Where the next run starts in `addresses`.
    public var position = 0

    /// VA of the first small entry.
    public static let smallBase: UInt64 = 0x7f12_0000_0000
    /// Linux x86-64 direct-map base (`__PAGE_OFFSET` without KASLR).
    public static let directMapBase: UInt64 = 0xffff_8880_0000_0000

    /// Access pattern.
    public enum Pattern: Sendable {
        /// Inside registered entries.
        case hit
        /// In the gaps between entries (a full front-cache and binary-search miss).
        case miss
    }

    /// `count` small entries (or, with `giant`, one 64 GiB entry), accessed by `pattern`.
    public init(count: Int, giant: Bool = false, pattern: Pattern = .hit, addressCount: Int = 1 << 16, seed: UInt64 = 1) {
        precondition(addressCount > 0 && addressCount & (addressCount - 1) == 0)
        var rng = BenchRNG(seed: seed)
        let page = TLBEntry.pageSize
        var list: [TLBEntry] = []
        if giant {
            list = [TLBEntry(va: Self.directMapBase, gpa: 0, size: 64 << 30)]
        } else {
            var frames = Array(0 ..< UInt64(count))
            frames.shuffle(using: &rng)
            list = (0 ..< count).map { i in
                TLBEntry(va: Self.smallBase + UInt64(i) * 5 * page, gpa: 0x1_0000_0000 + frames[i] * 4 * page, size: 4 * page)
            }
        }
        entries = list
        table = SoftTLBTable(capacity: max(SoftTLBTable.defaultCapacity, count))
        try! table.insert(contentsOf: list)  // built disjoint above
        addresses = .allocate(capacity: addressCount)
        for k in 0 ..< addressCount {
            let e = list[Int.random(in: 0 ..< list.count, using: &rng)]
            let a: UInt64
            switch pattern {
            case .hit:
                let pages = e.size / page
                a = e.va + UInt64.random(in: 0 ..< pages, using: &rng) * page + UInt64.random(in: 0 ... (page - 64), using: &rng)
            case .miss:
                a = e.end + UInt64.random(in: 0 ... (page - 64), using: &rng)  // the gap page after the entry
            }
            addresses[k] = a
        }
        entryBuffer = .allocate(capacity: list.count)
        _ = entryBuffer.initialize(from: list)
        cursor = SoftTLBCursor(table: table)
        for a in addresses { _ = cursor.translate(a, length: chunk, root: Self.root) }
        cursor.resetStats()
    }

    deinit {
        addresses.deallocate()
        entryBuffer.deallocate()
    }

    /// `n` cursor lookups; returns a checksum of the GPAs.
    @inlinable
    public func runCursor(_ n: Int) -> UInt64 {
        var sum: UInt64 = 0
        let c = cursor, a = addresses.baseAddress!, m = mask, len = chunk
        for i in position ..< position &+ n { sum &+= c.translate(a[i & m], length: len, root: Self.root) ?? 1 }
        position = (position &+ n) & m
        return sum
    }

    /// `n` lookups straight in the shared snapshot (no front cache).
    @inlinable
    public func runSnapshot(_ n: Int) -> UInt64 {
        var sum: UInt64 = 0
        let s = table.snapshot, a = addresses.baseAddress!, m = mask, len = chunk
        for i in position ..< position &+ n { sum &+= s.translate(a[i & m], length: len, root: Self.root) ?? 1 }
        position = (position &+ n) & m
        return sum
    }

    /// `n` linear scans.
    @inlinable
    public func runLinearScan(_ n: Int) -> UInt64 {
        var sum: UInt64 = 0
        let e = UnsafeBufferPointer(entryBuffer), a = addresses.baseAddress!, m = mask, len = chunk
        for i in position ..< position &+ n { sum &+= SoftTLBBaselines.linearScan(e, a[i & m], length: len) ?? 1 }
        position = (position &+ n) & m
        return sum
    }

    /// `n` textbook binary searches.
    @inlinable
    public func runBinarySearch(_ n: Int) -> UInt64 {
        var sum: UInt64 = 0
        let e = UnsafeBufferPointer(entryBuffer), a = addresses.baseAddress!, m = mask, len = chunk
        for i in position ..< position &+ n { sum &+= SoftTLBBaselines.binarySearch(e, a[i & m], length: len) ?? 1 }
        position = (position &+ n) & m
        return sum
    }

    /// `n` iterations of the access loop alone (address load and sum): the
    /// harness overhead included in every figure above.
    @inlinable
    public func runEmpty(_ n: Int) -> UInt64 {
        var sum: UInt64 = 0
        let a = addresses.baseAddress!, m = mask
        for i in position ..< position &+ n { sum &+= a[i & m] }
        position = (position &+ n) & m
        return sum
    }
}

/// SplitMix64, so every run builds the same tables and streams.
public struct BenchRNG: RandomNumberGenerator, Sendable {
    var state: UInt64
    /// A generator seeded with `seed`.
    public init(seed: UInt64) { state = seed }
    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
