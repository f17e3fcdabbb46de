/// What one `XEN_SYSCTL_readconsole` read (`struct xen_sysctl_readconsole` out).
public struct ConsoleRead: Hashable, Sendable {
    /// The first `count` bytes of `buffer`.
    public var bytes: [UInt8]
    /// `index` out: where the next incremental read starts.
    public var nextIndex: UInt32
    /// As given.
    public init(bytes: [UInt8], nextIndex: UInt32) { self.bytes = bytes; self.nextIndex = nextIndex }
}

extension Sysctl {
    /// One pool as `XEN_SYSCTL_CPUPOOL_OP_INFO` wrote it (`struct xen_sysctl_cpupool_op` out).
    public struct CpupoolInfo: Hashable, Sendable {
        /// `cpupool_id`
        public var id: UInt32
        /// `sched_id` (`XEN_SCHEDULER_*`)
        public var schedulerID: UInt32
        /// `n_dom`: domains in the pool.
        public var domainCount: UInt32
        /// `cpumap`'s bitmap bytes (bit `n`: CPU `n`).
        public var cpumap: [UInt8]
        /// As given.
        public init(id: UInt32, schedulerID: UInt32, domainCount: UInt32, cpumap: [UInt8]) {
            self.id = id; self.schedulerID = schedulerID; self.domainCount = domainCount; self.cpumap = cpumap
        }
    }
}

/// What `XEN_SYSCTL_PERFCOP_query` wrote (`struct xen_sysctl_perfc_op` out).
public struct PerfcQueryResult: Hashable, Sendable {
    /// `nr_counters`: how many counters Xen has.
    public var nrCounters: UInt32
    /// `nr_vals`: how many values they have in all.
    public var nrVals: UInt32
    /// `desc[0 ..< nr_counters]` (empty when asked with a null handle).
    public var descriptions: [PerfCounterDescription]
    /// `val[0 ..< nr_vals]` (empty when asked with a null handle).
    public var values: [UInt32]
    /// As given.
    public init(nrCounters: UInt32, nrVals: UInt32, descriptions: [PerfCounterDescription], values: [UInt32]) {
        self.nrCounters = nrCounters; self.nrVals = nrVals; self.descriptions = descriptions; self.values = values
    }
}
