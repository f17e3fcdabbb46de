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
            try OutputReader(call, location: "grant_table_op.copy")
                .column(Int16.self, buffer: 0, count: call.args[2], stride: CopyRaw.size, field: CopyRaw.Offsets.status, "count", "status")
        }
    }
}
