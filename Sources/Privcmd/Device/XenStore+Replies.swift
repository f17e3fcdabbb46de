import CXen

/// One `XS_WATCH_EVENT` message (`public/io/xs_wire.h`): the path that
/// changed and the token its watch was registered with.
public struct XenStoreWatchEvent: Hashable, Sendable {
    /// The path that fired (the payload's first string).
    public var path: String
    /// The watch's token (the payload's second string).
    public var token: String

    /// An event for `path`, `token`.
    public init(path: String, token: String) {
        self.path = path
        self.token = token
    }
}

/// Pairing replies with requests on a stream a hostile or confused peer
/// writes. Every message is consumed whole, by its header's `len`, before
/// it is judged, so one bad message costs one request, never the stream:
/// xenstored may interleave `XS_WATCH_EVENT`s (queued), and a reply that
/// arrives after its request already failed is recognised by its old
/// `req_id` and skipped.
extension XenStore {
    /// The most watch events kept between `takeWatchEvents()` calls; beyond
    /// it the oldest are dropped (and counted), so a peer flooding events
    /// costs bounded memory.
    public static let maxQueuedWatchEvents = 256

    /// The watch events received since the last call, oldest first.
    public func takeWatchEvents() -> [XenStoreWatchEvent] {
        defer { watchEvents.removeAll() }
        return watchEvents
    }

    /// Reads messages until the reply to request `id` and returns its type
    /// and payload. Throws `xenstoreReply` for an oversized or stray message
    /// where the reply was due, after reading that message to its end.
    func reply(to id: UInt32) throws(PrivcmdError) -> (type: UInt32, body: [UInt8]) {
        while true {
            let header = try readExactly(XenStore.headerSize)
            let h = header.withUnsafeBytes { $0.loadUnaligned(as: xsd_sockmsg.self) }
            let isEvent = h.type == XS_WATCH_EVENT.rawValue
            // A reply to a request this connection sent earlier, which failed
            // before its reply came (ids count up from 1).
            let isStale = !isEvent && h.req_id >= 1 && h.req_id < id
            guard h.len <= UInt32(XENSTORE_PAYLOAD_MAX) else {
                try discard(Int(h.len))
                if isEvent || isStale { continue }
                throw .xenstoreReply(request: id, .oversized(length: h.len))
            }
            let body = try readExactly(Int(h.len))
            if isEvent {
                queueWatchEvent(body)
            } else if h.req_id == id {
                return (h.type, body)
            } else if !isStale {
                throw .xenstoreReply(request: id, .foreignRequestID(h.req_id))
            }
        }
    }

    /// Reads and drops `count` bytes a page at a time (memory stays one page
    /// whatever `len` a header claims).
    func discard(_ count: Int) throws(PrivcmdError) {
        var left = count
        while left > 0 {
            let n = min(left, Int(XENSTORE_PAYLOAD_MAX))
            _ = try readExactly(n)
            left -= n
        }
    }

    /// `path\0token\0`; a payload without both strings is dropped.
    func queueWatchEvent(_ body: [UInt8]) {
        let parts = body.split(separator: 0, omittingEmptySubsequences: false)
        guard parts.count >= 2 else { return }
        if watchEvents.count >= XenStore.maxQueuedWatchEvents {
            watchEvents.removeFirst()
            droppedWatchEvents += 1
        }
        watchEvents.append(XenStoreWatchEvent(path: String(decoding: parts[0], as: UTF8.self),
                                              token: String(decoding: parts[1], as: UTF8.self)))
    }
}
