/// One entry's outputs, read out of a batch an executor ran.
extension Multicall {
    /// Entry `k`'s call, `typed` encoded alone, with the bytes its buffers
    /// hold in `batch` copied in (buffer for buffer, where the sizes agree):
    /// what `typed`'s output decoder reads. Nil when the batch has no entry `k`.
    public static func entryCall(_ k: Int, in batch: EncodedCall, as typed: some HypercallEncodable) -> EncodedCall? {
        guard k >= 0 && k < batch.entries.count else { return nil }
        var alone = typed.encoded
        var j = 0
        for (i, b) in batch.buffers.enumerated() where b.owner == k + 1 {
            if !b.isNull, b.size > 0, j < alone.bufferCount, alone.buffer(j).size == b.size {
                batch.bytes(of: i).withUnsafeBytes { alone.replaceBytes(of: j, with: $0) }
            }
            j += 1
        }
        return alone
    }

    /// The outputs of entry `k` of `batch`, which was encoded from `typed`:
    /// its `multicall_entry.result` (a `nr_calls` past the list, or a
    /// missing entry, is a `DecodeError`) and its buffers, read by `Call`.
    public static func outputs<Call: HypercallOutputs>(ofEntry k: Int, in batch: EncodedCall, as typed: Call) throws(DecodeError) -> (result: Int64, outputs: Call.Output) {
        let results = try outputs(of: batch, result: 0)
        guard k >= 0 && k < results.count, let alone = entryCall(k, in: batch, as: typed) else {
            throw DecodeError(.invalid("no entry \(k) in a batch of \(results.count)"), at: "multicall")
        }
        do throws(DecodeError) {
            return (results[k], try Call.outputs(of: alone, result: results[k]))
        } catch {
            throw DecodeError(error.kind, at: "multicall[\(k)]." + error.location)
        }
    }
}
