import ArgumentParser
import Foundation
import XenABI
import XenConformance
import XenTrace

/// `xenabi trace reads [FILE...] [--out FILE] [--cap N]`: the read-only
/// calls of recorded traces, as the differential check replays them.
struct TraceReadsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reads",
        abstract: "Choose the read-only calls of recorded traces for the differential check (default: the bundled real Xen 4.17 traces).",
        discussion: """
        Every call that decodes and re-encodes to its recording (checks 1 and 2 of `trace check`) is offered \
        to the allowlist of read-only calls (Specs/abi.md section 10, "Differential conformance against Xen 4.17"); \
        each distinct typed value is kept once, at most --cap per class. --out writes the plan file the \
        integration test's pvh lane replays on the patched Xen and on the model.
        """
    )

    @Argument(help: "Trace files (.jsonl). None: the traces bundled with the package.")
    var files: [String] = []

    @Option(help: "Where to write the plan file.")
    var out: String?

    @Option(help: "Most calls kept per class.")
    var cap = 4

    func validate() throws {
        guard cap > 0 else { throw ValidationError("--cap must be positive") }
    }

    func run() throws {
        let paths = files.isEmpty ? BundledTraces.paths : files
        guard !paths.isEmpty else { throw ValidationError("no trace files given and none bundled") }
        var plan = ReadPlan(cap: cap)
        var unusable = 0
        let checker = TraceChecker()
        for path in paths {
            let name = URL(fileURLWithPath: path).lastPathComponent
            let reader = try TraceReader(path: path)
            while let call = try reader.next() {
                let result = checker.check(call)
                guard let value = result.decoded, result.reencoded else { unusable += 1; continue }
                plan.offer(value, source: "\(name):\(call.line)")
            }
        }
        for name in plan.classNames {
            print("\(name): \(plan.entries.filter { $0.className == name }.count)")
        }
        let c = plan.counts
        print("\(plan.entries.count) calls of \(plan.classNames.count) classes; \(c[.duplicate] ?? 0) duplicates, "
            + "\(c[.capped] ?? 0) over the cap of \(cap), \(c[.notARead] ?? 0) not reads, \(unusable) not decodable")
        if let out {
            try plan.text.write(toFile: out, atomically: true, encoding: .utf8)
        }
    }
}
