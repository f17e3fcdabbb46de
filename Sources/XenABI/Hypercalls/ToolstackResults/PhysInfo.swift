import CXen

/// `struct xen_sysctl_physinfo` as `XEN_SYSCTL_physinfo` wrote it: what
/// `xl info` prints about the host.
public struct PhysInfo: Hashable, Sendable {
    /// `threads_per_core`
    public var threadsPerCore: UInt32
    /// `cores_per_socket`
    public var coresPerSocket: UInt32
    /// `nr_cpus`: CPUs online.
    public var nrCPUs: UInt32
    /// `max_cpu_id`
    public var maxCPUID: UInt32
    /// `nr_nodes`: NUMA nodes online.
    public var nrNodes: UInt32
    /// `max_node_id`
    public var maxNodeID: UInt32
    /// `cpu_khz`
    public var cpuKHz: UInt32
    /// `capabilities` (`XEN_SYSCTL_PHYSCAP_*`)
    public var capabilities: UInt32
    /// `arch_capabilities`
    public var archCapabilities: UInt32
    /// `total_pages`
    public var totalPages: UInt64
    /// `free_pages`
    public var freePages: UInt64
    /// `scrub_pages`
    public var scrubPages: UInt64
    /// `outstanding_pages`
    public var outstandingPages: UInt64
    /// `max_mfn`
    public var maxMFN: UInt64
    /// `hw_cap[8]`
    public var hwCap: [UInt32]

    /// Reads the `physinfo` member of the `xen_sysctl` in buffer 0 of a
    /// `Sysctl(.physinfo)` call an executor ran (`Sysctl.PhysInfoQuery`).
    init(reading r: OutputReader) throws(DecodeError) {
        typealias L = PhysInfoLayout
        let u = SysctlLayout.u
        func u32(_ o: Int, _ f: String) throws(DecodeError) -> UInt32 { try r.load(UInt32.self, buffer: 0, at: u + o, f) }
        func u64(_ o: Int, _ f: String) throws(DecodeError) -> UInt64 { try r.load(UInt64.self, buffer: 0, at: u + o, f) }
        threadsPerCore = try u32(L.threadsPerCore, "threads_per_core")
        coresPerSocket = try u32(L.coresPerSocket, "cores_per_socket")
        nrCPUs = try u32(L.nrCPUs, "nr_cpus")
        maxCPUID = try u32(L.maxCPUID, "max_cpu_id")
        nrNodes = try u32(L.nrNodes, "nr_nodes")
        maxNodeID = try u32(L.maxNodeID, "max_node_id")
        cpuKHz = try u32(L.cpuKHz, "cpu_khz")
        capabilities = try u32(L.capabilities, "capabilities")
        archCapabilities = try u32(L.archCapabilities, "arch_capabilities")
        totalPages = try u64(L.totalPages, "total_pages")
        freePages = try u64(L.freePages, "free_pages")
        scrubPages = try u64(L.scrubPages, "scrub_pages")
        outstandingPages = try u64(L.outstandingPages, "outstanding_pages")
        maxMFN = try u64(L.maxMFN, "max_mfn")
        var caps: [UInt32] = []
        for i in 0 ..< L.hwCapCount { caps.append(try u32(L.hwCap + 4 * i, "hw_cap")) }
        hwCap = caps
    }

    /// `XEN_SYSCTL_PHYSCAP_*` names set in `capabilities`, in the order and
    /// spelling `xl info`'s `virt_caps` line uses.
    public var capabilityNames: [String] {
        func has(_ bit: UInt32) -> Bool { capabilities & bit != 0 }
        let pv = has(1 << UInt32(_XEN_SYSCTL_PHYSCAP_pv)), hvm = has(1 << UInt32(_XEN_SYSCTL_PHYSCAP_hvm))
        let directio = has(1 << UInt32(_XEN_SYSCTL_PHYSCAP_directio))
        let names: [(Bool, String)] = [
            (pv, "pv"), (hvm, "hvm"), (hvm && directio, "hvm_directio"), (pv && directio, "pv_directio"),
            (has(1 << UInt32(_XEN_SYSCTL_PHYSCAP_hap)), "hap"), (has(1 << UInt32(_XEN_SYSCTL_PHYSCAP_shadow)), "shadow"),
            (has(1 << UInt32(_XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share)), "iommu_hap_pt_share"),
            (has(UInt32(XEN_SYSCTL_PHYSCAP_vmtrace)), "vmtrace"), (has(UInt32(XEN_SYSCTL_PHYSCAP_vpmu)), "vpmu"),
            (has(UInt32(XEN_SYSCTL_PHYSCAP_gnttab_v1)), "gnttab-v1"), (has(UInt32(XEN_SYSCTL_PHYSCAP_gnttab_v2)), "gnttab-v2"),
        ]
        return names.filter(\.0).map(\.1)
    }
}

/// Offsets in `struct xen_sysctl_physinfo`.
public enum PhysInfoLayout {
    /// `offsetof(xen_sysctl_physinfo, threads_per_core)`
    public static let threadsPerCore = Layout.offset(\xen_sysctl_physinfo.threads_per_core)
    /// `offsetof(xen_sysctl_physinfo, cores_per_socket)`
    public static let coresPerSocket = Layout.offset(\xen_sysctl_physinfo.cores_per_socket)
    /// `offsetof(xen_sysctl_physinfo, nr_cpus)`
    public static let nrCPUs = Layout.offset(\xen_sysctl_physinfo.nr_cpus)
    /// `offsetof(xen_sysctl_physinfo, max_cpu_id)`
    public static let maxCPUID = Layout.offset(\xen_sysctl_physinfo.max_cpu_id)
    /// `offsetof(xen_sysctl_physinfo, nr_nodes)`
    public static let nrNodes = Layout.offset(\xen_sysctl_physinfo.nr_nodes)
    /// `offsetof(xen_sysctl_physinfo, max_node_id)`
    public static let maxNodeID = Layout.offset(\xen_sysctl_physinfo.max_node_id)
    /// `offsetof(xen_sysctl_physinfo, cpu_khz)`
    public static let cpuKHz = Layout.offset(\xen_sysctl_physinfo.cpu_khz)
    /// `offsetof(xen_sysctl_physinfo, capabilities)`
    public static let capabilities = Layout.offset(\xen_sysctl_physinfo.capabilities)
    /// `offsetof(xen_sysctl_physinfo, arch_capabilities)`
    public static let archCapabilities = Layout.offset(\xen_sysctl_physinfo.arch_capabilities)
    /// `offsetof(xen_sysctl_physinfo, total_pages)`
    public static let totalPages = Layout.offset(\xen_sysctl_physinfo.total_pages)
    /// `offsetof(xen_sysctl_physinfo, free_pages)`
    public static let freePages = Layout.offset(\xen_sysctl_physinfo.free_pages)
    /// `offsetof(xen_sysctl_physinfo, scrub_pages)`
    public static let scrubPages = Layout.offset(\xen_sysctl_physinfo.scrub_pages)
    /// `offsetof(xen_sysctl_physinfo, outstanding_pages)`
    public static let outstandingPages = Layout.offset(\xen_sysctl_physinfo.outstanding_pages)
    /// `offsetof(xen_sysctl_physinfo, max_mfn)`
    public static let maxMFN = Layout.offset(\xen_sysctl_physinfo.max_mfn)
    /// `offsetof(xen_sysctl_physinfo, hw_cap)`
    public static let hwCap = Layout.offset(\xen_sysctl_physinfo.hw_cap)
    /// Elements of `hw_cap`.
    public static let hwCapCount = MemoryLayout.size(ofValue: xen_sysctl_physinfo().hw_cap) / 4
    /// `offsetof(xen_sysctl_getdomaininfolist, num_domains)`
    public static let numDomains = Layout.offset(\xen_sysctl_getdomaininfolist.num_domains)

    /// `offsetof(xen_sysctl_sched_id, sched_id)`
    public static let schedID = Layout.offset(\xen_sysctl_sched_id.sched_id)

    /// The name `xl info` prints for a `XEN_SCHEDULER_*` id.
    public static func schedulerName(_ id: UInt32) -> String {
        switch Int32(bitPattern: id) {
        case XEN_SCHEDULER_CREDIT: "credit"
        case XEN_SCHEDULER_CREDIT2: "credit2"
        case XEN_SCHEDULER_ARINC653: "arinc653"
        case XEN_SCHEDULER_RTDS: "rtds"
        case XEN_SCHEDULER_NULL: "null"
        default: "scheduler \(id)"
        }
    }

    static var rows: [Layout.Row] {
        let t = "xen_sysctl_physinfo"
        return [
            .type(t, xen_sysctl_physinfo.self),
            .field(t, \xen_sysctl_physinfo.threads_per_core, "threads_per_core"),
            .field(t, \xen_sysctl_physinfo.cores_per_socket, "cores_per_socket"),
            .field(t, \xen_sysctl_physinfo.nr_cpus, "nr_cpus"),
            .field(t, \xen_sysctl_physinfo.max_cpu_id, "max_cpu_id"),
            .field(t, \xen_sysctl_physinfo.nr_nodes, "nr_nodes"),
            .field(t, \xen_sysctl_physinfo.max_node_id, "max_node_id"),
            .field(t, \xen_sysctl_physinfo.cpu_khz, "cpu_khz"),
            .field(t, \xen_sysctl_physinfo.capabilities, "capabilities"),
            .field(t, \xen_sysctl_physinfo.arch_capabilities, "arch_capabilities"),
            .field(t, \xen_sysctl_physinfo.total_pages, "total_pages"),
            .field(t, \xen_sysctl_physinfo.free_pages, "free_pages"),
            .field(t, \xen_sysctl_physinfo.scrub_pages, "scrub_pages"),
            .field(t, \xen_sysctl_physinfo.outstanding_pages, "outstanding_pages"),
            .field(t, \xen_sysctl_physinfo.max_mfn, "max_mfn"),
            .field(t, \xen_sysctl_physinfo.hw_cap, "hw_cap"),
            .field("xen_sysctl_getdomaininfolist", \xen_sysctl_getdomaininfolist.num_domains, "num_domains"),
            .field("xen_sysctl_sched_id", \xen_sysctl_sched_id.sched_id, "sched_id"),
        ]
    }
}
