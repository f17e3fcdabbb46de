import Foundation
import Testing
import XenABI
@testable import XenTrace
import XenABITestSupport

/// Every call of an in-memory trace, or the first error.
func readAll(contents: [UInt8]) throws(TraceError) -> [TraceCall] {
    let r = try TraceReader(contents: contents, name: "mem.jsonl")
    var calls: [TraceCall] = []
    while let c = try r.next() { calls.append(c) }
    return calls
}

@Suite("Trace reader over memory (the fuzz target's entry) and fuzz findings")
struct TraceFuzzRegressionTests {
    @Test("an in-memory trace reads exactly as the same bytes from a file", arguments: BundledTraces.paths)
    func sameAsFile(_ path: String) throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let fromMemory = try readAll(contents: bytes)
        #expect(fromMemory == (try readAll(path)))
        let r = try TraceReader(contents: bytes, name: "mem.jsonl")
        while try r.next() != nil {}
        #expect(r.bytesRead == bytes.count && r.fileSize == bytes.count)
    }

    @Test("empty, header-only and NUL-laden inputs: errors naming a line, no trap")
    func edges() throws {
        #expect(throws: TraceError(file: "mem.jsonl", line: 1, field: "", .badHeader("empty file"))) { try readAll(contents: []) }
        #expect(try readAll(contents: Array((header + "\n").utf8)).isEmpty)
        #expect(try readAll(contents: Array(header.utf8)).isEmpty, "no final newline")
        do {
            _ = try readAll(contents: Array((header + "\n\0\0{}\n").utf8))
            Issue.record("a NUL-laden line parsed")
        } catch {
            #expect(error.line == 2)
        }
    }
}
