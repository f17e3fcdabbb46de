import CXen

/// Offsets in `struct xen_flask_op` and its union members (`public/xsm/flask_op.h`).
public enum FlaskLayout {
    /// `sizeof(xen_flask_op_t)`
    public static let size = MemoryLayout<xen_flask_op_t>.size
    /// `offsetof(xen_flask_op_t, cmd)`
    public static let cmd = Layout.offset(\xen_flask_op_t.cmd)
    /// `offsetof(xen_flask_op_t, interface_version)`
    public static let interfaceVersion = Layout.offset(\xen_flask_op_t.interface_version)
    /// `offsetof(xen_flask_op_t, u)`
    public static let u = Layout.offset(\xen_flask_op_t.u)
    /// `offsetof(xen_flask_load_t, buffer)`
    public static let loadBuffer = Layout.offset(\xen_flask_load_t.buffer)
    /// `offsetof(xen_flask_load_t, size)`
    public static let loadSize = Layout.offset(\xen_flask_load_t.size)
    /// `offsetof(xen_flask_setenforce_t, enforcing)`
    public static let enforce = Layout.offset(\xen_flask_setenforce_t.enforcing)
    /// `offsetof(xen_flask_sid_context_t, sid)`
    public static let scSID = Layout.offset(\xen_flask_sid_context_t.sid)
    /// `offsetof(xen_flask_sid_context_t, size)`
    public static let scSize = Layout.offset(\xen_flask_sid_context_t.size)
    /// `offsetof(xen_flask_sid_context_t, context)`
    public static let scContext = Layout.offset(\xen_flask_sid_context_t.context)
    /// `offsetof(xen_flask_access_t, ssid)`
    public static let acSSID = Layout.offset(\xen_flask_access_t.ssid)
    /// `offsetof(xen_flask_access_t, tsid)`
    public static let acTSID = Layout.offset(\xen_flask_access_t.tsid)
    /// `offsetof(xen_flask_access_t, tclass)`
    public static let acTClass = Layout.offset(\xen_flask_access_t.tclass)
    /// `offsetof(xen_flask_access_t, req)`
    public static let acReq = Layout.offset(\xen_flask_access_t.req)
    /// `offsetof(xen_flask_transition_t, ssid)`
    public static let trSSID = Layout.offset(\xen_flask_transition_t.ssid)
    /// `offsetof(xen_flask_transition_t, tsid)`
    public static let trTSID = Layout.offset(\xen_flask_transition_t.tsid)
    /// `offsetof(xen_flask_transition_t, tclass)`
    public static let trTClass = Layout.offset(\xen_flask_transition_t.tclass)
    /// `offsetof(xen_flask_boolean_t, bool_id)`
    public static let boID = Layout.offset(\xen_flask_boolean_t.bool_id)
    /// `offsetof(xen_flask_boolean_t, new_value)`
    public static let boNewValue = Layout.offset(\xen_flask_boolean_t.new_value)
    /// `offsetof(xen_flask_boolean_t, commit)`
    public static let boCommit = Layout.offset(\xen_flask_boolean_t.commit)
    /// `offsetof(xen_flask_boolean_t, size)`
    public static let boSize = Layout.offset(\xen_flask_boolean_t.size)
    /// `offsetof(xen_flask_boolean_t, name)`
    public static let boName = Layout.offset(\xen_flask_boolean_t.name)
    /// `offsetof(xen_flask_setavc_threshold_t, threshold)`
    public static let avcThreshold = Layout.offset(\xen_flask_setavc_threshold_t.threshold)
    /// `offsetof(xen_flask_cache_stats_t, cpu)`
    public static let csCPU = Layout.offset(\xen_flask_cache_stats_t.cpu)
    /// `offsetof(xen_flask_ocontext_t, ocon)`
    public static let ocOcon = Layout.offset(\xen_flask_ocontext_t.ocon)
    /// `offsetof(xen_flask_ocontext_t, sid)`
    public static let ocSID = Layout.offset(\xen_flask_ocontext_t.sid)
    /// `offsetof(xen_flask_ocontext_t, low)`
    public static let ocLow = Layout.offset(\xen_flask_ocontext_t.low)
    /// `offsetof(xen_flask_ocontext_t, high)`
    public static let ocHigh = Layout.offset(\xen_flask_ocontext_t.high)
    /// `offsetof(xen_flask_peersid_t, evtchn)`
    public static let psEvtchn = Layout.offset(\xen_flask_peersid_t.evtchn)
    /// `offsetof(xen_flask_relabel_t, domid)`
    public static let rlDomid = Layout.offset(\xen_flask_relabel_t.domid)
    /// `offsetof(xen_flask_relabel_t, sid)`
    public static let rlSID = Layout.offset(\xen_flask_relabel_t.sid)
    /// `offsetof(xen_flask_devicetree_label_t, sid)`
    public static let dtSID = Layout.offset(\xen_flask_devicetree_label_t.sid)
    /// `offsetof(xen_flask_devicetree_label_t, length)`
    public static let dtLength = Layout.offset(\xen_flask_devicetree_label_t.length)
    /// `offsetof(xen_flask_devicetree_label_t, path)`
    public static let dtPath = Layout.offset(\xen_flask_devicetree_label_t.path)

    static var rows: [Layout.Row] {
        [
            .type("xen_flask_op_t", xen_flask_op_t.self),
            .field("xen_flask_op_t", \xen_flask_op_t.cmd, "cmd"),
            .field("xen_flask_op_t", \xen_flask_op_t.interface_version, "interface_version"),
            .nested("xen_flask_op_t", "u", offset: Layout.offset(\xen_flask_op_t.u), size: MemoryLayout.size(ofValue: xen_flask_op_t().u)),
            .type("xen_flask_load_t", xen_flask_load_t.self),
            .field("xen_flask_load_t", \xen_flask_load_t.buffer, "buffer"),
            .field("xen_flask_load_t", \xen_flask_load_t.size, "size"),
            .type("xen_flask_setenforce_t", xen_flask_setenforce_t.self),
            .field("xen_flask_setenforce_t", \xen_flask_setenforce_t.enforcing, "enforcing"),
            .type("xen_flask_sid_context_t", xen_flask_sid_context_t.self),
            .field("xen_flask_sid_context_t", \xen_flask_sid_context_t.sid, "sid"),
            .field("xen_flask_sid_context_t", \xen_flask_sid_context_t.size, "size"),
            .field("xen_flask_sid_context_t", \xen_flask_sid_context_t.context, "context"),
            .type("xen_flask_access_t", xen_flask_access_t.self),
            .field("xen_flask_access_t", \xen_flask_access_t.ssid, "ssid"),
            .field("xen_flask_access_t", \xen_flask_access_t.tsid, "tsid"),
            .field("xen_flask_access_t", \xen_flask_access_t.tclass, "tclass"),
            .field("xen_flask_access_t", \xen_flask_access_t.req, "req"),
            .type("xen_flask_transition_t", xen_flask_transition_t.self),
            .field("xen_flask_transition_t", \xen_flask_transition_t.ssid, "ssid"),
            .field("xen_flask_transition_t", \xen_flask_transition_t.tsid, "tsid"),
            .field("xen_flask_transition_t", \xen_flask_transition_t.tclass, "tclass"),
            .type("xen_flask_boolean_t", xen_flask_boolean_t.self),
            .field("xen_flask_boolean_t", \xen_flask_boolean_t.bool_id, "bool_id"),
            .field("xen_flask_boolean_t", \xen_flask_boolean_t.new_value, "new_value"),
            .field("xen_flask_boolean_t", \xen_flask_boolean_t.commit, "commit"),
            .field("xen_flask_boolean_t", \xen_flask_boolean_t.size, "size"),
            .field("xen_flask_boolean_t", \xen_flask_boolean_t.name, "name"),
            .type("xen_flask_setavc_threshold_t", xen_flask_setavc_threshold_t.self),
            .field("xen_flask_setavc_threshold_t", \xen_flask_setavc_threshold_t.threshold, "threshold"),
            .type("xen_flask_cache_stats_t", xen_flask_cache_stats_t.self),
            .field("xen_flask_cache_stats_t", \xen_flask_cache_stats_t.cpu, "cpu"),
            .type("xen_flask_ocontext_t", xen_flask_ocontext_t.self),
            .field("xen_flask_ocontext_t", \xen_flask_ocontext_t.ocon, "ocon"),
            .field("xen_flask_ocontext_t", \xen_flask_ocontext_t.sid, "sid"),
            .field("xen_flask_ocontext_t", \xen_flask_ocontext_t.low, "low"),
            .field("xen_flask_ocontext_t", \xen_flask_ocontext_t.high, "high"),
            .type("xen_flask_peersid_t", xen_flask_peersid_t.self),
            .field("xen_flask_peersid_t", \xen_flask_peersid_t.evtchn, "evtchn"),
            .type("xen_flask_relabel_t", xen_flask_relabel_t.self),
            .field("xen_flask_relabel_t", \xen_flask_relabel_t.domid, "domid"),
            .field("xen_flask_relabel_t", \xen_flask_relabel_t.sid, "sid"),
            .type("xen_flask_devicetree_label_t", xen_flask_devicetree_label_t.self),
            .field("xen_flask_devicetree_label_t", \xen_flask_devicetree_label_t.sid, "sid"),
            .field("xen_flask_devicetree_label_t", \xen_flask_devicetree_label_t.length, "length"),
            .field("xen_flask_devicetree_label_t", \xen_flask_devicetree_label_t.path, "path"),
        ]
    }
}
