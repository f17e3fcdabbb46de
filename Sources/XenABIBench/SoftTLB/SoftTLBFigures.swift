import SoftTLB

/// The SoftTLB figures of `xenabi bench` (issue 4's targets), each measured
/// side by side with its peer in the same run.
public enum SoftTLBFigures {
    /// The sections of the group and the name prefixes of their figures:
    /// `run(_:filter:)` measures a section only if a prefix and the filter
    /// agree (either is a prefix of the other).
    public static let sections: [(String, [String])] = [
        ("lookups", ["softtlb.loop-overhead", "softtlb.linear-scan", "softtlb.binary-search", "softtlb.hit.", "softtlb.hit-vs-binary-search",
                     "softtlb.snapshot", "softtlb.miss"]),
        ("walk", ["softtlb.walk", "softtlb.hit-vs-walk", "model.linear-chunk", "model.walk"]),
        ("purge", ["softtlb.hit.64.quiet", "softtlb.hit-under-purge", "softtlb.register-purge"]),
        ("registration", ["softtlb.register.", "softtlb.purge."]),
    ]

    /// Whether `filter` (nil: everything) selects a figure of `section`.
    public static func selects(_ section: String, filter: String?) -> Bool {
        guard let filter else { return true }
        return sections.first { $0.0 == section }!.1.contains { $0.hasPrefix(filter) || filter.hasPrefix($0) }
    }

    /// Measures every SoftTLB figure with `sampler` (those of the sections
    /// `filter` selects).
    public static func run(_ sampler: BenchSampler, filter: String? = nil) -> [BenchFigure] {
        var out: [BenchFigure] = []
        if selects("lookups", filter: filter) { out += lookups(sampler) }
        if selects("walk", filter: filter) { out += walks(sampler) }
        if selects("purge", filter: filter) { out += hitUnderPurge(sampler) }
        if selects("registration", filter: filter) { out += registration(runs: sampler.samples >= 101 ? 11 : 5) }
        return out
    }

    /// Lookups against the linear scan and the binary search, hits and misses.
    static func lookups(_ sampler: BenchSampler) -> [BenchFigure] {
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
        let m = ns(miss.runCursor)
        let mb = ns(miss.runBinarySearch)
        out.append(BenchFigure(name: "softtlb.miss.4096", value: m, unit: "ns",
                               peer: "softtlb.binary-search-miss.4096", ratio: speedup(m, over: mb)))
        out.append(BenchFigure(name: "softtlb.binary-search-miss.4096", value: mb, unit: "ns"))
        withExtendedLifetime((one, w64, w4096, giant, miss)) {}
        return out
    }

    /// Hits against the model's page walk and the C walk of the same
    /// addresses, and the model's walk against the C walk.
    static func walks(_ sampler: BenchSampler) -> [BenchFigure] {
        var out: [BenchFigure] = []
        func ns(_ body: (Int) -> UInt64) -> Double { sampler.measure(body).median }
        // Against the model's 4-level walk of the same 4096 addresses. The
        // >= 20x target is for the shapes a guest registers to hit (one giant
        // entry, tens of per-CPU buffers); 4096 random small entries are
        // reported for what they are.
        for (label, w) in [("giant", SoftTLBWorkload(count: 1, giant: true, addressCount: 4096)),
                           ("64", SoftTLBWorkload(count: 64, addressCount: 4096)),
                           ("4096", SoftTLBWorkload(count: 4096, addressCount: 4096))] {
            let walker = ModelWalkWorkload(w)
            let hit = ns(w.runCursor)
            let wk = ns(walker.runWalk)
            out.append(BenchFigure(name: "softtlb.walk.\(label)", value: wk, unit: "ns"))
            out.append(BenchFigure(name: "softtlb.hit-vs-walk.\(label)", value: speedup(hit, over: wk), unit: "x",
                                   peer: "softtlb.walk.\(label)", ratio: speedup(hit, over: wk),
                                   target: label == "4096" ? nil : ">= 20x",
                                   met: label == "4096" ? nil : speedup(hit, over: wk) >= 20))
            // The same walk in C over the same tables (Sources/CBenchPeers):
            // the model's walk must stay within 1.5x of it, and the SoftTLB's
            // ratio is quoted against both.
            if let runC = walker.runCWalk {
                walker.position = 0
                let (s, c) = (walker.runWalk(4096), { walker.position = 0; return runC(4096) }())
                precondition(s == c, "the C walk and the model's walk disagree")
                let cw = ns(runC)
                out.append(BenchFigure(name: "softtlb.walk-c.\(label)", value: cw, unit: "ns"))
                out.append(BenchFigure(name: "softtlb.hit-vs-walk-c.\(label)", value: speedup(hit, over: cw), unit: "x",
                                       peer: "softtlb.walk-c.\(label)", ratio: speedup(hit, over: cw)))
                // The goal's ratio: samples of the two walks interleaved.
                let pair = sampler.compare(walker.runWalk, with: runC)
                out.append(BenchFigure(name: "model.walk.c.\(label)", value: pair.peer.median, unit: "ns"))
                out.append(BenchFigure(name: "model.walk.vs-c.\(label)", value: pair.body.median, unit: "ns", peer: "model.walk.c.\(label)",
                                       ratio: pair.ratio, target: "<= 1.5x the C walk (interleaved pairs)", met: pair.ratio >= 1 / 1.5))
            }
            let chunkTLB = ns { walker.runLinearChunk($0, tlb: true) }
            let chunkWalk = ns { walker.runLinearChunk($0, tlb: false) }
            out.append(BenchFigure(name: "model.linear-chunk.walk.\(label)", value: chunkWalk, unit: "ns"))
            out.append(BenchFigure(name: "model.linear-chunk.tlb.\(label)", value: chunkTLB, unit: "ns",
                                   peer: "model.linear-chunk.walk.\(label)", ratio: speedup(chunkTLB, over: chunkWalk)))
        }

        return out
    }
}
