import CXen

/// The sysctls a toolstack reads back, as typed calls with typed outputs
/// (libxc's `xc_physinfo`, `xc_sched_id`, `xc_readconsolering`,
/// `xc_domain_getinfolist`, `xc_cpupool_getinfo`, `xc_cpupool_create`,
/// `xc_perfc_query`). Each encodes as the `Sysctl` it wraps.
extension Sysctl {
    /// `XEN_SYSCTL_physinfo`.
    public struct PhysInfoQuery: HypercallOutputs, Hashable {
        /// The query.
        public init() {}
        public func encode(into call: inout EncodedCall) { Sysctl(.physinfo).encode(into: &call) }
        /// `xen_sysctl.u.physinfo`.
        public static func outputs(of call: EncodedCall, result: Int64) throws(DecodeError) -> PhysInfo {
            try PhysInfo(reading: OutputReader(call, location: "sysctl.physinfo"))
        }
    }

    /// `XEN_SYSCTL_sched_id`: the default scheduler.
    public struct SchedIDQuery: HypercallOutputs, Hashable {
        /// The query.
        public init() {}
        public func encode(into call: inout EncodedCall) { Sysctl(.schedID).encode(into: &call) }
        /// `xen_sysctl_sched_id.sched_id` (`XEN_SCHEDULER_*`; `PhysInfoLayout.schedulerName`).
        public static func outputs(of call: EncodedCall, result: Int64) throws(DecodeError) -> UInt32 {
            try OutputReader(call, location: "sysctl.sched_id").load(UInt32.self, buffer: 0, at: SysctlLayout.u + PhysInfoLayout.schedID, "sched_id")
        }
    }

    /// `XEN_SYSCTL_readconsole` into a buffer of `count` bytes.
    public struct ReadConsoleQuery: HypercallOutputs, Hashable {
        /// `clear`: empty the ring after the read.
        public var clear: Bool
        /// `incremental`: from `index` (else from the oldest byte held).
        public var incremental: Bool
        /// `index`: where an incremental read starts.
        public var index: UInt32
        /// `count`: the buffer's size.
        public var count: UInt32
        /// A read of up to `count` bytes.
        public init(clear: Bool = false, incremental: Bool, index: UInt32 = 0, count: UInt32) {
            self.clear = clear; self.incremental = incremental; self.index = index; self.count = count
        }
        public func encode(into call: inout EncodedCall) {
            Sysctl(.readconsole(clear: clear ? 1 : 0, incremental: incremental ? 1 : 0, index: index, count: count, buffer: .buffer))
                .encode(into: &call)
        }
        /// `count` bytes of the buffer (a count past the buffer is `.outOfBounds`) and `index`.
        public static func outputs(of call: EncodedCall, result: Int64) throws(DecodeError) -> ConsoleRead {
            let r = OutputReader(call, location: "sysctl.readconsole")
            let u = SysctlLayout.u
            let n = try r.load(UInt32.self, buffer: 0, at: u + SysctlLayout.rcCount, "count")
            try r.checkArray(buffer: 1, count: UInt64(n), stride: 1, "count")
            return ConsoleRead(bytes: try r.bytes(buffer: 1, count: Int(n), "buffer"),
                               nextIndex: try r.load(UInt32.self, buffer: 0, at: u + SysctlLayout.rcIndex, "index"))
        }
    }

    /// `XEN_SYSCTL_getdomaininfolist` from `firstDomain`, room for `maxDomains`.
    public struct DomainInfoListQuery: HypercallOutputs, Hashable {
        /// `first_domain`
        public var firstDomain: UInt16
        /// `max_domains`: the buffer's room.
        public var maxDomains: UInt32
        /// Up to `maxDomains` domains from `firstDomain` on.
        public init(firstDomain: UInt16 = 0, maxDomains: UInt32) { self.firstDomain = firstDomain; self.maxDomains = maxDomains }
        public func encode(into call: inout EncodedCall) {
            Sysctl(.getDomainInfoList(firstDomain: firstDomain, maxDomains: maxDomains, buffer: .buffer)).encode(into: &call)
        }
        /// `num_domains` entries of `buffer` (more than it holds is `.outOfBounds`).
        public static func outputs(of call: EncodedCall, result: Int64) throws(DecodeError) -> [DomainInfo] {
            let r = OutputReader(call, location: "sysctl.getdomaininfolist")
            let n = try r.load(UInt32.self, buffer: 0, at: SysctlLayout.u + PhysInfoLayout.numDomains, "num_domains")
            try r.checkArray(buffer: 1, count: UInt64(n), stride: DomainInfoLayout.size, "num_domains")
            var out: [DomainInfo] = []
            out.reserveCapacity(Int(n))
            for i in 0 ..< Int(n) { out.append(try DomainInfo(reading: r, buffer: 1, at: i * DomainInfoLayout.size)) }
            return out
        }
    }

    /// `XEN_SYSCTL_CPUPOOL_OP_INFO`: the first pool whose id is at least `cpupoolID`.
    public struct CpupoolInfoQuery: HypercallOutputs, Hashable {
        /// `cpupool_id`: where the search starts.
        public var cpupoolID: UInt32
        /// `cpumap.nr_bits`: room for this many CPUs.
        public var cpumapBits: UInt32
        /// The pool at or after `cpupoolID`, its CPU map `cpumapBits` wide.
        public init(cpupoolID: UInt32, cpumapBits: UInt32) { self.cpupoolID = cpupoolID; self.cpumapBits = cpumapBits }
        public func encode(into call: inout EncodedCall) {
            Sysctl(.cpupoolOp(.info(cpupoolID: cpupoolID, cpumap: OutBitmap(nrBits: cpumapBits)))).encode(into: &call)
        }
        public static func outputs(of call: EncodedCall, result: Int64) throws(DecodeError) -> CpupoolInfo {
            let r = OutputReader(call, location: "sysctl.cpupool_op.info")
            let u = SysctlLayout.u
            return CpupoolInfo(id: try r.load(UInt32.self, buffer: 0, at: u + SysctlLayout.cpoPool, "cpupool_id"),
                               schedulerID: try r.load(UInt32.self, buffer: 0, at: u + SysctlLayout.cpoSched, "sched_id"),
                               domainCount: try r.load(UInt32.self, buffer: 0, at: u + SysctlLayout.cpoNDom, "n_dom"),
                               cpumap: try r.allBytes(buffer: 1, "cpumap"))
        }
    }

    /// `XEN_SYSCTL_CPUPOOL_OP_CREATE`: a pool with id `cpupoolID`
    /// (`XEN_SYSCTL_CPUPOOL_PAR_ANY`: the next free one) running `schedID`.
    public struct CpupoolCreateQuery: HypercallOutputs, Hashable {
        /// `cpupool_id` asked for.
        public var cpupoolID: UInt32
        /// `sched_id` (`XEN_SCHEDULER_*`).
        public var schedID: UInt32
        /// Creates pool `cpupoolID` running `schedID`.
        public init(cpupoolID: UInt32, schedID: UInt32) { self.cpupoolID = cpupoolID; self.schedID = schedID }
        public func encode(into call: inout EncodedCall) {
            Sysctl(.cpupoolOp(.create(cpupoolID: cpupoolID, schedID: schedID))).encode(into: &call)
        }
        /// `cpupool_id` out: the new pool's id.
        public static func outputs(of call: EncodedCall, result: Int64) throws(DecodeError) -> UInt32 {
            try OutputReader(call, location: "sysctl.cpupool_op.create").load(UInt32.self, buffer: 0, at: SysctlLayout.u + SysctlLayout.cpoPool, "cpupool_id")
        }
    }

    /// `XEN_SYSCTL_PERFCOP_query`: with 0 and 0 the counts only (null
    /// handles, as libxc's `xc_perfc_query_number`), else buffers of that size.
    public struct PerfcQuery: HypercallOutputs, Hashable {
        /// `nr_counters`: room for this many descriptors.
        public var nrCounters: UInt32
        /// `nr_vals`: room for this many values.
        public var nrVals: UInt32
        /// Asks with room for `nrCounters` descriptors and `nrVals` values.
        public init(nrCounters: UInt32 = 0, nrVals: UInt32 = 0) { self.nrCounters = nrCounters; self.nrVals = nrVals }
        public func encode(into call: inout EncodedCall) {
            let sized = nrCounters != 0 || nrVals != 0
            Sysctl(.perfcOp(.query(nrCounters: nrCounters, nrVals: nrVals, desc: sized ? .buffer : .null, val: sized ? .buffer : .null)))
                .encode(into: &call)
        }
        /// The counts, and as many descriptors and values as the buffers
        /// were given for (a count past its buffer is `.outOfBounds`).
        public static func outputs(of call: EncodedCall, result: Int64) throws(DecodeError) -> PerfcQueryResult {
            typealias L = SysctlLayout
            let r = OutputReader(call, location: "sysctl.perfc_op")
            let nc = try r.load(UInt32.self, buffer: 0, at: L.u + L.pfNrCounters, "nr_counters")
            let nv = try r.load(UInt32.self, buffer: 0, at: L.u + L.pfNrVals, "nr_vals")
            var descs: [PerfCounterDescription] = []
            var vals: [UInt32] = []
            if try !r.buffer(1, "desc").isNull {
                try r.checkArray(buffer: 1, count: UInt64(nc), stride: L.perfcDescSize, "nr_counters")
                for i in 0 ..< Int(nc) { descs.append(try PerfCounterDescription(reading: r, buffer: 1, index: i)) }
            }
            if try !r.buffer(2, "val").isNull {
                try r.checkArray(buffer: 2, count: UInt64(nv), stride: L.perfcValSize, "nr_vals")
                for i in 0 ..< Int(nv) { vals.append(try r.load(UInt32.self, buffer: 2, at: i * L.perfcValSize, "val")) }
            }
            return PerfcQueryResult(nrCounters: nc, nrVals: nv, descriptions: descs, values: vals)
        }
    }
}
