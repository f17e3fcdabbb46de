/// What was wrong with the message xenstored sent where a request's reply
/// was due (`public/io/xs_wire.h`). Each fault is recoverable: the message
/// was read to its end by its header's `len`, so the next request starts
/// at a message boundary.
public enum XenStoreReplyFault: Hashable, Sendable, CustomStringConvertible {
    /// `len` above `XENSTORE_PAYLOAD_MAX` (4096): the payload was discarded unread.
    case oversized(length: UInt32)
    /// A reply whose `req_id` is no request this connection has sent yet
    /// (a stray): discarded.
    case foreignRequestID(UInt32)
    /// A reply of another `type` than the request's (nor `XS_ERROR`).
    case wrongType(got: UInt32, expected: UInt32)

    public var description: String {
        switch self {
        case .oversized(let n): "reply of \(n) bytes exceeds XENSTORE_PAYLOAD_MAX (4096), discarded"
        case .foreignRequestID(let id): "stray reply to request \(id), discarded"
        case .wrongType(let got, let expected): "reply type \(got) to request type \(expected)"
        }
    }
}
