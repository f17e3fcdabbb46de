#if canImport(Glibc)
import Glibc
#endif

/// Frame numbers of pool pages, for physical-flavour handles.
extension HypercallBufferPool {
    /// `/proc/self/pagemap`.
    public static let pagemapPath = "/proc/self/pagemap"

    /// The frame number backing the page at `address`, read from
    /// `/proc/self/pagemap` (bits 0-54: PFN, bit 63: present). In a PV
    /// domain that is the pseudo-physical frame Linux sees; in an HVM/PVH
    /// guest, the GFN. Linux shows a PFN of 0 to a caller without
    /// `CAP_SYS_ADMIN`: that is `frameNumbersUnavailable`.
    public func frameNumber(of address: UnsafeRawPointer) throws(PrivcmdError) -> UInt64 {
        let pfn = try pagemapPFN(of: address)
        guard pfn != 0 else { throw HypercallBufferPool.pfnsHidden }
        return pfn
    }

    /// The frame numbers of every page of `buffer`. All of them 0 is how
    /// Linux hides PFNs (`frameNumbersUnavailable`); a 0 among others is a
    /// real frame 0, returned as such (physical placement refuses it).
    public func frameNumbers(of buffer: HypercallBuffer) throws(PrivcmdError) -> [UInt64] {
        var frames: [UInt64] = []
        frames.reserveCapacity(buffer.pageCount)
        for i in 0 ..< buffer.pageCount {
            frames.append(try pagemapPFN(of: buffer.address + i * HypercallBufferPool.pageSize))
        }
        if frames.allSatisfy({ $0 == 0 }) { throw HypercallBufferPool.pfnsHidden }
        return frames
    }

    static var pfnsHidden: PrivcmdError {
        .frameNumbersUnavailable("\(pagemapPath) hides PFNs (needs CAP_SYS_ADMIN)")
    }

    /// The PFN field (bits 0-54) of the page's pagemap entry, 0 included.
    func pagemapPFN(of address: UnsafeRawPointer) throws(PrivcmdError) -> UInt64 {
        let fd = try pagemapFD()
        var entry: UInt64 = 0
        let offset = Int(UInt(bitPattern: address) / UInt(HypercallBufferPool.pageSize)) * 8
        // Linux 6.1's pagemap_read answers EINTR when its killable mmap
        // lock is interrupted; pread at an offset has no side effect, so a
        // retry is always safe.
        let path = HypercallBufferPool.pagemapPath
        let n = try system_retrying("pread \(path)", on: [.interrupted]) {
            withUnsafeMutableBytes(of: &entry) { system_pread(fd, $0.baseAddress!, 8, offset) }
        }
        if n < 0 { throw .system(operation: "pread \(path)", system_errno) }
        guard n == 8 else { throw .frameNumbersUnavailable("short read of \(path)") }
        guard entry >> 63 == 1 else { throw .frameNumbersUnavailable("page not present") }
        return entry & ((1 << 55) - 1)
    }

    func pagemapFD() throws(PrivcmdError) -> Int32 {
        let r: Result<Int32, PrivcmdError> = pagemap.withLock { fd in
            if fd >= 0 { return .success(fd) }
            let f = system_open(HypercallBufferPool.pagemapPath, O_RDONLY | O_CLOEXEC)
            if f < 0 { return .failure(.system(operation: "open \(HypercallBufferPool.pagemapPath)", system_errno)) }
            fd = f
            return .success(f)
        }
        return try r.get()
    }
}
