import CXen

extension Domctl.ShadowOp {
    /// `XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY`: what libxc's
    /// `xc_shadow_control` sends to start log-dirty mode (only `op` is read).
    public static var enableLogDirty: Self { .plain(op: UInt32(XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY)) }
    /// `XEN_DOMCTL_SHADOW_OP_CLEAN` over `pages` pages: the dirty bitmap out, then cleared.
    public static func clean(pages: UInt64, bitmap: NestedHandle = .buffer) -> Self {
        .logDirty(op: UInt32(XEN_DOMCTL_SHADOW_OP_CLEAN), mode: 0, pages: pages, bitmap: bitmap)
    }
    /// `XEN_DOMCTL_SHADOW_OP_PEEK` over `pages` pages: the dirty bitmap out, left set.
    public static func peek(pages: UInt64, bitmap: NestedHandle = .buffer) -> Self {
        .logDirty(op: UInt32(XEN_DOMCTL_SHADOW_OP_PEEK), mode: 0, pages: pages, bitmap: bitmap)
    }
}

/// What a `XEN_DOMCTL_SHADOW_OP_CLEAN` / `PEEK` wrote back into its
/// `xen_domctl_shadow_op`: the pages covered and the log-dirty statistics.
public struct ShadowLogDirtyStats: Hashable, Sendable {
    /// `pages`: how many bits of the bitmap Xen filled.
    public var pages: UInt64
    /// `stats.fault_count`
    public var faultCount: UInt32
    /// `stats.dirty_count`
    public var dirtyCount: UInt32

    /// Statistics as given.
    public init(pages: UInt64, faultCount: UInt32, dirtyCount: UInt32) {
        self.pages = pages; self.faultCount = faultCount; self.dirtyCount = dirtyCount
    }

    /// Reads the `shadow_op` member of the `xen_domctl` in buffer 0 of a
    /// call an executor ran (`Domctl.ShadowStatsQuery`).
    init(reading r: OutputReader) throws(DecodeError) {
        typealias L = DomctlLayout
        pages = try r.load(UInt64.self, buffer: 0, at: L.u + L.shPages, "pages")
        faultCount = try r.load(UInt32.self, buffer: 0, at: L.u + L.shStats + L.shStatsFaultCount, "stats.fault_count")
        dirtyCount = try r.load(UInt32.self, buffer: 0, at: L.u + L.shStats + L.shStatsDirtyCount, "stats.dirty_count")
    }
}

extension DomctlLayout {
    /// `offsetof(xen_domctl_sched_credit2, weight)`
    public static let cred2Weight = Layout.offset(\xen_domctl_sched_credit2.weight)
    /// `offsetof(xen_domctl_sched_credit2, cap)`
    public static let cred2Cap = Layout.offset(\xen_domctl_sched_credit2.cap)
    /// `offsetof(xen_domctl_shadow_op, stats)`
    public static let shStats = Layout.offset(\xen_domctl_shadow_op.stats)
    /// `offsetof(xen_domctl_shadow_op_stats, fault_count)`
    public static let shStatsFaultCount = Layout.offset(\xen_domctl_shadow_op_stats.fault_count)
    /// `offsetof(xen_domctl_shadow_op_stats, dirty_count)`
    public static let shStatsDirtyCount = Layout.offset(\xen_domctl_shadow_op_stats.dirty_count)

    static var credit2Rows: [Layout.Row] {
        [
            .type("xen_domctl_sched_credit2", xen_domctl_sched_credit2.self),
            .field("xen_domctl_sched_credit2", \xen_domctl_sched_credit2.weight, "weight"),
            .field("xen_domctl_sched_credit2", \xen_domctl_sched_credit2.cap, "cap"),
            .field("xen_domctl_shadow_op", \xen_domctl_shadow_op.stats, "stats"),
            .type("xen_domctl_shadow_op_stats", xen_domctl_shadow_op_stats.self),
            .field("xen_domctl_shadow_op_stats", \xen_domctl_shadow_op_stats.fault_count, "fault_count"),
            .field("xen_domctl_shadow_op_stats", \xen_domctl_shadow_op_stats.dirty_count, "dirty_count"),
        ]
    }
}
