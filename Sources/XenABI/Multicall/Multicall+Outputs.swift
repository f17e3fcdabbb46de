/// A batch's outputs: each entry's `result`.
extension Multicall: HypercallOutputs {
    /// `multicall_entry.result` of entries `0 ..< nr_calls` (the call's
    /// second argument), in order. A `nr_calls` past the call list is
    /// `.outOfBounds`. An entry's own outputs are its call's
    /// (`HypercallOutputs.outputs(of:result:)` over the entry's buffers).
    public static func outputs(of call: EncodedCall, result: Int64) throws(DecodeError) -> [Int64] {
        let r = OutputReader(call, location: "multicall")
        let n = call.args[1]
        try r.checkArray(buffer: 0, count: n, stride: MulticallLayout.size, "nr_calls")
        var out: [Int64] = []
        out.reserveCapacity(Int(n))
        for k in 0 ..< Int(n) {
            out.append(Int64(bitPattern: try r.load(UInt64.self, buffer: 0, at: k * MulticallLayout.size + MulticallLayout.result, "result")))
        }
        return out
    }
}
