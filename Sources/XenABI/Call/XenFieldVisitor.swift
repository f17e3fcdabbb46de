/// What walks a `XenStruct`'s fields (`XenStruct.visitFields`): the one
/// list of a generated struct's C fields that storing, loading, the catalog
/// and the layout rows read, so no field is written twice.
public protocol XenFieldVisitor {
    /// What a visit can throw: `Never` for storing and loading,
    /// `CatalogError` for the catalog.
    associatedtype Failure: Error
    /// An input field (spec `in` or `io`): its Swift property, its C
    /// `offsetof` within the struct and its C path (`addr.p`).
    mutating func input<T: FixedWidthInteger>(_ value: inout T, at offset: Int, _ path: String) throws(Failure)
    /// A field with no Swift property (spec `out` or `h`: an output, a
    /// nested handle, a union member named for layout): offset and size only.
    mutating func place(at offset: Int, size: Int, _ path: String) throws(Failure)
}

extension XenFieldVisitor {
    /// Storing, loading and the catalog only touch inputs.
    @inlinable
    public mutating func place(at offset: Int, size: Int, _ path: String) throws(Failure) {}
}
