import CXen

/// `struct xen_domctl_getdomaininfo` as `XEN_DOMCTL_getdomaininfo` or
/// `XEN_SYSCTL_getdomaininfolist` wrote it: what `xl list` prints.
public struct DomainInfo: Hashable, Sendable {
    /// `domain`
    public var domain: UInt16
    /// `flags` (`XEN_DOMINF_*`, shutdown code in bits 16-23)
    public var flags: UInt32
    /// `tot_pages`
    public var totPages: UInt64
    /// `max_pages`
    public var maxPages: UInt64
    /// `outstanding_pages`
    public var outstandingPages: UInt64
    /// `shr_pages`
    public var sharedPages: UInt64
    /// `paged_pages`
    public var pagedPages: UInt64
    /// `shared_info_frame`
    public var sharedInfoFrame: UInt64
    /// `cpu_time` (ns)
    public var cpuTime: UInt64
    /// `nr_online_vcpus`
    public var nrOnlineVCPUs: UInt32
    /// `max_vcpu_id`
    public var maxVCPUID: UInt32
    /// `ssidref`
    public var ssidref: UInt32
    /// `handle` (the domain's UUID)
    public var handle: [UInt8]
    /// `cpupool`
    public var cpupool: UInt32
    /// `gpaddr_bits`
    public var gpaddrBits: UInt8

    /// Reads the struct at byte `offset` of buffer `buffer` of a call an
    /// executor ran (`Domctl.DomainInfoQuery`, `Sysctl.DomainInfoListQuery`).
    init(reading r: OutputReader, buffer: Int, at offset: Int) throws(DecodeError) {
        typealias L = DomainInfoLayout
        func u32(_ o: Int, _ f: String) throws(DecodeError) -> UInt32 { try r.load(UInt32.self, buffer: buffer, at: offset + o, f) }
        func u64(_ o: Int, _ f: String) throws(DecodeError) -> UInt64 { try r.load(UInt64.self, buffer: buffer, at: offset + o, f) }
        domain = try r.load(UInt16.self, buffer: buffer, at: offset + L.domain, "domain")
        flags = try u32(L.flags, "flags")
        totPages = try u64(L.totPages, "tot_pages")
        maxPages = try u64(L.maxPages, "max_pages")
        outstandingPages = try u64(L.outstandingPages, "outstanding_pages")
        sharedPages = try u64(L.shrPages, "shr_pages")
        pagedPages = try u64(L.pagedPages, "paged_pages")
        sharedInfoFrame = try u64(L.sharedInfoFrame, "shared_info_frame")
        cpuTime = try u64(L.cpuTime, "cpu_time")
        nrOnlineVCPUs = try u32(L.nrOnlineVCPUs, "nr_online_vcpus")
        maxVCPUID = try u32(L.maxVCPUID, "max_vcpu_id")
        ssidref = try u32(L.ssidref, "ssidref")
        handle = try r.bytes(buffer: buffer, at: offset + L.handle, count: L.handleSize, "handle")
        cpupool = try u32(L.cpupool, "cpupool")
        gpaddrBits = try r.load(UInt8.self, buffer: buffer, at: offset + L.gpaddrBits, "gpaddr_bits")
    }

    func flag(_ bit: Int32) -> Bool { flags & (1 << UInt32(bit)) != 0 }
    /// `XEN_DOMINF_dying`
    public var isDying: Bool { flag(_XEN_DOMINF_dying) }
    /// `XEN_DOMINF_hvm_guest`
    public var isHVM: Bool { flag(_XEN_DOMINF_hvm_guest) }
    /// `XEN_DOMINF_shutdown`
    public var isShutdown: Bool { flag(_XEN_DOMINF_shutdown) }
    /// `XEN_DOMINF_paused`
    public var isPaused: Bool { flag(_XEN_DOMINF_paused) }
    /// `XEN_DOMINF_blocked`
    public var isBlocked: Bool { flag(_XEN_DOMINF_blocked) }
    /// `XEN_DOMINF_running`
    public var isRunning: Bool { flag(_XEN_DOMINF_running) }
    /// `XEN_DOMINF_debugged`
    public var isDebugged: Bool { flag(_XEN_DOMINF_debugged) }
    /// `XEN_DOMINF_xs_domain`: the domain runs xenstored.
    public var isXenstoreDomain: Bool { flag(_XEN_DOMINF_xs_domain) }
    /// `XEN_DOMINF_hap`: hardware-assisted paging.
    public var usesHAP: Bool { flag(_XEN_DOMINF_hap) }
    /// The guest's `SHUTDOWN_*` code (`XEN_DOMINF_shutdownshift`/`mask`).
    public var shutdownReason: UInt32 { (flags >> UInt32(XEN_DOMINF_shutdownshift)) & UInt32(XEN_DOMINF_shutdownmask) }
    /// Crashed: shut down with `SHUTDOWN_crash`.
    public var isCrashed: Bool { isShutdown && shutdownReason == UInt32(SHUTDOWN_crash) }

    /// `xl list`'s state column: r b p s c d.
    public var stateString: String {
        [(isRunning, "r"), (isBlocked, "b"), (isPaused, "p"), (isShutdown && !isCrashed, "s"), (isCrashed, "c"), (isDying, "d")]
            .map { $0.0 ? $0.1 : "-" }.joined()
    }

    /// Memory in KiB as `xl list` counts it (`tot_pages` + `outstanding_pages`, 4 KiB pages).
    public var memoryKiB: UInt64 { (totPages &+ outstandingPages) &* 4 }
}

/// `struct xen_domctl_getvcpuinfo` as `XEN_DOMCTL_getvcpuinfo` wrote it.
public struct VCPUInfo: Hashable, Sendable {
    /// `vcpu`
    public var vcpu: UInt32
    /// `online`
    public var online: Bool
    /// `blocked`
    public var blocked: Bool
    /// `running`
    public var running: Bool
    /// `cpu_time` (ns)
    public var cpuTime: UInt64
    /// `cpu`: the physical CPU it last ran on.
    public var cpu: UInt32

    /// Reads the `getvcpuinfo` member of the `xen_domctl` in buffer 0 of a
    /// call an executor ran (`Domctl.VCPUInfoQuery`).
    init(reading r: OutputReader) throws(DecodeError) {
        typealias L = DomainInfoLayout
        let u = DomctlLayout.u
        vcpu = try r.load(UInt32.self, buffer: 0, at: u + DomctlLayout.gviVCPU, "vcpu")
        online = try r.load(UInt8.self, buffer: 0, at: u + L.vcpuOnline, "online") != 0
        blocked = try r.load(UInt8.self, buffer: 0, at: u + L.vcpuBlocked, "blocked") != 0
        running = try r.load(UInt8.self, buffer: 0, at: u + L.vcpuRunning, "running") != 0
        cpuTime = try r.load(UInt64.self, buffer: 0, at: u + L.vcpuCPUTime, "cpu_time")
        cpu = try r.load(UInt32.self, buffer: 0, at: u + L.vcpuCPU, "cpu")
    }

    /// `xl vcpu-list`'s state column: r b p (p: offline).
    public var stateString: String {
        (running ? "r" : "-") + (blocked ? "b" : "-") + (online ? "-" : "p")
    }
}

/// Offsets in `struct xen_domctl_getdomaininfo` and `struct xen_domctl_getvcpuinfo`.
public enum DomainInfoLayout {
    /// `sizeof(xen_domctl_getdomaininfo_t)`
    public static let size = MemoryLayout<xen_domctl_getdomaininfo_t>.size
    /// `offsetof(xen_domctl_getdomaininfo, domain)`
    public static let domain = Layout.offset(\xen_domctl_getdomaininfo.domain)
    /// `offsetof(xen_domctl_getdomaininfo, flags)`
    public static let flags = Layout.offset(\xen_domctl_getdomaininfo.flags)
    /// `offsetof(xen_domctl_getdomaininfo, tot_pages)`
    public static let totPages = Layout.offset(\xen_domctl_getdomaininfo.tot_pages)
    /// `offsetof(xen_domctl_getdomaininfo, max_pages)`
    public static let maxPages = Layout.offset(\xen_domctl_getdomaininfo.max_pages)
    /// `offsetof(xen_domctl_getdomaininfo, outstanding_pages)`
    public static let outstandingPages = Layout.offset(\xen_domctl_getdomaininfo.outstanding_pages)
    /// `offsetof(xen_domctl_getdomaininfo, shr_pages)`
    public static let shrPages = Layout.offset(\xen_domctl_getdomaininfo.shr_pages)
    /// `offsetof(xen_domctl_getdomaininfo, paged_pages)`
    public static let pagedPages = Layout.offset(\xen_domctl_getdomaininfo.paged_pages)
    /// `offsetof(xen_domctl_getdomaininfo, shared_info_frame)`
    public static let sharedInfoFrame = Layout.offset(\xen_domctl_getdomaininfo.shared_info_frame)
    /// `offsetof(xen_domctl_getdomaininfo, cpu_time)`
    public static let cpuTime = Layout.offset(\xen_domctl_getdomaininfo.cpu_time)
    /// `offsetof(xen_domctl_getdomaininfo, nr_online_vcpus)`
    public static let nrOnlineVCPUs = Layout.offset(\xen_domctl_getdomaininfo.nr_online_vcpus)
    /// `offsetof(xen_domctl_getdomaininfo, max_vcpu_id)`
    public static let maxVCPUID = Layout.offset(\xen_domctl_getdomaininfo.max_vcpu_id)
    /// `offsetof(xen_domctl_getdomaininfo, ssidref)`
    public static let ssidref = Layout.offset(\xen_domctl_getdomaininfo.ssidref)
    /// `offsetof(xen_domctl_getdomaininfo, handle)`
    public static let handle = Layout.offset(\xen_domctl_getdomaininfo.handle)
    /// `sizeof(xen_domain_handle_t)`
    public static let handleSize = MemoryLayout<xen_domain_handle_t>.size
    /// `offsetof(xen_domctl_getdomaininfo, cpupool)`
    public static let cpupool = Layout.offset(\xen_domctl_getdomaininfo.cpupool)
    /// `offsetof(xen_domctl_getdomaininfo, gpaddr_bits)`
    public static let gpaddrBits = Layout.offset(\xen_domctl_getdomaininfo.gpaddr_bits)
    /// `offsetof(xen_domctl_getvcpuinfo, online)`
    public static let vcpuOnline = Layout.offset(\xen_domctl_getvcpuinfo.online)
    /// `offsetof(xen_domctl_getvcpuinfo, blocked)`
    public static let vcpuBlocked = Layout.offset(\xen_domctl_getvcpuinfo.blocked)
    /// `offsetof(xen_domctl_getvcpuinfo, running)`
    public static let vcpuRunning = Layout.offset(\xen_domctl_getvcpuinfo.running)
    /// `offsetof(xen_domctl_getvcpuinfo, cpu_time)`
    public static let vcpuCPUTime = Layout.offset(\xen_domctl_getvcpuinfo.cpu_time)
    /// `offsetof(xen_domctl_getvcpuinfo, cpu)`
    public static let vcpuCPU = Layout.offset(\xen_domctl_getvcpuinfo.cpu)

    static var rows: [Layout.Row] {
        let t = "xen_domctl_getdomaininfo", v = "xen_domctl_getvcpuinfo"
        typealias D = xen_domctl_getdomaininfo
        typealias V = xen_domctl_getvcpuinfo
        return [
            .field(t, \D.domain, "domain"), .field(t, \D.flags, "flags"), .field(t, \D.tot_pages, "tot_pages"),
            .field(t, \D.max_pages, "max_pages"), .field(t, \D.outstanding_pages, "outstanding_pages"),
            .field(t, \D.shr_pages, "shr_pages"), .field(t, \D.paged_pages, "paged_pages"),
            .field(t, \D.shared_info_frame, "shared_info_frame"), .field(t, \D.cpu_time, "cpu_time"),
            .field(t, \D.nr_online_vcpus, "nr_online_vcpus"), .field(t, \D.max_vcpu_id, "max_vcpu_id"),
            .field(t, \D.ssidref, "ssidref"), .field(t, \D.handle, "handle"), .field(t, \D.cpupool, "cpupool"),
            .field(t, \D.gpaddr_bits, "gpaddr_bits"),
            .field(v, \V.online, "online"), .field(v, \V.blocked, "blocked"), .field(v, \V.running, "running"),
            .field(v, \V.cpu_time, "cpu_time"), .field(v, \V.cpu, "cpu"),
        ]
    }
}
