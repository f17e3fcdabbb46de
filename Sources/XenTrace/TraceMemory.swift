import XenABI

/// A call's recorded regions as guest memory: reads at linear addresses
/// (the recording process's VAs) return the `before` bytes, spanning
/// adjacent regions; anything else is `-EFAULT`.
public struct TraceMemory: GuestMemoryReader, Sendable {
    /// The regions, sorted by address.
    public let regions: [TraceRegion]
    /// Read `after` bytes instead of `before`.
    public let useAfter: Bool

    /// Memory over `regions` (sorted, as `TraceReader` returns them).
    public init(_ regions: [TraceRegion], after: Bool = false) {
        self.regions = regions
        useAfter = after
    }

    /// Whether `[address, address + count)` is wholly recorded.
    public func contains(_ address: UInt64, count: Int) -> Bool {
        var at = address
        let (end, overflow) = address.addingReportingOverflow(UInt64(count))
        guard !overflow else { return false }
        if count == 0 { return true }
        for r in regions where r.address <= at && at < r.end {
            at = r.end
            if at >= end { return true }
        }
        return false
    }

    /// Copies recorded bytes at `address` into `into`, or throws `EFAULT`.
    public func read(address: UInt64, into: UnsafeMutableRawBufferPointer) throws(XenErrno) {
        guard contains(address, count: into.count) else { throw .EFAULT }
        var at = address
        var done = 0
        for r in regions where done < into.count && r.address <= at && at < r.end {
            let from = Int(at - r.address)
            let n = min(into.count - done, r.length - from)
            let src = useAfter ? r.afterBytes : r.before
            src.withUnsafeBytes { s in (into.baseAddress! + done).copyMemory(from: s.baseAddress! + from, byteCount: n) }
            done += n
            at += UInt64(n)
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
        for r in regions where r.address <= address && address < r.end {
            return (useAfter ? r.afterBytes : r.before)[Int(address - r.address)]
        }
        return nil
    }
}
