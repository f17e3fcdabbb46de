import SoftTLB

/// Registration cost (issue 15): `VCPUOP_register_hcall_buffer` one at a
/// time must cost O(n log n) over n entries, not O(n^2) (a snapshot rebuilt
/// per registration). Measured at 1024 and 4096 entries in one run: the
/// growth of the time per registration from one to the other is the
/// checkable figure (O(n log n) predicts 1.2x, O(n^2) 4x).
extension SoftTLBFigures {
    /// The registration and purge figures; `runs` whole sequences each (median).
    public static func registration(runs: Int) -> [BenchFigure] {
        var out: [BenchFigure] = []
        func median(_ body: () -> Void) -> Double {
            body()  // warm-up
            var t: [Double] = []
            for _ in 0 ..< runs {
                let t0 = benchNow()
                body()
                t.append(Double(benchNow() &- t0))
            }
            t.sort()
            return t[t.count / 2]
        }
        var perInsert: [Int: Double] = [:]
        for n in [1024, 4096] {
            let w = SoftTLBRegistrationWorkload(count: n)
            let one = median { benchBlackHole(w.registerOneAtATime().count) } / Double(n)
            perInsert[n] = one
            out.append(BenchFigure(name: "softtlb.register.one-at-a-time.\(n)", value: one, unit: "ns/entry"))
        }
        let w = SoftTLBRegistrationWorkload(count: 4096)
        let one = perInsert[4096]!
        out.append(BenchFigure(name: "softtlb.register.one-at-a-time.4096.total", value: one * 4096 / 1e6, unit: "ms"))
        let growth = one / perInsert[1024]!
        out.append(BenchFigure(name: "softtlb.register.growth", value: growth, unit: "x",
                               peer: "softtlb.register.one-at-a-time.1024", ratio: 1 / growth,
                               target: "<= 2x per entry from 1024 to 4096 (n log n: 1.2x, n^2: 4x)", met: growth <= 2))
        let batch = median { benchBlackHole(w.registerBatch().count) } / 4096
        out.append(BenchFigure(name: "softtlb.register.batch.4096", value: batch, unit: "ns/entry",
                               peer: "softtlb.register.one-at-a-time.4096", ratio: speedup(batch, over: one)))
        // Purges need a full table per run: build it outside the timed part.
        var purge: [Double] = []
        for _ in 0 ... runs {
            let t = w.registerBatch()
            let t0 = benchNow()
            benchBlackHole(w.purgeOneAtATime(t))
            purge.append(Double(benchNow() &- t0) / 4096)
        }
        purge.removeFirst()  // warm-up
        purge.sort()
        out.append(BenchFigure(name: "softtlb.purge.one-at-a-time.4096", value: purge[purge.count / 2], unit: "ns/entry"))
        return out
    }
}
