// Drives the mock syscalls, which exist only with ENABLE_MOCKING (debug builds).
#if ENABLE_MOCKING
#if canImport(Glibc)
import Glibc
#endif
import Testing
@_spi(Testing) @testable import Privcmd
import XenABI

@Suite("hypercall buffer pool")
struct PoolTests {
    @Test("without /dev/xen/hypercall: anonymous pages, DONTFORK, touched, page-aligned")
    func anonymousFallback() throws {
        let k = FakeKernel()
        var advice: [Int32] = []
        let inner = k.mock.handler
        k.mock.handler = { call in
            if case .madvise(_, _, let a) = call { advice.append(a) }
            return inner(call)
        }
        let (backing, page) = try k.run { () throws in
            let pool = try HypercallBufferPool(chunkPages: 4)
            return (pool.backing, try pool.allocatePage())
        }
        #expect(backing == .anonymous(locked: true))
        #expect(UInt(bitPattern: page) % 4096 == 0)
        #expect(advice == [MADV_DONTFORK])
        #expect(k.mock.log.contains("mmap"))
    }

    @Test("on this host for real: allocate, write, free, reuse (LIFO), multi-page runs")
    func realPages() throws {
        let pool = try HypercallBufferPool(devicePath: nil, chunkPages: 8)
        let a = try pool.allocatePage()
        let b = try pool.allocatePage()
        #expect(a != b)
        a.storeBytes(of: 0xdead_beef, as: UInt64.self)
        #expect(pool.freePageCount == 6)
        pool.freePage(a)
        #expect(pool.freePageCount == 7)
        #expect(try pool.allocatePage() == a)
        let run = try pool.allocate(pages: 3)
        #expect(run.pageCount == 3)
        run.bytes.storeBytes(of: 1, toByteOffset: 3 * 4096 - 8, as: UInt64.self)
        pool.free(run)
        #expect(throws: PrivcmdError.invalidRequest("cannot allocate 0 pages")) { try pool.allocate(pages: 0) }
    }

    @Test("concurrent allocate/free never hands one page to two users")
    func concurrent() async throws {
        let pool = try HypercallBufferPool(devicePath: nil, chunkPages: 4)
        let clashes = try await withThrowingTaskGroup(of: Int.self) { group in
            for id in 1 ... 8 {
                group.addTask {
                    var clashes = 0
                    for _ in 0 ..< 2000 {
                        let p = try pool.allocatePage()
                        (p + 64).storeBytes(of: UInt64(id), as: UInt64.self)
                        for _ in 0 ..< 10 { if (p + 64).load(as: UInt64.self) != UInt64(id) { clashes += 1 } }
                        pool.freePage(p)
                    }
                    return clashes
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(clashes == 0)
    }

    @Test("bounce buffers: in copies in, out copies back, inOut both")
    func bounce() throws {
        let pool = try HypercallBufferPool(devicePath: nil)
        var user: [UInt8] = [1, 2, 3, 4, 5]
        try user.withUnsafeMutableBytes { u in
            let bi = try pool.bounce(u, direction: .in)
            #expect(Array(UnsafeRawBufferPointer(start: bi.buffer.address, count: 5)) == [1, 2, 3, 4, 5])
            bi.buffer.address.storeBytes(of: 9, as: UInt8.self)
            pool.unbounce(bi)
            #expect(u[0] == 1)  // an input is never copied back

            let bo = try pool.bounce(u, direction: .out)
            #expect(Array(UnsafeRawBufferPointer(start: bo.buffer.address, count: 5)) == [0, 0, 0, 0, 0])
            bo.buffer.address.storeBytes(of: 7, as: UInt8.self)
            pool.unbounce(bo)
            #expect(u[0] == 7)

            u[4] = 5
            let r = try pool.withBounce(u, direction: .inOut) { (b: BounceBuffer) -> Int in
                let v = b.buffer.address.load(fromByteOffset: 4, as: UInt8.self)
                b.buffer.address.storeBytes(of: v * 10, toByteOffset: 4, as: UInt8.self)
                return Int(v)
            }
            #expect(try r.get() == 5)
            #expect(u[4] == 50)
        }
    }

    @Test("frame numbers from pagemap: PFN bits, absent pages and hidden PFNs are typed errors")
    func frames() throws {
        let k = FakeKernel()
        k.pagemap = { vpn in vpn % 3 == 0 ? (1 << 63) | UInt64(0x5000 + vpn % 1000) : (vpn % 3 == 1 ? (1 << 63) : 0) }
        try k.run { () throws in
            let pool = try HypercallBufferPool(devicePath: nil, chunkPages: 1)
            var p = try pool.allocatePage()
            while (UInt(bitPattern: p) >> 12) % 3 != 0 { p = try pool.allocatePage() }
            #expect(try pool.frameNumber(of: p) == 0x5000 + UInt64((UInt(bitPattern: p) >> 12) % 1000))
            #expect(throws: PrivcmdError.frameNumbersUnavailable("/proc/self/pagemap hides PFNs (needs CAP_SYS_ADMIN)")) {
                try pool.frameNumber(of: p + 4096)
            }
            #expect(throws: PrivcmdError.frameNumbersUnavailable("page not present")) { try pool.frameNumber(of: p + 8192) }
        }
    }

    @Test("pagemap of this process for real (root sees PFNs)")
    func realPagemap() throws {
        guard getuid() == 0 else { return }
        let pool = try HypercallBufferPool(devicePath: nil)
        let p = try pool.allocatePage()
        #expect(try pool.frameNumber(of: p) > 0)
    }
}
#endif
