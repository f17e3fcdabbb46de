// XenABI typed encode (issue 7): `memory_op(increase_reservation)` into a
// reused `EncodedCall`, the steady state of a library issuing the same kind
// of call repeatedly. 1000 encodes per iteration; the malloc count shows
// whether the reused call's storage is really reused.
import Benchmark
import XenABI

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .retainCount, .releaseCount],
        scalingFactor: .kilo,
        maxDuration: .seconds(1),
        maxIterations: 100_000
    )

    Benchmark("Encode memory_op(increase_reservation), reused EncodedCall") { benchmark in
        var call = EncodedCall()
        let op = MemoryOp.increaseReservation(.init(nrExtents: 16), wantFrames: true)
        op.encode(into: &call)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            op.encode(into: &call)
            blackHole(call.args[1])
        }
        benchmark.stopMeasurement()
    }
}
