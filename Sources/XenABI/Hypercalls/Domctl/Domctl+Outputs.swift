import CXen

/// The domctls a toolstack reads back, as typed calls with typed outputs
/// (libxc's `xc_domain_getinfo_single`, `xc_vcpu_getinfo`,
/// `xc_sched_credit2_domain_get`, `xc_shadow_control`). Each encodes as
/// the `Domctl` it wraps.
extension Domctl {
    /// `XEN_DOMCTL_getdomaininfo` (Xen 4.17 answers the next domain at or after `domain`).
    public struct DomainInfoQuery: HypercallOutputs, Hashable {
        /// `xen_domctl.domain`
        public var domain: UInt16
        /// The query for `domain`.
        public init(domain: UInt16) { self.domain = domain }
        public func encode(into call: inout EncodedCall) { Domctl(domain: domain, .getDomainInfo).encode(into: &call) }
        /// `xen_domctl.u.getdomaininfo`.
        public static func outputs(of call: EncodedCall, result: Int64) throws(DecodeError) -> DomainInfo {
            try DomainInfo(reading: OutputReader(call, location: "domctl.getdomaininfo"), buffer: 0, at: DomctlLayout.u)
        }
    }

    /// `XEN_DOMCTL_getvcpuinfo` for one vCPU.
    public struct VCPUInfoQuery: HypercallOutputs, Hashable {
        /// `xen_domctl.domain`
        public var domain: UInt16
        /// `getvcpuinfo.vcpu`
        public var vcpu: UInt32
        /// The query for `vcpu` of `domain`.
        public init(domain: UInt16, vcpu: UInt32) { self.domain = domain; self.vcpu = vcpu }
        public func encode(into call: inout EncodedCall) { Domctl(domain: domain, .getVCPUInfo(vcpu: vcpu)).encode(into: &call) }
        /// `xen_domctl.u.getvcpuinfo`.
        public static func outputs(of call: EncodedCall, result: Int64) throws(DecodeError) -> VCPUInfo {
            try VCPUInfo(reading: OutputReader(call, location: "domctl.getvcpuinfo"))
        }
    }

    /// `XEN_DOMCTL_SCHEDOP_getinfo` with `XEN_SCHEDULER_CREDIT2`.
    public struct Credit2Query: HypercallOutputs, Hashable {
        /// `xen_domctl.domain`
        public var domain: UInt16
        /// The query for `domain`.
        public init(domain: UInt16) { self.domain = domain }
        public func encode(into call: inout EncodedCall) {
            Domctl(domain: domain, .schedulerOp(.getInfo(schedID: UInt32(XEN_SCHEDULER_CREDIT2)))).encode(into: &call)
        }
        /// `xen_domctl_scheduler_op.u.credit2`.
        public static func outputs(of call: EncodedCall, result: Int64) throws(DecodeError) -> Credit2Params {
            let r = OutputReader(call, location: "domctl.scheduler_op.credit2")
            let o = DomctlLayout.u + DomctlLayout.soU
            return Credit2Params(weight: try r.load(UInt16.self, buffer: 0, at: o + DomctlLayout.cred2Weight, "weight"),
                                 cap: try r.load(UInt16.self, buffer: 0, at: o + DomctlLayout.cred2Cap, "cap"))
        }
    }

    /// `XEN_DOMCTL_SHADOW_OP_CLEAN` / `PEEK` (or any `ShadowOp`): the statistics written back.
    public struct ShadowStatsQuery: HypercallOutputs, Hashable {
        /// `xen_domctl.domain`
        public var domain: UInt16
        /// The shadow op sent.
        public var op: ShadowOp
        /// Sends `op` to `domain`.
        public init(domain: UInt16, _ op: ShadowOp) { self.domain = domain; self.op = op }
        public func encode(into call: inout EncodedCall) { Domctl(domain: domain, .shadowOp(op)).encode(into: &call) }
        /// `xen_domctl_shadow_op.pages` and `stats`.
        public static func outputs(of call: EncodedCall, result: Int64) throws(DecodeError) -> ShadowLogDirtyStats {
            try ShadowLogDirtyStats(reading: OutputReader(call, location: "domctl.shadow_op"))
        }
    }
}

/// A domain's credit2 parameters (`struct xen_domctl_sched_credit2`, `xl sched-credit2`).
public struct Credit2Params: Hashable, Sendable {
    /// `weight`: relative weight, 1-65535 (Xen's default 256).
    public var weight: UInt16
    /// `cap`: percent of one CPU (0: none; at most 100 per vCPU).
    public var cap: UInt16
    /// Parameters as given.
    public init(weight: UInt16, cap: UInt16) { self.weight = weight; self.cap = cap }
}

extension Domctl {
    /// `XEN_DOMCTL_getvcpuaffinity` or `XEN_DOMCTL_setvcpuaffinity`: the
    /// maps Xen wrote back (for a set, the effective ones).
    public struct VCPUAffinityQuery: HypercallOutputs, Hashable {
        /// `xen_domctl.domain`
        public var domain: UInt16
        /// `.getVCPUAffinity` or `.setVCPUAffinity` (another op encodes as
        /// itself and reads as having no maps).
        public var op: Op
        /// Sends `op` to `domain`.
        public init(domain: UInt16, _ op: Op) { self.domain = domain; self.op = op }
        public func encode(into call: inout EncodedCall) { Domctl(domain: domain, op).encode(into: &call) }
        /// `cpumap_hard` and `cpumap_soft`'s bitmaps, each where the call sent a map.
        public static func outputs(of call: EncodedCall, result: Int64) throws(DecodeError) -> VCPUAffinityMaps {
            let r = OutputReader(call, location: "domctl.vcpuaffinity")
            let u = DomctlLayout.u, bitmap = XenctlBitmapLayout.bitmap
            func map(_ at: Int, _ field: String) throws(DecodeError) -> [UInt8]? {
                guard let i = r.buffer(at: .nested(buffer: 0, offset: u + at + bitmap)) else { return nil }
                return try r.allBytes(buffer: i, field)
            }
            return VCPUAffinityMaps(hard: try map(DomctlLayout.vaHard, "cpumap_hard"), soft: try map(DomctlLayout.vaSoft, "cpumap_soft"))
        }
    }
}

/// `struct xen_domctl_vcpuaffinity`'s maps as Xen wrote them back.
public struct VCPUAffinityMaps: Hashable, Sendable {
    /// `cpumap_hard`'s bitmap bytes (bit `n`: CPU `n`), nil when not sent.
    public var hard: [UInt8]?
    /// `cpumap_soft`'s bitmap bytes, nil when not sent.
    public var soft: [UInt8]?
    /// As given.
    public init(hard: [UInt8]?, soft: [UInt8]?) { self.hard = hard; self.soft = soft }
}
