import XenABI

extension Conformance {
    /// All `calls` as entries of one multicall read in `multicallFlavour`:
    /// linear entries, `flavour` entries, linear entries; entry by entry as
    /// `compare` does. Returns equal, bytes masked, and why not (naming the
    /// entries that fail alone when a whole batch fails).
    public static func multicall(_ calls: [AnyHypercall], names: [String], in flavour: Flavour, multicallFlavour: Flavour,
                                 on executor: some CallExecutor) -> (Bool, Int, String) {
        func batch(_ f: Flavour) -> ([Outcome], Int64) {
            var b = Multicall(calls.map { Multicall.Entry($0, flavour: f) }).encoded
            b.setFlavour(multicallFlavour, ofOwner: 0)
            Footprint.poison(&b, with: poison)
            let before = b
            let r = executor.execute(&b)
            let footprint = Footprint(before: before, after: b)
            return (calls.indices.map { Outcome(result: Multicall.result(of: $0, in: b), outputs: outputs(of: b, owner: $0 + 1), footprint: footprint) }, r)
        }
        // Which entries make a whole batch of `f` entries fail: each alone.
        func culprits(_ f: Flavour) -> [String] {
            calls.indices.compactMap { k -> String? in
                var one = Multicall([Multicall.Entry(calls[k], flavour: f)]).encoded
                one.setFlavour(multicallFlavour, ofOwner: 0)
                let r = executor.execute(&one)
                return r < 0 ? "\(names[k]) (\(r))" : nil
            }
        }
        var runs: [[Outcome]] = []
        for f in [Flavour.linear, flavour, .linear] {
            let (outcomes, r) = batch(f)
            if r < 0 { return (false, 0, "the batch of \(f) entries failed with \(r); alone, these fail: \(culprits(f))") }
            runs.append(outcomes)
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
