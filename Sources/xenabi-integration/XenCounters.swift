#if canImport(Glibc)
import Glibc
#endif
import XenToolstack

/// A snapshot of Xen's perf counters through the library's typed
/// `sysctl perfc_op` (`Toolstack.perfCounters`), by name. The patched Xen
/// counts continuations and copied chunks by flavour (patch 0007) and the
/// software TLB's hits, misses and walks (patches 0010-0011).
struct XenCounters {
    var byName: [String: [UInt32]]

    static let continued = "continuations by buffer flavour"
    static let chunks = "physical chunks copied by flavour"
    static let tlbHits = "hcall TLB hits"
    static let tlbMisses = "hcall TLB misses"
    static let tlbWalks = "hcall TLB misses walked"
    static let tlbUnwalkable = "hcall TLB misses not walkable"

    static func read(_ ts: Toolstack) throws -> XenCounters {
        var byName: [String: [UInt32]] = [:]
        for c in try ts.perfCounters() { byName[c.name] = c.values }
        guard byName[continued]?.count == 4, byName[chunks]?.count == 4 else {
            throw CheckError("Xen reported no per-flavour counters (CONFIG_PERF_COUNTERS, patch 0007)")
        }
        return XenCounters(byName: byName)
    }

    /// Value `index` of an array counter, or the sum of a single counter's per-CPU values.
    func value(_ name: String, _ index: Int? = nil) -> UInt64 {
        guard let v = byName[name] else { return 0 }
        if let i = index { return i < v.count ? UInt64(v[i]) : 0 }
        return v.reduce(0) { $0 + UInt64($1) }
    }

    /// How much `name` grew since `earlier` (Xen's counters are 32-bit and wrap).
    func delta(_ name: String, _ index: Int? = nil, since earlier: XenCounters) -> UInt64 {
        guard let now = byName[name], let then = earlier.byName[name], now.count == then.count else { return 0 }
        let pairs = index.map { [(now[$0], then[$0])] } ?? Array(zip(now, then))
        return pairs.reduce(0) { $0 + UInt64($1.0 &- $1.1) }
    }
}

extension String {
    /// Without its trailing spaces (xenperf pads names to a column).
    func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " || s.last == "\t" { s = s.dropLast() }
        return String(s)
    }
}
