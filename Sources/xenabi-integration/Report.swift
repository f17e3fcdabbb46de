#if canImport(Glibc)
import Glibc
#endif

/// The lines the integration run prints; the host script reads them back
/// from the serial console. `CHECK name PASS|FAIL detail`, `INFO ...`,
/// `BENCH key value`, and a final `RESULT PASS|FAIL passed/total`.
final class Report {
    var passed = 0
    var failed = 0

    func check(_ name: String, _ ok: Bool, _ detail: @autoclosure () -> String = "") {
        if ok { passed += 1 } else { failed += 1 }
        emit("CHECK \(name) \(ok ? "PASS" : "FAIL") \(detail())")
    }

    /// Runs `body`, failing the check with the error it throws.
    func check(_ name: String, _ body: () throws -> (Bool, String)) {
        do {
            let (ok, detail) = try body()
            check(name, ok, detail)
        } catch {
            check(name, false, "threw \(error)")
        }
    }

    func info(_ s: String) { emit("INFO \(s)") }
    func bench(_ key: String, _ value: String) { emit("BENCH \(key) \(value)") }

    func finish() -> Int32 {
        emit("RESULT \(failed == 0 ? "PASS" : "FAIL") \(passed)/\(passed + failed)")
        return failed == 0 ? 0 : 1
    }

    func emit(_ s: String) {
        print(s)
        fflush(nil)
    }
}

/// Nanoseconds of the monotonic clock.
func nowNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// The text of a file, or nil.
func readFile(_ path: String) -> String? {
    guard let f = fopen(path, "r") else { return nil }
    defer { fclose(f) }
    var bytes: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = fread(&buf, 1, buf.count, f)
        if n <= 0 { break }
        bytes += buf[0 ..< n]
    }
    return String(decoding: bytes, as: UTF8.self)
}
