import CXen

/// The `xen_version` sub-ops as typed calls with typed outputs (what
/// libxc's `xc_version` reads back).
extension XenVersion {
    /// `XENVER_version`: the running Xen's version, from the return value.
    public struct VersionQuery: HypercallOutputs, Hashable {
        /// The query (no buffer).
        public init() {}
        public func encode(into call: inout EncodedCall) { XenVersion.version.encode(into: &call) }
        /// `major << 16 | minor`, split.
        public static func outputs(of call: EncodedCall, result: Int64) throws(DecodeError) -> XenVersionNumber {
            guard result >= 0 && result <= Int64(UInt32.max) else {
                throw DecodeError(.invalid("version \(result) is not major << 16 | minor"), at: "xen_version.version")
            }
            return XenVersionNumber(major: Int(result >> 16), minor: Int(result & 0xffff))
        }
    }

    /// The sub-ops that write one NUL-terminated string into their buffer.
    public enum StringQuery: HypercallOutputs, Hashable, CaseIterable {
        /// `XENVER_extraversion`: `xen_extraversion_t` (".7-pre").
        case extraversion
        /// `XENVER_capabilities`: `xen_capabilities_info_t` ("xen-3.0-x86_64 hvm-3.0-x86_32 ...").
        case capabilities
        /// `XENVER_changeset`: `xen_changeset_info_t`.
        case changeset
        /// `XENVER_commandline`: `xen_commandline_t`.
        case commandline

        /// The untyped sub-op.
        public var call: XenVersion {
            switch self {
            case .extraversion: .extraversion
            case .capabilities: .capabilities
            case .changeset: .changeset
            case .commandline: .commandline
            }
        }

        public func encode(into call: inout EncodedCall) { self.call.encode(into: &call) }
        /// The string up to its first NUL (the whole buffer when there is none).
        public static func outputs(of call: EncodedCall, result: Int64) throws(DecodeError) -> String {
            let r = OutputReader(call, location: "xen_version")
            return try r.string(buffer: 0, length: try r.buffer(0, "arg").size, "arg")
        }
    }

    /// `XENVER_compile_info`: how this Xen was built.
    public struct CompileInfoQuery: HypercallOutputs, Hashable {
        /// The query (one `xen_compile_info_t` out).
        public init() {}
        public func encode(into call: inout EncodedCall) { XenVersion.compileInfo.encode(into: &call) }
        public static func outputs(of call: EncodedCall, result: Int64) throws(DecodeError) -> XenCompileInfo {
            typealias L = XenVersionOutputLayout
            let r = OutputReader(call, location: "xen_version.compile_info")
            return XenCompileInfo(
                compiler: try r.string(buffer: 0, at: L.compiler, length: L.compileBy - L.compiler, "compiler"),
                compileBy: try r.string(buffer: 0, at: L.compileBy, length: L.compileDomain - L.compileBy, "compile_by"),
                compileDomain: try r.string(buffer: 0, at: L.compileDomain, length: L.compileDate - L.compileDomain, "compile_domain"),
                compileDate: try r.string(buffer: 0, at: L.compileDate, length: L.compileInfoSize - L.compileDate, "compile_date"))
        }
    }

    /// `XENVER_platform_parameters`: where the hypervisor's hole starts.
    public struct PlatformParametersQuery: HypercallOutputs, Hashable {
        /// The query (one `xen_platform_parameters_t` out).
        public init() {}
        public func encode(into call: inout EncodedCall) { XenVersion.platformParameters.encode(into: &call) }
        /// `xen_platform_parameters_t.virt_start`.
        public static func outputs(of call: EncodedCall, result: Int64) throws(DecodeError) -> UInt64 {
            try OutputReader(call, location: "xen_version.platform_parameters")
                .load(UInt64.self, buffer: 0, at: XenVersionOutputLayout.virtStart, "virt_start")
        }
    }

    /// `XENVER_get_features` for one submap.
    public struct FeaturesQuery: HypercallOutputs, Hashable {
        /// `xen_feature_info_t.submap_idx`: which 32 `XENFEAT_*` bits.
        public var submap: UInt32
        /// Asks for submap `submap` (0 holds every bit defined today).
        public init(submap: UInt32 = 0) { self.submap = submap }
        public func encode(into call: inout EncodedCall) { XenVersion.getFeatures(submap: submap).encode(into: &call) }
        /// `xen_feature_info_t.submap`: bit `n` is `XENFEAT_*` number `32 * submap_idx + n`.
        public static func outputs(of call: EncodedCall, result: Int64) throws(DecodeError) -> UInt32 {
            try OutputReader(call, location: "xen_version.get_features")
                .load(UInt32.self, buffer: 0, at: XenVersionOutputLayout.featureSubmap, "submap")
        }
    }

    /// `XENVER_build_id`: the build id's bytes (`length` 0 asks for its size only).
    public struct BuildIDQuery: HypercallOutputs, Hashable {
        /// `xen_build_id_t.len`: room for this many bytes of `buf`.
        public var length: UInt32
        /// Asks for up to `length` bytes (0: a null handle, the size only).
        public init(length: UInt32) { self.length = length }
        public func encode(into call: inout EncodedCall) { XenVersion.buildID(length: length).encode(into: &call) }
        /// The return value is the id's length; with a buffer, that many bytes
        /// of `buf[]`, which must fit in the room asked for.
        public static func outputs(of call: EncodedCall, result: Int64) throws(DecodeError) -> XenBuildID {
            let r = OutputReader(call, location: "xen_version.build_id")
            guard result >= 0 && result <= Int64(UInt32.max) else { throw DecodeError(.invalid("build id length \(result)"), at: r.location) }
            guard let b = call.buffers.first, !b.isNull else { return XenBuildID(length: Int(result), bytes: []) }
            return XenBuildID(length: Int(result),
                              bytes: try r.bytes(buffer: 0, at: XenVersionOutputLayout.buildIDBuf, count: Int(result), "buf"))
        }
    }
}

extension XenVersionOutputLayout {
    /// `sizeof(xen_compile_info_t)`
    package static let compileInfoSize = MemoryLayout<xen_compile_info_t>.size
}
