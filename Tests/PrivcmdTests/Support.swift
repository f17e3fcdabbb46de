#if canImport(Glibc)
import Glibc
#endif
import CXen
@_spi(Testing) @testable import Privcmd
import XenABI

/// A fake kernel: privcmd opens as fd 42, anonymous memory and madvise are
/// real, `/dev/xen/hypercall` is missing, ioctls go to `ioctl`, pagemap reads to `pagemap`.
final class FakeKernel: @unchecked Sendable {
    var ioctl: (UInt, UnsafeMutableRawPointer?) -> MockSyscalls.Answer = { _, _ in .failure(.notTTY) }
    var pagemap: (Int) -> UInt64? = { _ in nil }
    var openable: Set<String> = [Privcmd.devicePath, HypercallBufferPool.pagemapPath]
    let mock = MockSyscalls()

    init() {
        mock.handler = { [unowned self] call in
            switch call {
            case .open(let path, _):
                return openable.contains(path) ? .value(path == HypercallBufferPool.pagemapPath ? 43 : 42) : .failure(.noSuchFileOrDirectory)
            case .close: return .value(0)
            case .ioctl(_, let request, let arg): return self.ioctl(request, arg)
            case .mmap(let length, let prot, let flags, let fd, let offset):
                // Device mappings become anonymous shared memory here.
                let f = fd >= 0 ? (flags & ~MAP_SHARED) | MAP_PRIVATE | MAP_ANONYMOUS : flags
                let p = Glibc.mmap(nil, length, prot, f, -1, off_t(offset))
                return p == MAP_FAILED ? .failure(Errno(rawValue: errno)) : .value(Int(bitPattern: p))
            case .munmap(let address, let length): return .value(Int(Glibc.munmap(address, length)))
            case .mlock: return .value(0)
            case .madvise(let address, let length, let advice): return .value(Int(Glibc.madvise(address, length, advice)))
            case .pread(_, let buffer, let count, let offset):
                guard count == 8, let e = self.pagemap(offset / 8) else { return .failure(.invalidArgument) }
                buffer.storeBytes(of: e, as: UInt64.self)
                return .value(8)
            }
        }
    }

    /// Runs `body` with this kernel answering every syscall of the module.
    @discardableResult
    func run<R>(_ body: () throws -> R) rethrows -> R {
        try MockSyscalls.$current.withValue(mock) { try body() }
    }
}

/// Decodes the `privcmd_hypercall_t` an ioctl received.
func hypercallArgument(_ arg: UnsafeMutableRawPointer?) -> privcmd_hypercall_t {
    arg!.load(as: privcmd_hypercall_t.self)
}

let ioctlHypercall = UInt(UInt32(bitPattern: PrivcmdIoctl.hypercall))
