#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Hypercall-safe memory: pages the hypervisor may read and write during a
/// hypercall without faulting (libxencall's `xencall_alloc_buffer_pages`).
///
/// Pages come from `/dev/xen/hypercall` (Linux's privcmd-buf: zeroed,
/// pinned, never migrated), or where that device is missing from anonymous
/// `MAP_LOCKED` memory with `MADV_DONTFORK` (so a fork never makes them
/// copy-on-write under a hypercall), each page touched once, as libxencall's
/// `osdep_alloc_pages` does. Single pages are recycled through a lock-free
/// free list; runs of several pages are mapped and unmapped per allocation.
public final class HypercallBufferPool: @unchecked Sendable {
    /// Where the pages come from.
    public enum Backing: Hashable, Sendable, CustomStringConvertible {
        /// `/dev/xen/hypercall` (privcmd-buf).
        case hypercallDevice
        /// Anonymous memory, locked if the rlimit allows (`locked`), `MADV_DONTFORK`.
        case anonymous(locked: Bool)

        public var description: String {
            switch self {
            case .hypercallDevice: HypercallBufferPool.devicePath
            case .anonymous(let locked): locked ? "anonymous MAP_LOCKED" : "anonymous (mlock refused)"
            }
        }
    }

    /// `/dev/xen/hypercall`.
    public static let devicePath = "/dev/xen/hypercall"
    /// 4 KiB.
    public static let pageSize = Privcmd.pageSize

    /// Where this pool's pages come from.
    public let backing: Backing
    let deviceFD: Int32
    let chunkPages: Int
    let free = PageFreeList()
    let chunks = Mutex<[(address: UInt, pages: Int)]>([])
    let pagemap = Mutex<Int32>(-1)
    let stats = Atomic<Int>(0)

    /// A pool over `devicePath` (nil: anonymous memory only). Never fails
    /// for a missing device: it falls back to anonymous memory. Single pages
    /// are mapped `chunkPages` at a time.
    public init(devicePath: String? = HypercallBufferPool.devicePath, chunkPages: Int = 16) throws(PrivcmdError) {
        guard chunkPages >= 1 else { throw .invalidRequest("chunkPages must be >= 1") }
        self.chunkPages = chunkPages
        var fd: Int32 = -1
        if let p = devicePath {
            fd = system_open(p, O_RDWR | O_CLOEXEC)
            if fd < 0 {
                let e = system_errno
                if e != .noSuchFileOrDirectory && e != .noSuchDevice && e != .noSuchDeviceOrAddress {
                    throw .system(operation: "open \(p)", e)
                }
            }
        }
        deviceFD = fd
        if fd >= 0 {
            backing = .hypercallDevice
        } else {
            // Probe whether locking works here (RLIMIT_MEMLOCK), once.
            let probe = system_mmap(HypercallBufferPool.pageSize, PROT_READ | PROT_WRITE,
                                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0)
            if let p = probe { _ = system_munmap(p, HypercallBufferPool.pageSize) }
            backing = .anonymous(locked: probe != nil)
        }
    }

    deinit {
        chunks.withLock { list in
            for c in list { _ = system_munmap(UnsafeMutableRawPointer(bitPattern: c.address)!, c.pages * HypercallBufferPool.pageSize) }
        }
        pagemap.withLock { fd in if fd >= 0 { _ = system_close(fd) } }
        if deviceFD >= 0 { _ = system_close(deviceFD) }
    }

    /// Maps `pages` fresh hypercall-safe pages (`osdep_alloc_pages`).
    func mapPages(_ pages: Int) throws(PrivcmdError) -> UnsafeMutableRawPointer {
        let size = pages * HypercallBufferPool.pageSize
        if deviceFD >= 0 {
            guard let p = system_mmap(size, PROT_READ | PROT_WRITE, MAP_SHARED, deviceFD, 0) else {
                throw .system(operation: "mmap \(HypercallBufferPool.devicePath)", system_errno)
            }
            return p
        }
        let locked = backing == .anonymous(locked: true)
        guard let p = system_mmap(size, PROT_READ | PROT_WRITE,
                                  MAP_PRIVATE | MAP_ANONYMOUS | (locked ? MAP_LOCKED : 0), -1, 0) else {
            throw .system(operation: "mmap anonymous", system_errno)
        }
        // Never copy these pages into a child: a fork would make them
        // copy-on-write while Xen writes them.
        if system_madvise(p, size, MADV_DONTFORK) < 0 {
            let e = system_errno
            _ = system_munmap(p, size)
            throw .system(operation: "madvise MADV_DONTFORK", e)
        }
        // Touch each page so none is still shared copy-on-write with a child
        // forked by another thread between mmap and madvise.
        for i in stride(from: 0, to: size, by: HypercallBufferPool.pageSize) {
            (p + i).storeBytes(of: 0, as: UInt8.self)
        }
        return p
    }

    /// One page, from the free list, else from a freshly mapped chunk.
    /// Reused pages hold what their last user left: senders write every byte they pass.
    public func allocatePage() throws(PrivcmdError) -> UnsafeMutableRawPointer {
        if let p = free.pop() { return p }
        return try refill()
    }

    /// Returns a page from `allocatePage` to the free list.
    public func freePage(_ page: UnsafeMutableRawPointer) {
        free.push(page)
    }

    func refill() throws(PrivcmdError) -> UnsafeMutableRawPointer {
        let base = try mapPages(chunkPages)
        chunks.withLock { $0.append((UInt(bitPattern: base), chunkPages)) }
        for i in 1 ..< chunkPages { free.push(base + i * HypercallBufferPool.pageSize) }
        return base
    }

    /// `pages` virtually contiguous pages: one from the free list, more
    /// freshly mapped (`xencall_alloc_buffer_pages`).
    public func allocate(pages: Int) throws(PrivcmdError) -> HypercallBuffer {
        guard pages >= 1, pages <= 1 << 20 else { throw .invalidRequest("cannot allocate \(pages) pages") }
        if pages == 1 { return HypercallBuffer(address: try allocatePage(), pageCount: 1) }
        return HypercallBuffer(address: try mapPages(pages), pageCount: pages)
    }

    /// Enough pages for `bytes` bytes (at least one).
    public func allocate(bytes: Int) throws(PrivcmdError) -> HypercallBuffer {
        guard bytes >= 0 else { throw .invalidRequest("negative size \(bytes)") }
        return try allocate(pages: max(1, (bytes + HypercallBufferPool.pageSize - 1) / HypercallBufferPool.pageSize))
    }

    /// Gives a buffer back (`xencall_free_buffer_pages`).
    public func free(_ buffer: HypercallBuffer) {
        if buffer.pageCount == 1 {
            free.push(buffer.address)
        } else {
            _ = system_munmap(buffer.address, buffer.pageCount * HypercallBufferPool.pageSize)
        }
    }

    /// Single pages waiting on the free list (walks it; not for hot paths).
    public var freePageCount: Int { free.count }
}

/// Pages from a `HypercallBufferPool`: page-aligned, hypercall-safe.
public struct HypercallBuffer: @unchecked Sendable, Hashable {
    /// The first byte (page-aligned).
    public let address: UnsafeMutableRawPointer
    /// Number of 4 KiB pages.
    public let pageCount: Int

    /// The bytes.
    @inlinable public var bytes: UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(start: address, count: pageCount * HypercallBufferPool.pageSize)
    }

    /// The address as a linear guest handle.
    @inlinable public var linearHandle: UInt64 { UInt64(UInt(bitPattern: address)) }

    /// A view of pages `range` of this buffer: for placement inside a larger
    /// mapping. Only the buffer the pool returned may be freed.
    public func pages(_ range: Range<Int>) -> HypercallBuffer {
        precondition(range.lowerBound >= 0 && range.upperBound <= pageCount, "pages \(range) of a \(pageCount)-page buffer")
        return HypercallBuffer(address: address + range.lowerBound * HypercallBufferPool.pageSize, pageCount: range.count)
    }
}
