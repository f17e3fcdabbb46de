/// `XENVER_version`'s return value: `major << 16 | minor`.
public struct XenVersionNumber: Hashable, Sendable, CustomStringConvertible {
    /// The high 16 bits.
    public var major: Int
    /// The low 16 bits.
    public var minor: Int
    /// As given.
    public init(major: Int, minor: Int) { self.major = major; self.minor = minor }
    /// "4.17"
    public var description: String { "\(major).\(minor)" }
}

/// `xen_compile_info_t`, as `XENVER_compile_info` wrote it.
public struct XenCompileInfo: Hashable, Sendable {
    /// `compiler`
    public var compiler: String
    /// `compile_by`
    public var compileBy: String
    /// `compile_domain`
    public var compileDomain: String
    /// `compile_date`
    public var compileDate: String
    /// As given.
    public init(compiler: String, compileBy: String, compileDomain: String, compileDate: String) {
        self.compiler = compiler; self.compileBy = compileBy; self.compileDomain = compileDomain; self.compileDate = compileDate
    }
}

/// What `XENVER_build_id` answered: `xen_build_id_t.len` (the return value) and `buf[]`.
public struct XenBuildID: Hashable, Sendable {
    /// The id's length in bytes (what the call returned).
    public var length: Int
    /// `buf[0 ..< length]` (empty when asked with a null handle).
    public var bytes: [UInt8]
    /// As given.
    public init(length: Int, bytes: [UInt8]) { self.length = length; self.bytes = bytes }
}
