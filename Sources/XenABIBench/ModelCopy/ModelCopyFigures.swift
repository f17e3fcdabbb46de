/// Hypervisor-model copy figures of `xenabi bench` (issue 7):
/// `copyFromGuest` of 4 KiB, 1 MiB and 64 MiB through each flavour as a
/// rate against `memcpy` of the same size (target: >= 70% for the two-level
/// list at 1 MiB), and the `linear` flavour's per-page translation by page
/// walk against a SoftTLB hit (target: >= 20x).
public enum ModelCopyFigures {
    /// Sizes measured, with their labels.
    public static let sizes: [(String, Int)] = [("4K", 4 << 10), ("1M", 1 << 20), ("64M", 64 << 20)]

    /// Median ns per run of `body` over `runs` single runs (after one warm-up):
    /// for copies too long for `BenchSampler`'s calibration (64 iterations).
    static func few(_ runs: Int, _ body: (Int) -> UInt64) -> Double {
        benchBlackHole(body(1))
        var t: [Double] = []
        for _ in 0 ..< runs {
            let t0 = benchNow()
            benchBlackHole(body(1))
            t.append(Double(benchNow() &- t0))
        }
        t.sort()
        return t[t.count / 2]
    }

    /// Measures every model-copy figure with `sampler`.
    public static func run(_ sampler: BenchSampler) -> [BenchFigure] {
        let w = ModelCopyWorkload()
        var out: [BenchFigure] = []
        let bigRuns = sampler.samples >= 101 ? 9 : 5
        for (label, size) in sizes {
            func ns(_ body: (Int) -> UInt64) -> Double {
                size >= 16 << 20 ? few(bigRuns, body) : sampler.measure(body).median
            }
            func rate(_ t: Double) -> Double { Double(size) / t }  // bytes per ns = GB/s
            let memcpyName = "model.copy.memcpy.\(label)"
            let mc = ns { w.runMemcpy($0, size: size) }
            out.append(BenchFigure(name: memcpyName, value: rate(mc), unit: "GB/s"))
            for naming in ModelCopyWorkload.Naming.allCases {
                guard let h = w.handle(naming, size: size) else { continue }
                let tlb = naming == .linearTLB
                precondition(w.check(h, size: size, tlb: tlb, listOrdered: naming == .oneLevel || naming == .twoLevel),
                             "model copy through \(naming.rawValue) returned the wrong bytes")
                // Below 16 MiB the fraction of memcpy comes from samples of
                // the two interleaved (`BenchSampler.compare`), so the
                // machine's load moves both alike.
                let t: Double, fraction: Double
                if size >= 16 << 20 {
                    t = ns { w.runCopy($0, handle: h, size: size, tlb: tlb) }
                    fraction = rate(t) / rate(mc)
                } else {
                    let pair = sampler.compare({ w.runCopy($0, handle: h, size: size, tlb: tlb) }, with: { w.runMemcpy($0, size: size) })
                    (t, fraction) = (pair.body.median, pair.ratio)
                }
                let target = naming == .twoLevel && label == "1M"
                out.append(BenchFigure(name: "model.copy.\(naming.rawValue).\(label)", value: rate(t), unit: "GB/s",
                                       peer: memcpyName, ratio: fraction,
                                       target: target ? ">= 0.7x memcpy" : nil, met: target ? fraction >= 0.7 : nil))
            }
            if let a = BenchAllocations.perCall(size >= 16 << 20 ? 1 : 8, { w.runCopy($0, handle: w.handle(.linearTLB, size: size)!, size: size, tlb: true) }) {
                out.append(BenchFigure(name: "model.copy.allocations.\(label)", value: a, unit: "allocs/call",
                                       target: "0 allocs/call", met: a == 0))
            }
        }
        // Small copies against a minimal C copy of the same bytes over the
        // same frames and descriptors (issue 15: within 2x), samples interleaved.
        if let cCopy = ModelCopyPeers.cCopy {
            for (label, size) in ModelCopyPeers.sizes {
                for naming in [ModelCopyWorkload.Naming.flat, .oneLevel, .twoLevel] {
                    guard let h = w.handle(naming, size: size) else { continue }
                    let model = { (n: Int) in w.runCopy(n, handle: h, size: size, tlb: false) }
                    let c = { (n: Int) in w.runCCopy(n, handle: h, size: size, copy: cCopy) }
                    precondition(model(1) == c(1), "the C copy through \(naming.rawValue) returned other bytes than the model's")
                    let pair = sampler.compare(model, with: c)
                    let peer = "model.copy.c.\(naming.rawValue).\(label)"
                    out.append(BenchFigure(name: peer, value: pair.peer.median, unit: "ns"))
                    out.append(BenchFigure(name: "model.copy.\(naming.rawValue).vs-c.\(label)", value: pair.body.median, unit: "ns",
                                           peer: peer, ratio: pair.ratio,
                                           target: "<= 2x the C copy (interleaved pairs)", met: pair.ratio >= 0.5))
                }
            }
        }
        // Per page of a 1 MiB linear buffer: the translation step alone (walk
        // against the vCPU's SoftTLB hook; target >= 20x), then the copy
        // path's whole chunk resolution (translation + P2M check).
        let size = 1 << 20, pages = Double(size >> 12)
        for (suffix, scattered) in [("", false), (".scattered", true)] {
            let walk = sampler.measure { w.runTranslateOnly($0, size: size, tlb: false, scattered: scattered) }.median / pages
            let hit = sampler.measure { w.runTranslateOnly($0, size: size, tlb: true, scattered: scattered) }.median / pages
            out.append(BenchFigure(name: "model.linear.translate.walk\(suffix)", value: walk, unit: "ns/page"))
            out.append(BenchFigure(name: "model.linear.translate.tlb\(suffix)", value: hit, unit: "ns/page",
                                   peer: "model.linear.translate.walk\(suffix)", ratio: speedup(hit, over: walk),
                                   target: ">= 20x", met: speedup(hit, over: walk) >= 20))
        }
        let chunkWalk = sampler.measure { w.runTranslate($0, size: size, tlb: false) }.median / pages
        let chunkHit = sampler.measure { w.runTranslate($0, size: size, tlb: true) }.median / pages
        out.append(BenchFigure(name: "model.linear.translate.chunk.walk", value: chunkWalk, unit: "ns/page"))
        out.append(BenchFigure(name: "model.linear.translate.chunk.tlb", value: chunkHit, unit: "ns/page",
                               peer: "model.linear.translate.chunk.walk", ratio: speedup(chunkHit, over: chunkWalk)))
        withExtendedLifetime(w) {}
        return out
    }
}
