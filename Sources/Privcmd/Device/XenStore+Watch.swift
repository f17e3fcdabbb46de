#if canImport(Glibc)
import Glibc
#endif
import CXen
import XenABI

/// One `XS_WATCH_EVENT`: the path that changed (at or under a watched
/// path) and the watch's token.
public struct XenStoreWatchEvent: Hashable, Sendable {
    /// The node that changed.
    public var path: String
    /// The token the watch was registered with.
    public var token: String

    /// An event.
    public init(path: String, token: String) { self.path = path; self.token = token }

    /// Parses the payload `path NUL token NUL`.
    init(_ body: [UInt8]) throws(PrivcmdError) {
        let parts = body.split(separator: 0, omittingEmptySubsequences: false)
        guard parts.count >= 2, !parts[0].isEmpty else { throw .xenstoreProtocol("watch event payload of \(body.count) bytes without path and token") }
        path = String(decoding: parts[0], as: UTF8.self)
        token = String(decoding: parts[1], as: UTF8.self)
    }
}

/// Watches on a xenstore connection of their own (`XS_WATCH`, `XS_UNWATCH`,
/// libxenstore's `xs_watch`, `xs_read_watch`, `xs_unwatch`). Events
/// arrive unasked on the connection that registered the watch, between
/// replies: kept in order and handed out by `next`. xenstored fires every
/// new watch once at once (the registration event).
public final class XenStoreWatcher {
    /// The connection the watches live on.
    public let store: XenStore
    /// Events read but not yet handed out, oldest first.
    public private(set) var queued: [XenStoreWatchEvent] = []

    /// Opens its own xenbus connection (`path` as for `XenStore`).
    public init(path: String? = nil) throws(PrivcmdError) {
        store = try XenStore(path: path)
    }

    /// Watches `path` and everything under it; events carry `token`.
    public func watch(_ path: String, token: String) throws(PrivcmdError) {
        let t = Array(token.utf8)
        guard !t.contains(0) else { throw .invalidRequest("watch token with a NUL") }
        _ = try store.exchange(XS_WATCH, try XenStore.pathPayload(path) + t + [0], path: path) { self.queued.append($0) }
    }

    /// Removes the watch registered with `path` and `token`.
    public func unwatch(_ path: String, token: String) throws(PrivcmdError) {
        _ = try store.exchange(XS_UNWATCH, try XenStore.pathPayload(path) + Array(token.utf8) + [0], path: path) { self.queued.append($0) }
    }

    /// The next event: a queued one, or one read within `timeoutMilliseconds`
    /// (negative: wait for ever). Nil when none came in time.
    public func next(timeoutMilliseconds: Int32) throws(PrivcmdError) -> XenStoreWatchEvent? {
        if !queued.isEmpty { return queued.removeFirst() }
        guard try waitReadable(store.fd, timeoutMilliseconds: timeoutMilliseconds, name: store.path) else { return nil }
        let (h, body) = try store.readMessage()
        guard h.type == XS_WATCH_EVENT.rawValue else {
            throw .xenstoreProtocol("unrequested message of type \(h.type) (request \(h.req_id))")
        }
        return try XenStoreWatchEvent(body)
    }

    /// Events until one for `path` (exactly) with `token`, or nil at the
    /// deadline; the others are dropped.
    public func wait(for path: String, token: String, timeoutMilliseconds: Int32) throws(PrivcmdError) -> XenStoreWatchEvent? {
        let deadline = monotonicMilliseconds() + Int64(timeoutMilliseconds)
        while true {
            let left = deadline - monotonicMilliseconds()
            guard left >= 0, let e = try next(timeoutMilliseconds: Int32(clamping: left)) else { return nil }
            if e.path == path && e.token == token { return e }
        }
    }
}

/// Milliseconds of the monotonic clock.
func monotonicMilliseconds() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
}

/// Whether `fd` became readable within `timeoutMilliseconds` (poll(2), through the funnel).
func waitReadable(_ fd: Int32, timeoutMilliseconds: Int32, name: String) throws(PrivcmdError) -> Bool {
    while true {
        let n = system_poll(fd, Int16(POLLIN), timeoutMilliseconds)
        if n < 0 {
            if system_errno == .interrupted { continue }
            throw .system(operation: "poll \(name)", system_errno)
        }
        return n > 0
    }
}
