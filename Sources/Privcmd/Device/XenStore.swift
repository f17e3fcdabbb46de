#if canImport(Glibc)
import Glibc
#endif
import CXen
import XenABI

/// A xenstore connection through the kernel's xenbus device
/// (`drivers/xen/xenbus/xenbus_dev_frontend.c`), the way libxenstore talks
/// to xenstored from a domain without its Unix socket: one `xsd_sockmsg`
/// header and payload written per request, the reply read back whole
/// (`public/io/xs_wire.h`).
///
/// Every reply is checked as untrusted input: its length against
/// `XENSTORE_PAYLOAD_MAX`, its request id and its type; a bad one fails
/// only its request (`XenStore+Replies.swift`). Not `Sendable`:
/// requests and replies pair up on one file descriptor.
public final class XenStore {
    /// The file descriptor.
    public let fd: Int32
    /// The path that opened.
    public let path: String
    var nextRequest: UInt32 = 1
    /// `XS_WATCH_EVENT`s read while waiting for replies (`takeWatchEvents`).
    var watchEvents: [XenStoreWatchEvent] = []
    /// Watch events dropped because the queue was full.
    public internal(set) var droppedWatchEvents = 0

    /// `/dev/xen/xenbus`, the device node of current kernels.
    public static let devicePath = "/dev/xen/xenbus"
    /// `/proc/xen/xenbus`, xenfs's node.
    public static let xenfsPath = "/proc/xen/xenbus"
    /// Bytes of `struct xsd_sockmsg`.
    static let headerSize = MemoryLayout<xsd_sockmsg>.size

    /// Opens `path`, or by default `/dev/xen/xenbus` then `/proc/xen/xenbus`.
    public init(path: String? = nil) throws(PrivcmdError) {
        (fd, self.path) = try openXenDevice(path.map { [$0] } ?? [XenStore.devicePath, XenStore.xenfsPath])
    }

    deinit { _ = system_close(fd) }

    /// The value at `key` (`XS_READ`), or nil when xenstored answers `ENOENT`.
    public func read(_ key: String) throws(PrivcmdError) -> String? {
        guard let body = try request(XS_READ, key) else { return nil }
        return String(decoding: body, as: UTF8.self)
    }

    /// The children of `key` (`XS_DIRECTORY`), or nil when it does not exist.
    public func directory(_ key: String) throws(PrivcmdError) -> [String]? {
        guard let body = try request(XS_DIRECTORY, key) else { return nil }
        return body.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Sends one request whose payload is `key` and its NUL, outside any
    /// transaction; returns the reply's payload, or nil for `ENOENT`.
    func request(_ type: xsd_sockmsg_type, _ key: String) throws(PrivcmdError) -> [UInt8]? {
        // The one path check every request makes (`pathPayload`).
        let payload = try XenStore.pathPayload(key)
        let id = nextRequest
        nextRequest &+= 1
        let header = xsd_sockmsg(type: type.rawValue, req_id: id, tx_id: 0, len: UInt32(payload.count))
        let message = withUnsafeBytes(of: header) { Array($0) } + payload
        // The device takes a message in one write (it queues it whole).
        // Linux 6.1's xenbus_file_write locks uninterruptibly and never
        // answers EINTR itself; where a kernel does, write(2) reports EINTR
        // only before any byte is taken (POSIX), so a retry sends it once.
        let n = try system_retrying("write \(path)", on: [.interrupted]) {
            message.withUnsafeBytes { system_write(fd, $0.baseAddress!, $0.count) }
        }
        if n < 0 { throw .system(operation: "write \(path)", system_errno) }
        guard n == message.count else { throw .xenstoreProtocol("short write: \(n) of \(message.count) bytes") }

        let (replyType, body) = try reply(to: id)
        if replyType == XS_ERROR.rawValue {
            let name = String(decoding: body.prefix { $0 != 0 }, as: UTF8.self)
            if name == "ENOENT" { return nil }
            guard let e = XenErrno.named.first(where: { $0.0 == name })?.1 else {
                throw .xenstoreProtocol("XS_ERROR '\(name)' for \(key)")
            }
            throw .xenstore(path: key, e)
        }
        guard replyType == type.rawValue else { throw .xenstoreReply(request: id, .wrongType(got: replyType, expected: type.rawValue)) }
        return body
    }

    /// Reads `count` bytes, across short reads.
    func readExactly(_ count: Int) throws(PrivcmdError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            // xenbus_file_read sleeps interruptibly for a reply and takes
            // nothing off the queue before it returns EINTR: retry.
            let n = try system_retrying("read \(path)", on: [.interrupted]) {
                out.withUnsafeMutableBytes { system_read(fd, $0.baseAddress! + got, count - got) }
            }
            if n < 0 { throw .system(operation: "read \(path)", system_errno) }
            if n == 0 { throw .xenstoreProtocol("end of file after \(got) of \(count) bytes") }
            got += n
        }
        return out
    }
}
