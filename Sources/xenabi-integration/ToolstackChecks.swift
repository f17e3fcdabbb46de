import CXen
import Privcmd
import XenABI
import XenToolstack

/// The toolstack bindings against what `xl` printed in the same boot
/// (files written by the initramfs's /init into `dir`).
enum ToolstackChecks {
    /// `key : value` lines of `xl info`.
    static func xlInfo(_ text: String) -> [String: String] {
        var m: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let k = line[..<colon].trimmingSpaces, v = line[line.index(after: colon)...].trimmingSpaces
            m[k] = v
        }
        return m
    }

    /// Whitespace-separated columns of the lines after `xl`'s header.
    static func table(_ text: String, header: String) -> [[String]] {
        var rows: [[String]] = []
        var seen = false
        for line in text.split(separator: "\n") {
            if line.hasPrefix(header) { seen = true; continue }
            if seen { rows.append(line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)) }
        }
        return rows
    }

    /// `flavour`: the one the bindings' policy asks for (the patched Xen
    /// serves it; on stock Xen the policy falls back to `linear`).
    static func run(_ r: Report, dir: String, flavour: Flavour) {
        guard let ts = try? Toolstack(xen: XenCall(policy: .automatic(flavour))) else {
            r.check("toolstack.open", false, "cannot open privcmd")
            return
        }
        let info = xlInfo(readFile(dir + "/xl-info.txt") ?? "")
        r.check("physinfo.vs.xl_info") {
            let p = try ts.physinfo()
            let mib = UInt64(256)
            let mine: [(String, String)] = [
                ("nr_cpus", "\(p.nrCPUs)"), ("max_cpu_id", "\(p.maxCPUID)"), ("nr_nodes", "\(p.nrNodes)"),
                ("cores_per_socket", "\(p.coresPerSocket)"), ("threads_per_core", "\(p.threadsPerCore)"),
                ("cpu_mhz", "\(p.cpuKHz / 1000)." + String(String(p.cpuKHz % 1000 + 1000).dropFirst())),
                ("hw_caps", p.hwCap.map(\.hex8).joined(separator: ":")),
                ("virt_caps", p.capabilityNames.joined(separator: " ")),
                ("total_memory", "\(p.totalPages / mib)"), ("outstanding_claims", "\(p.outstandingPages / mib)"),
            ]
            let diffs = mine.filter { info[$0.0] != $0.1 }.map { "\($0.0): xl '\(info[$0.0] ?? "-")' bindings '\($0.1)'" }
            // free memory moves while Xen scrubs in the background: within 64 MiB.
            let free = Int64(p.freePages / mib), xlFree = Int64(info["free_memory"] ?? "") ?? -1000
            let freeOK = abs(free - xlFree) <= 64
            r.info("bindings physinfo: cpus \(p.nrCPUs) nodes \(p.nrNodes) \(p.cpuKHz) kHz total \(p.totalPages) pages free \(p.freePages) caps \(p.capabilityNames)")
            return (info.count > 10 && diffs.isEmpty && freeOK,
                    diffs.isEmpty ? "\(mine.count) fields equal, free_memory \(free) vs xl \(xlFree) MiB" : diffs.joined(separator: "; "))
        }

        r.check("version.vs.xl_info") {
            let v = try ts.version()
            let sched = PhysInfoLayout.schedulerName(try ts.schedulerID())
            let mine: [(String, String)] = [
                ("xen_major", "\(v.major)"), ("xen_minor", "\(v.minor)"), ("xen_extra", v.extraversion),
                ("xen_version", v.versionString), ("xen_caps", v.capabilities.trimmingSpaces),
                ("xen_scheduler", sched), ("xen_pagesize", "\(v.pagesize)"),
                ("platform_params", "virt_start=0x" + String(v.virtStart, radix: 16)),
                ("xen_changeset", v.changeset), ("xen_commandline", v.commandline),
                ("cc_compiler", v.compiler), ("cc_compile_by", v.compileBy),
                ("cc_compile_domain", v.compileDomain), ("cc_compile_date", v.compileDate),
            ]
            let diffs = mine.filter { info[$0.0] != $0.1 }.map { "\($0.0): xl '\(info[$0.0] ?? "-")' bindings '\($0.1)'" }
            return (v.major == 4 && v.minor == 17 && diffs.isEmpty,
                    diffs.isEmpty ? "\(mine.count) fields equal (\(v.versionString), \(sched))" : diffs.joined(separator: "; "))
        }

        r.check("domains.vs.xl_list") {
            let doms = try ts.domains()
            // Names through the xenbus device from xenstored, as xl reads them.
            let names = try Toolstack.domainNames(doms.map(\.domain), store: try XenStore())
            let xl = table(readFile(dir + "/xl-list.txt") ?? "", header: "Name")
            var diffs: [String] = []
            for row in xl where row.count >= 4 {
                guard let id = UInt16(row[1]), let d = doms.first(where: { $0.domain == id }) else {
                    diffs.append("xl lists \(row) the bindings do not"); continue
                }
                // xl list: (current_memkb + outstanding_memkb) / 1024, truncated
                // (a PVH dom0's page count is not a whole number of MiB).
                let mem = "\(d.memoryKiB / 1024)", vcpus = "\(d.nrOnlineVCPUs)"
                if row[2] != mem || row[3] != vcpus { diffs.append("dom\(id): xl mem \(row[2]) vcpus \(row[3]), bindings \(mem) \(vcpus)") }
                if names[id] != row[0] { diffs.append("dom\(id): xl name \(row[0]), xenstore \(names[id] ?? "none")") }
            }
            for d in doms { r.info("bindings domain \(d.domain) mem \(d.memoryKiB) KiB vcpus \(d.nrOnlineVCPUs) state \(d.stateString) cpu \(d.cpuTime) ns") }
            return (!xl.isEmpty && xl.count == doms.count && diffs.isEmpty,
                    "xl \(xl.count) domains, bindings \(doms.count); " + (diffs.isEmpty ? "name, id, mem, vcpus equal" : diffs.joined(separator: "; ")))
        }

        r.check("vcpus.vs.xl_vcpu_list") {
            let doms = try ts.domains()
            let xl = table(readFile(dir + "/xl-vcpu-list.txt") ?? "", header: "Name")
            var diffs: [String] = []
            var n = 0
            for d in doms {
                for c in try ts.vcpus(of: d) {
                    n += 1
                    guard let row = xl.first(where: { $0.count >= 4 && $0[1] == "\(d.domain)" && $0[2] == "\(c.vcpu)" }) else {
                        diffs.append("dom\(d.domain) vcpu \(c.vcpu) not in xl"); continue
                    }
                    if row[3] != "\(c.cpu)" || !c.online { diffs.append("dom\(d.domain).\(c.vcpu): xl cpu \(row[3]), bindings \(c.cpu) online \(c.online)") }
                }
            }
            return (n > 0 && n == xl.count && diffs.isEmpty, "\(n) vCPUs; " + (diffs.isEmpty ? "vcpu, cpu equal" : diffs.joined(separator: "; ")))
        }

        r.check("console.ring") {
            let ring = try ts.consoleRing()
            let xl = (readFile(dir + "/xl-dmesg.txt") ?? "").split(separator: "\n").filter { $0.hasPrefix("(XEN)") }
            // Both sides the same way: the ring's own lines start "(XEN)"; the
            // banner art before them and xl's stderr do not.
            let mineLines = ring.split(separator: "\n").filter { $0.hasPrefix("(XEN)") }
            let banner = mineLines.first { $0.contains("Xen version 4.17") } ?? "-"
            // The ring only grows after xl read it (it is far from full): xl's lines are our first lines.
            let prefix = !xl.isEmpty && Array(mineLines.prefix(xl.count)) == xl
            let tail = try ts.readConsole(incremental: true, index: try ts.readConsole(incremental: false, size: 1 << 20).nextIndex)
            r.info("console banner: \(banner)")
            return (banner != "-" && prefix && tail.bytes.count < 4096,
                    "\(ring.utf8.count) bytes, \(mineLines.count) lines, xl's \(xl.count) lines are its prefix: \(prefix); incremental read after the end: \(tail.bytes.count) bytes")
        }
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return String(s)
    }
}

extension UInt32 {
    /// `%08x`.
    var hex8: String {
        let h = String(self, radix: 16)
        return String(repeating: "0", count: Swift.max(0, 8 - h.count)) + h
    }
}
