import XenABI

/// The same call in `linear` and in a physical flavour on one hypervisor,
/// compared byte for byte.
///
/// Every run poisons the output space first: each byte of a written buffer
/// that the encoder did not mark (an output field, padding, unused union
/// bytes) is set to `poison`, so a field the hypervisor sets, even to 0,
/// shows. The masking rule: each call runs linear, physical, linear. An
/// aligned 8-byte word of an output buffer that differs between the two
/// linear runs changes by itself (a clock, a free-page count) and is
/// masked; every other byte, and the result, must be the same in the
/// physical run. A call that fails must fail with the same errno in both
/// flavours.
public enum Conformance {
    /// The poison of the runs `topLevel` and `multicall` compare.
    public static let poison: UInt8 = 0xa5
    /// A second poison: a byte the hypervisor writes with the value `poison`
    /// shows in a run poisoned with this one (`Footprint`).
    public static let secondPoison: UInt8 = 0x5a

    /// One run's outcome: the result (or -errno) and every written buffer.
    public struct Outcome: Sendable {
        /// The result, or -errno.
        public var result: Int64
        /// Each written buffer's bytes afterwards, nested handles zeroed
        /// (`outputs(of:owner:)`).
        public var outputs: [[UInt8]]
        /// Which bytes the run changed.
        public var footprint: Footprint
    }

    /// The verdict on one call: equal, bytes masked, why not, and the
    /// first linear run (what `Differential` compares with the model).
    public struct Comparison: Sendable {
        /// Whether the physical run matched.
        public var equal: Bool
        /// Bytes masked as changing between the two linear runs.
        public var masked: Int
        /// The first difference, when not equal.
        public var why: String
        /// The first linear run.
        public var linear: Outcome
    }

    /// `call` encoded, every owner in `flavour` (a multicall's call list
    /// too: the patched Xen reads it by index in every physical flavour),
    /// poisoned with `poison`, issued on `executor`.
    public static func run(_ call: AnyHypercall, _ flavour: Flavour, on executor: some CallExecutor, poison: UInt8 = poison) -> Outcome {
        var c = call.encoded
        for owner in 0 ..< c.ownerCount { c.setFlavour(flavour, ofOwner: owner) }
        Footprint.poison(&c, with: poison)
        let before = c
        let result = executor.execute(&c)
        return Outcome(result: result, outputs: outputs(of: c, owner: 0), footprint: Footprint(before: before, after: c))
    }

    /// The written buffers of `owner` (0: the call; k + 1: multicall entry k),
    /// with the handles nested in them zeroed and the flavour bits of the
    /// multicall entries' op words cleared: those are the inputs that
    /// differ by flavour by design (a linear address, a GPA, bits 12-13).
    public static func outputs(of c: EncodedCall, owner: Int) -> [[UInt8]] {
        let flavourBits = UInt8(truncatingIfNeeded: (OpWord.flavourMask << OpWord.flavourShift) >> 8)
        return (0 ..< c.bufferCount).filter { c.buffer($0).owner == owner && c.buffer($0).direction.writes && !c.buffer($0).isNull }
            .map { i in
                var bytes = Array(c.bytes(of: i))
                for b in c.buffers {
                    if case .nested(i, let offset) = b.site, offset + 8 <= bytes.count {
                        for k in offset ..< offset + 8 { bytes[k] = 0 }
                    }
                }
                for e in c.entries where e.buffer == i { bytes[e.offset + MulticallLayout.op + 1] &= ~flavourBits }
                return bytes
            }
    }

    /// Compares the physical-flavour outcome with the two linear ones
    /// around it: equal, bytes masked, and why not.
    public static func compare(_ a: Outcome, _ flat: Outcome, _ c: Outcome) -> (Bool, Int, String) {
        if a.result == c.result && flat.result != a.result {
            return (false, 0, "result linear \(a.result), physical \(flat.result)")
        }
        guard a.outputs.count == flat.outputs.count, a.outputs.count == c.outputs.count else {
            return (false, 0, "buffer counts \(a.outputs.count)/\(flat.outputs.count)")
        }
        var masked = 0
        for (i, bytes) in a.outputs.enumerated() {
            // Word by aligned 8-byte word: a counter's low byte can match
            // between the two linear runs by chance while the counter moved.
            for w in stride(from: 0, to: bytes.count, by: 8) {
                let word = w ..< min(w + 8, bytes.count)
                if bytes[word] != c.outputs[i][word] { masked += word.count; continue }
                if let j = word.first(where: { bytes[$0] != flat.outputs[i][$0] }) {
                    return (false, masked, "buffer \(i) byte \(j): linear 0x\(String(bytes[j], radix: 16)), physical 0x\(String(flat.outputs[i][j], radix: 16))")
                }
            }
        }
        return (true, masked, "")
    }

    /// `call` linear, in `flavour`, linear again, on `executor`: compared.
    public static func topLevel(_ call: AnyHypercall, in flavour: Flavour, on executor: some CallExecutor) -> Comparison {
        let a = run(call, .linear, on: executor)
        let f = run(call, flavour, on: executor)
        let c = run(call, .linear, on: executor)
        let (equal, masked, why) = compare(a, f, c)
        return Comparison(equal: equal, masked: masked, why: why, linear: a)
    }
}
