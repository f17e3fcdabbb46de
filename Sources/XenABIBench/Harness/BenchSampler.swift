/// Runs a timed loop many times and reports the median time per iteration.
///
/// The body receives an iteration count and runs that many iterations itself
/// (no closure call per iteration), returning a checksum that is black-holed
/// so the work cannot be optimized away. Iterations per sample are
/// calibrated so one sample lasts about `sampleNanoseconds`; the median of
/// `samples` samples is robust to the other helpers' load on a shared machine.
public struct BenchSampler: Sendable {
    /// Samples per figure (odd, so the median is one sample).
    public var samples: Int
    /// Target length of one sample.
    public var sampleNanoseconds: UInt64

    /// A sampler.
    public init(samples: Int, sampleNanoseconds: UInt64) {
        self.samples = max(1, samples)
        self.sampleNanoseconds = max(10_000, sampleNanoseconds)
    }

    /// The short run `xenabi bench --quick` uses (the SoftTLB set in about a second).
    /// Samples are short (0.5 ms) so that most fit inside one scheduler time
    /// slice on a shared 2-core machine: a preempted sample is an outlier the
    /// median ignores, rather than a bias in every sample.
    public static let quick = BenchSampler(samples: 31, sampleNanoseconds: 500_000)
    /// The default run.
    public static let standard = BenchSampler(samples: 201, sampleNanoseconds: 1_000_000)

    /// One figure: time per iteration, the median of all samples, and their spread.
    public struct Result: Sendable {
        /// Median nanoseconds per iteration.
        public var median: Double
        /// Fastest sample, ns per iteration.
        public var min: Double
        /// Slowest sample, ns per iteration.
        public var max: Double
        /// Iterations per sample after calibration.
        public var iterations: Int
    }

    /// Iterations per sample for `body`: doubled until one run is long
    /// enough to time, then scaled to `sampleNanoseconds`.
    func calibrate(_ body: (Int) -> UInt64) -> Int {
        var n = 64
        var elapsed: UInt64 = 0
        while true {
            let t0 = benchNow()
            benchBlackHole(body(n))
            elapsed = benchNow() &- t0
            if elapsed >= sampleNanoseconds / 8 || n >= 1 << 40 { break }
            n *= 2
        }
        let perIteration = Double(max(elapsed, 1)) / Double(n)
        return max(1, Int(Double(sampleNanoseconds) / perIteration))
    }

    /// `body` against its peer `peer`, their samples interleaved (the order
    /// alternating from one pair to the next), so the machine's load moves
    /// both alike: each side's median, and the median over the pairs of
    /// `peer`'s time over `body`'s (the speed-up, as `speedup`). On a
    /// shared machine the pair ratio holds where the two medians, measured
    /// milliseconds apart, drift.
    public func compare(_ body: (Int) -> UInt64, with peer: (Int) -> UInt64) -> (body: Result, peer: Result, ratio: Double) {
        let n = calibrate(body), m = calibrate(peer)
        var a: [Double] = [], b: [Double] = [], r: [Double] = []
        func time(_ f: (Int) -> UInt64, _ k: Int) -> Double {
            let t0 = benchNow()
            benchBlackHole(f(k))
            return Double(benchNow() &- t0) / Double(k)
        }
        for i in 0 ..< samples {
            let (x, y): (Double, Double)
            if i & 1 == 0 {
                x = time(body, n); y = time(peer, m)
            } else {
                y = time(peer, m); x = time(body, n)
            }
            a.append(x); b.append(y); r.append(y / max(x, 1e-9))
        }
        func result(_ t: [Double], _ k: Int) -> Result {
            let t = t.sorted()
            return Result(median: t[t.count / 2], min: t.first!, max: t.last!, iterations: k)
        }
        return (result(a, n), result(b, m), r.sorted()[r.count / 2])
    }

    /// Measures `body` (see the type's description).
    public func measure(_ body: (Int) -> UInt64) -> Result {
        let iterations = calibrate(body)
        var times: [Double] = []
        times.reserveCapacity(samples)
        for _ in 0 ..< samples {
            let t0 = benchNow()
            benchBlackHole(body(iterations))
            let t = benchNow() &- t0
            times.append(Double(t) / Double(iterations))
        }
        times.sort()
        return Result(median: times[times.count / 2], min: times.first!, max: times.last!, iterations: iterations)
    }
}
