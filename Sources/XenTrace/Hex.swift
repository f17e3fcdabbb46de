/// Hex strings of the trace format (lower or upper case, no prefix).
enum Hex {
    /// The value of one hex digit, or nil.
    @inline(__always)
    static func digit(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0") ... UInt8(ascii: "9"): c &- UInt8(ascii: "0")
        case UInt8(ascii: "a") ... UInt8(ascii: "f"): c &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A") ... UInt8(ascii: "F"): c &- UInt8(ascii: "A") &+ 10
        default: nil
        }
    }

    /// Each character's digit value, 0xFF for a non-hex one: `decode`'s one load per character.
    static let values: [UInt8] = (0 ... 255).map { digit(UInt8($0)) ?? 0xFF }

    /// The bytes of `text`, or a reason it is not hex. One allocation, of
    /// exactly the decoded size. The loop has no branch per character (a
    /// bad one only sets high bits, checked once at the end): two table
    /// loads a byte, about 0.3 ns a hex character, where hex is most of a
    /// trace's bytes. Only a failure looks for the offending offset.
    static func decode(_ text: UnsafeBufferPointer<UInt8>) -> Result<[UInt8], HexError> {
        guard text.count % 2 == 0 else { return .failure(HexError("odd length \(text.count)")) }
        let n = text.count / 2
        var ok = true
        let out = values.withUnsafeBufferPointer { v in
            [UInt8](unsafeUninitializedCapacity: n) { buf, initialized in
                guard n > 0, let src = text.baseAddress, let dst = buf.baseAddress, let table = v.baseAddress else { return }
                var bad: UInt8 = 0
                for k in 0 ..< n {
                    let hi = table[Int(src[2 &* k])], lo = table[Int(src[2 &* k &+ 1])]
                    bad |= hi | lo
                    dst[k] = hi << 4 | lo
                }
                ok = bad & 0xF0 == 0
                initialized = ok ? n : 0
            }
        }
        guard ok else {
            let bad = text.firstIndex { digit($0) == nil } ?? 0
            return .failure(HexError("non-hex character at offset \(bad)"))
        }
        return .success(out)
    }

    /// The bytes of `text` (tests and callers holding a string).
    static func decode(_ text: Substring.UTF8View) -> Result<[UInt8], HexError> {
        let bytes = Array(text)
        return bytes.withUnsafeBufferPointer { decode($0) }
    }

    /// Lower-case hex of `bytes`.
    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A `0x`-prefixed hex number of 1 to 16 digits, as in `args` and
    /// `addr`; nothing else (no sign, no space, no empty digits: `UInt64(_:radix:)`
    /// alone accepts `+1`).
    static func number(_ text: some Collection<UInt8>) -> UInt64? {
        var it = text.makeIterator()
        guard it.next() == UInt8(ascii: "0"), let x = it.next(), x == UInt8(ascii: "x") || x == UInt8(ascii: "X") else { return nil }
        var v: UInt64 = 0, n = 0
        while let c = it.next() {
            guard let d = digit(c), n < 16 else { return nil }
            v = v << 4 | UInt64(d)
            n += 1
        }
        return n == 0 ? nil : v
    }

    /// A `0x` number in a string.
    static func number(_ text: String) -> UInt64? { number(Array(text.utf8)) }
}

struct HexError: Error {
    var why: String
    init(_ why: String) { self.why = why }
}
