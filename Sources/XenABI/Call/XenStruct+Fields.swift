/// Storing, loading, the catalog and the layout rows of every generated
/// struct, each written once over `visitFields`. The visitors are generic
/// and inlinable, so a specialized `store` is the same straight-line stores
/// a hand-written one would be, with offsets folded to constants.
extension XenStruct {
    /// Stores the input fields at `base` of buffer `buffer` (little-endian,
    /// marked input; `EncodedCall.storeFields`, one access for all of them).
    @inlinable
    public func store(into call: inout EncodedCall, buffer: Int, at base: Int) {
        call.storeFields(buffer: buffer) { store(to: $0.advanced(by: base)) }
    }

    /// Stores the input fields through `writer`, the struct at its start.
    @inlinable
    func store(to writer: FieldWriter) {
        var fields = self, at = writer
        fields.visitFields(&at)
    }

    /// Reads the input fields at `base` of a struct read from guest memory.
    @inlinable
    public init(loading s: GuestStruct, at base: Int) {
        self.init()
        var loader = XenFieldLoader(source: s, base: base)
        visitFields(&loader)
    }

    /// Builds the value from `c_field=value` strings (the catalog; absent fields are zero).
    public init(fields values: FieldValues) throws(CatalogError) {
        self.init()
        var reader = XenFieldCatalogReader(values: values)
        try visitFields(&reader)
    }

    /// The C paths `init(fields:)` reads, each with its C type.
    public static var fieldNames: [(String, String)] {
        var names = XenFieldNames(cName: cName)
        var zero = Self()
        zero.visitFields(&names)
        return names.names
    }

    /// Swift's view of the C type's layout: the whole type, then every field.
    public static var layoutRows: [Layout.Row] {
        var rows = XenFieldRows(cName: cName, size: size)
        var zero = Self()
        zero.visitFields(&rows)
        return rows.rows
    }
}

/// `store(into:buffer:at:)`: each input little-endian at its offset in the
/// struct's bytes (a writer advanced to the struct's start).
extension FieldWriter: XenFieldVisitor {
    @inlinable
    mutating func input<T: FixedWidthInteger>(_ value: inout T, at offset: Int, _ path: String) {
        store(value, at: offset)
    }
}

/// `init(loading:at:)`: each input from `base + offset` of the guest's struct.
@usableFromInline
struct XenFieldLoader: XenFieldVisitor {
    @usableFromInline let source: GuestStruct
    @usableFromInline let base: Int

    @inlinable
    init(source: GuestStruct, base: Int) {
        self.source = source
        self.base = base
    }

    @inlinable
    mutating func input<T: FixedWidthInteger>(_ value: inout T, at offset: Int, _ path: String) {
        value = source.load(T.self, at: base + offset)
    }
}

/// `init(fields:)`: each input from the catalog value named by its C path.
struct XenFieldCatalogReader: XenFieldVisitor {
    let values: FieldValues

    mutating func input<T: FixedWidthInteger>(_ value: inout T, at offset: Int, _ path: String) throws(CatalogError) {
        value = try values.number(path)
    }
}

/// `fieldNames`: the inputs' C paths.
struct XenFieldNames: XenFieldVisitor {
    let cName: String
    var names: [(String, String)] = []

    mutating func input<T: FixedWidthInteger>(_ value: inout T, at offset: Int, _ path: String) {
        names.append((path, cName + "." + path))
    }
}

/// `layoutRows`: the type, then every field with its offset and size.
struct XenFieldRows: XenFieldVisitor {
    let cName: String
    var rows: [Layout.Row]

    init(cName: String, size: Int) {
        self.cName = cName
        rows = [Layout.Row(type: cName, field: "", offset: 0, size: size)]
    }

    mutating func input<T: FixedWidthInteger>(_ value: inout T, at offset: Int, _ path: String) {
        place(at: offset, size: MemoryLayout<T>.size, path)
    }

    mutating func place(at offset: Int, size: Int, _ path: String) {
        rows.append(.nested(cName, path, offset: offset, size: size))
    }
}
