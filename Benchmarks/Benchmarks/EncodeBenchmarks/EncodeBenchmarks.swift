// Typed encoders (issue 7): memory_op(increase_reservation), 16 grant
// copies and a 32-entry multicall into a reused EncodedCall, against the
// same calls into a fresh one. Each benchmark iteration is 1000 encodes
// (`scalingFactor: .kilo`): wall clock reads as ns per encode, and the
// malloc count (MallocInterposer) must be 0 for the warm encodes.
// The same workload backs `xenabi bench` (Sources/XenABIBench/Encode).
import Benchmark
import BenchWorkloads

nonisolated(unsafe) let workload = EncodeWorkload()

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .instructions, .mallocCountTotal],
        scalingFactor: .kilo,
        maxDuration: .seconds(1),
        maxIterations: 100_000
    )

    func encodes(_ name: String, _ run: @escaping (Int) -> UInt64) {
        Benchmark(name) { benchmark in
            blackHole(run(benchmark.scaledIterations.count))
        }
    }

    encodes("Encode memory_op(increase_reservation), warm") { workload.runReservation($0) }
    encodes("Encode grant_table_op(copy) x16, warm") { workload.runCopies($0) }
    encodes("Encode multicall, 32 entries, warm") { workload.runMulticall($0) }
    encodes("Encode memory_op(increase_reservation), fresh call") { workload.runReservationCold($0) }
    encodes("Encode grant_table_op(copy) x16, fresh call") { workload.runCopiesCold($0) }
    encodes("Encode multicall, 32 entries, fresh call") { workload.runMulticallCold($0) }
}
