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
        typealias L = SysctlLayout
        let sizes = try xen.send(Sysctl(.perfcOp(.query(nrCounters: 0, nrVals: 0, desc: .null, val: .null)))).call
        let nc = sizes.load(UInt32.self, buffer: 0, at: L.u + L.pfNrCounters)
        let nv = sizes.load(UInt32.self, buffer: 0, at: L.u + L.pfNrVals)
        // Xen's counts are hostile too: bound them before sizing buffers.
        guard nc <= 1 << 16, nv <= 1 << 20 else { throw .invalidRequest("Xen reported \(nc) counters and \(nv) values") }
        let c = try xen.send(Sysctl(.perfcOp(.query(nrCounters: nc, nrVals: nv, desc: .buffer, val: .buffer)))).call
        let values = c.bytes(of: 2)
        var out: [PerfCounter] = []
        out.reserveCapacity(Int(nc))
        var v = 0
        for i in 0 ..< Int(nc) {
            let d = PerfCounterDescription(from: c, buffer: 1, index: i)
            guard v + Int(d.nrVals) <= Int(nv) else { throw .invalidRequest("counter \(d.name) runs past Xen's \(nv) values") }
            let vals = (v ..< v + Int(d.nrVals)).map { k in
                values.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: k * L.perfcValSize, as: UInt32.self)) }
            }
            out.append(PerfCounter(name: d.name, values: vals))
            v += Int(d.nrVals)
        }
        return out
    }

    /// Sets every performance counter to zero (`XEN_SYSCTL_PERFCOP_reset`, `xenperf -r`).
    public func resetPerfCounters() throws(PrivcmdError) {
        _ = try xen.send(Sysctl(.perfcOp(.reset)))
    }
}
