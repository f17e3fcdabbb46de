// GFN-list descriptor builds (issue 7): flat, one-level and two-level
// descriptors for 4 KiB ... 64 MiB buffers, against copying the GFNs into
// list pages. One benchmark iteration is one build; target <= 2 us at 1 MiB,
// no allocation. The same workload backs `xenabi bench`.
import Benchmark
import ScatterGather
import BenchWorkloads

nonisolated(unsafe) let workloads = DescriptorFigures.sizes.map { ($0.0, DescriptorWorkload(size: $0.1)) }

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .instructions, .mallocCountTotal],
        maxDuration: .seconds(1),
        maxIterations: 100_000
    )
    for (label, w) in workloads {
        Benchmark("Build flat, \(label)") { b in blackHole(w.run(b.scaledIterations.count, flavour: .flat, scattered: false)) }
        if UInt64(w.pages) <= SGPage.maxOneLevel {
            Benchmark("Build one-level list, \(label)") { b in blackHole(w.run(b.scaledIterations.count, flavour: .gfnList, scattered: true)) }
        } else {
            Benchmark("Build two-level list, \(label)") { b in blackHole(w.run(b.scaledIterations.count, flavour: .tagged, scattered: true)) }
        }
        Benchmark("Baseline GFN copy, \(label)") { b in blackHole(w.runListCopy(b.scaledIterations.count)) }
    }
}
