import Foundation
import Testing
import CXen
import XenABI
@testable import XenTrace

/// The LD_PRELOAD recorder, tested without Xen: `xenabi-record-selftest`
/// issues privcmd ioctls on regular files the test variables name.
@Suite("Recorder (LD_PRELOAD, fake privcmd)")
struct RecorderTests {
    /// The build directory: the test bundle sits next to the products.
    static var buildDir: URL {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        while dir.path != "/" && !FileManager.default.fileExists(atPath: dir.appendingPathComponent("libxenabi-record.so").path) {
            dir = dir.deletingLastPathComponent()
        }
        return dir
    }

    @Test("a recorded fake toolstack gives a trace the reader and checker accept")
    func recordFake() throws {
        let dir = Self.buildDir
        let lib = dir.appendingPathComponent("libxenabi-record.so").path
        let prog = dir.appendingPathComponent("xenabi-record-selftest").path
        try #require(FileManager.default.fileExists(atPath: lib), "build the package first (swift build): \(lib)")
        try #require(FileManager.default.fileExists(atPath: prog), "build the package first (swift build): \(prog)")
        let tmp = NSTemporaryDirectory() + "xenabi-record-\(getpid())"
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        #expect(FileManager.default.createFile(atPath: tmp + "/privcmd", contents: Data()))
        #expect(FileManager.default.createFile(atPath: tmp + "/hypercall", contents: Data()))

        let p = Process()
        p.executableURL = URL(fileURLWithPath: prog)
        p.environment = ["LD_PRELOAD": lib, "XENABI_RECORD_OUT": tmp + "/trace.jsonl",
                         "XENABI_RECORD_PRIVCMD_PATH": tmp + "/privcmd", "XENABI_RECORD_HYPERCALL_PATH": tmp + "/hypercall"]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let printed = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let fields = printed.split(separator: " ")
        #expect(fields.prefix(3) == ["-1", "-1", "-1"])  // ENOTTY from the regular file
        let child = fields.last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""

        let reader = try TraceReader(path: tmp + "/trace.jsonl")
        #expect(reader.header.tool.hasSuffix("xenabi-record-selftest"))
        var calls: [TraceCall] = []
        while let c = try reader.next() { calls.append(c) }
        try #require(calls.count == 3)
        #expect(calls.map(\.seq) == [0, 1, 2])
        #expect(calls.map(\.op) == [17, 35, 17])
        #expect(calls.allSatisfy { $0.ret == -Int64(ENOTTY) })
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        // Call 0 sees the locked anonymous page; call 1 also the mapped buffer device; call 2 only the device.
        #expect(calls[0].regions.map(\.length) == [page])
        #expect(calls[0].regions[0].before.allSatisfy { $0 == 0xa5 })
        #expect(calls[0].args[1] == calls[0].regions[0].address + 16)
        #expect(calls[1].regions.count == 2)
        #expect(calls[2].regions.count == 1 && calls[2].regions[0].address != calls[0].regions[0].address)
        let unchanged = calls.allSatisfy { c in c.regions.allSatisfy { $0.after == nil } }
        #expect(unchanged)

        let results = calls.map { TraceChecker().check($0) }
        let allPassed = results.allSatisfy { $0.passed }
        #expect(allPassed, "\(results.map { $0.differences })")
        #expect(results[0].decoded == .xenVersion(.extraversion))
        #expect(results[1].decoded == .sysctl(Sysctl(.physinfo)))
        #expect(results[2].decoded == .xenVersion(.version))

        // The forked child's call went to its own trace, not interleaved into the parent's.
        let childCalls = try readAll(tmp + "/trace.jsonl." + child)
        #expect(childCalls.count == 1)
        #expect(childCalls.first?.seq == 0 && childCalls.first?.args[0] == UInt64(XENVER_pagesize))
        #expect(TraceChecker().check(childCalls[0]).decoded == .xenVersion(.pagesize))
    }
}
