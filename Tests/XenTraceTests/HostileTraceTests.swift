import Foundation
import Testing
import XenABI
@testable import XenTrace

/// "Hostile input never costs more than it should": trace lines whose sizes,
/// types or lengths are hostile fail with a typed error naming file:line
/// and field, after bounded work.
@Suite("Hostile traces")
struct HostileTraceTests {
    /// A call line of `op` with `args` and one region per (address, hex).
    func line(seq: String = "0", op: UInt64 = 17, args: [String], ret: String = "0",
                     regions: [(UInt64, String)] = []) -> String {
        let r = regions.map { #"{"addr": "0x\#(String($0.0, radix: 16))", "len": \#($0.1.count / 2), "before": "\#($0.1)"}"# }
        return #"{"seq": \#(seq), "op": \#(op), "args": [\#(args.map { "\"\($0)\"" }.joined(separator: ", "))], "ret": \#(ret), "regions": [\#(r.joined(separator: ", "))]}"#
    }

    /// The error reading `lines` after the header, or nil.
    func readError(_ lines: [String], maxLineBytes: Int = TraceReader.defaultMaxLineBytes) throws -> TraceError? {
        let path = try temporaryTrace([header] + lines)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let r = try TraceReader(path: path, maxLineBytes: maxLineBytes)
            while try r.next() != nil {}
        } catch { return TraceError(file: "", line: error.line, field: error.field, error.kind) }
        return nil
    }

    var version: String { line(args: ["0x0", "0x0", "0x0", "0x0", "0x0"]) }

    @Test("a file without newlines stops at the line limit with file:line, not at OOM")
    func devZero() throws {
        #expect(throws: TraceError(file: "/dev/zero", line: 1, field: "", .lineTooLong(limit: 1 << 20))) {
            _ = try TraceReader(path: "/dev/zero", maxLineBytes: 1 << 20)
        }
        let long = line(args: ["0x0", "0x0", "0x0", "0x0", "0x0"], regions: [(0x1000, String(repeating: "00", count: 4096))])
        #expect(try readError([version, long], maxLineBytes: 4096) == TraceError(file: "", line: 3, field: "", .lineTooLong(limit: 4096)))
        #expect(try readError([version, long], maxLineBytes: 9000) == nil)
    }

    @Test("strict types and ranges: booleans, fractions, exponents, out-of-range integers, signed hex, duplicate keys")
    func strictFields() throws {
        let args = ["0x0", "0x0", "0x0", "0x0", "0x0"]
        let cases: [(String, TraceError)] = [
            (line(seq: "true", args: args), TraceError(file: "", line: 2, field: "seq", .wrongType(expected: "an integer", got: "true"))),
            (line(args: args, ret: "1.0e3"), TraceError(file: "", line: 2, field: "ret", .wrongType(expected: "an integer", got: "1.0e3"))),
            (line(args: args, ret: "1.5"), TraceError(file: "", line: 2, field: "ret", .wrongType(expected: "an integer", got: "1.5"))),
            (line(args: args, ret: "-9223372036854775809"),
             TraceError(file: "", line: 2, field: "ret", .outOfRange(value: "-9223372036854775809", bounds: "-9223372036854775808...9223372036854775807"))),
            (line(args: args, ret: "9223372036854775808"),
             TraceError(file: "", line: 2, field: "ret", .outOfRange(value: "9223372036854775808", bounds: "-9223372036854775808...9223372036854775807"))),
            (line(seq: "-1", args: args), TraceError(file: "", line: 2, field: "seq", .outOfRange(value: "-1", bounds: "0...9223372036854775807"))),
            (line(args: ["0x0", "0x+1", "0x0", "0x0", "0x0"]),
             TraceError(file: "", line: 2, field: "args[1]", .badHex("'0x+1' is not a 0x-prefixed hex number of 1 to 16 digits"))),
            (line(args: ["0x0", "0x", "0x0", "0x0", "0x0"]),
             TraceError(file: "", line: 2, field: "args[1]", .badHex("'0x' is not a 0x-prefixed hex number of 1 to 16 digits"))),
            (line(args: ["0x0", "0x10000000000000000", "0x0", "0x0", "0x0"]),
             TraceError(file: "", line: 2, field: "args[1]", .badHex("'0x10000000000000000' is not a 0x-prefixed hex number of 1 to 16 digits"))),
            (line(args: args).replacingOccurrences(of: #""seq": 0"#, with: #""seq": 0, "seq": 1"#),
             TraceError(file: "", line: 2, field: "seq", .duplicateField)),
            (line(args: args, regions: [(0x1000, "00")]).replacingOccurrences(of: #""len": 1"#, with: #""len": 1.0"#),
             TraceError(file: "", line: 2, field: "regions[0].len", .wrongType(expected: "an integer", got: "1.0"))),
        ]
        for (text, want) in cases {
            #expect(try readError([text]) == want, "\(text)")
        }
        // The extremes themselves are fine.
        #expect(try readError([line(args: ["0xffffffffffffffff", "0x0", "0x0", "0x0", "0x0"], ret: "-9223372036854775808")]) == nil)
        let path = try temporaryTrace([header, line(args: args, ret: "-9223372036854775808")])
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try readAll(path)[0].ret == .min)
    }

    @Test("the error text names file:line and field")
    func message() throws {
        let e = TraceError(file: "t.jsonl", line: 7, field: "ret", .wrongType(expected: "an integer", got: "1.0e3"))
        #expect(e.description == "t.jsonl:7: field 'ret': expected an integer, got 1.0e3")
    }

    @Test("a build_id len of 0xffffffff is a typed decode error, with nothing allocated for it")
    func buildIDLength() throws {
        let text = line(args: ["0xa", "0x1000", "0x0", "0x0", "0x0"], regions: [(0x1000, "ffffffff")])
        let call = try TraceParser(file: "t", line: 2).call(text)
        let result = TraceChecker(flavourCheck: FlavourReplay.check).check(call)
        #expect(result.decodeError == DecodeError(.invalid("count 4294967295 exceeds 16777216 elements of 1 bytes"), at: "xen_version.build_id.len"))
        #expect(!result.passed)
    }

    @Test("a typed value over EncodedCall.maxBytes encodes no bytes and fails check 2")
    func oversizedValue() throws {
        var e = EncodedCall()
        AnyHypercall.xenVersion(.buildID(length: .max)).encode(into: &e)
        #expect(e.isOversized && e.bytes.isEmpty && e.requestedBytes == 4 + Int(UInt32.max))
        let call = TraceCall(line: 2, seq: 0, op: 17, args: HypercallArgs(), ret: 0, regions: [])
        #expect(TraceChecker().reencode(.xenVersion(.buildID(length: .max)), call, TraceMemory([]))
            == [TraceDifference(check: 2, field: "buffers", expected: "at most \(EncodedCall.maxBytes) bytes", got: "4294967299 bytes")])
    }

    @Test("the verdict does not depend on how many differences are shown")
    func maxDifferencesZero() throws {
        // xen_version version ignores arg1: a recorded 0x1234 differs from the re-encoding's 0.
        let call = try TraceParser(file: "t", line: 2).call(line(args: ["0x0", "0x1234", "0x0", "0x0", "0x0"]))
        var checker = TraceChecker()
        checker.maxDifferences = 0
        let r = checker.check(call)
        #expect(r.decoded != nil && !r.reencoded && !r.passed && r.differences.isEmpty)
        var summary = TraceSummary(file: "t")
        summary.add(r)
        #expect(summary.failed == 1)
    }

    @Test("a multicall of 4,096 entries, each its own region, checks in time linear in its regions")
    func manyRegions() throws {
        let n = 4096
        let base: UInt64 = 0x7f00_0000_0000
        // Entry k: xen_version(XENVER_version): op 17, args all zero; result 0.
        var entry = [UInt8](repeating: 0, count: 64)
        entry[0] = 17
        let hex = entry.map { String(format: "%02x", $0) }.joined()
        let text = line(op: 13, args: ["0x7f0000000000", "0x\(String(n, radix: 16))", "0x0", "0x0", "0x0"],
                             regions: (0 ..< n).map { (base + UInt64($0 * 64), hex) })
        let call = try TraceParser(file: "t", line: 2).call(text)
        #expect(call.regions.count == n)
        let memory = TraceMemory(call.regions)
        #expect(memory.contains(base, count: n * 64) && !memory.contains(base, count: n * 64 + 1))
        let clock = ContinuousClock()
        var result: CallCheck?
        let t = clock.measure { result = TraceChecker().check(call) }
        #expect(result?.decoded != nil && result?.reencoded == true, "\(result?.differences ?? [])")
        // Scanning every region per access took n^2 steps (about a minute in debug here).
        #expect(t < .seconds(20), "\(t)")
    }
}
