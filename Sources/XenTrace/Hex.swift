/// Hex strings of the trace format (lower or upper case, no prefix).
enum Hex {
    /// The bytes of `text`, or a reason it is not hex.
    static func decode(_ text: Substring.UTF8View) -> Result<[UInt8], HexError> {
        guard text.count % 2 == 0 else { return .failure(HexError("odd length \(text.count)")) }
        var out = [UInt8]()
        out.reserveCapacity(text.count / 2)
        var hi: UInt8 = 0
        var odd = false
        var index = 0
        for c in text {
            let v: UInt8
            switch c {
            case UInt8(ascii: "0") ... UInt8(ascii: "9"): v = c &- UInt8(ascii: "0")
            case UInt8(ascii: "a") ... UInt8(ascii: "f"): v = c &- UInt8(ascii: "a") &+ 10
            case UInt8(ascii: "A") ... UInt8(ascii: "F"): v = c &- UInt8(ascii: "A") &+ 10
            default: return .failure(HexError("non-hex character at offset \(index)"))
            }
            if odd { out.append(hi << 4 | v) } else { hi = v }
            odd.toggle()
            index += 1
        }
        return .success(out)
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

    /// `0x`-prefixed hex number, as in `args` and `addr`.
    static func number(_ text: String) -> UInt64? {
        guard text.hasPrefix("0x") || text.hasPrefix("0X") else { return nil }
        return UInt64(text.dropFirst(2), radix: 16)
    }
}

struct HexError: Error {
    var why: String
    init(_ why: String) { self.why = why }
}
