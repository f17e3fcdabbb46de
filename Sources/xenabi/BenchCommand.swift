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

    @Flag(help: "Print one JSON object: {\"figures\": [{name, value, unit, peer, ratio, target, met}]}.")
    var json = false

    @Option(help: "Only figures whose name starts with this prefix (e.g. softtlb).")
    var filter: String?

    func run() throws {
        let sampler = quick ? BenchSampler.quick : BenchSampler.standard
        var figures: [BenchFigure] = []
        if filter.map({ "softtlb".hasPrefix($0) || $0.hasPrefix("softtlb") || $0.hasPrefix("model.linear") }) ?? true {
            figures += SoftTLBFigures.run(sampler)
        }
        // Issue 7's groups; allocation figures read this thread's malloc count.
        BenchAllocations.counter = { UInt64(xenabi_thread_malloc_count()) }
        // The typed encode's minimal C peer (Sources/CBenchPeers).
        EncodePeers.cEncode = xenabi_peer_encode_reservation
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
        if json {
            print(JSON.object([("quick", .bool(quick)), ("figures", .array(figures.map(\.json)))]).text)
        } else {
            for f in figures { print(f.line) }
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
