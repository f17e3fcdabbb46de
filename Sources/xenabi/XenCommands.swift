import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import Privcmd
import XenABI
import XenToolstack

/// Opens the toolstack, turning the off-Xen error into a message and exit 1.
func openToolstack() throws -> Toolstack {
    do {
        return try Toolstack()
    } catch {
        printError("xenabi: \(error)")
        throw ExitCode(1)
    }
}

/// Runs a toolstack read, printing a typed failure instead of a trace.
func xenRead<T>(_ body: () throws(PrivcmdError) -> T) throws -> T {
    do { return try body() } catch {
        printError("xenabi: \(error)")
        throw ExitCode(1)
    }
}

/// Right- or left-padded text, as printf's `%5s` / `%-40s`.
func pad(_ s: String, _ width: Int, left: Bool = false) -> String {
    let fill = String(repeating: " ", count: max(0, width - s.count))
    return left ? s + fill : fill + s
}

/// `%8.1f` of nanoseconds as seconds, without Foundation.
func seconds(_ ns: UInt64) -> String {
    let tenths = (ns + 50_000_000) / 100_000_000
    return "\(tenths / 10).\(tenths % 10)"
}

/// `xenabi info`: the host and hypervisor, like `xl info`.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Print host and Xen information, like `xl info`.")

    @Flag(help: "Print a JSON object.")
    var json = false

    func run() throws {
        let ts = try openToolstack()
        let (p, v, sched) = try xenRead { () throws(PrivcmdError) in (try ts.physinfo(), try ts.version(), try ts.schedulerID()) }
        var u = utsname()
        uname(&u)
        func field<T>(_ v: T) -> String {
            withUnsafeBytes(of: v) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        let mib = UInt64(1 << 20) / UInt64(v.pagesize)
        let rows: [(String, String)] = [
            ("host", field(u.nodename)), ("release", field(u.release)), ("version", field(u.version)),
            ("machine", field(u.machine)),
            ("nr_cpus", "\(p.nrCPUs)"), ("max_cpu_id", "\(p.maxCPUID)"), ("nr_nodes", "\(p.nrNodes)"),
            ("cores_per_socket", "\(p.coresPerSocket)"), ("threads_per_core", "\(p.threadsPerCore)"),
            ("cpu_mhz", "\(p.cpuKHz / 1000)." + pad("\(p.cpuKHz % 1000)", 3).replacingSpaces()),
            ("hw_caps", p.hwCap.map { pad(String($0, radix: 16), 8).replacingSpaces() }.joined(separator: ":")),
            ("virt_caps", p.capabilityNames.joined(separator: " ")),
            ("total_memory", "\(p.totalPages / mib)"), ("free_memory", "\(p.freePages / mib)"),
            ("outstanding_claims", "\(p.outstandingPages / mib)"),
            ("xen_major", "\(v.major)"), ("xen_minor", "\(v.minor)"), ("xen_extra", v.extraversion),
            ("xen_version", v.versionString), ("xen_caps", v.capabilities),
            ("xen_scheduler", PhysInfoLayout.schedulerName(sched)), ("xen_pagesize", "\(v.pagesize)"),
            ("platform_params", "virt_start=0x" + String(v.virtStart, radix: 16)),
            ("xen_changeset", v.changeset), ("xen_commandline", v.commandline),
            ("cc_compiler", v.compiler), ("cc_compile_by", v.compileBy),
            ("cc_compile_domain", v.compileDomain), ("cc_compile_date", v.compileDate),
        ]
        if json {
            print(JSON.object(rows.map { ($0.0, .string($0.1)) } + [
                ("total_pages", .uint(p.totalPages)), ("free_pages", .uint(p.freePages)),
                ("cpu_khz", .uint(UInt64(p.cpuKHz))), ("features_submap0", .uint(UInt64(v.features))),
            ]).text)
        } else {
            for (k, val) in rows { print(pad(k, 23, left: true) + ": " + val) }
        }
    }
}

/// `xenabi list`: domains, like `xl list`.
struct DomainListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List domains, like `xl list` (names from xenstore, when xenstored runs).")

    @Flag(help: "Print a JSON array.")
    var json = false

    @Flag(name: .shortAndLong, help: "Also list every vCPU, like `xl vcpu-list`.")
    var vcpus = false

    /// Without xenstore (or a name there), the name xl would print for dom0 and a placeholder otherwise.
    static func fallbackName(_ d: DomainInfo) -> String { d.domain == 0 ? "Domain-0" : "domain-\(d.domain)" }

    func run() throws {
        let ts = try openToolstack()
        let domains = try xenRead { () throws(PrivcmdError) in try ts.domains() }
        // Names are best effort, as in `xl list` when xenstored is down: the rest still prints.
        let names = (try? XenStore()).flatMap { try? Toolstack.domainNames(domains.map(\.domain), store: $0) } ?? [:]
        func name(_ d: DomainInfo) -> String { names[d.domain] ?? Self.fallbackName(d) }
        let cpus = try xenRead { () throws(PrivcmdError) -> [[VCPUInfo]] in
            guard vcpus else { return [] }
            var all: [[VCPUInfo]] = []
            for d in domains { all.append(try ts.vcpus(of: d)) }
            return all
        }
        if json {
            print(JSON.array(domains.enumerated().map { i, d in
                var o: [(String, JSON)] = [
                    ("name", .string(name(d))), ("domid", .int(Int64(d.domain))),
                    ("mem_kib", .uint(d.memoryKiB)), ("tot_pages", .uint(d.totPages)), ("max_pages", .uint(d.maxPages)),
                    ("vcpus", .uint(UInt64(d.nrOnlineVCPUs))), ("max_vcpu_id", .uint(UInt64(d.maxVCPUID))),
                    ("state", .string(d.stateString)), ("cpu_time_ns", .uint(d.cpuTime)),
                    ("hvm", .bool(d.isHVM)), ("ssidref", .uint(UInt64(d.ssidref))), ("cpupool", .uint(UInt64(d.cpupool))),
                ]
                if vcpus {
                    o.append(("vcpu_list", .array(cpus[i].map {
                        .object([("vcpu", .uint(UInt64($0.vcpu))), ("cpu", .uint(UInt64($0.cpu))), ("state", .string($0.stateString)),
                                 ("online", .bool($0.online)), ("cpu_time_ns", .uint($0.cpuTime))])
                    })))
                }
                return .object(o)
            }).text)
            return
        }
        print(pad("Name", 40, left: true) + " " + pad("ID", 5) + " " + pad("Mem", 5) + " " + pad("VCPUs", 5) + "\tState\tTime(s)")
        for d in domains {
            print(pad(name(d), 40, left: true) + " " + pad("\(d.domain)", 5) + " " + pad("\(d.memoryKiB / 1024)", 5)
                + " " + pad("\(d.nrOnlineVCPUs)", 5) + "     " + d.stateString + "  " + pad(seconds(d.cpuTime), 8))
        }
        if vcpus {
            print(pad("Name", 32, left: true) + pad("ID", 5) + pad("VCPU", 6) + pad("CPU", 6) + " State " + pad("Time(s)", 9))
            for (i, d) in domains.enumerated() {
                for c in cpus[i] {
                    print(pad(name(d), 32, left: true) + pad("\(d.domain)", 5) + pad("\(c.vcpu)", 6)
                        + pad(c.online ? "\(c.cpu)" : "-", 6) + "   " + c.stateString + "  " + pad(seconds(c.cpuTime), 9))
                }
            }
        }
    }
}

/// `xenabi dmesg`: Xen's console ring, like `xl dmesg`.
struct DmesgCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dmesg", abstract: "Print Xen's console ring, like `xl dmesg`.")

    @Flag(name: .shortAndLong, help: "Clear the ring after reading it.")
    var clear = false

    @Flag(help: "Print a JSON object with the ring text.")
    var json = false

    func run() throws {
        let ts = try openToolstack()
        let text = try xenRead { () throws(PrivcmdError) in try ts.consoleRing(clear: clear) }
        if json {
            print(JSON.object([("ring", .string(text)), ("bytes", .int(Int64(text.utf8.count)))]).text)
        } else {
            print(text, terminator: "")
        }
    }
}

extension String {
    /// Spaces as zeros (`%03d`, `%08x` from `pad`).
    func replacingSpaces() -> String { String(map { $0 == " " ? "0" : $0 }) }
}

/// One line on standard error.
func printError(_ s: String) {
    var line = s + "\n"
    line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}
