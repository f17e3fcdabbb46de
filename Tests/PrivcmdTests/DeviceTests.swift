// Drives the mock syscalls, which exist only with ENABLE_MOCKING (debug builds).
#if ENABLE_MOCKING
#if canImport(Glibc)
import Glibc
#endif
import CXen
import Testing
@_spi(Testing) @testable import Privcmd
import XenABI

@Suite("privcmd device and ioctls")
struct DeviceTests {
    @Test("off Xen, opening privcmd is a typed error naming the device")
    func offXenForReal() throws {
        // This host is no Xen domain; skip if the tests ever run inside one.
        guard access(Privcmd.devicePath, F_OK) != 0, access(Privcmd.xenfsPath, F_OK) != 0 else { return }
        #expect(throws: PrivcmdError.notInXenDomain(path: "/dev/xen/privcmd")) { try Privcmd() }
        #expect(PrivcmdError.notInXenDomain(path: "/dev/xen/privcmd").description
            == "/dev/xen/privcmd missing: not running in a Xen domain")
        #expect(throws: PrivcmdError.notInXenDomain(path: "/dev/xen/privcmd")) { try XenCall() }
    }

    @Test("both device paths missing: notInXenDomain from every entry point")
    func offXenMocked() {
        let k = FakeKernel()
        k.openable = []
        k.run {
            #expect(throws: PrivcmdError.notInXenDomain(path: Privcmd.devicePath)) { try Privcmd() }
            #expect(throws: PrivcmdError.notInXenDomain(path: Privcmd.devicePath)) { try XenCall() }
        }
        #expect(k.mock.log == ["open", "open", "open", "open"])
    }

    @Test("falls back to /proc/xen/privcmd")
    func xenfsFallback() throws {
        let k = FakeKernel()
        k.openable = [Privcmd.xenfsPath]
        let p = try k.run { try Privcmd() }
        #expect(p.path == Privcmd.xenfsPath)
        #expect(p.fd == 42)
    }

    @Test("other open failures are system errors, not 'not in Xen'")
    func openDenied() {
        let k = FakeKernel()
        k.mock.handler = { _ in .failure(.permissionDenied) }
        k.run {
            #expect(throws: PrivcmdError.system(operation: "open /dev/xen/privcmd", .permissionDenied)) { try Privcmd() }
        }
    }

    @Test("HYPERCALL passes the op word and five registers; negative answers become XenErrno")
    func hypercall() throws {
        let k = FakeKernel()
        var seen: [privcmd_hypercall_t] = []
        k.ioctl = { req, arg in
            guard req == ioctlHypercall else { return .failure(.notTTY) }
            let h = hypercallArgument(arg)
            seen.append(h)
            return h.arg.0 == 99 ? .failure(.notPermitted) : .value(0x40011)
        }
        try k.run { () throws in
            let p = try Privcmd()
            #expect(try p.hypercall(17, HypercallArgs([0, 1, 2, 3, 4])) == 0x40011)
            #expect(throws: PrivcmdError.hypercall(.EPERM)) { try p.hypercall(17, HypercallArgs([99])) }
            #expect(p.hypercallResult(17, HypercallArgs([99])) == -Int64(EPERM))
        }
        #expect(seen.count == 3)
        #expect(seen[0].op == 17 && seen[0].arg.1 == 1 && seen[0].arg.4 == 4)
        #expect(UInt32(ioctlHypercall) == 0x305000)
    }

    @Test("RESTRICT passes a domid_t")
    func restrict() throws {
        let k = FakeKernel()
        var domid: UInt16 = 0
        k.ioctl = { req, arg in
            guard req == UInt(UInt32(bitPattern: PrivcmdIoctl.restrict)) else { return .failure(.notTTY) }
            domid = arg!.load(as: domid_t.self)
            return .value(0)
        }
        try k.run { try Privcmd().restrict(to: 7) }
        #expect(domid == 7)
    }

    @Test("MMAPBATCH_V2: per-frame errors survive -ENOENT; other failures unmap and throw")
    func mmapBatch() throws {
        let k = FakeKernel()
        var fail = false
        k.ioctl = { req, arg in
            guard req == UInt(UInt32(bitPattern: PrivcmdIoctl.mmapBatchV2)) else { return .failure(.notTTY) }
            let b = arg!.load(as: privcmd_mmapbatch_v2_t.self)
            if fail { return .failure(.invalidArgument) }
            #expect(b.num == 3 && b.dom == 5 && b.arr![1] == 0x2000)
            b.err![1] = -EINVAL
            return .failure(.noSuchFileOrDirectory)
        }
        let m = try k.run { try Privcmd().mapForeign(domain: 5, frames: [0x1000, 0x2000, 0x3000]) }
        #expect(m.errors == [0, -EINVAL, 0])
        #expect(m.pageCount == 3)
        fail = true
        k.run {
            #expect(throws: PrivcmdError.system(operation: "ioctl PRIVCMD_MMAPBATCH_V2", .invalidArgument)) {
                try Privcmd().mapForeign(domain: 5, frames: [1])
            }
        }
        #expect(k.mock.log.suffix(2) == ["munmap", "close"])
        k.run { #expect(throws: PrivcmdError.invalidRequest("mmapbatch needs 1... frames, got 0")) { try Privcmd().mapForeign(domain: 5, frames: []) } }
    }

    @Test("DM_OP passes one privcmd_dm_op_buf per buffer")
    func dmOp() throws {
        let k = FakeKernel()
        var sizes: [Int] = []
        k.ioctl = { req, arg in
            guard req == UInt(UInt32(bitPattern: PrivcmdIoctl.dmOp)) else { return .failure(.notTTY) }
            let op = arg!.load(as: privcmd_dm_op_t.self)
            for i in 0 ..< Int(op.num) { sizes.append(op.ubufs![i].size) }
            return op.dom == 3 ? .value(0) : .failure(.noSuchProcess)
        }
        let a = UnsafeMutableRawBufferPointer.allocate(byteCount: 16, alignment: 8)
        let b = UnsafeMutableRawBufferPointer.allocate(byteCount: 40, alignment: 8)
        defer { a.deallocate(); b.deallocate() }
        try k.run { () throws in
            #expect(try Privcmd().dmOp(domain: 3, buffers: [a, b]) == 0)
            #expect(throws: PrivcmdError.hypercall(.ESRCH)) { try Privcmd().dmOp(domain: 4, buffers: [a]) }
            #expect(throws: PrivcmdError.invalidRequest("dm_op needs 1...65535 buffers, got 0")) { try Privcmd().dmOp(domain: 3, buffers: []) }
        }
        #expect(sizes == [16, 40, 16])
    }

    @Test("MMAP_RESOURCE: size query and mapping")
    func resource() throws {
        let k = FakeKernel()
        k.ioctl = { req, arg in
            guard req == UInt(UInt32(bitPattern: PrivcmdIoctl.mmapResource)) else { return .failure(.notTTY) }
            let r = arg!.assumingMemoryBound(to: privcmd_mmap_resource_t.self)
            if r.pointee.addr == 0 { r.pointee.num = 32; return .value(0) }
            return r.pointee.idx + UInt32(r.pointee.num) <= 32 ? .value(0) : .failure(.invalidArgument)
        }
        try k.run { () throws in
            let p = try Privcmd()
            #expect(try p.resourceSize(domain: 1, type: 1, id: 0) == 32)
            #expect(try p.mapResource(domain: 1, type: 1, id: 0, frame: 0, count: 4).pageCount == 4)
            #expect(throws: PrivcmdError.system(operation: "ioctl PRIVCMD_MMAP_RESOURCE", .invalidArgument)) {
                try p.mapResource(domain: 1, type: 1, id: 0, frame: 30, count: 4)
            }
        }
    }
}

extension Errno {
    static let noSuchProcess = Errno(rawValue: ESRCH)
}
#endif
