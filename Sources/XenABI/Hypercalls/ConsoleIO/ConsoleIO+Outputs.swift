import CXen

extension ConsoleIO {
    /// `CONSOLEIO_read` of up to `count` bytes, typed: the bytes read.
    public struct ReadQuery: HypercallOutputs, Hashable {
        /// `count`: the buffer's size.
        public var count: UInt32
        /// Reads up to `count` bytes.
        public init(count: UInt32) { self.count = count }
        public func encode(into call: inout EncodedCall) { ConsoleIO.read(count: count).encode(into: &call) }
        /// The first `result` bytes of the buffer (the return value is how
        /// many were read; more than the buffer holds is `.outOfBounds`).
        public static func outputs(of call: EncodedCall, result: Int64) throws(DecodeError) -> [UInt8] {
            let r = OutputReader(call, location: "console_io.read")
            guard result >= 0 else { throw DecodeError(.invalid("bytes read \(result)"), at: r.location) }
            try r.checkArray(buffer: 0, count: UInt64(result), stride: 1, "count")
            return try r.bytes(buffer: 0, count: Int(result), "buffer")
        }
    }
}
