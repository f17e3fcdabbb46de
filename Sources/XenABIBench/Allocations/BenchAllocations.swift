/// Where `xenabi bench` reads heap allocation counts from.
///
/// The library cannot count allocations itself (that needs the C allocator
/// interposed, which only an executable may do): the `xenabi` executable
/// links `CMallocCounter` and installs its per-thread counter here before
/// running the figures. Without a counter, allocation figures are skipped
/// rather than reported as zero.
public enum BenchAllocations {
    /// The calling thread's allocation count so far, when an interposer is linked.
    nonisolated(unsafe) public static var counter: (@Sendable () -> UInt64)?

    /// Heap allocations per call of `body` over `calls` calls on this thread,
    /// or nil without a counter. Run it after a warm-up: this measures the
    /// steady state.
    public static func perCall(_ calls: Int, _ body: (Int) -> UInt64) -> Double? {
        guard let counter else { return nil }
        let before = counter()
        benchBlackHole(body(calls))
        let after = counter()
        return Double(after &- before) / Double(max(calls, 1))
    }
}
