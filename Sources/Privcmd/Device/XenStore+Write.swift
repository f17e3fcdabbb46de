#if canImport(Glibc)
import Glibc
#endif
import CXen
import XenABI

/// One entry of a xenstore node's permission list (`xs_wire.h`, the
/// `XS_GET_PERMS` / `XS_SET_PERMS` strings): the first entry names the
/// owner and what every domain not listed may do; the rest grant `domain`
/// its access.
public struct XenStorePermission: Hashable, Sendable, CustomStringConvertible {
    /// `n`, `r`, `w`, `b` (read and write).
    public enum Access: Character, Hashable, Sendable {
        case none = "n", read = "r", write = "w", both = "b"
    }
    /// The access letter.
    public var access: Access
    /// The domain.
    public var domain: UInt16

    /// A permission entry.
    public init(_ access: Access, _ domain: UInt16) { self.access = access; self.domain = domain }

    /// Parses `r5`, `n0`, ...
    public init?(_ text: some StringProtocol) {
        guard let c = text.first, let a = Access(rawValue: c), let d = UInt16(text.dropFirst()) else { return nil }
        self.init(a, d)
    }

    /// `r5`
    public var description: String { "\(access.rawValue)\(domain)" }
}

/// A xenstore transaction id (`XS_TRANSACTION_START`'s answer).
public struct XenStoreTransaction: Hashable, Sendable {
    /// The id xenstored gave (never 0: 0 is "no transaction").
    public let id: UInt32
}

/// Writes, removals, permissions and transactions (`XS_WRITE`, `XS_MKDIR`,
/// `XS_RM`, `XS_GET_PERMS`, `XS_SET_PERMS`, `XS_TRANSACTION_START/END`),
/// libxenstore's `xs_write`, `xs_mkdir`, `xs_rm`, `xs_get_permissions`,
/// `xs_set_permissions`, `xs_transaction_start`, `xs_transaction_end`.
extension XenStore {
    /// Sends one request (`payload` as given, in `transaction` or none) and
    /// returns the reply's payload, paired by `reply(to:)` (watch events met
    /// on the way are queued, stray replies fail only this request).
    /// `XS_ERROR` becomes `PrivcmdError.xenstore(path:errno)`, `ENOENT` included.
    func exchange(_ type: xsd_sockmsg_type, _ payload: [UInt8], transaction: UInt32 = 0, path: String) throws(PrivcmdError) -> [UInt8] {
        guard payload.count <= Int(XENSTORE_PAYLOAD_MAX) else {
            throw .invalidRequest("xenstore request of \(payload.count) bytes exceeds XENSTORE_PAYLOAD_MAX (\(XENSTORE_PAYLOAD_MAX))")
        }
        let id = nextRequest
        nextRequest &+= 1
        let header = xsd_sockmsg(type: type.rawValue, req_id: id, tx_id: transaction, len: UInt32(payload.count))
        let message = withUnsafeBytes(of: header) { Array($0) } + payload
        let n = try system_retrying("write \(self.path)", on: [.interrupted]) {
            message.withUnsafeBytes { system_write(fd, $0.baseAddress!, $0.count) }
        }
        if n < 0 { throw .system(operation: "write \(self.path)", system_errno) }
        guard n == message.count else { throw .xenstoreProtocol("short write: \(n) of \(message.count) bytes") }
        let (replyType, body) = try reply(to: id)
        if replyType == XS_ERROR.rawValue {
            let name = String(decoding: body.prefix { $0 != 0 }, as: UTF8.self)
            guard let e = XenErrno.named.first(where: { $0.0 == name })?.1 else {
                throw .xenstoreProtocol("XS_ERROR '\(name)' for \(path)")
            }
            throw .xenstore(path: path, e)
        }
        guard replyType == type.rawValue else { throw .xenstoreReply(request: id, .wrongType(got: replyType, expected: type.rawValue)) }
        return body
    }

    /// `path` as a payload: its bytes and a NUL, checked like `request` checks keys.
    static func pathPayload(_ path: String) throws(PrivcmdError) -> [UInt8] {
        let bytes = Array(path.utf8)
        guard !bytes.isEmpty, !bytes.contains(0), bytes.count <= Int(XENSTORE_ABS_PATH_MAX) else {
            throw .invalidRequest("xenstore path of \(bytes.count) bytes (1 to \(XENSTORE_ABS_PATH_MAX), no NUL)")
        }
        return bytes + [0]
    }

    /// Writes `value` at `key` (`XS_WRITE`), creating the node and missing parents.
    public func write(_ key: String, _ value: String, transaction: XenStoreTransaction? = nil) throws(PrivcmdError) {
        try write(key, bytes: Array(value.utf8), transaction: transaction)
    }

    /// Writes raw bytes at `key` (`XS_WRITE`: path, NUL, the value without NUL).
    public func write(_ key: String, bytes: [UInt8], transaction: XenStoreTransaction? = nil) throws(PrivcmdError) {
        _ = try exchange(XS_WRITE, try XenStore.pathPayload(key) + bytes, transaction: transaction?.id ?? 0, path: key)
    }

    /// The value at `key` inside `transaction` (`XS_READ`), nil for `ENOENT`.
    public func read(_ key: String, transaction: XenStoreTransaction) throws(PrivcmdError) -> String? {
        do {
            return String(decoding: try exchange(XS_READ, try XenStore.pathPayload(key), transaction: transaction.id, path: key), as: UTF8.self)
        } catch .xenstore(_, .ENOENT) {
            return nil
        }
    }

    /// Creates `key` with an empty value if missing (`XS_MKDIR`).
    public func mkdir(_ key: String, transaction: XenStoreTransaction? = nil) throws(PrivcmdError) {
        _ = try exchange(XS_MKDIR, try XenStore.pathPayload(key), transaction: transaction?.id ?? 0, path: key)
    }

    /// Removes `key` and everything under it (`XS_RM`). Returns false when
    /// it did not exist (xenstored's `ENOENT` for a missing parent).
    @discardableResult
    public func remove(_ key: String, transaction: XenStoreTransaction? = nil) throws(PrivcmdError) -> Bool {
        do {
            _ = try exchange(XS_RM, try XenStore.pathPayload(key), transaction: transaction?.id ?? 0, path: key)
            return true
        } catch .xenstore(_, .ENOENT) {
            return false
        }
    }

    /// `key`'s permission list (`XS_GET_PERMS`), nil when it does not exist.
    public func permissions(_ key: String, transaction: XenStoreTransaction? = nil) throws(PrivcmdError) -> [XenStorePermission]? {
        let body: [UInt8]
        do {
            body = try exchange(XS_GET_PERMS, try XenStore.pathPayload(key), transaction: transaction?.id ?? 0, path: key)
        } catch .xenstore(_, .ENOENT) {
            return nil
        }
        var out: [XenStorePermission] = []
        for part in body.split(separator: 0) {
            let s = String(decoding: part, as: UTF8.self)
            guard let p = XenStorePermission(s) else { throw .xenstoreProtocol("permission '\(s)' of \(key)") }
            out.append(p)
        }
        guard !out.isEmpty else { throw .xenstoreProtocol("empty permission list of \(key)") }
        return out
    }

    /// Replaces `key`'s permission list (`XS_SET_PERMS`); the first entry
    /// is the owner and the default for unlisted domains.
    public func setPermissions(_ key: String, _ permissions: [XenStorePermission], transaction: XenStoreTransaction? = nil) throws(PrivcmdError) {
        guard !permissions.isEmpty else { throw .invalidRequest("a permission list needs its owner entry") }
        let body: [UInt8] = permissions.flatMap { (p: XenStorePermission) -> [UInt8] in Array(p.description.utf8) + [0] }
        _ = try exchange(XS_SET_PERMS, try XenStore.pathPayload(key) + body, transaction: transaction?.id ?? 0, path: key)
    }

    /// Starts a transaction (`XS_TRANSACTION_START`).
    public func startTransaction() throws(PrivcmdError) -> XenStoreTransaction {
        let body = try exchange(XS_TRANSACTION_START, [0], path: "(transaction)")
        let text = String(decoding: body.prefix { $0 != 0 }, as: UTF8.self)
        guard let id = UInt32(text), id != 0 else { throw .xenstoreProtocol("transaction id '\(text)'") }
        return XenStoreTransaction(id: id)
    }

    /// Ends `transaction` (`XS_TRANSACTION_END`), committing when `commit`.
    /// Returns false when xenstored answered `EAGAIN` (another writer
    /// conflicted: nothing was applied; start again), true otherwise.
    @discardableResult
    public func endTransaction(_ transaction: XenStoreTransaction, commit: Bool = true) throws(PrivcmdError) -> Bool {
        do {
            _ = try exchange(XS_TRANSACTION_END, [commit ? UInt8(ascii: "T") : UInt8(ascii: "F"), 0],
                             transaction: transaction.id, path: "(transaction \(transaction.id))")
            return true
        } catch .xenstore(_, .EAGAIN) {
            return false
        }
    }
}
