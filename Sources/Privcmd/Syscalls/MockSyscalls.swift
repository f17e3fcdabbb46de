#if canImport(Glibc)
import Glibc
#endif

#if ENABLE_MOCKING
/// A stand-in for the kernel, compiled only with ENABLE_MOCKING (debug builds): while bound with
/// `MockSyscalls.$current.withValue(mock) { ... }`, every syscall funnel
/// of this module asks `handler` instead of the kernel and appends the call
/// to `log`. Task-local, so parallel tests never see each other's mock.
@_spi(Testing)
public final class MockSyscalls: @unchecked Sendable {
    /// One syscall as the funnel received it.
    public enum Call {
        case open(path: String, flags: Int32)
        case close(fd: Int32)
        case ioctl(fd: Int32, request: UInt, arg: UnsafeMutableRawPointer?)
        case mmap(length: Int, prot: Int32, flags: Int32, fd: Int32, offset: Int)
        case munmap(address: UnsafeMutableRawPointer, length: Int)
        case madvise(address: UnsafeMutableRawPointer, length: Int, advice: Int32)
        case pread(fd: Int32, buffer: UnsafeMutableRawPointer, count: Int, offset: Int)
        case read(fd: Int32, buffer: UnsafeMutableRawPointer, count: Int)
        case write(fd: Int32, buffer: UnsafeRawPointer, count: Int)
        case poll(fd: Int32, events: Int16, timeout: Int32)

        /// The syscall's name.
        public var name: String {
            switch self {
            case .open: "open"
            case .close: "close"
            case .ioctl: "ioctl"
            case .mmap: "mmap"
            case .munmap: "munmap"
            case .madvise: "madvise"
            case .pread: "pread"
            case .read: "read"
            case .write: "write"
            case .poll: "poll"
            }
        }
    }

    /// What the kernel answers: a return value (an address for mmap), or
    /// a failure with `errno`.
    public enum Answer {
        case value(Int)
        case failure(Errno)
    }

    /// Decides every answer. The default fails everything with `ENOSYS`.
    public var handler: (Call) -> Answer
    /// Names of the syscalls made, in order.
    public private(set) var log: [String] = []
    /// Failures answered before `handler` is asked, per syscall name: the
    /// errno and how many calls of that name still get it.
    var injected: [String: (errno: Errno, remaining: Int)] = [:]

    /// A mock answering with `handler`.
    public init(_ handler: @escaping (Call) -> Answer = { _ in .failure(.noFunction) }) {
        self.handler = handler
    }

    /// The mock bound to the current task, if any.
    @TaskLocal public static var current: MockSyscalls?

    /// Fails the next `times` calls named `syscall` (`Call.name`) with
    /// `errno` before `handler` sees any of them (transient errors: `EINTR`).
    public func inject(_ errno: Errno, times: Int, into syscall: String) {
        injected[syscall] = (errno, times)
    }

    func answer(_ call: Call) -> Int {
        log.append(call.name)
        if let i = injected[call.name], i.remaining > 0 {
            injected[call.name] = (i.errno, i.remaining - 1)
            errno = i.errno.rawValue
            return -1
        }
        switch handler(call) {
        case .value(let v): return v
        case .failure(let e):
            errno = e.rawValue
            return -1
        }
    }
}
#endif
