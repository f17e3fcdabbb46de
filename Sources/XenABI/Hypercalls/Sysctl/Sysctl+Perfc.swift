import CXen

// What xenperf issues (libxc's xc_perfc_reset, xc_perfc_query_number,
// xc_perfc_query) and xen-livepatch's list (xc_livepatch_list_get_sizes,
// xc_livepatch_list).
extension Sysctl {
    /// `struct xen_sysctl_perfc_op` by `cmd` (`XEN_SYSCTL_PERFCOP_*`).
    ///
    /// Xen writes `NR_PERFCTRS` descriptors and all values through non-null
    /// handles and reports both counts in `nr_counters` / `nr_vals`, which it
    /// never reads: only the hypervisor knows them. xenperf asks first with
    /// null handles, then passes buffers sized by the answer. The typed value
    /// carries those counts as the buffer sizes and stores them in
    /// `nr_counters` / `nr_vals` (xenperf's second call leaves the first
    /// call's answer there too), so a decoder knows how much Xen may write.
    public enum PerfcOp: Hashable, Sendable {
        /// `XEN_SYSCTL_PERFCOP_reset`: every counter to zero.
        case reset
        /// `XEN_SYSCTL_PERFCOP_query`: `nrCounters` `xen_sysctl_perfc_desc`
        /// and `nrVals` `uint32` values out (null handles: the counts only).
        case query(nrCounters: UInt32, nrVals: UInt32, desc: NestedHandle, val: NestedHandle)

        func encode(into call: inout EncodedCall, buffer b: Int, at u: Int) {
            typealias L = SysctlLayout
            switch self {
            case .reset:
                call.store(UInt32(XEN_SYSCTL_PERFCOP_reset), buffer: b, at: u + L.pfCmd)
            case .query(let nc, let nv, let desc, let val):
                call.store(UInt32(XEN_SYSCTL_PERFCOP_query), buffer: b, at: u + L.pfCmd)
                call.store(nc, buffer: b, at: u + L.pfNrCounters)
                call.store(nv, buffer: b, at: u + L.pfNrVals)
                call.addNested(desc, size: Int(nc) * L.perfcDescSize, direction: .out, parent: b, offset: u + L.pfDesc)
                call.addNested(val, size: Int(nv) * L.perfcValSize, direction: .out, parent: b, offset: u + L.pfVal)
            }
        }

        static func decode(_ s: GuestStruct, at u: Int) throws(DecodeError) -> PerfcOp {
            typealias L = SysctlLayout
            let cmd = s.load(UInt32.self, at: u + L.pfCmd)
            switch Int32(bitPattern: cmd) {
            case XEN_SYSCTL_PERFCOP_reset: return .reset
            case XEN_SYSCTL_PERFCOP_query:
                let nc = s.load(UInt32.self, at: u + L.pfNrCounters), nv = s.load(UInt32.self, at: u + L.pfNrVals)
                let desc = s.nested(at: u + L.pfDesc), val = s.nested(at: u + L.pfVal)
                // Only a present handle makes a count a size.
                if desc.isPresent { _ = try GuestStruct.size(count: UInt64(nc), element: L.perfcDescSize, at: "sysctl.perfc_op.nr_counters") }
                if val.isPresent { _ = try GuestStruct.size(count: UInt64(nv), element: L.perfcValSize, at: "sysctl.perfc_op.nr_vals") }
                return .query(nrCounters: nc, nrVals: nv, desc: desc, val: val)
            default:
                throw DecodeError(.unknownSubop(UInt64(cmd)), at: "sysctl.perfc_op.cmd")
            }
        }
    }
}

/// One `xen_sysctl_perfc_desc` as Xen wrote it.
public struct PerfCounterDescription: Hashable, Sendable {
    /// `name` (NUL-terminated in 80 bytes).
    public var name: String
    /// `nr_vals`: how many of the value array's entries belong to this counter.
    public var nrVals: UInt32

    /// Reads descriptor `index` of a query's desc buffer `buffer` (`Sysctl.PerfcQuery`).
    init(reading r: OutputReader, buffer: Int, index: Int) throws(DecodeError) {
        typealias L = SysctlLayout
        let o = index * L.perfcDescSize
        name = try r.string(buffer: buffer, at: o + L.pfdName, length: L.perfcNameSize, "desc.name")
        nrVals = try r.load(UInt32.self, buffer: buffer, at: o + L.pfdNrVals, "desc.nr_vals")
    }

    /// A description as given.
    public init(name: String, nrVals: UInt32) { self.name = name; self.nrVals = nrVals }
}

extension SysctlLayout {
    /// `offsetof(xen_sysctl_perfc_op, cmd)`
    public static let pfCmd = Layout.offset(\xen_sysctl_perfc_op.cmd)
    /// `offsetof(xen_sysctl_perfc_op, nr_counters)`
    public static let pfNrCounters = Layout.offset(\xen_sysctl_perfc_op.nr_counters)
    /// `offsetof(xen_sysctl_perfc_op, nr_vals)`
    public static let pfNrVals = Layout.offset(\xen_sysctl_perfc_op.nr_vals)
    /// `offsetof(xen_sysctl_perfc_op, desc)`
    public static let pfDesc = Layout.offset(\xen_sysctl_perfc_op.desc)
    /// `offsetof(xen_sysctl_perfc_op, val)`
    public static let pfVal = Layout.offset(\xen_sysctl_perfc_op.val)
    /// `sizeof(xen_sysctl_perfc_desc_t)`
    public static let perfcDescSize = MemoryLayout<xen_sysctl_perfc_desc_t>.size
    /// `offsetof(xen_sysctl_perfc_desc, name)`
    public static let pfdName = Layout.offset(\xen_sysctl_perfc_desc.name)
    /// `sizeof(((xen_sysctl_perfc_desc *)0)->name)`
    public static let perfcNameSize = MemoryLayout.size(ofValue: xen_sysctl_perfc_desc().name)
    /// `offsetof(xen_sysctl_perfc_desc, nr_vals)`
    public static let pfdNrVals = Layout.offset(\xen_sysctl_perfc_desc.nr_vals)
    /// `sizeof(xen_sysctl_perfc_val_t)`
    public static let perfcValSize = MemoryLayout<xen_sysctl_perfc_val_t>.size

    /// `offsetof(xen_sysctl_livepatch_list, version)`
    public static let lplVersion = Layout.offset(\xen_sysctl_livepatch_list.version)
    /// `offsetof(xen_sysctl_livepatch_list, idx)`
    public static let lplIdx = Layout.offset(\xen_sysctl_livepatch_list.idx)
    /// `offsetof(xen_sysctl_livepatch_list, nr)`
    public static let lplNr = Layout.offset(\xen_sysctl_livepatch_list.nr)
    /// `offsetof(xen_sysctl_livepatch_list, pad)`
    public static let lplPad = Layout.offset(\xen_sysctl_livepatch_list.pad)
    /// `offsetof(xen_sysctl_livepatch_list, name_total_size)`
    public static let lplNameTotalSize = Layout.offset(\xen_sysctl_livepatch_list.name_total_size)
    /// `offsetof(xen_sysctl_livepatch_list, metadata_total_size)`
    public static let lplMetadataTotalSize = Layout.offset(\xen_sysctl_livepatch_list.metadata_total_size)
    /// `offsetof(xen_sysctl_livepatch_list, status)`
    public static let lplStatus = Layout.offset(\xen_sysctl_livepatch_list.status)
    /// `offsetof(xen_sysctl_livepatch_list, name)`
    public static let lplName = Layout.offset(\xen_sysctl_livepatch_list.name)
    /// `offsetof(xen_sysctl_livepatch_list, len)`
    public static let lplLen = Layout.offset(\xen_sysctl_livepatch_list.len)
    /// `offsetof(xen_sysctl_livepatch_list, metadata)`
    public static let lplMetadata = Layout.offset(\xen_sysctl_livepatch_list.metadata)
    /// `offsetof(xen_sysctl_livepatch_list, metadata_len)`
    public static let lplMetadataLen = Layout.offset(\xen_sysctl_livepatch_list.metadata_len)
    /// `sizeof(xen_livepatch_status_t)`
    public static let livepatchStatusSize = MemoryLayout<xen_livepatch_status_t>.size

    /// `offsetof(xen_sysctl_cpupool_op, n_dom)`
    public static let cpoNDom = Layout.offset(\xen_sysctl_cpupool_op.n_dom)

    static var perfcRows: [Layout.Row] {
        let p = "xen_sysctl_perfc_op", d = "xen_sysctl_perfc_desc", l = "xen_sysctl_livepatch_list"
        return [
            .type(p, xen_sysctl_perfc_op.self),
            .field(p, \xen_sysctl_perfc_op.cmd, "cmd"), .field(p, \xen_sysctl_perfc_op.nr_counters, "nr_counters"),
            .field(p, \xen_sysctl_perfc_op.nr_vals, "nr_vals"), .field(p, \xen_sysctl_perfc_op.desc, "desc"),
            .field(p, \xen_sysctl_perfc_op.val, "val"),
            .type(d, xen_sysctl_perfc_desc.self),
            .field(d, \xen_sysctl_perfc_desc.name, "name"), .field(d, \xen_sysctl_perfc_desc.nr_vals, "nr_vals"),
            .type("xen_sysctl_perfc_val_t", xen_sysctl_perfc_val_t.self),
            .type(l, xen_sysctl_livepatch_list.self),
            .field(l, \xen_sysctl_livepatch_list.version, "version"), .field(l, \xen_sysctl_livepatch_list.idx, "idx"),
            .field(l, \xen_sysctl_livepatch_list.nr, "nr"), .field(l, \xen_sysctl_livepatch_list.pad, "pad"),
            .field(l, \xen_sysctl_livepatch_list.name_total_size, "name_total_size"),
            .field(l, \xen_sysctl_livepatch_list.metadata_total_size, "metadata_total_size"),
            .field(l, \xen_sysctl_livepatch_list.status, "status"), .field(l, \xen_sysctl_livepatch_list.name, "name"),
            .field(l, \xen_sysctl_livepatch_list.len, "len"), .field(l, \xen_sysctl_livepatch_list.metadata, "metadata"),
            .field(l, \xen_sysctl_livepatch_list.metadata_len, "metadata_len"),
            .field("xen_sysctl_cpupool_op", \xen_sysctl_cpupool_op.n_dom, "n_dom"),
        ]
    }
}
