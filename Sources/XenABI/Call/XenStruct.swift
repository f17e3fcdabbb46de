/// A fixed-size Xen argument struct as a typed value: the fields the
/// hypervisor reads, stored at their C offsets, and read back the same way.
/// The conforming types are generated from `scripts/structs.spec`: each
/// writes its fields once, in `visitFields` (every offset through
/// `Layout.offset`, pinned by `LayoutTests`), and storing, loading, the
/// catalog and the layout rows are the defaults in `XenStruct+Fields.swift`
/// built on that one list.
public protocol XenStruct: Hashable, Sendable {
    /// The C type's name, as in `layout_rows.inc`.
    static var cName: String { get }
    /// `sizeof` of the C struct.
    static var size: Int { get }
    /// `.in` when the hypervisor only reads it, `.out` when it only writes
    /// it, `.inOut` when it has both kinds of field.
    static var direction: BufferDirection { get }
    /// Every input field zero.
    init()
    /// Calls `visitor` once per field of the C struct, in C order: inputs
    /// with their Swift property, the rest (outputs, nested handles) by place.
    mutating func visitFields<V: XenFieldVisitor>(_ visitor: inout V) throws(V.Failure)
    /// Stores the input fields at `base` of buffer `buffer`.
    func store(into call: inout EncodedCall, buffer: Int, at base: Int)
    /// Reads the input fields at `base` of `s`.
    init(loading s: GuestStruct, at base: Int)
    /// Builds the value from `c_field=value` strings (absent fields are 0).
    init(fields: FieldValues) throws(CatalogError)
    /// The C field names the catalog accepts, with their meaning.
    static var fieldNames: [(String, String)] { get }
    /// The struct's layout rows (pinned against `layout_rows.inc`).
    static var layoutRows: [Layout.Row] { get }
}

extension XenStruct {
    /// Reads one struct through `handle` (in `flavour`); `name` locates errors.
    @inlinable
    public static func read(_ name: String, handle: UInt64, flavour: Flavour,
                            memory: some GuestMemoryReader) throws(DecodeError) -> Self {
        let s = try GuestStruct(name, handle: handle, flavour: flavour, size: size, memory: memory)
        return Self(loading: s, at: 0)
    }
}

extension EncodedCall {
    /// Adds `value` as a buffer of its C size whose handle sits at `site`,
    /// with the struct's own direction, and stores its input fields.
    @inlinable @discardableResult
    public mutating func addStruct<S: XenStruct>(_ value: S, site: HandleSite) -> Int {
        addBuffer(size: S.size, direction: S.direction, site: site) { value.store(to: $0) }
    }

    /// Adds `values` as one array buffer of `values.count` C structs.
    @inlinable @discardableResult
    public mutating func addStructs<S: XenStruct>(_ values: [S], direction: BufferDirection? = nil, site: HandleSite) -> Int {
        let b = addBuffer(size: values.count * S.size, direction: direction ?? S.direction, site: site)
        for (i, v) in values.enumerated() { v.store(into: &self, buffer: b, at: i * S.size) }
        return b
    }

    /// Adds an input array of little-endian integers.
    @inlinable @discardableResult
    public mutating func addArray<T: FixedWidthInteger>(_ values: [T], direction: BufferDirection = .in, site: HandleSite) -> Int {
        let b = addBuffer(size: values.count * MemoryLayout<T>.size, direction: direction, site: site)
        if direction.reads {
            for (i, v) in values.enumerated() { store(v, buffer: b, at: i * MemoryLayout<T>.size) }
        }
        return b
    }
}

/// Reading guest arrays for decoders, with every guest-controlled count bounded.
public enum GuestArray {
    /// The most bytes a decoder reads (or lets a re-encode allocate) for one
    /// guest array: a hostile count must not make it allocate gigabytes.
    /// 16 MiB is 2M frame numbers, far above what one call of a guest
    /// kernel or toolstack batches.
    public static let maxBytes = 16 << 20

    /// Checks a guest-controlled count of `elementSize`-byte elements against `maxBytes`.
    @inlinable
    public static func checkCount(_ n: UInt64, elementSize: Int = 1, at location: String) throws(DecodeError) -> Int {
        guard n <= UInt64(maxBytes / max(elementSize, 1)) else {
            throw DecodeError(.invalid("count \(n) exceeds \(maxBytes / max(elementSize, 1)) elements of \(elementSize) bytes"), at: location)
        }
        return Int(n)
    }

    /// Reads `count` structs through `handle`.
    public static func structs<S: XenStruct>(_: S.Type, count: UInt64, flavour: Flavour,
                                             memory: some GuestMemoryReader, handle: UInt64, at location: String) throws(DecodeError) -> [S] {
        try structsAndBytes(S.self, count: count, flavour: flavour, memory: memory, handle: handle, at: location).structs
    }

    /// Reads `count` structs through `handle`, once, and also returns the
    /// bytes read: an element's nested handles (which the struct's fields
    /// leave out) are taken from them, never read from the guest again.
    public static func structsAndBytes<S: XenStruct>(_: S.Type, count: UInt64, flavour: Flavour, memory: some GuestMemoryReader,
                                                     handle: UInt64, at location: String) throws(DecodeError) -> (structs: [S], list: GuestStruct) {
        let n = try checkCount(count, elementSize: S.size, at: location)
        let s = try GuestStruct(location, handle: handle, flavour: flavour, size: n * S.size, memory: memory)
        return ((0 ..< n).map { S(loading: s, at: $0 * S.size) }, s)
    }

    /// Reads `count` little-endian integers through `handle`.
    public static func integers<T: FixedWidthInteger>(_: T.Type, count: UInt64, flavour: Flavour,
                                                      memory: some GuestMemoryReader, handle: UInt64, at location: String) throws(DecodeError) -> [T] {
        let n = try checkCount(count, elementSize: MemoryLayout<T>.size, at: location)
        let s = try GuestStruct(location, handle: handle, flavour: flavour, size: n * MemoryLayout<T>.size, memory: memory)
        return try (0 ..< n).map { i throws(DecodeError) in try s.checkedLoad(T.self, at: i * MemoryLayout<T>.size) }
    }

    /// Reads `count` raw bytes through `handle`.
    public static func bytes(count: UInt64, flavour: Flavour,
                             memory: some GuestMemoryReader, handle: UInt64, at location: String) throws(DecodeError) -> [UInt8] {
        let n = try checkCount(count, at: location)
        return try GuestStruct(location, handle: handle, flavour: flavour, size: n, memory: memory).bytes
    }
}
