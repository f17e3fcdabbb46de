import ArgumentParser
import CXen
import Privcmd
import XenABI
import XenToolstack

/// Runs a toolstack action, printing a typed failure (`xenabi: no domain 7`) and exiting 1.
func xenDo<T>(_ body: () throws(ToolstackError) -> T) throws -> T {
    do { return try body() } catch {
        printError("xenabi: \(error)")
        throw ExitCode(1)
    }
}

/// Opens xenstore through the xenbus device, or says why not and exits 1.
func openXenStore() throws -> XenStore {
    do { return try XenStore() } catch {
        printError("xenabi: \(error)")
        throw ExitCode(1)
    }
}

/// A memory size as xl takes it: a number with an optional b/k/m/g/t suffix; KiB without one.
func parseKiB(_ text: String) -> UInt64? {
    guard let last = text.last else { return nil }
    let shifts: [Character: Int] = ["b": -10, "k": 0, "m": 10, "g": 20, "t": 30]
    let (digits, shift) = last.isNumber ? (Substring(text), 0) : (text.dropLast(), shifts[Character(last.lowercased())] ?? 99)
    guard shift != 99, let n = UInt64(digits) else { return nil }
    if shift < 0 { return (n + 1023) / 1024 }
    let (v, o) = n.multipliedReportingOverflow(by: 1 << UInt64(shift))
    return o ? nil : v
}

struct DomainArgument: ParsableArguments {
    @Argument(help: "The domain id.")
    var domain: UInt16
}

/// `xenabi pause DOMID`
struct PauseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pause", abstract: "Pause a domain, like `xl pause` (XEN_DOMCTL_pausedomain).")
    @OptionGroup var target: DomainArgument
    func run() throws { let ts = try openToolstack(); try xenDo { () throws(ToolstackError) in try ts.pause(target.domain) } }
}

/// `xenabi unpause DOMID`
struct UnpauseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unpause", abstract: "Unpause a domain, like `xl unpause` (XEN_DOMCTL_unpausedomain).")
    @OptionGroup var target: DomainArgument
    func run() throws { let ts = try openToolstack(); try xenDo { () throws(ToolstackError) in try ts.unpause(target.domain) } }
}

/// `xenabi destroy DOMID`
struct DestroyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "destroy", abstract: "Destroy a domain at once, like `xl destroy` (XEN_DOMCTL_destroydomain, retried while Xen continues).")
    @OptionGroup var target: DomainArgument
    func run() throws { let ts = try openToolstack(); try xenDo { () throws(ToolstackError) in _ = try ts.destroy(target.domain) } }
}

/// `xenabi mem-max DOMID SIZE`
struct MemMaxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "mem-max", abstract: "Set a domain's maximum memory, like `xl mem-max` (XEN_DOMCTL_max_mem).")
    @OptionGroup var target: DomainArgument
    @Argument(help: "Size: a number with b, k, m, g or t (KiB without a suffix).")
    var size: String
    func run() throws {
        guard let kib = parseKiB(size) else { throw ValidationError("bad size '\(size)'") }
        let ts = try openToolstack()
        try xenDo { () throws(ToolstackError) in try ts.setMaxMemory(target.domain, kib: kib) }
    }
}

/// `xenabi mem-set DOMID SIZE`
struct MemSetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mem-set",
        abstract: "Set a PV domain's balloon target, like `xl mem-set`: XEN_DOMCTL_max_mem to the size, xenstore memory/target to the size less video RAM.")
    @OptionGroup var target: DomainArgument
    @Argument(help: "Size: a number with b, k, m, g or t (KiB without a suffix).")
    var size: String
    func run() throws {
        guard let kib = parseKiB(size) else { throw ValidationError("bad size '\(size)'") }
        let ts = try openToolstack(), store = try openXenStore()
        let t = try xenDo { () throws(ToolstackError) in try ts.setMemoryTarget(target.domain, kib: kib, store: store) }
        print("target \(t.targetKiB) KiB, maximum \(t.maxKiB) KiB")
    }
}

/// `xenabi vcpu-pin DOMID VCPU HARD [SOFT]`
struct VCPUPinCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vcpu-pin",
        abstract: "Set a vCPU's hard (and soft) affinity, like `xl vcpu-pin` (XEN_DOMCTL_setvcpuaffinity); prints the effective maps.")
    @OptionGroup var target: DomainArgument
    @Argument(help: "The vCPU.")
    var vcpu: UInt32
    @Argument(help: "Hard affinity: all, or CPUs and ranges (0-2,5); - leaves it.")
    var hard: String
    @Argument(help: "Soft affinity, the same syntax (default: unchanged).")
    var soft: String = "-"
    func run() throws {
        let ts = try openToolstack()
        let nr = Int(try xenRead { () throws(PrivcmdError) in try ts.physinfo() }.nrCPUs)
        func map(_ s: String) throws -> CPUMap? {
            if s == "-" { return nil }
            guard let m = CPUMap(parsing: s, nrCPUs: nr) else { throw ValidationError("bad CPU list '\(s)'") }
            return m
        }
        let (h, s) = (try map(hard), try map(soft))
        let a = try xenDo { () throws(ToolstackError) in try ts.setVCPUAffinity(domain: target.domain, vcpu: vcpu, hard: h, soft: s) }
        print("hard \(a.hard.xlString(nrCPUs: nr)) / soft \(a.soft.xlString(nrCPUs: nr))")
    }
}

/// `xenabi vcpu-affinity DOMID VCPU`
struct VCPUAffinityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "vcpu-affinity", abstract: "Print a vCPU's hard and soft affinity (XEN_DOMCTL_getvcpuaffinity).")
    @OptionGroup var target: DomainArgument
    @Argument(help: "The vCPU.")
    var vcpu: UInt32
    func run() throws {
        let ts = try openToolstack()
        let nr = Int(try xenRead { () throws(PrivcmdError) in try ts.physinfo() }.nrCPUs)
        let a = try xenDo { () throws(ToolstackError) in try ts.vcpuAffinity(domain: target.domain, vcpu: vcpu) }
        print("hard \(a.hard.xlString(nrCPUs: nr)) / soft \(a.soft.xlString(nrCPUs: nr))")
    }
}

/// `xenabi sched-credit2 -d DOMID [-w W] [-c C]`
struct SchedCredit2Command: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sched-credit2", abstract: "Get or set a domain's credit2 weight and cap, like `xl sched-credit2 -d`.")
    @Option(name: .short, help: "The domain id.")
    var d: UInt16
    @Option(name: .shortAndLong, help: "Weight, 1-65535.")
    var weight: UInt16?
    @Option(name: .shortAndLong, help: "Cap in percent of one CPU (0: none).")
    var cap: UInt16?
    func run() throws {
        let ts = try openToolstack()
        let p = try xenDo { () throws(ToolstackError) in
            weight == nil && cap == nil ? try ts.credit2Params(d) : try ts.setCredit2Params(d, weight: weight, cap: cap)
        }
        print(pad("ID", 5) + pad("Weight", 8) + pad("Cap", 6))
        print(pad("\(d)", 5) + pad("\(p.weight)", 8) + pad("\(p.cap)", 6))
    }
}

/// `xenabi cpupool-list`
struct CpupoolListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cpupool-list", abstract: "List cpupools, like `xl cpupool-list` (XEN_SYSCTL_CPUPOOL_OP_INFO).")
    @Flag(help: "Print each pool's CPUs instead of their count.")
    var cpus = false
    func run() throws {
        let ts = try openToolstack()
        let pools = try xenDo { () throws(ToolstackError) in try ts.cpupools(store: try? XenStore()) }
        print(pad("Name", 32, left: true) + pad("CPUs", 6) + "   " + pad("Sched", 10, left: true) + "Active   Domain count")
        for p in pools {
            print(pad(p.name ?? "Pool-\(p.id)", 32, left: true) + pad(cpus ? p.cpus.description : "\(p.cpus.cpus.count)", 6) + "   "
                + pad(p.schedulerName, 10, left: true) + "     y" + pad("\(p.domainCount)", 11))
        }
    }
}

/// `xenabi cpupool-create NAME`
struct CpupoolCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cpupool-create", abstract: "Create an empty cpupool and name it in xenstore (XEN_SYSCTL_CPUPOOL_OP_CREATE).")
    @Argument(help: "The pool's name (/local/pool/<id>/name).")
    var name: String
    @Option(help: "Scheduler: credit2, credit, rtds, arinc653, null.")
    var sched = "credit2"
    @Option(help: "The pool id (default: the next free one).")
    var id: UInt32?
    func run() throws {
        let ids: [String: Int32] = ["credit": XEN_SCHEDULER_CREDIT, "credit2": XEN_SCHEDULER_CREDIT2, "rtds": XEN_SCHEDULER_RTDS,
                                    "arinc653": XEN_SCHEDULER_ARINC653, "null": XEN_SCHEDULER_NULL]
        guard let s = ids[sched] else { throw ValidationError("unknown scheduler '\(sched)'") }
        let ts = try openToolstack(), store = try openXenStore()
        let got = try xenDo { () throws(ToolstackError) in try ts.createCpupool(id: id, scheduler: UInt32(s), name: name, store: store) }
        print("cpupool \(got) (\(name))")
    }
}

/// Resolves a pool given by id or by name.
func poolID(_ text: String, _ ts: Toolstack) throws -> UInt32 {
    if let id = UInt32(text) { return id }
    let pools = try xenDo { () throws(ToolstackError) in try ts.cpupools(store: try? XenStore()) }
    guard let p = pools.first(where: { $0.name == text }) else {
        printError("xenabi: no cpupool named \(text)")
        throw ExitCode(1)
    }
    return p.id
}

/// `xenabi cpupool-destroy POOL`
struct CpupoolDestroyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cpupool-destroy", abstract: "Destroy an empty cpupool, like `xl cpupool-destroy`.")
    @Argument(help: "Pool id or name.")
    var pool: String
    func run() throws {
        let ts = try openToolstack()
        let id = try poolID(pool, ts)
        try xenDo { () throws(ToolstackError) in try ts.destroyCpupool(id, store: try? XenStore()) }
    }
}

/// `xenabi cpupool-migrate DOMID POOL`
struct CpupoolMigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cpupool-migrate", abstract: "Move a domain to another cpupool, like `xl cpupool-migrate`.")
    @OptionGroup var target: DomainArgument
    @Argument(help: "Pool id or name.")
    var pool: String
    func run() throws {
        let ts = try openToolstack()
        let id = try poolID(pool, ts)
        try xenDo { () throws(ToolstackError) in try ts.moveDomain(target.domain, toCpupool: id) }
    }
}

/// Runs a xenstore action, printing a typed failure and exiting 1.
func storeDo<T>(_ body: () throws(PrivcmdError) -> T) throws -> T { try xenRead(body) }

/// `xenabi xenstore-read PATH`
struct XenStoreReadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "xenstore-read", abstract: "Print a xenstore value (XS_READ over /dev/xen/xenbus).")
    @Argument var path: String
    func run() throws {
        let s = try openXenStore()
        guard let v = try storeDo({ () throws(PrivcmdError) in try s.read(path) }) else {
            printError("xenabi: \(path): no such node")
            throw ExitCode(1)
        }
        print(v)
    }
}

/// `xenabi xenstore-write PATH VALUE [PATH VALUE ...]`
struct XenStoreWriteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "xenstore-write", abstract: "Write xenstore values, like `xenstore-write` (XS_WRITE; several pairs in one transaction).")
    @Argument(help: "PATH VALUE pairs.")
    var pairs: [String]
    func validate() throws { if pairs.isEmpty || pairs.count % 2 != 0 { throw ValidationError("give PATH VALUE pairs") } }
    func run() throws {
        let s = try openXenStore()
        try storeDo { () throws(PrivcmdError) in
            // Retry the whole transaction while another writer conflicts (EAGAIN), as xenstore-write does.
            for _ in 0 ..< 16 {
                let t = try s.startTransaction()
                for i in stride(from: 0, to: pairs.count, by: 2) { try s.write(pairs[i], pairs[i + 1], transaction: t) }
                if try s.endTransaction(t) { return }
            }
            throw PrivcmdError.xenstore(path: pairs[0], .EAGAIN)
        }
    }
}

/// `xenabi xenstore-rm PATH`
struct XenStoreRmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "xenstore-rm", abstract: "Remove a xenstore node and its children (XS_RM).")
    @Argument var path: String
    func run() throws {
        let s = try openXenStore()
        _ = try storeDo { () throws(PrivcmdError) in try s.remove(path) }
    }
}

/// `xenabi xenstore-mkdir PATH`
struct XenStoreMkdirCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "xenstore-mkdir", abstract: "Create an empty xenstore node (XS_MKDIR).")
    @Argument var path: String
    func run() throws {
        let s = try openXenStore()
        try storeDo { () throws(PrivcmdError) in try s.mkdir(path) }
    }
}

/// `xenabi xenstore-chmod PATH PERM...` / `xenabi xenstore-perms PATH`
struct XenStoreChmodCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xenstore-chmod",
        abstract: "Set a xenstore node's permissions (XS_SET_PERMS: owner first, e.g. n0 r5); without permissions, print them (XS_GET_PERMS).")
    @Argument var path: String
    @Argument(help: "Entries: n, r, w or b followed by a domain id.")
    var permissions: [String] = []
    func run() throws {
        let s = try openXenStore()
        if permissions.isEmpty {
            guard let p = try storeDo({ () throws(PrivcmdError) in try s.permissions(path) }) else {
                printError("xenabi: \(path): no such node")
                throw ExitCode(1)
            }
            print(p.map(\.description).joined(separator: " "))
            return
        }
        let perms = try permissions.map { text -> XenStorePermission in
            guard let p = XenStorePermission(text) else { throw ValidationError("bad permission '\(text)'") }
            return p
        }
        try storeDo { () throws(PrivcmdError) in try s.setPermissions(path, perms) }
    }
}

/// `xenabi xenstore-watch PATH`
struct XenStoreWatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "xenstore-watch", abstract: "Print xenstore watch events for a path, like `xenstore-watch` (XS_WATCH).")
    @Argument var path: String
    @Option(name: [.customShort("n"), .long], help: "Stop after this many events (the registration event counts).")
    var count: Int = Int.max
    @Option(help: "Give up after this many milliseconds without an event (default: wait for ever).")
    var timeout: Int32 = -1
    func run() throws {
        let w: XenStoreWatcher = try storeDo { () throws(PrivcmdError) in try XenStoreWatcher() }
        try storeDo { () throws(PrivcmdError) in try w.watch(path, token: "xenabi") }
        var seen = 0
        while seen < count, let e = try storeDo({ () throws(PrivcmdError) in try w.next(timeoutMilliseconds: timeout) }) {
            print(e.path)
            seen += 1
        }
    }
}
