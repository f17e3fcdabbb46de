import XenABI
import CXen

/// The machine the model's hypervisor runs on, as the toolstack's read-only
/// sysctls and domctls report it (`XEN_SYSCTL_physinfo`, `_cputopoinfo`,
/// `_getdomaininfolist`, `_readconsole`, `_get_cpu_policy`,
/// `XEN_DOMCTL_getdomaininfo`, ...). These are the model's own values, not a
/// real host's: a differential check against a real Xen compares what a call
/// writes and where, never these values (Specs/abi.md §10.6).
public struct ModelHostInfo: Sendable {
    /// The calling domain's id (`domid_t`): the model's one domain, a dom0.
    public var domainID: UInt16 = 0
    /// Physical CPUs, all online, one per core, one socket, NUMA node 0.
    public var cpus: UInt32 = 2
    /// `XEN_SCHEDULER_*` of the one cpupool (`XEN_SYSCTL_sched_id`).
    public var schedulerID = UInt32(XEN_SCHEDULER_CREDIT2)
    /// `physinfo.total_pages` and `free_pages` (4 KiB frames).
    public var totalPages: UInt64 = 1 << 20, freePages: UInt64 = 1 << 19
    /// `physinfo.cpu_khz`.
    public var cpuKHz: UInt32 = 2_100_000
    /// The bytes Xen logged before the domain wrote any (`XEN_SYSCTL_readconsole`
    /// reads them, then what the domain wrote with `CONSOLEIO_write`).
    public var bootLog: [UInt8] = Array("(XEN) Xen version 4.17 (xenabi model)\n(XEN) Command line: console=com1\n".utf8)
    /// `conring_size`: the ring keeps this many of the last bytes logged.
    public var consoleRingSize = 16384
    /// The CPUID leaves of every system policy (`XEN_SYSCTL_get_cpu_policy`):
    /// leaf 0 (highest basic leaf 1, vendor "XenABImodel."), leaf 1 (no features).
    public var cpuidLeaves: [xen_cpuid_leaf_t] = [
        xen_cpuid_leaf_t(leaf: 0, subleaf: XEN_CPUID_NO_SUBLEAF, a: 1, b: 0x416E_6558, c: 0x2E6C_6564, d: 0x6F6D_4942),
        xen_cpuid_leaf_t(leaf: 1, subleaf: XEN_CPUID_NO_SUBLEAF, a: 0, b: 0, c: 0, d: 0),
    ]
    /// The MSRs of every system policy: `MSR_INTEL_PLATFORM_INFO` (0xce) and
    /// `MSR_ARCH_CAPABILITIES` (0x10a), the two Xen 4.17 serialises, both 0.
    public var msrs: [xen_msr_entry_t] = [xen_msr_entry_t(idx: 0xce, flags: 0, val: 0), xen_msr_entry_t(idx: 0x10a, flags: 0, val: 0)]

    /// `ARRAY_SIZE(system_policies)` in xen/arch/x86/sysctl.c: raw, host,
    /// PV max and default, HVM max and default.
    public static let cpuPolicyCount: UInt32 = 6

    /// The defaults.
    public init() {}
}
