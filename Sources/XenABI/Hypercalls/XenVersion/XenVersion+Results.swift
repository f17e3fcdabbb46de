import CXen

/// Reading `xen_version` outputs from a call an executor has run.
extension XenVersion {
    /// The string a string-returning sub-op wrote (extraversion, capabilities,
    /// changeset, commandline; `compile_info`'s `compiler` field).
    public static func string(from call: EncodedCall) -> String {
        call.string(buffer: 0)
    }

    /// The feature bits `XENVER_get_features` wrote for its submap.
    public static func featureSubmap(from call: EncodedCall) -> UInt32 {
        call.load(UInt32.self, buffer: 0, at: featureSubmap)
    }

    /// `xen_compile_info_t`'s four strings.
    public static func compileInfo(from call: EncodedCall) -> (compiler: String, by: String, domain: String, date: String) {
        let c = Layout.offset(\xen_compile_info_t.compiler), b = Layout.offset(\xen_compile_info_t.compile_by)
        let d = Layout.offset(\xen_compile_info_t.compile_domain), t = Layout.offset(\xen_compile_info_t.compile_date)
        return (call.string(buffer: 0, at: c, maxLength: b - c), call.string(buffer: 0, at: b, maxLength: d - b),
                call.string(buffer: 0, at: d, maxLength: t - d), call.string(buffer: 0, at: t, maxLength: 32))
    }

    /// `xen_platform_parameters_t.virt_start`.
    public static func virtStart(from call: EncodedCall) -> UInt64 {
        call.load(UInt64.self, buffer: 0, at: Layout.offset(\xen_platform_parameters_t.virt_start))
    }

    /// Bytes of the build id `XENVER_build_id` wrote (`returned` is the call's result).
    public static func buildID(from call: EncodedCall, returned: Int64) -> [UInt8] {
        guard returned > 0, !call.buffers.isEmpty, !call.buffers[0].isNull else { return [] }
        // buf[] follows the fixed part (`len`): its offset is sizeof(xen_build_id_t).
        let s = call.bytes(of: 0).dropFirst(MemoryLayout<xen_build_id_t>.size)
        return Array(s.prefix(Int(returned)))
    }
}
