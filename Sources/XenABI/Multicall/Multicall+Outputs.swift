/// A batch's outputs: each entry's `result`.
extension Multicall: HypercallOutputs {
    /// `multicall_entry.result` of entries `0 ..< nr_calls` (the call's
    /// second argument), in order. A `nr_calls` past the call list is
    /// `.outOfBounds`. An entry's own outputs are its call's
    /// (`HypercallOutputs.outputs(of:result:)` over the entry's buffers).
    public static func outputs(of call: EncodedCall, result: Int64) throws(DecodeError) -> [Int64] {
        try OutputReader(call, location: "multicall")
            .column(Int64.self, buffer: 0, count: call.args[1], stride: MulticallLayout.size, field: MulticallLayout.result, "nr_calls", "result")
    }
}
