import ArgumentParser
import CBenchPeers
import CMallocCounter
import XenABIBench

/// `xenabi bench [--quick] [--json] [--filter PREFIX]`: the measured figures,
/// one line each as `name: value unit (ratio vs peer)`.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the hot paths (SoftTLB lookups, ...) side by side with their peers."
    )

    @Flag(help: "Short run (fewer, shorter samples): the whole suite in well under 60 s.")
    var quick = false

    @Flag(help: "Print one JSON object: {\"figures\": [{name, value, unit, peer, ratio, target, met}], \"goals\": [{id, goal, target, met, ratio, peer, ...}]}.")
    var json = false

    @Option(help: "Only figures whose name starts with this prefix (e.g. softtlb).")
    var filter: String?

    @Option(help: "Run one figure's workload alone, --iterations times, untimed (for callgrind or perf); 'list' names them.")
    var profile: String?

    @Option(help: "Iterations of --profile.")
    var iterations = 1_000_000

    func run() throws {
        // The minimal C peers (Sources/CBenchPeers): the model walk, the
        // typed encode, the whole model call's dispatch, the model copy.
        ModelWalkPeers.cWalk = xenabi_peer_walk_stream
        EncodePeers.cEncode = xenabi_peer_encode_reservation
        ModelCallPeers.cDispatch = xenabi_peer_dispatch
        ModelCopyPeers.cCopy = xenabi_peer_copy_from_guest
        if let profile {
            if profile == "list" { return BenchProfiles.names.forEach { print($0) } }
            guard let loop = BenchProfiles.workload(profile) else {
                throw ValidationError("no workload '\(profile)' (xenabi bench --profile list)")
            }
            print("\(profile): \(iterations) iterations, checksum \(loop(iterations))")
            return
        }
        let sampler = quick ? BenchSampler.quick : BenchSampler.standard
        var figures: [BenchFigure] = []
        figures += SoftTLBFigures.run(sampler, filter: filter)
        // Issue 7's groups; allocation figures read this thread's malloc count.
        BenchAllocations.counter = { UInt64(xenabi_thread_malloc_count()) }
        let groups: [([String], (BenchSampler) -> [BenchFigure])] = [
            (["encode"], EncodeFigures.run),
            (["sg.build"], DescriptorFigures.run),
            (["model.copy", "model.linear.translate"], ModelCopyFigures.run),
            (["model.call"], ModelCallFigures.run),
        ]
        for (prefixes, run) in groups where filter.map({ f in prefixes.contains { $0.hasPrefix(f) || f.hasPrefix($0) } }) ?? true {
            figures += run(sampler)
        }
        if let filter { figures = figures.filter { $0.name.hasPrefix(filter) } }
        // Issue 15's goals, from this run's figures: all of them on a full
        // run (a goal without its figures is not met), else those the
        // filter kept figures for.
        let verdicts = BenchGoals.all.map { $0.verdict(figures) }.filter { filter == nil || !$0.figures.isEmpty }
        if json {
            print(JSON.object([("quick", .bool(quick)), ("figures", .array(figures.map(\.json))),
                               ("goals", .array(verdicts.map(\.json)))]).text)
        } else {
            for f in figures { print(f.line) }
            for v in verdicts { print(v.line) }
        }
    }
}

extension BenchFigure {
    var json: JSON {
        var o: [(String, JSON)] = [("name", .string(name)), ("value", .double(value)), ("unit", .string(unit))]
        o.append(("peer", peer.map(JSON.string) ?? .null))
        o.append(("ratio", ratio.map(JSON.double) ?? .null))
        o.append(("target", target.map(JSON.string) ?? .null))
        o.append(("met", met.map(JSON.bool) ?? .null))
        return .object(o)
    }
}

extension BenchGoal.Verdict {
    /// `goal ID: met|MISSED (worst: figure ratio vs peer)`, or what is missing.
    var line: String {
        var s = "goal \(goal.id): \(met ? "met" : "MISSED") [\(goal.target)]"
        if let w = worst {
            s += "; worst \(w.figure.name) \(BenchFigure.format(w.figure.value)) \(w.figure.unit)"
            if let peer = w.figure.peer, let ratio = w.figure.ratio { s += ", \(BenchFigure.format(ratio))x vs \(peer)" }
        }
        if !missing.isEmpty { s += "; not measured: \(missing.joined(separator: ", "))" }
        return s
    }

    /// The goal, its verdict, the worst figure's ratio and peer (both
    /// measured in this run), and every figure it read.
    var json: JSON {
        let w = worst
        var o: [(String, JSON)] = [("id", .string(goal.id)), ("goal", .string(goal.statement)), ("target", .string(goal.target)),
                                   ("met", .bool(met))]
        o.append(("ratio", w?.figure.ratio.map(JSON.double) ?? .null))
        o.append(("figure", w.map { .string($0.figure.name) } ?? .null))
        o.append(("value", w.map { .double($0.figure.value) } ?? .null))
        o.append(("peer", w?.figure.peer.map(JSON.string) ?? .null))
        o.append(("peerValue", w?.peerValue.map(JSON.double) ?? .null))
        o.append(("figures", .array(figures.map { f in
            .object([("name", .string(f.figure.name)), ("value", .double(f.figure.value)), ("unit", .string(f.figure.unit)),
                     ("peer", f.figure.peer.map(JSON.string) ?? .null), ("peerValue", f.peerValue.map(JSON.double) ?? .null),
                     ("ratio", f.figure.ratio.map(JSON.double) ?? .null), ("met", .bool(f.holds))])
        })))
        o.append(("missing", .array(missing.map(JSON.string))))
        return .object(o)
    }
}
