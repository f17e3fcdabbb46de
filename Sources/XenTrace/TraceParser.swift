import XenABI

/// Parses one line of a trace into typed values, naming the field of any
/// error. Strict: every field has exactly its JSON type and its range
/// (`seq` a non-negative integer, `op` an unsigned 64-bit integer, `ret` a
/// signed 64-bit one, `args` and `addr` `0x` hex of at most 16 digits),
/// no key twice; keys the format does not define are skipped.
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

    func scanner(_ bytes: UnsafeBufferPointer<UInt8>) -> JSONScanner {
        let (file, line) = (file, line)
        return JSONScanner(bytes) { field, kind in TraceError(file: file, line: line, field: field, kind) }
    }

    /// Reads the line's object, giving each key (once) to `body`.
    func fields(_ s: inout JSONScanner, at path: String, _ body: (inout JSONScanner, String) throws(TraceError) -> Void) throws(TraceError) {
        try s.beginObject(field: path)
        var seen = Set<String>()
        var first = true
        while let key = try s.nextKey(first: first) {
            first = false
            let field = path.isEmpty ? key : path + "." + key
            guard seen.insert(key).inserted else { throw fail(field, .duplicateField) }
            try body(&s, key)
        }
    }

    /// An integer in `bounds` at `field`.
    func integer<T: FixedWidthInteger>(_ s: inout JSONScanner, _: T.Type, field: String, min: T = .min) throws(TraceError) -> T {
        let n = try s.integer(field: field)
        var value: T?
        if let m = n.magnitude {
            if !n.negative || m == 0 {
                value = T(exactly: m)
            } else if T.isSigned, m <= UInt64(T.max) + 1 {
                value = T(truncatingIfNeeded: ~m &+ 1)  // two's complement of m: -2^63 included
            }
        }
        guard let value, value >= min else { throw fail(field, .outOfRange(value: n.text, bounds: "\(min)...\(T.max)")) }
        return value
    }

    func hexNumber(_ s: inout JSONScanner, field: String) throws(TraceError) -> UInt64 {
        let r = try s.rawString(field: field)
        guard let v = Hex.number(UnsafeBufferPointer(rebasing: s.bytes[r])) else {
            let text = String(decoding: UnsafeBufferPointer(rebasing: s.bytes[r.prefix(40)]), as: UTF8.self)
            throw fail(field, .badHex("'\(text)' is not a 0x-prefixed hex number of 1 to 16 digits"))
        }
        return v
    }

    func hexBytes(_ s: inout JSONScanner, field: String) throws(TraceError) -> [UInt8] {
        if let b = s.hexBytes() { return b }
        // Not a clean hex string: the strict path names what is wrong.
        let r = try s.rawString(field: field)
        switch Hex.decode(UnsafeBufferPointer(rebasing: s.bytes[r])) {
        case .failure(let e): throw fail(field, .badHex(e.why))
        case .success(let b): return b
        }
    }

    /// Parses the header line.
    public func header(_ bytes: UnsafeBufferPointer<UInt8>) throws(TraceError) -> TraceHeader {
        var s = scanner(bytes)
        var h = TraceHeader(format: "", version: 0, arch: "")
        var have = Set<String>()
        try fields(&s, at: "") { s, key throws(TraceError) in
                have.insert(key)
                switch key {
                case "format": h.format = try s.string(field: key)
                case "version": h.version = try integer(&s, Int.self, field: key)
                case "arch": h.arch = try s.string(field: key)
                case "page_size": h.pageSize = try integer(&s, Int.self, field: key, min: 1)
                case "xen": h.xen = try s.string(field: key)
                case "dom0": h.dom0 = try s.string(field: key)
                case "tool": h.tool = try s.string(field: key)
                case "recorded": h.recorded = try s.string(field: key)
                default: try s.skipValue(field: key)
                }
        }
        try s.end()
        for k in ["format", "version", "arch"] where !have.contains(k) { throw fail(k, .missingField) }
        guard h.format == TraceHeader.formatName else { throw fail("format", .badHeader("format '\(h.format)' is not '\(TraceHeader.formatName)'")) }
        guard h.version == 1 else { throw fail("version", .badHeader("version \(h.version) is not 1")) }
        guard h.pageSize & (h.pageSize - 1) == 0 else { throw fail("page_size", .badValue("\(h.pageSize) is not a power of two")) }
        return h
    }

    /// Parses the header line from a string.
    public func header(_ text: String) throws(TraceError) -> TraceHeader {
        try Array(text.utf8).withUnsafeBufferPointer { b throws(TraceError) in try header(b) }
    }

    /// Parses a call line: every field present and exactly typed, hex valid,
    /// regions sized as `len` says and not overlapping. Costs the line's
    /// bytes and the regions' bytes, plus a sort of the regions.
    public func call(_ bytes: UnsafeBufferPointer<UInt8>) throws(TraceError) -> TraceCall {
        var s = scanner(bytes)
        var seq: Int?, op: UInt64?, ret: Int64?, args: HypercallArgs?, regions: [TraceRegion]?
        try fields(&s, at: "") { s, key throws(TraceError) in
            switch key {
            case "seq": seq = try integer(&s, Int.self, field: key, min: 0)
            case "op": op = try integer(&s, UInt64.self, field: key)
            case "ret": ret = try integer(&s, Int64.self, field: key)
            case "args": args = try self.args(&s)
            case "regions": regions = try self.regions(&s)
            default: try s.skipValue(field: key)
            }
        }
        try s.end()
        guard let seq else { throw fail("seq", .missingField) }
        guard let op else { throw fail("op", .missingField) }
        guard let args else { throw fail("args", .missingField) }
        guard let ret else { throw fail("ret", .missingField) }
        guard let regions else { throw fail("regions", .missingField) }
        return TraceCall(line: line, seq: seq, op: op, args: args, ret: ret, regions: try sorted(regions))
    }

    /// Parses a call line from a string.
    public func call(_ text: String) throws(TraceError) -> TraceCall {
        try Array(text.utf8).withUnsafeBufferPointer { b throws(TraceError) in try call(b) }
    }

    func args(_ s: inout JSONScanner) throws(TraceError) -> HypercallArgs {
        var args = HypercallArgs()
        var n = 0
        try s.beginArray(field: "args")
        while try s.nextElement(first: n == 0) {
            guard n < HypercallArgs.count else { throw fail("args", .badValue("more than \(HypercallArgs.count) arguments")) }
            if s.kind() == .invalid { throw s.syntax("expected a value") }
            guard s.kind() == .string else { throw fail("args[\(n)]", .wrongType(expected: "a 0x hex string", got: s.describeNext())) }
            args[n] = try hexNumber(&s, field: "args[\(n)]")
            n += 1
        }
        guard n == HypercallArgs.count else { throw fail("args", .badValue("\(n) arguments, expected \(HypercallArgs.count)")) }
        return args
    }

    func regions(_ s: inout JSONScanner) throws(TraceError) -> [TraceRegion] {
        var regions: [TraceRegion] = []
        try s.beginArray(field: "regions")
        while try s.nextElement(first: regions.isEmpty) {
            let p = "regions[\(regions.count)]"
            var addr: UInt64?, len: Int?, before: [UInt8]?, after: [UInt8]?
            try fields(&s, at: p) { s, key throws(TraceError) in
                let f = p + "." + key
                switch key {
                case "addr": addr = try hexNumber(&s, field: f)
                // The line holds 2 hex characters per byte, so no honest
                // `len` exceeds it: a bigger one is refused before any use.
                case "len": len = try integer(&s, Int.self, field: f, min: 0)
                case "before": before = try hexBytes(&s, field: f)
                case "after": after = try hexBytes(&s, field: f)
                default: try s.skipValue(field: f)
                }
            }
            guard let addr else { throw fail(p + ".addr", .missingField) }
            guard let len else { throw fail(p + ".len", .missingField) }
            guard let before else { throw fail(p + ".before", .missingField) }
            guard addr.addingReportingOverflow(UInt64(len)).overflow == false else { throw fail(p + ".len", .badValue("region wraps the address space")) }
            guard before.count == len else { throw fail(p + ".before", .badValue("\(before.count) bytes, but len is \(len)")) }
            if let after, after.count != len { throw fail(p + ".after", .badValue("\(after.count) bytes, but len is \(len)")) }
            regions.append(TraceRegion(address: addr, before: before, after: after))
        }
        return regions
    }

    /// The regions sorted by address; overlapping ones are an error naming both.
    func sorted(_ regions: [TraceRegion]) throws(TraceError) -> [TraceRegion] {
        let order = regions.indices.sorted { (regions[$0].address, $0) < (regions[$1].address, $1) }
        for (a, b) in zip(order, order.dropFirst()) where regions[a].end > regions[b].address {
            let (x, y) = (regions[a], regions[b])
            throw fail("regions[\(b)]", .overlap("region \(b) [\(hex(y.address)), \(hex(y.end))) overlaps region \(a) [\(hex(x.address)), \(hex(x.end)))"))
        }
        return order.map { regions[$0] }
    }

    func hex(_ v: UInt64) -> String { "0x" + String(v, radix: 16) }
}
