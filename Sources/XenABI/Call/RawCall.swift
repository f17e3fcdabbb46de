/// A hypercall without a typed encoder, sent as the caller describes it:
/// number, scalar registers, and buffers with their sites and bytes.
public struct RawCall: HypercallEncodable, Hashable {
    /// One buffer of a raw call.
    public struct Buffer: Hashable, Sendable {
        /// Where its handle goes (`.nested` names an earlier buffer of this call).
        public var site: HandleSite
        /// Which way its bytes travel.
        public var direction: BufferDirection
        /// Its bytes (the input image; its size for an output).
        public var bytes: [UInt8]

        /// A buffer whose handle sits at `site`.
        public init(site: HandleSite, direction: BufferDirection, bytes: [UInt8]) {
            self.site = site
            self.direction = direction
            self.bytes = bytes
        }
    }

    /// The hypercall number.
    public var number: HypercallNumber
    /// Scalar registers (handle registers are overwritten at placement).
    public var args: HypercallArgs
    /// The buffers.
    public var buffers: [Buffer]

    /// A raw call.
    public init(number: HypercallNumber, args: HypercallArgs, buffers: [Buffer] = []) {
        self.number = number
        self.args = args
        self.buffers = buffers
    }

    public func encode(into call: inout EncodedCall) {
        call.reset(number)
        call.args = args
        for b in buffers {
            let i = call.addBuffer(size: b.bytes.count, direction: b.direction, site: b.site)
            if b.direction.reads { call.store(bytes: b.bytes, buffer: i, at: 0) }
        }
    }
}
