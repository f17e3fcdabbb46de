import CXen

/// Output struct fields of `xen_version` that a hypervisor writes (the model does) (`public/version.h`).
package enum XenVersionOutputLayout {
    /// `offsetof(xen_build_id_t, len)`
    package static let buildIDLen = Layout.offset(\xen_build_id_t.len)
    /// `sizeof(xen_build_id_t)`: where `buf[]` starts.
    package static let buildIDBuf = MemoryLayout<xen_build_id_t>.size
    /// `offsetof(xen_compile_info_t, compiler)` and the three after it.
    package static let compiler = Layout.offset(\xen_compile_info_t.compiler)
    package static let compileBy = Layout.offset(\xen_compile_info_t.compile_by)
    package static let compileDomain = Layout.offset(\xen_compile_info_t.compile_domain)
    package static let compileDate = Layout.offset(\xen_compile_info_t.compile_date)
    /// `offsetof(xen_platform_parameters_t, virt_start)`
    package static let virtStart = Layout.offset(\xen_platform_parameters_t.virt_start)
    /// `offsetof(xen_feature_info_t, submap)`
    package static let featureSubmap = Layout.offset(\xen_feature_info_t.submap)

    static var rows: [Layout.Row] {
        [
            .field("xen_build_id_t", \xen_build_id_t.len, "len"),
            .field("xen_compile_info_t", \xen_compile_info_t.compiler, "compiler"),
            .field("xen_compile_info_t", \xen_compile_info_t.compile_by, "compile_by"),
            .field("xen_compile_info_t", \xen_compile_info_t.compile_domain, "compile_domain"),
            .field("xen_compile_info_t", \xen_compile_info_t.compile_date, "compile_date"),
            .field("xen_platform_parameters_t", \xen_platform_parameters_t.virt_start, "virt_start"),
        ]
    }
}
