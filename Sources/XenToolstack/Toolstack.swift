import CXen
import Privcmd
import XenABI

/// A small typed toolstack over `XenCall`: what `xl info`, `xl list`,
/// `xl dmesg` and `xl vcpu-list` read from Xen, each a typed encoder sent
/// through privcmd (libxc's `xc_version`, `xc_physinfo`,
/// `xc_domain_getinfolist`, `xc_readconsolering`, `xc_vcpu_getinfo`).
public final class Toolstack: Sendable {
    /// The connection.
    public let xen: XenCall

    /// Opens privcmd (off Xen: `PrivcmdError.notInXenDomain`).
    public init(xen: XenCall? = nil) throws(PrivcmdError) {
        if let xen { self.xen = xen } else { self.xen = try XenCall() }
    }

    /// Everything `xen_version` tells (`xl info`'s xen_* and cc_* lines).
    public func version() throws(PrivcmdError) -> XenVersionInfo {
        let v = try xen.send(XenVersion.VersionQuery())
        let compile = try xen.send(XenVersion.CompileInfoQuery())
        return XenVersionInfo(
            major: v.major, minor: v.minor,
            extraversion: try xen.send(XenVersion.StringQuery.extraversion),
            capabilities: try xen.send(XenVersion.StringQuery.capabilities),
            changeset: try xen.send(XenVersion.StringQuery.changeset),
            commandline: try xen.send(XenVersion.StringQuery.commandline),
            compiler: compile.compiler, compileBy: compile.compileBy, compileDomain: compile.compileDomain, compileDate: compile.compileDate,
            pagesize: Int(try xen.send(XenVersion.pagesize).result),
            virtStart: try xen.send(XenVersion.PlatformParametersQuery()),
            features: try xen.send(XenVersion.FeaturesQuery(submap: 0)))
    }

    /// `XEN_SYSCTL_physinfo`.
    public func physinfo() throws(PrivcmdError) -> PhysInfo {
        try xen.send(Sysctl.PhysInfoQuery())
    }

    /// `XEN_SYSCTL_sched_id`: the default scheduler's `XEN_SCHEDULER_*`.
    public func schedulerID() throws(PrivcmdError) -> UInt32 {
        try xen.send(Sysctl.SchedIDQuery())
    }

    /// Every domain from `first`, in batches of `batch` (`XEN_SYSCTL_getdomaininfolist`).
    public func domains(from first: UInt16 = 0, batch: UInt32 = 64) throws(PrivcmdError) -> [DomainInfo] {
        guard batch > 0 else { throw .invalidRequest("batch must be > 0") }
        var out: [DomainInfo] = []
        var next = first
        while true {
            // More domains than slots is `.outputs(.outOfBounds)`.
            let got = try xen.send(Sysctl.DomainInfoListQuery(firstDomain: next, maxDomains: batch))
            out += got
            guard got.count == Int(batch), let last = out.last, last.domain < UInt16(XENABI_DOMID_FIRST_RESERVED) - 1 else { break }
            next = last.domain + 1
        }
        return out
    }

    /// `XEN_DOMCTL_getvcpuinfo` for one vCPU.
    public func vcpuInfo(domain: UInt16, vcpu: UInt32) throws(PrivcmdError) -> VCPUInfo {
        try xen.send(Domctl.VCPUInfoQuery(domain: domain, vcpu: vcpu))
    }

    /// Every vCPU of `domain` (0 ... `max_vcpu_id`).
    public func vcpus(of domain: DomainInfo) throws(PrivcmdError) -> [VCPUInfo] {
        guard domain.maxVCPUID != UInt32.max else { return [] }
        var out: [VCPUInfo] = []
        for v in 0 ... domain.maxVCPUID { out.append(try vcpuInfo(domain: domain.domain, vcpu: v)) }
        return out
    }
}

/// What `xen_version` reports.
public struct XenVersionInfo: Hashable, Sendable {
    /// `XENVER_version` high half.
    public var major: Int
    /// `XENVER_version` low half.
    public var minor: Int
    /// `XENVER_extraversion`
    public var extraversion: String
    /// `XENVER_capabilities`
    public var capabilities: String
    /// `XENVER_changeset`
    public var changeset: String
    /// `XENVER_commandline`
    public var commandline: String
    /// `xen_compile_info_t.compiler`
    public var compiler: String
    /// `xen_compile_info_t.compile_by`
    public var compileBy: String
    /// `xen_compile_info_t.compile_domain`
    public var compileDomain: String
    /// `xen_compile_info_t.compile_date`
    public var compileDate: String
    /// `XENVER_pagesize`
    public var pagesize: Int
    /// `XENVER_platform_parameters`' `virt_start`
    public var virtStart: UInt64
    /// `XENVER_get_features` submap 0
    public var features: UInt32

    /// "4.17.7"
    public var versionString: String { "\(major).\(minor)\(extraversion)" }
}
