// The one place this module retries a syscall that failed transiently.
// Which syscalls get which errnos is decided at each call site, from what
// Linux can answer there (see the comments there); this only bounds it.

/// The most tries the retry funnel makes: a signal storm that interrupts a
/// syscall 64 times running is a wedged caller, and an unbounded loop would
/// spin the thread forever on a device that keeps answering `EAGAIN`.
@usableFromInline
let transientRetryLimit = 64

/// Runs `syscall` (a funnel call answering -1 with `errno` on failure) until
/// it succeeds or fails with an errno outside `transient`, at most
/// `transientRetryLimit` times. Returns that result (`errno` still set when
/// it is negative); past the bound, `PrivcmdError.retriesExhausted`.
@inline(__always)
func system_retrying<R: BinaryInteger>(_ operation: @autoclosure () -> String, on transient: [Errno],
                                       _ syscall: () -> R) throws(PrivcmdError) -> R {
    var tries = 0
    while true {
        let r = syscall()
        tries += 1
        if r >= 0 { return r }
        let e = system_errno
        if !transient.contains(e) { return r }
        if tries >= transientRetryLimit { throw .retriesExhausted(operation: operation(), e, tries: tries) }
    }
}
