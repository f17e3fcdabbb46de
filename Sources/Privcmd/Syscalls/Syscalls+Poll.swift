#if canImport(Glibc)
import Glibc
#endif

/// poll(2) on one descriptor for `events`: how many are ready (0: timeout).
@usableFromInline
func system_poll(_ fd: Int32, _ events: Int16, _ timeoutMilliseconds: Int32) -> Int32 {
    #if DEBUG
    if let m = MockSyscalls.current { return Int32(m.answer(.poll(fd: fd, events: events, timeout: timeoutMilliseconds))) }
    #endif
    var p = pollfd(fd: fd, events: events, revents: 0)
    return poll(&p, 1, timeoutMilliseconds)
}
