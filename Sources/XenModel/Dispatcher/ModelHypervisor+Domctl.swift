import XenABI
import CXen

/// `do_domctl` (xen/common/domctl.c) for the read sub-ops a toolstack sends
/// about a domain, on the model's host, where the only domain is the caller
/// (`ModelHostInfo.domainID`): another domid is -ESRCH, as in Xen's
/// `rcu_lock_domain_by_id`. Each writes the fields Xen 4.17 sets; the
/// `copyback` of the whole struct returns the rest unchanged. Other
/// sub-ops keep the generic semantics.
extension ModelHypervisor {
    func domctl(_ d: Domctl, _ raw: RawHypercall, _ reads: CallReads, _ out: inout OutputBatch) throws(XenErrno) -> Int64 {
        let h = raw.args[0], f = raw.op.flavour, u = DomctlLayout.u
        func field(_ v: some FixedWidthInteger, _ offset: Int) { out.write(littleEndianBytes(v), handle: h, flavour: f, offset: u + offset) }
        switch d.op {
        case .getDomainInfo:
            // The first domain with an id at or above the one asked for.
            guard d.domain < UInt16(XENABI_DOMID_FIRST_RESERVED) else { throw .EINVAL }
            guard host.domainID >= d.domain else { throw .ESRCH }
            out.write(structBytes(domainInfo()), handle: h, flavour: f, offset: u)
            out.write(littleEndianBytes(host.domainID), handle: h, flavour: f, offset: DomctlLayout.domain)
        case .getVCPUInfo(let v):
            guard d.domain == host.domainID else { throw .ESRCH }
            guard Int(v) < domain.vcpus.count else { throw .EINVAL }
            // The calling vCPU is running; the others are online and blocked.
            let running = Int(v) == vcpu
            field(UInt8(1), Layout.offset(\xen_domctl_getvcpuinfo.online))
            field(UInt8(running ? 0 : 1), Layout.offset(\xen_domctl_getvcpuinfo.blocked))
            field(UInt8(running ? 1 : 0), Layout.offset(\xen_domctl_getvcpuinfo.running))
            field(UInt64(0), Layout.offset(\xen_domctl_getvcpuinfo.cpu_time))
            field(v % host.cpus, Layout.offset(\xen_domctl_getvcpuinfo.cpu))
        case .getVCPUAffinity(let v, let flags, let hard, let soft):
            // vcpu_affinity_domctl (xen/common/sched/core.c): both maps are every host CPU.
            guard d.domain == host.domainID else { throw .ESRCH }
            guard Int(v) < domain.vcpus.count else { throw .EINVAL }
            let wantsHard = flags & UInt32(XEN_VCPUAFFINITY_HARD) != 0, wantsSoft = flags & UInt32(XEN_VCPUAFFINITY_SOFT) != 0
            // vcpuaffinity_params_invalid: no flag, or a wanted map with a null handle.
            guard flags != 0, !(wantsHard && hard?.handle != .buffer), !(wantsSoft && soft?.handle != .buffer) else { throw .EINVAL }
            for (wanted, map, at) in [(wantsHard, hard, DomctlLayout.vaHard), (wantsSoft, soft, DomctlLayout.vaSoft)] {
                guard wanted, let map else { continue }
                let handle = try reads.word(handle: h, flavour: f, offset: u + at + XenctlBitmapLayout.bitmap)
                try bitmap(allCPUs, map, handle: handle, flavour: f, &out)
            }
        default:
            return try generic(.domctl(d), raw, reads, &out)
        }
        return 0
    }

    /// `getdomaininfo` (xen/common/domctl.c) of the model's one domain: Xen
    /// zeroes the struct, then fills it.
    func domainInfo() -> xen_domctl_getdomaininfo_t {
        var info = xen_domctl_getdomaininfo_t()
        info.domain = host.domainID
        // A running (translated) domain: the caller's vCPU is in the hypervisor.
        info.flags = UInt32(XEN_DOMINF_running | XEN_DOMINF_hvm_guest | XEN_DOMINF_hap)
        info.tot_pages = domain.frameCount
        info.max_pages = domain.frameCount
        info.nr_online_vcpus = UInt32(domain.vcpus.count)
        info.max_vcpu_id = UInt32(domain.vcpus.count - 1)
        withUnsafeMutableBytes(of: &info.handle) { $0.copyBytes(from: self.info.domainHandle.prefix($0.count)) }
        info.gpaddr_bits = 52
        return info
    }
}
