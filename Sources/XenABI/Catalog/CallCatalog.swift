import Synchronization

/// Typed calls by name, for the command line (`xenabi encode NAME SUBOP
/// field=value ...`) and for tests that want every typed sub-op at once.
public enum CallCatalog {
    /// One typed sub-op.
    public struct Entry: Sendable {
        /// The hypercall's C name without `__HYPERVISOR_` (`memory_op`).
        public var hypercall: String
        /// The sub-op's C name without its prefix (`increase_reservation`).
        public var subop: String
        /// Field names the entry reads, with their meaning.
        public var fields: [(name: String, help: String)]
        /// Builds the typed call from field values (absent fields take defaults).
        public var make: @Sendable (FieldValues) throws(CatalogError) -> AnyHypercall

        /// A catalog entry.
        public init(_ hypercall: String, _ subop: String, fields: [(String, String)] = [],
                    make: @escaping @Sendable (FieldValues) throws(CatalogError) -> AnyHypercall) {
            self.hypercall = hypercall
            self.subop = subop
            self.fields = fields.map { (name: $0.0, help: $0.1) }
            self.make = make
        }
    }

    /// Every entry, gathered from each hypercall family.
    public static var entries: [Entry] {
        xenVersionEntries + memoryOpEntries
            + memoryOpMoreEntries
            + vcpuOpEntries
            + grantTableOpEntries
            + eventChannelOpEntries
            + eventChannelOpCompatEntries
            + schedOpEntries
            + schedOpCompatEntries
            + consoleIOEntries
            + registerCallEntries
            + x86PVEntries
            + physdevOpEntries
            + physdevOpCompatEntries
            + hVMOpEntries
            + callbackOpEntries
            + nMIOpEntries
            + xenPMUOpEntries
            + kexecOpEntries
            + argoOpEntries
            + multicallEntries
            + sysctlEntries + domctlEntries + xsmOpEntries + dmOpEntries + hypfsOpEntries + platformOpEntries
    }

    /// Finds `hypercall`/`subop` and builds it from `values`. Strict: a
    /// field the sub-op does not read is an error (a typo must not be
    /// silently ignored), and so is a value whose buffers would exceed
    /// `EncodedCall.maxBytes` (checked by an encoding that allocates
    /// nothing past the limit).
    public static func make(_ hypercall: String, _ subop: String, _ values: FieldValues) throws(CatalogError) -> AnyHypercall {
        guard let e = entries.first(where: { $0.hypercall == hypercall && $0.subop == subop }) else {
            if entries.contains(where: { $0.hypercall == hypercall }) {
                throw .unknownSubop(hypercall, subop, known: entries.filter { $0.hypercall == hypercall }.map(\.subop))
            }
            throw .unknownHypercall(hypercall)
        }
        let used = FieldValues(values.raw)
        let call = try e.make(used)
        if let unread = values.raw.keys.sorted().first(where: { !used.wasRead($0) }) {
            throw .unknownField(unread, subop: "\(hypercall) \(subop)", known: e.fields.map(\.name))
        }
        var encoded = EncodedCall()
        call.encode(into: &encoded)
        if encoded.isOversized { throw .tooLarge(bytes: encoded.requestedBytes, limit: EncodedCall.maxBytes) }
        return call
    }
}

/// Field values given as `name=value` strings: numbers (decimal or 0x hex),
/// comma-separated number lists, or strings.
public struct FieldValues: Sendable {
    /// The raw strings by field name.
    public var raw: [String: String]
    /// The names an entry asked for (`CallCatalog.make` refuses the rest).
    let reads = FieldReads()

    /// Parses `name=value` arguments; a name given twice is an error.
    public init(arguments: [String]) throws(CatalogError) {
        var r: [String: String] = [:]
        for a in arguments {
            guard let eq = a.firstIndex(of: "="), eq != a.startIndex else { throw .badField(a, "expected name=value") }
            let name = String(a[..<eq])
            guard r.updateValue(String(a[a.index(after: eq)...]), forKey: name) == nil else { throw .duplicateField(name) }
        }
        raw = r
    }

    /// Values from a dictionary.
    public init(_ raw: [String: String] = [:]) { self.raw = raw }

    /// Whether an entry asked for `name` (present or not).
    func wasRead(_ name: String) -> Bool { reads.names.withLock { $0.contains(name) } }

    func read(_ name: String) -> String? {
        reads.names.withLock { _ = $0.insert(name) }
        return raw[name]
    }

    /// A number field of type `T`, or `default` when absent.
    public func number<T: FixedWidthInteger>(_ name: String, default value: T = 0) throws(CatalogError) -> T {
        guard let s = read(name) else { return value }
        guard let v = FieldValues.parse(s, as: T.self) else { throw .badField(name, "'\(s)' is not a \(T.self)") }
        return v
    }

    /// A comma-separated list of numbers, or `[]` when absent.
    public func list<T: FixedWidthInteger>(_ name: String, of _: T.Type = UInt64.self) throws(CatalogError) -> [T] {
        guard let s = read(name), !s.isEmpty else { return [] }
        var out: [T] = []
        for (k, part) in s.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
            guard !part.isEmpty else { throw .badField(name, "element \(k) is empty") }
            guard let v = FieldValues.parse(String(part), as: T.self) else { throw .badField(name, "'\(part)' is not a \(T.self)") }
            out.append(v)
        }
        return out
    }

    /// A string field, or `default` when absent.
    public func string(_ name: String, default value: String = "") -> String { read(name) ?? value }

    /// A boolean field (`1`/`0`/`true`/`false`), or `default` when absent.
    public func bool(_ name: String, default value: Bool = false) throws(CatalogError) -> Bool {
        switch read(name) {
        case nil: return value
        case "1", "true", "yes": return true
        case "0", "false", "no": return false
        case let s?: throw .badField(name, "'\(s)' is not a boolean")
        }
    }

    static func parse<T: FixedWidthInteger>(_ s: String, as _: T.Type) -> T? {
        let t = s.trimmingPrefix("+")
        if t.hasPrefix("0x") || t.hasPrefix("0X") { return T(t.dropFirst(2), radix: 16) }
        if t.hasPrefix("-0x") { return T(t.dropFirst(3), radix: 16).flatMap { T.isSigned ? 0 - $0 : nil } }
        return T(t, radix: 10)
    }
}

/// The field names a catalog entry asked for, shared by copies of one
/// `FieldValues` (entries take it by value).
final class FieldReads: Sendable {
    let names = Mutex<Set<String>>([])
}

/// Why the catalog could not build a call.
public enum CatalogError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No typed hypercall of that name.
    case unknownHypercall(String)
    /// The hypercall is typed, the sub-op is not.
    case unknownSubop(String, String, known: [String])
    /// A field value does not parse or is out of range.
    case badField(String, String)
    /// A field the sub-op does not read: the name, the sub-op, its fields.
    case unknownField(String, subop: String, known: [String])
    /// A field given twice.
    case duplicateField(String)
    /// The call's buffers would need `bytes`, above `EncodedCall.maxBytes`.
    case tooLarge(bytes: Int, limit: Int)

    public var description: String {
        switch self {
        case .unknownHypercall(let h): "no typed hypercall named '\(h)'"
        case .unknownSubop(let h, let s, let known): "\(h) has no typed sub-op '\(s)' (typed: \(known.joined(separator: ", ")))"
        case .badField(let f, let why): "field \(f): \(why)"
        case .unknownField(let f, let subop, let known):
            "\(subop) has no field '\(f)' (fields: \(known.isEmpty ? "none" : known.joined(separator: ", ")))"
        case .duplicateField(let f): "field \(f) given twice"
        case .tooLarge(let bytes, let limit): "the call's buffers need \(bytes) bytes, more than one call may hold (\(limit))"
        }
    }
}
