import Foundation
import Testing
@testable import XenTrace

/// `xenabi trace check` as a user runs it: output lines and exit status.
@Suite("xenabi trace check (command line)")
struct TraceCommandTests {
    static func run(_ args: [String]) throws -> (status: Int32, output: String) {
        let exe = RecorderTests.buildDir.appendingPathComponent("xenabi").path
        try #require(FileManager.default.fileExists(atPath: exe), "build the package first: \(exe)")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test("a good trace: the summary line, exit 0")
    func good() throws {
        let path = BundledTraces.paths.first { $0.hasSuffix("/xenpm-topology.jsonl") }!
        let (status, out) = try Self.run(["trace", "check", path])
        #expect(status == 0)
        #expect(out.contains("\(path): 3 calls, 3 decoded, 3 re-encoded, 3 flavours equal, 0 unknown"), "\(out)")
    }

    @Test("a corrupted line: its line number and field, exit 1")
    func corrupted() throws {
        var lines = try bundledLines("xenpm-topology.jsonl")
        lines[2] = lines[2].replacingOccurrences(of: "\"op\": 35", with: "\"op\": \"x\"")
        let path = try temporaryTrace(lines)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (status, out) = try Self.run(["trace", "check", path])
        #expect(status == 1)
        #expect(out.contains("\(path):3: field 'op'"), "\(out)")
    }

    @Test("--max-differences 0 hides the differences but the call still fails (exit 1)")
    func maxDifferencesZero() throws {
        var lines = try bundledLines("xenpm-topology.jsonl")
        // sysctl takes one argument: a recorded arg1 of 5 differs from the re-encoding's 0 (check 2).
        lines[1] = lines[1].replacingOccurrences(of: #""0x7ff611529010", "0x0""#, with: #""0x7ff611529010", "0x5""#)
        let path = try temporaryTrace(lines)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (status, out) = try Self.run(["trace", "check", "--max-differences", "0", path])
        #expect(status == 1, "\(out)")
        #expect(out.contains("FAILED") && out.contains("differences not shown"), "\(out)")
    }

    @Test("trace check /dev/zero stops at the line limit with file:line (exit 1), memory bounded by the limit")
    func devZero() throws {
        let (status, out) = try Self.run(["trace", "check", "--max-line-bytes", "1048576", "/dev/zero"])
        #expect(status == 1)
        #expect(out.contains("/dev/zero:1: line longer than 1048576 bytes"), "\(out)")
    }

    @Test("an untyped sub-op fails unless --allow-unknown, which counts it")
    func unknown() throws {
        var lines = try bundledLines("xl-list.jsonl")
        // xl-list seq 11 is xsm_op FLASK_SID_TO_CONTEXT: make its cmd 99, which FLASK does not define.
        let i = lines.firstIndex { $0.contains("\"seq\": 11,") }!
        var o = try JSONSerialization.jsonObject(with: Data(lines[i].utf8)) as! [String: Any]
        var regions = o["regions"] as! [[String: Any]]
        let base = UInt64((regions[0]["addr"] as! String).dropFirst(2), radix: 16)!
        let at = Int(UInt64((o["args"] as! [String])[0].dropFirst(2), radix: 16)! - base) * 2
        var hex = Array((regions[0]["before"] as! String).utf8)
        #expect(String(decoding: hex[at ..< at + 8], as: UTF8.self) == "05000000")
        hex.replaceSubrange(at ..< at + 8, with: Array("63000000".utf8))
        regions[0]["before"] = String(decoding: hex, as: UTF8.self)
        o["regions"] = regions
        lines[i] = String(decoding: try JSONSerialization.data(withJSONObject: o), as: UTF8.self)
        let path = try temporaryTrace(lines)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let strict = try Self.run(["trace", "check", path])
        #expect(strict.status == 1)
        #expect(strict.output.contains("unknown sub-op 99"), "\(strict.output)")
        let lenient = try Self.run(["trace", "check", "--allow-unknown", path])
        #expect(lenient.status == 0)
        #expect(lenient.output.contains("13 calls, 12 decoded, 12 re-encoded, 12 flavours equal, 1 unknown"), "\(lenient.output)")
    }
}
