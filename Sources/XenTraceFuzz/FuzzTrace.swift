import Foundation
import XenABI
import XenTrace

/// libFuzzer entry point over the trace reader and checker: the input is a
/// whole trace file (header line, then call lines), read by the streaming
/// `TraceReader` and every call put through checks 1-3 (decode, re-encode,
/// every physical flavour through the hypervisor model), as
/// `xenabi trace check` does. Invariants: nothing traps, every error names a
/// line, and the reader's calls keep their documented shape (regions sorted,
/// disjoint, `after` as long as `before`).
///
/// `XENTRACE_FUZZ_MAX_CALLS` (default 8) bounds the calls checked per input,
/// so a many-line input costs what a few lines do, and
/// `XENTRACE_FUZZ_MAX_LINE` (default 65536) is the reader's `maxLineBytes`,
/// so the too-long-line path is reached with inputs libFuzzer can make.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTrace(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    TraceFuzz.run(UnsafeBufferPointer(start: data, count: size))
    return 0
}

enum TraceFuzz {
    static let maxCalls = ProcessInfo.processInfo.environment["XENTRACE_FUZZ_MAX_CALLS"].flatMap { Int($0) } ?? 8
    static let maxLine = ProcessInfo.processInfo.environment["XENTRACE_FUZZ_MAX_LINE"].flatMap { Int($0) } ?? 1 << 16
    static let checker = TraceChecker(flavourCheck: { value, call in FlavourReplay.check(value, call) })

    static func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        let reader: TraceReader
        do { reader = try TraceReader(contents: bytes, name: "fuzz.jsonl", maxLineBytes: maxLine) } catch {
            precondition(error.line <= 1, "header error on line \(error.line)")
            _ = error.description
            return
        }
        _ = reader.header
        var summary = TraceSummary(file: "fuzz.jsonl")
        var checked = 0
        while checked < maxCalls {
            let next: TraceCall?
            do { next = try reader.next() } catch {
                precondition(error.line >= 2, "call error on line \(error.line)")
                _ = error.description
                return
            }
            guard let call = next else { break }
            precondition(call.line >= 2)
            for (a, b) in zip(call.regions, call.regions.dropFirst()) {
                precondition(a.address <= b.address && a.end <= b.address, "regions unsorted or overlapping")
            }
            for r in call.regions { precondition(r.after == nil || r.after!.count == r.before.count) }
            let result = checker.check(call)
            precondition(result.decoded != nil || result.decodeError != nil)
            precondition(result.differences.allSatisfy { (1 ... 3).contains($0.check) })
            for d in result.differences { _ = d.description }
            if let v = result.decoded { _ = "\(v)" }
            summary.add(result)
            checked += 1
        }
        _ = summary.description
    }
}

/// libFuzzer's driver (`FuzzerInterface.h`), for the `main` SwiftPM links in.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32
) -> Int32

/// SwiftPM renames an executable's `main` to `<target>_main`; run libFuzzer from it.
@_cdecl("XenTraceFuzz_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var c = argc
    var v = argv
    return LLVMFuzzerRunDriver(&c, &v) { data, size in fuzzTrace(data, size) }
}
