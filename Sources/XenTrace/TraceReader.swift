import Foundation
import XenABI

/// Reads a trace line by line: the header at `init`, then one call per
/// `next()`. Only the current line is in memory, so a trace of any length
/// streams. Every malformed line is a `TraceError` naming its line and field.
public final class TraceReader {
    /// The file name used in errors.
    public let path: String
    /// Line 1.
    public private(set) var header: TraceHeader
    /// Bytes consumed so far (for progress).
    public private(set) var bytesRead: Int = 0
    /// The file's size in bytes (0 if unknown).
    public let fileSize: Int

    private let file: UnsafeMutablePointer<FILE>
    private var lineBuffer: UnsafeMutablePointer<CChar>?
    private var lineCapacity: Int = 0
    private var lineNumber = 0

    /// Opens `path` and reads its header line.
    public init(path: String) throws(TraceError) {
        self.path = path
        guard let f = fopen(path, "r") else {
            throw TraceError(file: path, line: 0, field: "", .io(String(cString: strerror(errno))))
        }
        file = f
        var st = stat()
        fileSize = fstat(fileno(f), &st) == 0 ? Int(st.st_size) : 0
        header = TraceHeader()
        guard let first = try readLine() else {
            throw TraceError(file: path, line: 1, field: "", .badHeader("empty file"))
        }
        header = try TraceParser(file: path, line: 1).header(first)
    }

    deinit {
        free(lineBuffer)
        fclose(file)
    }

    /// The next call, or nil at the end of the file. Blank lines are skipped.
    public func next() throws(TraceError) -> TraceCall? {
        while let text = try readLine() {
            if text.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) { continue }
            return try TraceParser(file: path, line: lineNumber).call(text)
        }
        return nil
    }

    private func readLine() throws(TraceError) -> String? {
        let n = getline(&lineBuffer, &lineCapacity, file)
        if n < 0 {
            if ferror(file) != 0 { throw TraceError(file: path, line: lineNumber + 1, field: "", .io(String(cString: strerror(errno)))) }
            return nil
        }
        lineNumber += 1
        bytesRead += n
        var count = n
        if count > 0, lineBuffer![count - 1] == 0x0A { count -= 1 }
        return lineBuffer!.withMemoryRebound(to: UInt8.self, capacity: count) {
            String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self)
        }
    }
}

/// Parses one line of a trace into typed values, naming the field of any error.
public struct TraceParser: Sendable {
    /// The file name for errors.
    public var file: String
    /// The line number for errors.
    public var line: Int

    /// A parser for `line` of `file`.
    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    func fail(_ field: String, _ kind: TraceError.Kind) -> TraceError {
        TraceError(file: file, line: line, field: field, kind)
    }

    func object(_ text: String) throws(TraceError) -> [String: Any] {
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [])
        } catch {
            throw fail("", .badJSON((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"))
        }
        guard let o = value as? [String: Any] else { throw fail("", .badJSON("not an object")) }
        return o
    }

    func field(_ o: [String: Any], _ key: String, path: String? = nil) throws(TraceError) -> Any {
        guard let v = o[key], !(v is NSNull) else { throw fail(path ?? key, .missingField) }
        return v
    }

    func int(_ o: [String: Any], _ key: String, path: String? = nil) throws(TraceError) -> Int64 {
        let v = try field(o, key, path: path)
        guard !(v is String), let n = v as? NSNumber, Double(n.int64Value) == n.doubleValue else {
            throw fail(path ?? key, .badValue("expected an integer, got \(v)"))
        }
        return n.int64Value
    }

    func string(_ o: [String: Any], _ key: String, path: String? = nil) throws(TraceError) -> String {
        let v = try field(o, key, path: path)
        guard let s = v as? String else { throw fail(path ?? key, .badValue("expected a string, got \(v)")) }
        return s
    }

    func hexNumber(_ s: String, _ path: String) throws(TraceError) -> UInt64 {
        guard let v = Hex.number(s) else { throw fail(path, .badHex("'\(s.prefix(40))' is not a 0x-prefixed 64-bit hex number")) }
        return v
    }

    func bytes(_ s: String, _ path: String, length: Int) throws(TraceError) -> [UInt8] {
        switch Hex.decode(Substring(s).utf8) {
        case .failure(let e): throw fail(path, .badHex(e.why))
        case .success(let b):
            guard b.count == length else { throw fail(path, .badValue("\(b.count) bytes, but len is \(length)")) }
            return b
        }
    }

    /// Parses the header line.
    public func header(_ text: String) throws(TraceError) -> TraceHeader {
        let o = try object(text)
        let format = try string(o, "format")
        guard format == TraceHeader.formatName else { throw fail("format", .badHeader("format '\(format)' is not '\(TraceHeader.formatName)'")) }
        let version = try int(o, "version")
        guard version == 1 else { throw fail("version", .badHeader("version \(version) is not 1")) }
        let pageSize = o["page_size"] == nil ? 4096 : try int(o, "page_size")
        guard pageSize > 0, pageSize & (pageSize - 1) == 0 else { throw fail("page_size", .badValue("\(pageSize) is not a power of two")) }
        func opt(_ k: String) throws(TraceError) -> String { o[k] == nil ? "" : try string(o, k) }
        return TraceHeader(format: format, version: Int(version), arch: try string(o, "arch"), pageSize: Int(pageSize),
                           xen: try opt("xen"), dom0: try opt("dom0"), tool: try opt("tool"), recorded: try opt("recorded"))
    }

    /// Parses a call line: every field present and well typed, hex valid,
    /// regions sized as `len` says and not overlapping.
    public func call(_ text: String) throws(TraceError) -> TraceCall {
        let o = try object(text)
        let seq = try int(o, "seq")
        let op = try int(o, "op")
        guard op >= 0 else { throw fail("op", .badValue("negative op word \(op)")) }
        guard let argList = try field(o, "args") as? [Any] else { throw fail("args", .badValue("expected an array")) }
        guard argList.count == HypercallArgs.count else { throw fail("args", .badValue("\(argList.count) arguments, expected \(HypercallArgs.count)")) }
        var args = HypercallArgs()
        for (i, a) in argList.enumerated() {
            guard let s = a as? String else { throw fail("args[\(i)]", .badValue("expected a hex string")) }
            args[i] = try hexNumber(s, "args[\(i)]")
        }
        let ret = try int(o, "ret")
        guard let regionList = try field(o, "regions") as? [Any] else { throw fail("regions", .badValue("expected an array")) }
        var regions: [TraceRegion] = []
        regions.reserveCapacity(regionList.count)
        for (i, r) in regionList.enumerated() {
            let p = "regions[\(i)]"
            guard let ro = r as? [String: Any] else { throw fail(p, .badValue("expected an object")) }
            let addr = try hexNumber(try string(ro, "addr", path: p + ".addr"), p + ".addr")
            let len = try int(ro, "len", path: p + ".len")
            guard len >= 0, len <= Int64(Int32.max) else { throw fail(p + ".len", .badValue("length \(len) out of range")) }
            guard addr.addingReportingOverflow(UInt64(len)).overflow == false else { throw fail(p + ".len", .badValue("region wraps the address space")) }
            let before = try bytes(try string(ro, "before", path: p + ".before"), p + ".before", length: Int(len))
            let after = ro["after"] == nil ? nil : try bytes(try string(ro, "after", path: p + ".after"), p + ".after", length: Int(len))
            regions.append(TraceRegion(address: addr, before: before, after: after))
        }
        let order = regions.indices.sorted { regions[$0].address < regions[$1].address }
        for (a, b) in zip(order, order.dropFirst()) where regions[a].end > regions[b].address {
            throw fail("regions[\(b)]", .overlap(String(format: "region %d [0x%llx, 0x%llx) overlaps region %d [0x%llx, 0x%llx)",
                                                       b, regions[b].address, regions[b].end, a, regions[a].address, regions[a].end)))
        }
        return TraceCall(line: line, seq: Int(seq), op: UInt64(op), args: args, ret: ret, regions: order.map { regions[$0] })
    }
}
