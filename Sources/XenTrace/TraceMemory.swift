import XenABI

/// A call's recorded regions as guest memory: reads at linear addresses
/// (the recording process's VAs) return the `before` bytes, spanning
/// adjacent regions; anything else is `-EFAULT`.
///
/// Lookups binary-search the sorted regions, then walk forward only over
/// the regions the access spans: an access costs O(log regions + its
/// bytes), never a scan of every region (a multicall of 65,536 entries,
/// each its own region, took minutes when each access scanned them all).
public struct TraceMemory: GuestMemoryReader, Sendable {
    /// The regions, sorted by address, not overlapping.
    public let regions: [TraceRegion]
    /// Read `after` bytes instead of `before`.
    public let useAfter: Bool
    /// The regions holding bytes (empty ones name no address), sorted:
    /// what lookups search.
    let filled: [TraceRegion]

    /// Memory over `regions` (sorted, as `TraceReader` returns them).
    public init(_ regions: [TraceRegion], after: Bool = false) {
        self.regions = regions
        useAfter = after
        filled = regions.contains { $0.length == 0 } ? regions.filter { $0.length > 0 } : regions
    }

    /// The index in `filled` of the region holding `address`, if any.
    func region(holding address: UInt64) -> Int? {
        // The last region starting at or below `address`.
        var lo = 0, hi = filled.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if filled[mid].address <= address { lo = mid + 1 } else { hi = mid }
        }
        guard lo > 0, address < filled[lo - 1].end else { return nil }
        return lo - 1
    }

    /// Calls `body` with each (region index, offset in it, count) covering
    /// `[address, address + count)`; false if a byte of it is not recorded.
    func spans(_ address: UInt64, count: Int, _ body: (Int, Int, Int) -> Void) -> Bool {
        if count == 0 { return true }
        let (end, overflow) = address.addingReportingOverflow(UInt64(count))
        guard !overflow, var i = region(holding: address) else { return false }
        var at = address, done = 0
        while true {
            let r = filled[i]
            let from = Int(at - r.address)
            let n = min(count - done, r.length - from)
            body(i, from, n)
            done += n
            at += UInt64(n)
            if at >= end { return true }
            // The next region must start where this one ends.
            i += 1
            guard i < filled.count, filled[i].address == at else { return false }
        }
    }

    /// Whether `[address, address + count)` is wholly recorded.
    public func contains(_ address: UInt64, count: Int) -> Bool {
        spans(address, count: count) { _, _, _ in }
    }

    /// Copies recorded bytes at `address` into `into`, or throws `EFAULT`.
    public func read(address: UInt64, into: UnsafeMutableRawBufferPointer) throws(XenErrno) {
        guard contains(address, count: into.count) else { throw .EFAULT }
        var done = 0
        _ = spans(address, count: into.count) { i, from, n in
            let r = filled[i]
            (useAfter ? r.afterBytes : r.before).withUnsafeBytes { s in
                (into.baseAddress! + done).copyMemory(from: s.baseAddress! + from, byteCount: n)
            }
            done += n
        }
    }

    public func read(handle: UInt64, flavour: Flavour, offset: Int, into: UnsafeMutableRawBufferPointer) throws(XenErrno) {
        guard flavour == .linear, offset >= 0 else { throw .EFAULT }
        let (start, overflow) = handle.addingReportingOverflow(UInt64(offset))
        guard !overflow else { throw .EFAULT }
        if into.count == 0 { return }
        try read(address: start, into: into)
    }

    /// The recorded byte at `address`, if recorded.
    public func byte(at address: UInt64) -> UInt8? {
        guard let i = region(holding: address) else { return nil }
        let r = filled[i]
        return (useAfter ? r.afterBytes : r.before)[Int(address - r.address)]
    }
}
