// Drives the mock syscalls, which exist only with ENABLE_MOCKING (debug builds).
#if ENABLE_MOCKING
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
    /// Answers the xenbus device (fd 44) when set.
    var xenstored: FakeXenstored?
    let mock = MockSyscalls()

    init() {
        mock.handler = { [unowned self] call in
            switch call {
            case .open(let path, _):
                if path == XenStore.devicePath { return xenstored == nil ? .failure(.noSuchFileOrDirectory) : .value(44) }
                return openable.contains(path) ? .value(path == HypercallBufferPool.pagemapPath ? 43 : 42) : .failure(.noSuchFileOrDirectory)
            case .close: return .value(0)
            case .ioctl(_, let request, let arg): return self.ioctl(request, arg)
            case .mmap(let length, let prot, let flags, let fd, let offset):
                // Device mappings become anonymous shared memory here.
                let f = fd >= 0 ? (flags & ~MAP_SHARED) | MAP_PRIVATE | MAP_ANONYMOUS : flags
                let p = Glibc.mmap(nil, length, prot, f, -1, off_t(offset))
                return p == MAP_FAILED ? .failure(Errno(rawValue: errno)) : .value(Int(bitPattern: p))
            case .munmap(let address, let length): return .value(Int(Glibc.munmap(address, length)))
            case .madvise(let address, let length, let advice): return .value(Int(Glibc.madvise(address, length, advice)))
            case .pread(_, let buffer, let count, let offset):
                guard count == 8, let e = self.pagemap(offset / 8) else { return .failure(.invalidArgument) }
                buffer.storeBytes(of: e, as: UInt64.self)
                return .value(8)
            case .write(let fd, let buffer, let count):
                guard fd == 44, let x = self.xenstored else { return .failure(Errno(rawValue: EBADF)) }
                return .value(x.receive(Array(UnsafeRawBufferPointer(start: buffer, count: count))))
            case .poll(let fd, _, _):
                return .value(fd == 44 && !(self.xenstored?.pending.isEmpty ?? true) ? 1 : 0)
            case .read(let fd, let buffer, let count):
                guard fd == 44, let x = self.xenstored else { return .failure(Errno(rawValue: EBADF)) }
                let chunk = x.send(max: count)
                chunk.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress!, byteCount: chunk.count) }
                return .value(chunk.count)
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

/// A fake xenstored behind the fake xenbus device: answers XS_READ and
/// XS_DIRECTORY from `store`, with knobs for hostile replies.
final class FakeXenstored: @unchecked Sendable {
    var store: [String: String] = [:]
    /// Paths answered with XS_ERROR and this errno name.
    var errors: [String: String] = [:]
    /// Rewrites each reply before it is read (to make it hostile).
    var tamper: (inout [UInt8]) -> Void = { _ in }
    /// Most bytes one read returns (to exercise short reads).
    var readLimit = Int.max
    var pending: [UInt8] = []
    /// Whole messages queued ahead of the next reply (strays, watch events), then cleared.
    var injectBefore: [[UInt8]] = []
    var requests: [(type: UInt32, path: String, id: UInt32)] = []

    func receive(_ message: [UInt8]) -> Int {
        let h = message.withUnsafeBytes { $0.loadUnaligned(as: xsd_sockmsg.self) }
        let path = String(decoding: message[16...].prefix { $0 != 0 }, as: UTF8.self)
        requests.append((h.type, path, h.req_id))
        var type = h.type
        var body: [UInt8]
        if let e = errors[path] {
            type = XS_ERROR.rawValue; body = Array(e.utf8) + [0]
        } else if h.type == XS_READ.rawValue, let v = store[path] {
            body = Array(v.utf8)
        } else if h.type == XS_DIRECTORY.rawValue {
            let prefix = path + "/"
            let kids = Set(store.keys.filter { $0.hasPrefix(prefix) }.map { $0.dropFirst(prefix.count).split(separator: "/")[0] })
            if kids.isEmpty { type = XS_ERROR.rawValue; body = Array("ENOENT".utf8) + [0] }
            else { body = kids.sorted().flatMap { Array($0.utf8) + [0] } }
        } else {
            type = XS_ERROR.rawValue; body = Array("ENOENT".utf8) + [0]
        }
        var reply = xsd_sockmsg(type: type, req_id: h.req_id, tx_id: 0, len: UInt32(body.count))
        var bytes = withUnsafeBytes(of: &reply) { Array($0) } + body
        tamper(&bytes)
        pending += injectBefore.flatMap { $0 } + bytes
        injectBefore = []
        return message.count
    }

    /// A whole `xsd_sockmsg` message of `type` with `body`.
    static func message(type: UInt32, id: UInt32, _ body: [UInt8]) -> [UInt8] {
        var h = xsd_sockmsg(type: type, req_id: id, tx_id: 0, len: UInt32(body.count))
        return withUnsafeBytes(of: &h) { Array($0) } + body
    }

    func send(max: Int) -> [UInt8] {
        let n = min(max, readLimit, pending.count)
        defer { pending.removeFirst(n) }
        return Array(pending.prefix(n))
    }
}

/// `XENVER_get_features` submap 0 bits the flavour policy reads.
enum Feature {
    /// `XENFEAT_hcall_phys_buffers` (bit 21).
    static let physBuffers: UInt32 = 1 << UInt32(XENFEAT_hcall_phys_buffers)
    /// `XENFEAT_auto_translated_physmap` (bit 2).
    static let translated: UInt32 = 1 << UInt32(XENFEAT_auto_translated_physmap)
    static let both = physBuffers | translated
}

extension FakeKernel {
    /// Lets `/dev/xen/hypercall` open, so pools are device-backed (pinned).
    func pinPool() { openable.insert(HypercallBufferPool.devicePath) }

    /// Answers `XENVER_get_features` submap 0 with `features` (the probe's
    /// buffer is a linear address), every other ioctl with `rest`.
    func answer(features: UInt32, _ rest: @escaping (privcmd_hypercall_t) -> MockSyscalls.Answer) {
        ioctl = { req, arg in
            guard req == ioctlHypercall else { return .failure(.notTTY) }
            let h = hypercallArgument(arg)
            if h.op == UInt64(HypercallNumber.xen_version.rawValue), h.arg.0 == UInt64(XENVER_get_features) {
                UnsafeMutableRawPointer(bitPattern: UInt(h.arg.1))!.storeBytes(of: features, toByteOffset: 4, as: UInt32.self)
                return .value(0)
            }
            return rest(h)
        }
    }
}

/// Whether `op` is the policy's `XENVER_get_features` probe (with its args).
func isFeatureProbe(_ h: privcmd_hypercall_t) -> Bool {
    h.op == UInt64(HypercallNumber.xen_version.rawValue) && h.arg.0 == UInt64(XENVER_get_features)
}
#endif
