#if canImport(Glibc)
import Glibc
#endif

/// A strict JSON reader over the bytes of one trace line, driven by the
/// trace schema (`TraceParser`): it never builds a generic value tree, so a
/// line costs its own bytes plus the typed values it yields (a line of a
/// million regions as `JSONSerialization` objects took 70 times its size).
///
/// Every failure is a `TraceError` naming the field being read. Numbers are
/// integer literals only (`-?(0|[1-9][0-9]*)`), given back exactly: a
/// fraction, an exponent or a boolean where an integer belongs is a type
/// error, not a rounded value.
struct JSONScanner {
    /// What the next value is.
    enum Kind: Equatable {
        case object, array, string, number, bool, null, invalid
    }

    /// An integer literal: its sign and magnitude (nil: beyond `UInt64.max`)
    /// and the literal's text for messages.
    struct Integer {
        var negative: Bool
        var magnitude: UInt64?
        var text: String
    }

    /// How deep `skipValue` follows nested unknown values before refusing
    /// (recursion on a hostile `[[[[...` line must not exhaust the stack).
    static let maxDepth = 64

    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    let error: (String, TraceError.Kind) -> TraceError

    /// A scanner over `bytes`; `error` builds a `TraceError` for a field.
    init(_ bytes: UnsafeBufferPointer<UInt8>, error: @escaping (String, TraceError.Kind) -> TraceError) {
        self.bytes = bytes
        self.error = error
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    mutating func peek() -> UInt8? {
        skipWhitespace()
        return index < bytes.count ? bytes[index] : nil
    }

    mutating func kind() -> Kind {
        guard let c = peek() else { return .invalid }
        return switch c {
        case UInt8(ascii: "{"): .object
        case UInt8(ascii: "["): .array
        case UInt8(ascii: "\""): .string
        case UInt8(ascii: "-"), UInt8(ascii: "0") ... UInt8(ascii: "9"): .number
        case UInt8(ascii: "t"), UInt8(ascii: "f"): .bool
        case UInt8(ascii: "n"): .null
        default: .invalid
        }
    }

    /// A short description of the next value, for type errors (`true`, `1.0e3`, `a string`).
    mutating func describeNext() -> String {
        switch kind() {
        case .object: return "an object"
        case .array: return "an array"
        case .string: return "a string"
        case .null: return "null"
        case .bool, .number:
            var j = index
            while j < bytes.count, j - index < 40, !Self.isDelimiter(bytes[j]) { j += 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[index ..< j]), as: UTF8.self)
        case .invalid: return index < bytes.count ? "invalid JSON" : "the end of the line"
        }
    }

    static func isDelimiter(_ c: UInt8) -> Bool {
        c == UInt8(ascii: ",") || c == UInt8(ascii: "}") || c == UInt8(ascii: "]") || c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D
    }

    mutating func syntax(_ why: String) -> TraceError {
        error("", .badJSON("\(why) at byte \(index)"))
    }

    mutating func expect(_ c: UInt8, _ what: String) throws(TraceError) {
        guard peek() == c else { throw syntax("expected \(what)") }
        index += 1
    }

    /// Requires the next value to be of `kind`, else a type error at `field`.
    mutating func require(_ want: Kind, _ expected: String, field: String) throws(TraceError) {
        let k = kind()
        if k == .invalid { throw syntax("expected a value") }
        guard k == want else { throw error(field, .wrongType(expected: expected, got: describeNext())) }
    }

    // MARK: Containers

    /// Starts an object at `field`.
    mutating func beginObject(field: String) throws(TraceError) {
        try require(.object, "an object", field: field)
        index += 1
    }

    /// The next key of the current object, or nil at its `}`. `first` is
    /// true for the first call on an object (no comma before its key).
    mutating func nextKey(first: Bool) throws(TraceError) -> String? {
        if peek() == UInt8(ascii: "}") { index += 1; return nil }
        if !first { try expect(UInt8(ascii: ","), "',' or '}'") }
        guard kind() == .string else { throw syntax("expected a key") }
        let key = try string(field: "")
        try expect(UInt8(ascii: ":"), "':'")
        return key
    }

    /// Starts an array at `field`.
    mutating func beginArray(field: String) throws(TraceError) {
        try require(.array, "an array", field: field)
        index += 1
    }

    /// Whether another element follows in the current array (consuming its comma).
    mutating func nextElement(first: Bool) throws(TraceError) -> Bool {
        if peek() == UInt8(ascii: "]") { index += 1; return false }
        if !first { try expect(UInt8(ascii: ","), "',' or ']'") }
        return true
    }

    /// Only whitespace may follow the line's object.
    mutating func end() throws(TraceError) {
        guard peek() == nil else { throw syntax("trailing bytes after the object") }
    }

    // MARK: Scalars

    /// The raw bytes of a string without escapes (hex strings never need
    /// one), as a range of `bytes`.
    mutating func rawString(field: String) throws(TraceError) -> Range<Int> {
        try require(.string, "a string", field: field)
        index += 1
        let start = index
        while index < bytes.count {
            let c = bytes[index]
            if c == UInt8(ascii: "\"") { index += 1; return start ..< index - 1 }
            if c == UInt8(ascii: "\\") { throw error(field, .badHex("escape sequence in a hex string")) }
            if c < 0x20 { throw syntax("control character in a string") }
            index += 1
        }
        throw syntax("unterminated string")
    }

    /// The next value as a hex string's bytes, if it is a string whose
    /// closing quote (found by `memchr`) ends an even run of hex digits;
    /// else nil, nothing consumed, for `rawString` and `Hex.decode` to name
    /// the fault (an escape, a control character, a non-hex character).
    /// One pass over the digits instead of a scan and then a decode.
    mutating func hexBytes() -> [UInt8]? {
        guard peek() == UInt8(ascii: "\""), let base = bytes.baseAddress else { return nil }
        let start = index + 1
        guard start <= bytes.count, let q = memchr(base + start, Int32(UInt8(ascii: "\"")), bytes.count - start) else { return nil }
        let end = base.distance(to: q.assumingMemoryBound(to: UInt8.self))
        guard case .success(let b) = Hex.decode(UnsafeBufferPointer(rebasing: bytes[start ..< end])) else { return nil }
        index = end + 1
        return b
    }

    /// A string value with its escapes decoded.
    mutating func string(field: String) throws(TraceError) -> String {
        try require(.string, "a string", field: field)
        index += 1
        var out: [UInt8] = []
        while index < bytes.count {
            let c = bytes[index]
            index += 1
            switch c {
            case UInt8(ascii: "\""): return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { throw syntax("unterminated escape") }
                let e = bytes[index]
                index += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800 ..< 0xDC00).contains(scalar), index + 1 < bytes.count,
                       bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                        index += 2
                        let low = try hex4()
                        guard (0xDC00 ..< 0xE000).contains(low) else { throw syntax("unpaired surrogate") }
                        scalar = 0x10000 + (scalar - 0xD800) << 10 + (low - 0xDC00)
                    }
                    guard let u = Unicode.Scalar(scalar) else { throw syntax("unpaired surrogate") }
                    out.append(contentsOf: Array(String(Character(u)).utf8))
                default: throw syntax("bad escape")
                }
            default:
                if c < 0x20 { throw syntax("control character in a string") }
                out.append(c)
            }
        }
        throw syntax("unterminated string")
    }

    mutating func hex4() throws(TraceError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw syntax("short \\u escape") }
        var v: UInt32 = 0
        for _ in 0 ..< 4 {
            guard let d = Hex.digit(bytes[index]) else { throw syntax("bad \\u escape") }
            v = v << 4 | UInt32(d)
            index += 1
        }
        return v
    }

    /// An integer literal at `field`: a type error for anything else
    /// (`true`, `"17"`, `1.0e3`, `1.5`).
    mutating func integer(field: String) throws(TraceError) -> Integer {
        if kind() == .invalid { throw syntax("expected a value") }
        guard kind() == .number else { throw error(field, .wrongType(expected: "an integer", got: describeNext())) }
        let start = index
        var negative = false
        if bytes[index] == UInt8(ascii: "-") { negative = true; index += 1 }
        let digits = index
        var magnitude: UInt64? = 0
        while index < bytes.count, (UInt8(ascii: "0") ... UInt8(ascii: "9")).contains(bytes[index]) {
            let d = UInt64(bytes[index] - UInt8(ascii: "0"))
            if let m = magnitude {
                let (a, o1) = m.multipliedReportingOverflow(by: 10)
                let (b, o2) = a.addingReportingOverflow(d)
                magnitude = o1 || o2 ? nil : b
            }
            index += 1
        }
        if index < bytes.count, !Self.isDelimiter(bytes[index]) {
            // A fraction or an exponent: a JSON number, not an integer.
            index = start
            throw error(field, .wrongType(expected: "an integer", got: describeNext()))
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start ..< index]), as: UTF8.self)
        guard index > digits, bytes[digits] != UInt8(ascii: "0") || index == digits + 1 else {
            throw error(field, .badJSON("'\(text)' is not a JSON number"))
        }
        return Integer(negative: negative, magnitude: magnitude, text: text)
    }

    /// Skips one value of any kind (an unknown key's), nested at most `maxDepth` deep.
    mutating func skipValue(field: String, depth: Int = 0) throws(TraceError) {
        guard depth < Self.maxDepth else { throw error(field, .badValue("nested deeper than \(Self.maxDepth)")) }
        switch kind() {
        case .object:
            index += 1
            var first = true
            while try nextKey(first: first) != nil {
                first = false
                try skipValue(field: field, depth: depth + 1)
            }
        case .array:
            index += 1
            var first = true
            while try nextElement(first: first) {
                first = false
                try skipValue(field: field, depth: depth + 1)
            }
        case .string: _ = try string(field: field)
        case .number: _ = try integerOrNumber(field: field)
        case .bool, .null:
            for literal in ["true", "false", "null"] where matches(literal) {
                index += literal.utf8.count
                return
            }
            throw syntax("bad literal")
        case .invalid: throw syntax("expected a value")
        }
    }

    /// Skips any JSON number (unknown keys may hold fractions).
    mutating func integerOrNumber(field: String) throws(TraceError) {
        let start = index
        while index < bytes.count, !Self.isDelimiter(bytes[index]) { index += 1 }
        guard index > start else { throw syntax("expected a number") }
    }

    func matches(_ literal: String) -> Bool {
        let l = Array(literal.utf8)
        guard index + l.count <= bytes.count else { return false }
        return (0 ..< l.count).allSatisfy { bytes[index + $0] == l[$0] }
    }
}
