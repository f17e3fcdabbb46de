// The hypervisor model's `linear` path (issues 4 and 7): the 4-level page
// walk of the same addresses the SoftTLB benchmarks look up, and one 64-byte
// chunk through the model's copy path with the vCPU's SoftTLB cursor as its
// hook against the same chunk walked. 1000 operations per iteration.
import Benchmark
import SoftTLB
import XenABI
import BenchWorkloads

nonisolated(unsafe) let giant = ModelWalkWorkload(SoftTLBWorkload(count: 1, giant: true, addressCount: 4096))
nonisolated(unsafe) let small = ModelWalkWorkload(SoftTLBWorkload(count: 64, addressCount: 4096))

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .retainCount, .releaseCount],
        scalingFactor: .kilo,
        maxDuration: .seconds(1),
        maxIterations: 100_000
    )

    func ops(_ name: String, _ run: @escaping (Int) -> UInt64) {
        Benchmark(name) { benchmark in
            blackHole(run(benchmark.scaledIterations.count))
        }
    }

    ops("Model walk, giant entry addresses") { giant.runWalk($0) }
    ops("Model walk, 64-entry addresses") { small.runWalk($0) }
    ops("SoftTLB hit, same giant addresses") { giant.workload.runCursor($0) }
    ops("SoftTLB hit, same 64-entry addresses") { small.workload.runCursor($0) }
    ops("Model linear chunk, TLB hit, giant") { giant.runLinearChunk($0, tlb: true) }
    ops("Model linear chunk, walked, giant") { giant.runLinearChunk($0, tlb: false) }
}
