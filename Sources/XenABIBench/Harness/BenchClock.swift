#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Monotonic nanoseconds (`clock_gettime(CLOCK_MONOTONIC)`): the clock every
/// figure is read from. Its cost (~20 ns via the vDSO) is paid once per
/// sample, never per iteration.
@inlinable
public func benchNow() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
}

/// Keeps a value alive so the optimizer cannot drop the work that made it.
@inline(never) @_optimize(none)
public func benchBlackHole<T>(_ value: T) {}
