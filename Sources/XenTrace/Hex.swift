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

    /// The bytes of `text`, or a reason it is not hex. One allocation, of
    /// exactly the decoded size.
    static func decode(_ text: UnsafeBufferPointer<UInt8>) -> Result<[UInt8], HexError> {
        guard text.count % 2 == 0 else { return .failure(HexError("odd length \(text.count)")) }
        var bad: Int?
        let out = [UInt8](unsafeUninitializedCapacity: text.count / 2) { buf, initialized in
            for k in 0 ..< text.count / 2 {
                guard let hi = digit(text[2 * k]) else { bad = 2 * k; break }
                guard let lo = digit(text[2 * k + 1]) else { bad = 2 * k + 1; break }
                buf[k] = hi << 4 | lo
                initialized = k + 1
            }
        }
        if let bad { return .failure(HexError("non-hex character at offset \(bad)")) }
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
