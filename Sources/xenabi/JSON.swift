/// A minimal JSON value with ordered keys, so output is stable and diffable.
enum JSON {
    case string(String)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case bool(Bool)
    case null
    case array([JSON])
    case object([(String, JSON)])

    /// Compact text.
    var text: String {
        switch self {
        case .string(let s): JSON.quote(s)
        case .int(let v): String(v)
        case .uint(let v): String(v)
        case .double(let v): v.isFinite ? String(v) : "null"
        case .bool(let b): b ? "true" : "false"
        case .null: "null"
        case .array(let a): "[" + a.map(\.text).joined(separator: ", ") + "]"
        case .object(let o): "{" + o.map { JSON.quote($0.0) + ": " + $0.1.text }.joined(separator: ", ") + "}"
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if u.value < 0x20 { out += "\\u" + String(repeating: "0", count: 4 - String(u.value, radix: 16).count) + String(u.value, radix: 16) }
                else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}

/// `0x`-prefixed lowercase hex, as the trace format writes registers.
func hex(_ v: UInt64) -> String { "0x" + String(v, radix: 16) }
