import CXen

/// `__HYPERVISOR_xen_version` (`public/version.h`): `xen_version(cmd, arg)`.
public enum XenVersion: TypedHypercall, Hashable {
    /// `XENVER_version`: no buffer; returns `major << 16 | minor`.
    case version
    /// `XENVER_extraversion`: out `xen_extraversion_t`.
    case extraversion
    /// `XENVER_compile_info`: out `xen_compile_info_t`.
    case compileInfo
    /// `XENVER_capabilities`: out `xen_capabilities_info_t`.
    case capabilities
    /// `XENVER_changeset`: out `xen_changeset_info_t`.
    case changeset
    /// `XENVER_platform_parameters`: out `xen_platform_parameters_t`.
    case platformParameters
    /// `XENVER_get_features`: in/out `xen_feature_info_t` for one submap.
    case getFeatures(submap: UInt32)
    /// `XENVER_pagesize`: no buffer; returns the page size.
    case pagesize
    /// `XENVER_guest_handle`: out `xen_domain_handle_t`.
    case guestHandle
    /// `XENVER_commandline`: out `xen_commandline_t`.
    case commandline
    /// `XENVER_build_id`: in/out `xen_build_id_t` with `len` bytes of `buf`
    /// (a `len` of 0 with a null handle asks for the size).
    case buildID(length: UInt32)

    public static var number: HypercallNumber { .xen_version }

    /// The `XENVER_*` command number.
    public var cmd: Int32 {
        switch self {
        case .version: XENVER_version
        case .extraversion: XENVER_extraversion
        case .compileInfo: XENVER_compile_info
        case .capabilities: XENVER_capabilities
        case .changeset: XENVER_changeset
        case .platformParameters: XENVER_platform_parameters
        case .getFeatures: XENVER_get_features
        case .pagesize: XENVER_pagesize
        case .guestHandle: XENVER_guest_handle
        case .commandline: XENVER_commandline
        case .buildID: XENVER_build_id
        }
    }

    /// Size of the output buffer, or nil for the sub-ops that take none.
    var bufferSize: Int? {
        switch self {
        case .version, .pagesize: nil
        case .extraversion: MemoryLayout<xen_extraversion_t>.size
        case .compileInfo: MemoryLayout<xen_compile_info_t>.size
        case .capabilities: MemoryLayout<xen_capabilities_info_t>.size
        case .changeset: MemoryLayout<xen_changeset_info_t>.size
        case .platformParameters: MemoryLayout<xen_platform_parameters_t>.size
        case .getFeatures: MemoryLayout<xen_feature_info_t>.size
        case .guestHandle: MemoryLayout<xen_domain_handle_t>.size
        case .commandline: MemoryLayout<xen_commandline_t>.size
        case .buildID(let len): len == 0 ? nil : MemoryLayout<xen_build_id_t>.size + Int(len)
        }
    }

    public func encode(into call: inout EncodedCall) {
        call.reset(.xen_version)
        call.args[0] = UInt64(cmd)
        switch self {
        case .version, .pagesize:
            break  // arg is ignored; libxc passes NULL
        case .getFeatures(let submap):
            let b = call.addBuffer(size: bufferSize!, direction: .inOut, site: .register(1))
            call.store(submap, buffer: b, at: XenVersion.featureSubmapIdx)
        case .buildID(let len):
            if len == 0 {
                call.addNullHandle(site: .register(1))
            } else {
                let b = call.addBuffer(size: bufferSize!, direction: .inOut, site: .register(1))
                call.store(len, buffer: b, at: XenVersion.buildIDLen)
            }
        default:
            call.addBuffer(size: bufferSize!, direction: .out, site: .register(1))
        }
    }

    public static func decode(_ raw: RawHypercall, memory: some GuestMemoryReader) throws(DecodeError) -> XenVersion {
        let cmd = raw.args[0]
        switch Int32(truncatingIfNeeded: cmd) {
        case XENVER_version: return .version
        case XENVER_extraversion: return .extraversion
        case XENVER_compile_info: return .compileInfo
        case XENVER_capabilities: return .capabilities
        case XENVER_changeset: return .changeset
        case XENVER_platform_parameters: return .platformParameters
        case XENVER_pagesize: return .pagesize
        case XENVER_guest_handle: return .guestHandle
        case XENVER_commandline: return .commandline
        case XENVER_get_features:
            let s = try GuestStruct("xen_version.get_features.xen_feature_info", handle: raw.args[1],
                                    flavour: raw.op.flavour, size: 4, memory: memory)
            return .getFeatures(submap: s.load(UInt32.self, at: 0))
        case XENVER_build_id:
            if raw.op.flavour.isNull(raw.args[1]) { return .buildID(length: 0) }
            let s = try GuestStruct("xen_version.build_id.len", handle: raw.args[1],
                                    flavour: raw.op.flavour, size: 4, memory: memory)
            let len = s.load(UInt32.self, at: 0)
            if len == 0 { throw DecodeError(.invalid("len 0 with a non-null handle"), at: "xen_version.build_id.len") }
            // Xen itself only compares len with the id's size (-ENOBUFS), but
            // the typed value sizes a buffer of len bytes: bound it as a list.
            _ = try GuestArray.checkCount(UInt64(len), at: "xen_version.build_id.len")
            return .buildID(length: len)
        default:
            throw DecodeError(.unknownSubop(cmd), at: "xen_version")
        }
    }

    static let featureSubmapIdx = Layout.offset(\xen_feature_info_t.submap_idx)
    static let featureSubmap = Layout.offset(\xen_feature_info_t.submap)
    static let buildIDLen = Layout.offset(\xen_build_id_t.len)

    static var layoutRows: [Layout.Row] {
        [
            .type("xen_extraversion_t", xen_extraversion_t.self),
            .type("xen_compile_info_t", xen_compile_info_t.self),
            .type("xen_capabilities_info_t", xen_capabilities_info_t.self),
            .type("xen_changeset_info_t", xen_changeset_info_t.self),
            .type("xen_platform_parameters_t", xen_platform_parameters_t.self),
            .type("xen_feature_info_t", xen_feature_info_t.self),
            .field("xen_feature_info_t", \xen_feature_info_t.submap_idx, "submap_idx"),
            .field("xen_feature_info_t", \xen_feature_info_t.submap, "submap"),
            .type("xen_commandline_t", xen_commandline_t.self),
            .type("xen_build_id_t", xen_build_id_t.self),
        ]
    }
}
