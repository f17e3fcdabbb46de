import CXen
import Privcmd
import XenABI

/// A set of physical CPUs as Xen's `xenctl_bitmap` carries it (bit n = CPU n).
public struct CPUMap: Hashable, Sendable, CustomStringConvertible {
    /// The CPUs, ascending.
    public var cpus: [Int]

    /// A map of `cpus` (duplicates and order do not matter).
    public init(_ cpus: some Sequence<Int>) { self.cpus = Array(Set(cpus)).sorted() }

    /// The CPUs whose bits are set in `bytes`.
    public init(bytes: some Collection<UInt8>) {
        var out: [Int] = []
        for (i, b) in bytes.enumerated() where b != 0 {
            for bit in 0 ..< 8 where b & (1 << bit) != 0 { out.append(i * 8 + bit) }
        }
        cpus = out
    }

    /// The map as `count` bitmap bytes (CPUs past them are dropped).
    public func bytes(count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        for c in cpus where c >= 0 && c / 8 < count { out[c / 8] |= 1 << UInt8(c % 8) }
        return out
    }

    /// Whether every one of CPUs `0 ..< n` is in the map.
    public func coversAll(_ n: Int) -> Bool { n > 0 && (0 ..< n).allSatisfy { cpus.contains($0) } }

    /// Parses `xl`'s syntax: "all", or comma-separated CPUs and ranges ("0-2,5").
    public init?(parsing text: String, nrCPUs: Int) {
        if text == "all" { self.init(0 ..< nrCPUs); return }
        var out: [Int] = []
        for part in text.split(separator: ",") {
            let ends = part.split(separator: "-", omittingEmptySubsequences: false)
            guard ends.count <= 2, let lo = Int(ends[0]), let hi = Int(ends.last!), lo >= 0, lo <= hi else { return nil }
            out += Array(lo ... hi)
        }
        guard !out.isEmpty else { return nil }
        self.init(out)
    }

    /// Ranges as `xl vcpu-list` prints them ("0-2,5"); "" when empty.
    public var description: String {
        var parts: [String] = []
        var i = 0
        while i < cpus.count {
            var j = i
            while j + 1 < cpus.count && cpus[j + 1] == cpus[j] + 1 { j += 1 }
            parts.append(i == j ? "\(cpus[i])" : "\(cpus[i])-\(cpus[j])")
            i = j + 1
        }
        return parts.joined(separator: ",")
    }

    /// As `xl vcpu-list`: "all" when it covers CPUs `0 ..< nrCPUs`.
    public func xlString(nrCPUs: Int) -> String { coversAll(nrCPUs) && cpus.count == nrCPUs ? "all" : description }
}

/// A vCPU's hard and soft affinity.
public struct VCPUAffinity: Hashable, Sendable {
    /// Where the vCPU may run.
    public var hard: CPUMap
    /// Where the scheduler prefers to run it.
    public var soft: CPUMap
    /// As given.
    public init(hard: CPUMap, soft: CPUMap) { self.hard = hard; self.soft = soft }
}

/// vCPU affinity (libxc's `xc_vcpu_setaffinity` / `xc_vcpu_getaffinity`,
/// `xl vcpu-pin`).
extension Toolstack {
    /// Bytes of a CPU bitmap as libxc sizes it (`xc_get_cpumap_size`:
    /// `(max_cpu_id + 1 + 7) / 8` from physinfo); `nr_bits` is 8 times that.
    public func cpumapBytes() throws(ToolstackError) -> Int {
        let p: PhysInfo
        do { p = try physinfo() } catch { throw .failed(operation: "physinfo", error) }
        return (Int(p.maxCPUID) + 1 + 7) / 8
    }

    func checkVCPU(_ domain: UInt16, _ vcpu: UInt32) throws(ToolstackError) {
        let info = try domainInfo(domain)
        guard info.maxVCPUID != UInt32.max, vcpu <= info.maxVCPUID else { throw .noSuchVCPU(domain: domain, vcpu: vcpu) }
    }

    /// Hard and soft affinity of one vCPU (`XEN_DOMCTL_getvcpuaffinity`, both maps).
    public func vcpuAffinity(domain: UInt16, vcpu: UInt32) throws(ToolstackError) -> VCPUAffinity {
        try checkVCPU(domain, vcpu)
        let n = try cpumapBytes()
        let maps = try call(Domctl.VCPUAffinityQuery(domain: domain, .getVCPUAffinity(
                                vcpu: vcpu, flags: UInt32(XEN_VCPUAFFINITY_HARD | XEN_VCPUAFFINITY_SOFT),
                                hard: OutBitmap(nrBits: UInt32(n * 8)), soft: OutBitmap(nrBits: UInt32(n * 8)))),
                            "getvcpuaffinity", domain: domain) { e in e == .ESRCH ? .noSuchVCPU(domain: domain, vcpu: vcpu) : nil }
        return VCPUAffinity(hard: CPUMap(bytes: maps.hard ?? []), soft: CPUMap(bytes: maps.soft ?? []))
    }

    /// Sets one vCPU's hard and/or soft affinity (`XEN_DOMCTL_setvcpuaffinity`;
    /// nil leaves that map alone) and returns the effective maps Xen wrote
    /// back (the requested ones intersected with the cpupool's CPUs). An
    /// empty effective hard map is Xen's `EINVAL`.
    @discardableResult
    public func setVCPUAffinity(domain: UInt16, vcpu: UInt32, hard: CPUMap?, soft: CPUMap? = nil) throws(ToolstackError) -> VCPUAffinity {
        guard hard != nil || soft != nil else { throw .invalidArgument("neither a hard nor a soft map") }
        try checkVCPU(domain, vcpu)
        let n = try cpumapBytes()
        var flags: UInt32 = 0
        if hard != nil { flags |= UInt32(XEN_VCPUAFFINITY_HARD) }
        if soft != nil { flags |= UInt32(XEN_VCPUAFFINITY_SOFT) }
        let maps = try call(Domctl.VCPUAffinityQuery(domain: domain, .setVCPUAffinity(
                                vcpu: vcpu, flags: flags,
                                hard: hard.map { InBitmap(nrBits: UInt32(n * 8), bits: $0.bytes(count: n)) },
                                soft: soft.map { InBitmap(nrBits: UInt32(n * 8), bits: $0.bytes(count: n)) })),
                            "setvcpuaffinity", domain: domain) { e in
            switch e {
            case .ESRCH: .noSuchVCPU(domain: domain, vcpu: vcpu)
            case .EINVAL: .invalidArgument("affinity hard \(hard?.description ?? "-") soft \(soft?.description ?? "-") leaves vCPU \(vcpu) no CPU")
            default: nil
            }
        }
        let h = maps.hard.map { CPUMap(bytes: $0) }, s = maps.soft.map { CPUMap(bytes: $0) }
        if let h, let s { return VCPUAffinity(hard: h, soft: s) }
        let now = try vcpuAffinity(domain: domain, vcpu: vcpu)
        return VCPUAffinity(hard: h ?? now.hard, soft: s ?? now.soft)
    }
}
