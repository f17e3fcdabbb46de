// The hypervisor model (issue 7): copy_from_guest of 4 KiB and 1 MiB
// through each flavour against memcpy, linear translation by page walk
// against SoftTLB hits, and one whole hypercall per flavour. One iteration
// is one copy, one 1 MiB translation, or one call. The same workloads back
// `xenabi bench` (Sources/XenABIBench/ModelCopy, ModelCall).
import Benchmark
import XenABI
import BenchWorkloads

nonisolated(unsafe) let copy = ModelCopyWorkload()
nonisolated(unsafe) let calls = ModelCallFigures.calls.flatMap { call in
    ModelCallWorkload.Naming.allCases.map { ("\(call.0), \($0.rawValue)", ModelCallWorkload(call.1, naming: $0)) }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .instructions, .mallocCountTotal],
        maxDuration: .seconds(1),
        maxIterations: 100_000
    )
    for (label, size) in ModelCopyFigures.sizes where size <= 1 << 20 {
        Benchmark("memcpy, \(label)") { b in blackHole(copy.runMemcpy(b.scaledIterations.count, size: size)) }
        for naming in ModelCopyWorkload.Naming.allCases {
            guard let h = copy.handle(naming, size: size) else { continue }
            Benchmark("copyFromGuest \(naming.rawValue), \(label)") { b in
                blackHole(copy.runCopy(b.scaledIterations.count, handle: h, size: size, tlb: naming == .linearTLB))
            }
        }
    }
    Benchmark("Linear translation of 1 MiB, page walks") { b in blackHole(copy.runTranslate(b.scaledIterations.count, size: 1 << 20, tlb: false)) }
    Benchmark("Linear translation of 1 MiB, SoftTLB hits") { b in blackHole(copy.runTranslate(b.scaledIterations.count, size: 1 << 20, tlb: true)) }
    for (name, w) in calls {
        Benchmark("Whole call \(name)") { b in blackHole(w.run(b.scaledIterations.count)) }
    }
}
