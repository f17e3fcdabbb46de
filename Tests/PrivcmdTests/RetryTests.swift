// Drives the mock syscalls, which exist only with ENABLE_MOCKING (debug builds).
#if ENABLE_MOCKING
#if canImport(Glibc)
import Glibc
#endif
import CXen
import Testing
@_spi(Testing) @testable import Privcmd
import XenABI

/// The retry funnel (`system_retrying`): transient errnos injected into the
/// mock n times, then the kernel's answer; past the bound, the typed error.
@Suite("transient syscall errors")
struct RetryTests {
    /// A pool with one page and a pagemap that knows it.
    func pagemapKernel() -> FakeKernel {
        let k = FakeKernel()
        k.pagemap = { vpn in (1 << 63) | (0x9000 + UInt64(vpn % 0x1000)) }
        return k
    }

    @Test("pagemap pread: EINTR 3 times, then the frame; 4 preads")
    func preadRetried() throws {
        let k = pagemapKernel()
        let frame = try k.run { () throws in
            let pool = try HypercallBufferPool(devicePath: nil, chunkPages: 1)
            let p = try pool.allocatePage()
            k.mock.inject(.interrupted, times: 3, into: "pread")
            return try pool.frameNumber(of: p)
        }
        #expect(frame >= 0x9000)
        #expect(k.mock.log.filter { $0 == "pread" }.count == 4)
    }

    @Test("pagemap pread: EINTR past the bound is retriesExhausted after 64 tries")
    func preadBound() throws {
        let k = pagemapKernel()
        try k.run { () throws in
            let pool = try HypercallBufferPool(devicePath: nil, chunkPages: 1)
            let p = try pool.allocatePage()
            k.mock.inject(.interrupted, times: 64, into: "pread")
            #expect(throws: PrivcmdError.retriesExhausted(operation: "pread /proc/self/pagemap", .interrupted, tries: 64)) {
                try pool.frameNumber(of: p)
            }
            // 63 interruptions are within the bound.
            k.mock.inject(.interrupted, times: 63, into: "pread")
            #expect(try pool.frameNumber(of: p) >= 0x9000)
        }
    }

    @Test("pagemap pread: an errno that is not transient is not retried")
    func preadOther() throws {
        let k = pagemapKernel()
        try k.run { () throws in
            let pool = try HypercallBufferPool(devicePath: nil, chunkPages: 1)
            let p = try pool.allocatePage()
            k.mock.inject(.badAddress, times: 1, into: "pread")
            #expect(throws: PrivcmdError.system(operation: "pread /proc/self/pagemap", .badAddress)) { try pool.frameNumber(of: p) }
        }
        #expect(k.mock.log.filter { $0 == "pread" }.count == 1)
    }

    @Test("xenbus: EINTR on the request write and on the reply read is retried; past the bound, retriesExhausted")
    func xenbus() throws {
        let k = FakeKernel()
        let x = FakeXenstored()
        x.store = ["/local/domain/0/name": "Domain-0"]
        k.xenstored = x
        let v = try k.run { () throws in
            let s = try XenStore()
            k.mock.inject(.interrupted, times: 2, into: "write")
            k.mock.inject(.interrupted, times: 5, into: "read")
            return try s.read("/local/domain/0/name")
        }
        #expect(v == "Domain-0")
        #expect(x.requests.count == 1)  // the message went out once
        #expect(k.mock.log.filter { $0 == "write" }.count == 3)

        k.run {
            #expect(throws: PrivcmdError.retriesExhausted(operation: "read /dev/xen/xenbus", .interrupted, tries: 64)) {
                let s = try XenStore()
                k.mock.inject(.interrupted, times: 64, into: "read")
                _ = try s.read("/local/domain/0/name")
            }
            #expect(throws: PrivcmdError.retriesExhausted(operation: "write /dev/xen/xenbus", .interrupted, tries: 64)) {
                let s = try XenStore()
                k.mock.inject(.interrupted, times: 64, into: "write")
                _ = try s.read("/local/domain/0/name")
            }
        }
    }

    @Test("MMAPBATCH_V2: EAGAIN and EINTR retry the batch; past the bound, retriesExhausted and the range unmapped")
    func mmapBatch() throws {
        let k = FakeKernel()
        var batches = 0
        k.ioctl = { req, _ in
            guard req == UInt(UInt32(bitPattern: PrivcmdIoctl.mmapBatchV2)) else { return .failure(.notTTY) }
            batches += 1
            return .value(0)
        }
        let m = try k.run { () throws in
            let p = try Privcmd()
            k.mock.inject(.resourceTemporarilyUnavailable, times: 4, into: "ioctl")
            return try p.mapForeign(domain: 5, frames: [0x1000, 0x2000])
        }
        #expect(m.errors == [0, 0] && batches == 1)
        #expect(k.mock.log.filter { $0 == "ioctl" }.count == 5)

        k.run {
            #expect(throws: PrivcmdError.retriesExhausted(operation: "ioctl PRIVCMD_MMAPBATCH_V2", .interrupted, tries: 64)) {
                let p = try Privcmd()
                k.mock.inject(.interrupted, times: 64, into: "ioctl")
                _ = try p.mapForeign(domain: 5, frames: [0x1000])
            }
        }
        #expect(k.mock.log.suffix(2) == ["munmap", "close"])
    }

    @Test("HYPERCALL: EINTR is Xen's answer, thrown as hypercall(EINTR) after one ioctl, never re-sent")
    func hypercallNotRetried() throws {
        let k = FakeKernel()
        var calls = 0
        k.ioctl = { _, _ in calls += 1; return .value(0) }
        k.run {
            #expect(throws: PrivcmdError.hypercall(XenErrno(rawValue: EINTR))) {
                let p = try Privcmd()
                k.mock.inject(.interrupted, times: 1, into: "ioctl")
                _ = try p.hypercall(UInt64(HypercallNumber.xen_version.rawValue), HypercallArgs())
            }
        }
        #expect(k.mock.log.filter { $0 == "ioctl" }.count == 1 && calls == 0)
    }
}
#endif
