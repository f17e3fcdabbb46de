import CXen

extension GrantTableOp {
    /// `GNTTABOP_copy` of a batch: what libxc's `xengnttab_grant_copy` reads back.
    public struct CopyBatch: HypercallOutputs, Hashable {
        /// The copies, in order.
        public var copies: [Copy]
        /// A batch of `copies`.
        public init(_ copies: [Copy]) { self.copies = copies }
        public func encode(into call: inout EncodedCall) { GrantTableOp.copy(copies).encode(into: &call) }
        /// `gnttab_copy.status` (`GNTST_*`) of ops `0 ..< count` (the call's
        /// third argument); a count past the op array is `.outOfBounds`.
        public static func outputs(of call: EncodedCall, result: Int64) throws(DecodeError) -> [Int16] {
            let r = OutputReader(call, location: "grant_table_op.copy")
            let n = call.args[2]
            try r.checkArray(buffer: 0, count: n, stride: CopyRaw.size, "count")
            var out: [Int16] = []
            out.reserveCapacity(Int(n))
            for k in 0 ..< Int(n) { out.append(try r.load(Int16.self, buffer: 0, at: k * CopyRaw.size + CopyRaw.Offsets.status, "status")) }
            return out
        }
    }
}
