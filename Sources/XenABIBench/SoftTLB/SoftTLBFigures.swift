import SoftTLB

/// The SoftTLB figures of `xenabi bench` (issue 4's targets), each measured
/// side by side with its peer in the same run.
public enum SoftTLBFigures {
    /// Measures every SoftTLB figure with `sampler`. `walk`, when given, is
    /// the hypervisor model's 4-level page walk of the same giant-entry
    /// addresses: `(workload, iterations) -> checksum`.
    public static func run(_ sampler: BenchSampler,
                           walk: ((SoftTLBWorkload, Int) -> UInt64)? = nil) -> [BenchFigure] {
        var out: [BenchFigure] = []
        func ns(_ body: (Int) -> UInt64) -> Double { sampler.measure(body).median }

        let one = SoftTLBWorkload(count: 1)
        let w64 = SoftTLBWorkload(count: 64)
        let w4096 = SoftTLBWorkload(count: 4096)
        let giant = SoftTLBWorkload(count: 1, giant: true)
        let miss = SoftTLBWorkload(count: 4096, pattern: .miss)

        let loop = ns(one.runEmpty)
        out.append(BenchFigure(name: "softtlb.loop-overhead", value: loop, unit: "ns"))

        for (w, n, target) in [(one, 1, 5.0), (w64, 64, 5.0), (w4096, 4096, 25.0)] {
            let hit = ns(w.runCursor)
            let linear = ns(w.runLinearScan)
            let bsearch = ns(w.runBinarySearch)
            out.append(BenchFigure(name: "softtlb.linear-scan.\(n)", value: linear, unit: "ns"))
            out.append(BenchFigure(name: "softtlb.binary-search.\(n)", value: bsearch, unit: "ns"))
            out.append(BenchFigure(name: "softtlb.hit.\(n)", value: hit, unit: "ns",
                                   peer: "softtlb.linear-scan.\(n)", ratio: speedup(hit, over: linear),
                                   target: "<= \(BenchFigure.format(target)) ns", met: hit <= target))
            out.append(BenchFigure(name: "softtlb.hit-vs-binary-search.\(n)", value: speedup(hit, over: bsearch),
                                   unit: "x", peer: "softtlb.binary-search.\(n)", ratio: speedup(hit, over: bsearch)))
        }
        let snap = ns(w4096.runSnapshot)
        out.append(BenchFigure(name: "softtlb.snapshot.4096", value: snap, unit: "ns",
                               peer: "softtlb.binary-search.4096",
                               ratio: speedup(snap, over: out.first { $0.name == "softtlb.binary-search.4096" }!.value)))

        let g = ns(giant.runCursor)
        out.append(BenchFigure(name: "softtlb.hit.giant", value: g, unit: "ns",
                               target: "<= 5 ns", met: g <= 5))
        if let walk {
            let wk = ns { walk(giant, $0) }
            out.append(BenchFigure(name: "softtlb.walk.giant", value: wk, unit: "ns"))
            out.append(BenchFigure(name: "softtlb.hit-vs-walk.giant", value: speedup(g, over: wk), unit: "x",
                                   peer: "softtlb.walk.giant", ratio: speedup(g, over: wk),
                                   target: ">= 20x", met: speedup(g, over: wk) >= 20))
        }

        let m = ns(miss.runCursor)
        let mb = ns(miss.runBinarySearch)
        out.append(BenchFigure(name: "softtlb.miss.4096", value: m, unit: "ns",
                               peer: "softtlb.binary-search-miss.4096", ratio: speedup(m, over: mb)))
        out.append(BenchFigure(name: "softtlb.binary-search-miss.4096", value: mb, unit: "ns"))
        withExtendedLifetime((one, w64, w4096, giant, miss)) {}
        return out
    }
}
