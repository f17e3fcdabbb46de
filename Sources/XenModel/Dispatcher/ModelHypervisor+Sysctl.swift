import XenABI
import CXen

/// `do_sysctl` (xen/common/sysctl.c, xen/arch/x86/sysctl.c) for the read
/// sub-ops a toolstack sends, on the model's host (`ModelHostInfo`): each
/// writes exactly the fields and array elements Xen 4.17 writes, and
/// returns 0 or Xen's errno. `do_sysctl` copies the whole struct back, but
/// every byte it did not set goes back as the guest sent it, so the model
/// writes only the ones Xen sets. Other sub-ops keep the generic semantics.
extension ModelHypervisor {
    func sysctl(_ s: Sysctl, _ raw: RawHypercall, _ reads: CallReads, _ out: inout OutputBatch) throws(XenErrno) -> Int64 {
        let h = raw.args[0], f = raw.op.flavour, u = SysctlLayout.u
        typealias L = SysctlLayout
        // A nested handle, from the xen_sysctl the decoder read (Xen's copy of it).
        func nested(_ offset: Int) throws(XenErrno) -> UInt64 {
            try reads.word(handle: h, flavour: f, offset: u + offset)
        }
        func field(_ v: some FixedWidthInteger, _ offset: Int) { out.write(littleEndianBytes(v), handle: h, flavour: f, offset: u + offset) }
        switch s.op {
        case .physinfo:
            out.write(structBytes(physinfo()), handle: h, flavour: f, offset: u)
        case .schedID:
            field(host.schedulerID, Layout.offset(\xen_sysctl_sched_id.sched_id))
        case .getDomainInfoList(let first, let max, _):
            let list = try nested(L.gdlBuffer)
            var n: UInt32 = 0
            // The model's host has one domain: the caller.
            if host.domainID >= first && n < max {
                out.write(structBytes(domainInfo()), handle: list, flavour: f, offset: Int(n) * DomctlLayout.getDomainInfoSize)
                n += 1
            }
            field(n, Layout.offset(\xen_sysctl_getdomaininfolist.num_domains))
        case .readconsole(let clear, let incremental, let index, let count, _):
            try readConsole(clear: clear, incremental: incremental, index: index, count: count, buffer: try nested(L.rcBuffer), raw, &out)
        case .cputopoinfo(let num, let topo):
            var i = host.cpus
            if topo == .buffer {
                let list = try nested(L.ctTopo)
                i = min(host.cpus, num)
                for cpu in 0 ..< i {
                    let t = xen_sysctl_cputopo_t(core: cpu, socket: 0, node: 0)
                    out.write(structBytes(t), handle: list, flavour: f, offset: Int(cpu) * L.cputopoSize)
                }
            }
            if i != num { field(i, L.ctNum) }
        case .numainfo(let num, let meminfo, let distance):
            // One node (0) holding all memory, at the local distance 10.
            var i: UInt32 = 1
            if meminfo == .buffer || distance == .buffer {
                i = min(1, num)
                for node in 0 ..< i {
                    if meminfo == .buffer {
                        let m = xen_sysctl_meminfo_t(memsize: host.totalPages << 12, memfree: host.freePages << 12)
                        out.write(structBytes(m), handle: try nested(L.niMeminfo), flavour: f, offset: Int(node) * L.meminfoSize)
                    }
                    if distance == .buffer {
                        out.write(littleEndianBytes(UInt32(10)), handle: try nested(L.niDistance), flavour: f, offset: Int(node * i) * 4)
                    }
                }
            }
            if i != num { field(i, L.niNum) }
        case .getCPUInfo(let max, _):
            let list = try nested(L.gciInfo)
            let n = min(max, host.cpus)
            for cpu in 0 ..< n {
                out.write(structBytes(xen_sysctl_cpuinfo_t(idletime: 0)), handle: list, flavour: f, offset: Int(cpu) * L.cpuinfoSize)
            }
            field(n, Layout.offset(\xen_sysctl_getcpuinfo.nr_cpus))
        case .cpupoolOp(.freeInfo(let map)):
            // Every CPU is in pool 0: no free CPU.
            try bitmap([], map, handle: try nested(L.cpoCpumap + XenctlBitmapLayout.bitmap), flavour: f, &out)
        case .cpupoolOp(.info(let id, let map)):
            // cpupool_get_next_by_id: pool 0 is the only one.
            guard id == 0 else { throw .ENOENT }
            field(UInt32(0), L.cpoPool)
            field(host.schedulerID, L.cpoSched)
            field(UInt32(1), Layout.offset(\xen_sysctl_cpupool_op.n_dom))
            try bitmap(allCPUs, map, handle: try nested(L.cpoCpumap + XenctlBitmapLayout.bitmap), flavour: f, &out)
        case .getCPUPolicy(let index, let nrLeaves, let nrMSRs, let rsvd, let leaves, let msrs):
            guard rsvd == 0, index < ModelHostInfo.cpuPolicyCount else { throw .EINVAL }
            // x86_cpuid_copy_to_buffer / x86_msr_copy_to_buffer: -ENOBUFS when
            // the guest's array is too short (the model writes nothing then).
            // One array of each: leaves, then MSRs, each with its count field.
            func array<T>(_ items: [T], wanted: NestedHandle, capacity: UInt32, handleAt: Int, size: Int, countAt: Int) throws(XenErrno) {
                let n = UInt32(items.count)
                if wanted == .buffer {
                    guard capacity >= n else { throw .ENOBUFS }
                    let list = try nested(handleAt)
                    for (k, item) in items.enumerated() { out.write(structBytes(item), handle: list, flavour: f, offset: k * size) }
                }
                field(n, countAt)
            }
            try array(host.cpuidLeaves, wanted: leaves, capacity: nrLeaves, handleAt: L.cpLeaves, size: L.cpuidLeafSize, countAt: L.cpNrLeaves)
            try array(host.msrs, wanted: msrs, capacity: nrMSRs, handleAt: L.cpMSRs, size: L.msrEntrySize, countAt: L.cpNrMSRs)
        default:
            return try generic(.sysctl(s), raw, reads, &out)
        }
        return 0
    }

    /// `read_console_ring` (xen/drivers/char/console.c) over the model's
    /// ring: the host's boot log, then everything the domain wrote.
    func readConsole(clear: UInt8, incremental: UInt8, index: UInt32, count: UInt32, buffer: UInt64,
                     _ raw: RawHypercall, _ out: inout OutputBatch) throws(XenErrno) {
        let ring = host.bootLog + domain.consoleOutput
        let p = ring.count
        var c = max(domain.consoleRingStart, p - host.consoleRingSize)
        if incremental != 0 && c < Int(index) && Int(index) <= p { c = Int(index) }
        let n = min(p - c, Int(count))
        if n > 0 { out.write(Array(ring[c ..< c + n]), handle: buffer, flavour: raw.op.flavour) }
        c += n
        let u = SysctlLayout.u
        out.write(littleEndianBytes(UInt32(n)), handle: raw.args[0], flavour: raw.op.flavour, offset: u + SysctlLayout.rcCount)
        out.write(littleEndianBytes(UInt32(truncatingIfNeeded: c)), handle: raw.args[0], flavour: raw.op.flavour, offset: u + SysctlLayout.rcIndex)
        if clear != 0 {
            let d = domain, consumed = c
            out.addEffect { d.consoleRingStart = consumed }
        }
    }

    /// `bitmap_to_xenctl_bitmap` (xen/common/bitmap.c): the host's bits
    /// (`bits`, one byte per 8 CPUs), then zeros up to the guest's `nr_bits`.
    func bitmap(_ bits: [UInt8], _ map: OutBitmap, handle: UInt64, flavour: Flavour, _ out: inout OutputBatch) throws(XenErrno) {
        let guestBytes = (Int(map.nrBits) + 7) / 8
        guard guestBytes > 0 else { return }
        let xenBytes = (Int(host.cpus) + 7) / 8
        var bytes = [UInt8](repeating: 0, count: guestBytes)
        for k in 0 ..< min(guestBytes, xenBytes, bits.count) { bytes[k] = bits[k] }
        out.write(bytes, handle: handle, flavour: flavour)
    }

    /// Every host CPU's bit set.
    var allCPUs: [UInt8] {
        (0 ..< (Int(host.cpus) + 7) / 8).map { k in
            let left = Int(host.cpus) - 8 * k
            return left >= 8 ? 0xff : UInt8((1 << left) - 1)
        }
    }

    /// `XEN_SYSCTL_physinfo`: the struct Xen zeroes, then fills.
    func physinfo() -> xen_sysctl_physinfo {
        var pi = xen_sysctl_physinfo()
        pi.threads_per_core = 1
        pi.cores_per_socket = host.cpus
        pi.nr_cpus = host.cpus
        pi.max_cpu_id = host.cpus - 1
        pi.nr_nodes = 1
        pi.max_node_id = 0
        pi.cpu_khz = host.cpuKHz
        pi.capabilities = UInt32(XEN_SYSCTL_PHYSCAP_hvm | XEN_SYSCTL_PHYSCAP_pv | XEN_SYSCTL_PHYSCAP_hap
            | XEN_SYSCTL_PHYSCAP_gnttab_v1 | XEN_SYSCTL_PHYSCAP_gnttab_v2)
        pi.total_pages = host.totalPages
        pi.free_pages = host.freePages
        pi.max_mfn = host.totalPages - 1
        return pi
    }
}

/// The bytes of a C struct value, as `copy_to_guest` copies them.
func structBytes<T>(_ value: T) -> [UInt8] {
    withUnsafeBytes(of: value) { Array($0) }
}

/// A little-endian integer's bytes.
func littleEndianBytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
    withUnsafeBytes(of: value.littleEndian) { Array($0) }
}
