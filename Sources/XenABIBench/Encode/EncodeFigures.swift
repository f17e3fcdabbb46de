/// Typed-encode figures of `xenabi bench` (issue 7): ns per call into a
/// reused (warm) `EncodedCall`, against the same call into a fresh one, and
/// heap allocations per call in the steady state (target: 0).
public enum EncodeFigures {
    /// Measures every encode figure with `sampler`.
    public static func run(_ sampler: BenchSampler) -> [BenchFigure] {
        let w = EncodeWorkload()
        var out: [BenchFigure] = []
        let cases: [(String, (Int) -> UInt64, (Int) -> UInt64)] = [
            ("memory_op.increase_reservation", w.runReservation, w.runReservationCold),
            ("grant_table_op.copy16", w.runCopies, w.runCopiesCold),
            ("multicall32", w.runMulticall, w.runMulticallCold),
        ]
        for (name, warm, cold) in cases {
            let c = sampler.measure(cold).median
            let h = sampler.measure(warm).median
            out.append(BenchFigure(name: "encode.\(name).fresh", value: c, unit: "ns"))
            out.append(BenchFigure(name: "encode.\(name)", value: h, unit: "ns",
                                   peer: "encode.\(name).fresh", ratio: speedup(h, over: c)))
            // Allocation counts: over 1000 calls after the warm-up above.
            if let a = BenchAllocations.perCall(1000, warm) {
                out.append(BenchFigure(name: "encode.\(name).allocations", value: a, unit: "allocs/call",
                                       target: "0 allocs/call", met: a == 0))
            }
            if let a = BenchAllocations.perCall(1000, cold) {
                out.append(BenchFigure(name: "encode.\(name).fresh.allocations", value: a, unit: "allocs/call"))
            }
        }
        withExtendedLifetime(w) {}
        return out
    }
}
