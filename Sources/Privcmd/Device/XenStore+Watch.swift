#if canImport(Glibc)
import Glibc
#endif
import CXen
import XenABI

/// Watches on a xenstore connection of their own (`XS_WATCH`, `XS_UNWATCH`,
/// libxenstore's `xs_watch`, `xs_read_watch`, `xs_unwatch`). Events
/// arrive unasked on the connection that registered the watch, between
/// replies (`XenStore` queues those) or alone: handed out in order by
/// `next`. xenstored fires every new watch once at once (the registration
/// event).
public final class XenStoreWatcher {
    /// The connection the watches live on.
    public let store: XenStore
    /// Events read but not yet handed out, oldest first.
    var queued: [XenStoreWatchEvent] = []

    /// Opens its own xenbus connection (`path` as for `XenStore`).
    public init(path: String? = nil) throws(PrivcmdError) {
        store = try XenStore(path: path)
    }

    /// Watches `path` and everything under it; events carry `token`.
    public func watch(_ path: String, token: String) throws(PrivcmdError) {
        let t = Array(token.utf8)
        guard !t.contains(0) else { throw .invalidRequest("watch token with a NUL") }
        _ = try store.exchange(XS_WATCH, try XenStore.pathPayload(path) + t + [0], path: path)
    }

    /// Removes the watch registered with `path` and `token`.
    public func unwatch(_ path: String, token: String) throws(PrivcmdError) {
        _ = try store.exchange(XS_UNWATCH, try XenStore.pathPayload(path) + Array(token.utf8) + [0], path: path)
    }

    /// The next event: a queued one, or one read within `timeoutMilliseconds`
    /// (negative: wait for ever). Nil when none came in time.
    public func next(timeoutMilliseconds: Int32) throws(PrivcmdError) -> XenStoreWatchEvent? {
        queued += store.takeWatchEvents()
        if !queued.isEmpty { return queued.removeFirst() }
        guard try waitReadable(store.fd, timeoutMilliseconds: timeoutMilliseconds, name: store.path) else { return nil }
        try store.readUnsolicited()
        queued += store.takeWatchEvents()
        return queued.isEmpty ? nil : queued.removeFirst()
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

extension XenStore {
    /// Reads one message no request waits for: a watch event is queued, a
    /// late reply (to a request that already failed) or anything oversized
    /// is read to its end and dropped.
    func readUnsolicited() throws(PrivcmdError) {
        let header = try readExactly(XenStore.headerSize)
        let h = header.withUnsafeBytes { $0.loadUnaligned(as: xsd_sockmsg.self) }
        guard h.len <= UInt32(XENSTORE_PAYLOAD_MAX) else { return try discard(Int(h.len)) }
        let body = try readExactly(Int(h.len))
        if h.type == XS_WATCH_EVENT.rawValue { queueWatchEvent(body) }
    }
}
