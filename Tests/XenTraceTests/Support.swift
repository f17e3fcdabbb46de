import Foundation
@testable import XenTrace
import XenABITestSupport

/// A temporary file holding `lines`, removed by the caller.
func temporaryTrace(_ lines: [String], name: String = #function) throws -> String {
    let path = NSTemporaryDirectory() + "xenabi-\(getpid())-\(name.filter(\.isLetter))-\(UInt32.random(in: 0 ... .max)).jsonl"
    try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

/// The lines of a bundled trace.
func bundledLines(_ name: String) throws -> [String] {
    let path = BundledTraces.paths.first { $0.hasSuffix("/" + name) }!
    return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
}

/// Every call of a trace file, or the first error.
func readAll(_ path: String) throws(TraceError) -> [TraceCall] {
    let r = try TraceReader(path: path)
    var calls: [TraceCall] = []
    while let c = try r.next() { calls.append(c) }
    return calls
}

let header = #"{"format": "xen-hypercall-trace", "version": 1, "arch": "x86_64", "page_size": 4096, "xen": "4.17.7", "dom0": "pv", "tool": "test", "recorded": "2026-11-21"}"#
