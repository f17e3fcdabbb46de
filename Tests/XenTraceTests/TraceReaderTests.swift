import Foundation
import Testing
import XenABI
@testable import XenTrace
import XenABITestSupport

@Suite("Trace reader")
struct TraceReaderTests {
    @Test("the bundled traces read whole, with the call counts of shared/traces/README.md")
    func bundledCounts() throws {
        let expected = ["xl-info.jsonl": 15, "xl-list.jsonl": 13, "xl-dmesg.jsonl": 12, "xl-vcpu-list.jsonl": 19,
                        "xl-uptime.jsonl": 13, "xentop.jsonl": 6, "xenpm-topology.jsonl": 3, "xen-cpuid-policy.jsonl": 7]
        let paths = BundledTraces.paths
        #expect(paths.count == expected.count)
        for p in paths {
            let name = URL(fileURLWithPath: p).lastPathComponent
            let reader = try TraceReader(path: p)
            #expect(reader.header.format == "xen-hypercall-trace")
            #expect(reader.header.xen == "4.17.7")
            var n = 0, lastSeq = -1
            while let c = try reader.next() {
                #expect(c.seq == lastSeq + 1, "\(name): seq in issue order")
                lastSeq = c.seq
                #expect(c.line == n + 2)
                for (a, b) in zip(c.regions, c.regions.dropFirst()) { #expect(a.end <= b.address) }
                n += 1
            }
            #expect(n == expected[name], "\(name)")
            #expect(reader.bytesRead == reader.fileSize)
        }
    }

    @Test("a recorded region's bytes are what the line says")
    func regionBytes() throws {
        let calls = try readAll(BundledTraces.paths.first { $0.hasSuffix("xl-dmesg.jsonl") }!)
        let c = calls[10]  // sysctl readconsole
        #expect(c.op == 35 && c.ret == 0)
        #expect(c.regions.map(\.length) == [20480, 4096])
        let m = TraceMemory(c.regions)
        #expect(try m.load(UInt32.self, handle: c.args[0], flavour: .linear, offset: 0) == 1)  // XEN_SYSCTL_readconsole
        #expect(throws: XenErrno.EFAULT) { try m.load(UInt32.self, handle: 0x1000, flavour: .linear, offset: 0) }
        #expect(throws: XenErrno.EFAULT) { try m.load(UInt32.self, handle: c.args[0], flavour: .flat, offset: 0) }
    }

    /// Reads `lines` (after the header) and returns the error.
    func error(_ lines: [String]) throws -> TraceError? {
        let path = try temporaryTrace([header] + lines)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do { _ = try readAll(path) } catch { return error }
        return nil
    }

    let good = #"{"seq": 0, "op": 17, "args": ["0x1", "0x1010", "0x0", "0x0", "0x0"], "ret": 0, "regions": [{"addr": "0x1000", "len": 4, "before": "00112233"}]}"#

    @Test("malformed lines: a typed error with the line number and the field")
    func malformed() throws {
        #expect(try error([good]) == nil)
        let cases: [(String, String, (TraceError.Kind) -> Bool)] = [
            (#"{"seq": 0, "op": 17, "args": ["#, "", { if case .badJSON = $0 { true } else { false } }),
            (good.replacingOccurrences(of: #""op": 17, "#, with: ""), "op", { $0 == .missingField }),
            (good.replacingOccurrences(of: #""ret": 0, "#, with: ""), "ret", { $0 == .missingField }),
            (good.replacingOccurrences(of: #""seq": 0, "#, with: ""), "seq", { $0 == .missingField }),
            (good.replacingOccurrences(of: #", "before": "00112233""#, with: ""), "regions[0].before", { $0 == .missingField }),
            (good.replacingOccurrences(of: "00112233", with: "0011223"), "regions[0].before", { if case .badHex = $0 { true } else { false } }),
            (good.replacingOccurrences(of: "00112233", with: "001122zz"), "regions[0].before", { if case .badHex = $0 { true } else { false } }),
            (good.replacingOccurrences(of: "00112233", with: "0011"), "regions[0].before", { if case .badValue = $0 { true } else { false } }),
            (good.replacingOccurrences(of: "\"0x1010\"", with: "\"1010\""), "args[1]", { if case .badHex = $0 { true } else { false } }),
            (good.replacingOccurrences(of: "\"0x1010\"", with: "4112"), "args[1]", { $0 == .wrongType(expected: "a 0x hex string", got: "4112") }),
            (good.replacingOccurrences(of: #", "0x0"]"#, with: "]"), "args", { if case .badValue = $0 { true } else { false } }),
            (good.replacingOccurrences(of: #""op": 17"#, with: #""op": "17""#), "op", { $0 == .wrongType(expected: "an integer", got: "a string") }),
            (good.replacingOccurrences(of: #""before": "00112233"}]"#, with: #""before": "00112233"}, {"addr": "0x1002", "len": 2, "before": "aabb"}]"#),
             "regions[1]", { if case .overlap = $0 { true } else { false } }),
            (good.replacingOccurrences(of: #""before": "00112233"}]"#, with: #""before": "00112233", "after": "00"}]"#),
             "regions[0].after", { if case .badValue = $0 { true } else { false } }),
            (good.replacingOccurrences(of: "\"0x1000\"", with: "\"0xffffffffffffffff\""), "regions[0].len", { if case .badValue = $0 { true } else { false } }),
        ]
        for (line, field, kind) in cases {
            let e = try #require(try error([good, good, line, good]), "\(line)")
            #expect(e.line == 4, "\(line)")
            #expect(e.field == field, "\(line): \(e)")
            #expect(kind(e.kind), "\(line): \(e)")
            #expect(e.description.contains(":4"))
        }
    }

    @Test("a bad header is a typed error on line 1")
    func badHeader() throws {
        let cases: [(String, String, TraceError.Kind)] = [
            (#"{"format": "other", "version": 1, "arch": "x86_64"}"#, "format", .badHeader("format 'other' is not 'xen-hypercall-trace'")),
            (#"{"format": "xen-hypercall-trace", "version": 2, "arch": "x86_64"}"#, "version", .badHeader("version 2 is not 1")),
            ("[]", "", .wrongType(expected: "an object", got: "an array")),
            ("", "", .badJSON("expected a value at byte 0")),
        ]
        for (h, field, kind) in cases {
            let path = try temporaryTrace([h, good])
            defer { try? FileManager.default.removeItem(atPath: path) }
            #expect(throws: TraceError(file: path, line: 1, field: field, kind)) { _ = try readAll(path) }
        }
        #expect(throws: TraceError(file: "/nonexistent/trace.jsonl", line: 0, field: "", .io("No such file or directory"))) {
            _ = try TraceReader(path: "/nonexistent/trace.jsonl")
        }
    }

    @Test("fuzz: corrupted real lines read or fail with their line number, never trap")
    func fuzz() throws {
        var rng = SeededRNG(seed: 0x5EED)
        let lines = try bundledLines("xenpm-topology.jsonl")
        let alphabet = Array(#"{}[]",:0123456789abcdefxz -"#.utf8)
        var failures = 0
        for round in 0 ..< 60 {
            var bytes = Array(lines[1 + round % (lines.count - 1)].utf8)
            switch round % 3 {
            case 0: bytes = Array(bytes.prefix(Int.random(in: 0 ..< bytes.count, using: &rng)))
            case 1:
                for _ in 0 ..< 1 + round % 4 { bytes[Int.random(in: 0 ..< bytes.count, using: &rng)] = alphabet.randomElement(using: &rng)! }
            default: bytes.remove(at: Int.random(in: 0 ..< bytes.count, using: &rng))
            }
            let mutated = String(decoding: bytes, as: UTF8.self)
            if let e = try error([lines[1], mutated]) {
                #expect(e.line == 3, "\(e)")
                failures += 1
            }
        }
        #expect(failures > 30)
    }
}
