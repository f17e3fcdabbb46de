import CXen
import Privcmd
import XenABI

extension Toolstack {
    /// One of Xen's software performance counters (`xen_sysctl_perfc_desc`
    /// and its values), as `xenperf` prints it.
    public struct PerfCounter: Hashable, Sendable {
        /// The counter's name (`PERFCOUNTER(...)`'s description in
        /// `xen/include/xen/perfc_defn.h`).
        public var name: String
        /// Xen's values for it, in order: one per online CPU for a single
        /// counter, one per element (summed over CPUs) for an array.
        public var values: [UInt32]

        /// The values added up, as xenperf's `T=` column.
        public var total: UInt64 { values.reduce(0) { $0 + UInt64($1) } }
    }

    /// Xen's performance counters (`XEN_SYSCTL_perfc_op`, query), asked as
    /// libxc's `xc_perfc_query_number` and `xc_perfc_query` do: first with
    /// null handles for the counts, then with buffers of that size.
    /// A hypervisor built without `CONFIG_PERF_COUNTERS` has none.
    public func perfCounters() throws(PrivcmdError) -> [PerfCounter] {
        let sizes = try xen.send(Sysctl.PerfcQuery())
        let nc = sizes.nrCounters, nv = sizes.nrVals
        // Xen's counts are hostile too: bound them before sizing buffers.
        guard nc <= 1 << 16, nv <= 1 << 20 else { throw .invalidRequest("Xen reported \(nc) counters and \(nv) values") }
        let q = try xen.send(Sysctl.PerfcQuery(nrCounters: nc, nrVals: nv))
        var out: [PerfCounter] = []
        out.reserveCapacity(q.descriptions.count)
        var v = 0
        for d in q.descriptions {
            guard v + Int(d.nrVals) <= q.values.count else { throw .invalidRequest("counter \(d.name) runs past Xen's \(nv) values") }
            out.append(PerfCounter(name: d.name, values: Array(q.values[v ..< v + Int(d.nrVals)])))
            v += Int(d.nrVals)
        }
        return out
    }

    /// Sets every performance counter to zero (`XEN_SYSCTL_PERFCOP_reset`, `xenperf -r`).
    public func resetPerfCounters() throws(PrivcmdError) {
        _ = try xen.send(Sysctl(.perfcOp(.reset)))
    }
}
