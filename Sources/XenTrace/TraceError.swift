/// Why a trace line could not be read: the file, the 1-based line number,
/// the field (`regions[2].before`) and what was wrong.
public struct TraceError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was wrong.
    public enum Kind: Hashable, Sendable {
        /// The file could not be opened or read (errno text).
        case io(String)
        /// The line is not a JSON object.
        case badJSON(String)
        /// A required field is absent.
        case missingField
        /// A field's value is not acceptable (lengths, counts, sizes).
        case badValue(String)
        /// A field has another JSON type than the format's (`"seq": true`,
        /// `"ret": 1.0e3`): what was expected and what the line holds.
        case wrongType(expected: String, got: String)
        /// An integer outside its field's type (`ret` beyond `Int64`):
        /// the literal and the bounds.
        case outOfRange(value: String, bounds: String)
        /// A key appears twice in one object.
        case duplicateField
        /// The line is longer than the reader's limit (`TraceReader.maxLineBytes`):
        /// it is not read further.
        case lineTooLong(limit: Int)
        /// A hex string has an odd length or a non-hex digit.
        case badHex(String)
        /// Two regions of one call overlap.
        case overlap(String)
        /// The header line is not a `xen-hypercall-trace` of a version this reader knows.
        case badHeader(String)
    }

    /// The file.
    public var file: String
    /// The 1-based line number (0: the file as a whole).
    public var line: Int
    /// The field path within the line ("" for the whole line).
    public var field: String
    /// What was wrong.
    public var kind: Kind

    /// An error at `line`, `field`.
    public init(file: String, line: Int, field: String, _ kind: Kind) {
        self.file = file
        self.line = line
        self.field = field
        self.kind = kind
    }

    public var description: String {
        let at = field.isEmpty ? "\(file):\(line)" : "\(file):\(line): field '\(field)'"
        switch kind {
        case .io(let why): return "\(file): cannot read: \(why)"
        case .badJSON(let why): return "\(at): not a JSON object: \(why)"
        case .missingField: return "\(at): missing"
        case .badValue(let why): return "\(at): \(why)"
        case .wrongType(let expected, let got): return "\(at): expected \(expected), got \(got)"
        case .outOfRange(let value, let bounds): return "\(at): \(value) is outside \(bounds)"
        case .duplicateField: return "\(at): appears twice"
        case .lineTooLong(let limit): return "\(at): line longer than \(limit) bytes (the reader's limit), not read"
        case .badHex(let why): return "\(at): bad hex: \(why)"
        case .overlap(let why): return "\(at): regions overlap: \(why)"
        case .badHeader(let why): return "\(at): bad header: \(why)"
        }
    }
}
