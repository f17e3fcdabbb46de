// SoftTLB lookups (issue 4): hit at 1, 64 and 4096 entries and with one
// giant entry, a miss, and the two baselines (linear scan, textbook binary
// search) over the same entries and the same address stream. Each benchmark
// iteration is 1000 lookups (`scalingFactor: .kilo`), so wall-clock figures
// read as ns per lookup and a malloc count of 0 means none in 1000 lookups.
// The same workloads back `xenabi bench` (Sources/XenABIBench).
import Benchmark
import SoftTLB
import BenchWorkloads

/// Workloads are built once, outside the measured region; each benchmark
/// runs on one thread, as a vCPU's cursor does.
nonisolated(unsafe) let one = SoftTLBWorkload(count: 1)
nonisolated(unsafe) let w64 = SoftTLBWorkload(count: 64)
nonisolated(unsafe) let w4096 = SoftTLBWorkload(count: 4096)
nonisolated(unsafe) let giant = SoftTLBWorkload(count: 1, giant: true)
nonisolated(unsafe) let miss = SoftTLBWorkload(count: 4096, pattern: .miss)

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .retainCount, .releaseCount],
        scalingFactor: .kilo,
        maxDuration: .seconds(1),
        maxIterations: 100_000
    )

    func lookups(_ name: String, _ run: @escaping (Int) -> UInt64) {
        Benchmark(name) { benchmark in
            blackHole(run(benchmark.scaledIterations.count))
        }
    }

    lookups("SoftTLB hit, 1 entry") { one.runCursor($0) }
    lookups("SoftTLB hit, 64 entries") { w64.runCursor($0) }
    lookups("SoftTLB hit, 4096 entries") { w4096.runCursor($0) }
    lookups("SoftTLB hit, one 64 GiB entry") { giant.runCursor($0) }
    lookups("SoftTLB miss, 4096 entries") { miss.runCursor($0) }
    lookups("Snapshot page hash, 4096 entries") { w4096.runSnapshot($0) }

    lookups("Baseline linear scan, 64 entries") { w64.runLinearScan($0) }
    lookups("Baseline linear scan, 4096 entries") { w4096.runLinearScan($0) }
    lookups("Baseline binary search, 64 entries") { w64.runBinarySearch($0) }
    lookups("Baseline binary search, 4096 entries") { w4096.runBinarySearch($0) }
    lookups("Baseline binary search miss, 4096 entries") { miss.runBinarySearch($0) }
}
