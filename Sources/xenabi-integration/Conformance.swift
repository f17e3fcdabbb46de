import Privcmd
import XenABI

/// The same call in `linear` and in a physical flavour on one Xen, compared
/// byte for byte.
///
/// The masking rule: each call runs linear, physical, linear. An aligned
/// 8-byte word of an output buffer that differs between the two linear runs
/// changes by itself (a clock, a free-page count) and is masked; every other byte, and the
/// result, must be the same in the flat run. A call that fails must fail
/// with the same errno in both flavours.
enum Conformance {
    /// One run's outcome: the result (or errno) and every written buffer.
    struct Outcome {
        var result: Int64
        var outputs: [[UInt8]]
    }

    static func run(_ call: AnyHypercall, _ flavour: Flavour, xen: XenCall) -> Outcome {
        var c = call.encoded
        c.setFlavour(flavour, ofOwner: 0)
        let result: Int64
        do { result = try xen.issue(&c) } catch {
            result = error.xenErrno?.returnValue ?? Int64.min
        }
        return Outcome(result: result, outputs: outputs(of: c, owner: 0))
    }

    /// The written buffers of `owner` (0: the call; k + 1: multicall entry k),
    /// with the handles nested in them zeroed: a handle is the one input
    /// that differs by flavour by design (a linear address, a GPA).
    static func outputs(of c: EncodedCall, owner: Int) -> [[UInt8]] {
        c.buffers.indices.filter { c.buffers[$0].owner == owner && c.buffers[$0].direction.writes && !c.buffers[$0].isNull }
            .map { i in
                var bytes = Array(c.bytes(of: i))
                for b in c.buffers {
                    if case .nested(i, let offset) = b.site, offset + 8 <= bytes.count {
                        for k in offset ..< offset + 8 { bytes[k] = 0 }
                    }
                }
                return bytes
            }
    }

    /// Compares the physical-flavour outcome with the two linear ones
    /// around it: equal, bytes masked, and why not.
    static func compare(_ a: Outcome, _ flat: Outcome, _ c: Outcome) -> (Bool, Int, String) {
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

    static func topLevel(_ call: AnyHypercall, in flavour: Flavour, xen: XenCall) -> (Bool, Int, String) {
        let a = run(call, .linear, xen: xen)
        let f = run(call, flavour, xen: xen)
        let c = run(call, .linear, xen: xen)
        return compare(a, f, c)
    }

    /// All `calls` as entries of one multicall read in `multicallFlavour`:
    /// linear entries, `flavour` entries, linear entries; entry by entry as above.
    static func multicall(_ calls: [AnyHypercall], names: [String], in flavour: Flavour, multicallFlavour: Flavour, xen: XenCall) -> (Bool, Int, String) {
        func batch(_ f: Flavour) throws(PrivcmdError) -> [Outcome] {
            var b = Multicall(calls.map { Multicall.Entry($0, flavour: f) }).encoded
            b.setFlavour(multicallFlavour, ofOwner: 0)
            _ = try xen.issue(&b)
            return calls.indices.map { Outcome(result: Multicall.result(of: $0, in: b), outputs: outputs(of: b, owner: $0 + 1)) }
        }
        // Which entries make a whole batch of `f` entries fail: each alone.
        func culprits(_ f: Flavour) -> [String] {
            calls.indices.compactMap { k -> String? in
                var one = Multicall([Multicall.Entry(calls[k], flavour: f)]).encoded
                one.setFlavour(multicallFlavour, ofOwner: 0)
                do { _ = try xen.issue(&one); return nil } catch { return "\(names[k]) (\(error))" }
            }
        }
        var runs: [[Outcome]] = []
        for f in [Flavour.linear, flavour, .linear] {
            do { runs.append(try batch(f)) } catch {
                return (false, 0, "the batch of \(f) entries failed with \(error); alone, these fail: \(culprits(f))")
            }
        }
        let (a, f, c) = (runs[0], runs[1], runs[2])
        var masked = 0
        for k in calls.indices {
            let (same, m, why) = compare(a[k], f[k], c[k])
            masked += m
            if !same { return (false, masked, "\(names[k]): \(why)") }
        }
        return (true, masked, "")
    }
}
