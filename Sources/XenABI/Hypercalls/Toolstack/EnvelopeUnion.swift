/// The union `u` of a versioned toolstack struct read from the guest
/// (`VersionedEnvelope.open`): what every decoder of `sysctl`, `domctl`,
/// `platform_op` and `xsm_op` reads its command's fields through, with
/// union offsets (`SysctlLayout.rcClear`, ...) and guest counts bounded
/// under the hypercall's name.
public struct EnvelopeUnion: Sendable {
    /// The whole struct.
    public let fields: GuestStruct
    /// `offsetof(..., u)`.
    public let base: Int
    /// The hypercall's name (`sysctl`), for error locations.
    public let hypercall: String

    /// The integer at `offset` in the union.
    @inlinable
    public func load<T: FixedWidthInteger>(_: T.Type, _ offset: Int) -> T {
        fields.load(T.self, at: base + offset)
    }

    /// The `uint32_t` at `offset` in the union.
    @inlinable
    public func u32(_ offset: Int) -> UInt32 { load(UInt32.self, offset) }

    /// The `uint64_t` at `offset` in the union.
    @inlinable
    public func u64(_ offset: Int) -> UInt64 { load(UInt64.self, offset) }

    /// The nested handle at `offset` in the union.
    public func nested(_ offset: Int) -> NestedHandle { fields.nested(at: base + offset) }

    /// `count * element` bytes, bounded (`GuestStruct.size`); `field` names it after the hypercall.
    public func count(_ count: UInt64, _ element: Int, _ field: String) throws(DecodeError) -> Int {
        try GuestStruct.size(count: count, element: element, at: "\(hypercall).\(field)")
    }

    /// The `count` input bytes behind the nested handle at `offset`; `field` names them after the hypercall.
    public func bytes(_ offset: Int, count: Int, memory: some GuestMemoryReader, _ field: String) throws(DecodeError) -> [UInt8] {
        try fields.nestedBytes(at: base + offset, count: count, memory: memory, name: "\(hypercall).\(field)")
    }

    /// The `count` structs of a C array the call passes in, behind the
    /// nested handle at `offset`: the count bounded (named `countField`),
    /// the bytes read once (named `field`), each element loaded as `S`.
    public func structs<S: XenStruct>(_: S.Type, _ offset: Int, count: UInt64, memory: some GuestMemoryReader,
                                      _ countField: String, _ field: String) throws(DecodeError) -> [S] {
        let n = try self.count(count, S.size, countField)
        let array = GuestStruct(name: "\(hypercall).\(field)", bytes: try bytes(offset, count: n, memory: memory, field))
        return (0 ..< Int(count)).map { S(loading: array, at: $0 * S.size) }
    }
}
