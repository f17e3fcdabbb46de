import ArgumentParser
import Privcmd
import XenToolstack

/// `xenabi perfc`: Xen's software performance counters, like `xenperf`.
struct PerfcCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "perfc",
        abstract: "Print Xen's performance counters (XEN_SYSCTL_perfc_op), like `xenperf`.",
        discussion: """
            The patched Xen (Hypervisor/) counts hypercalls, continuations and copied \
            chunks by buffer flavour, and the software TLB's hits, misses and walks. \
            Needs a hypervisor built with CONFIG_PERF_COUNTERS.
            """)

    @Option(name: .shortAndLong, help: "Only counters whose name contains this text.")
    var filter: String?

    @Flag(name: .shortAndLong, help: "Reset every counter to zero afterwards, like `xenperf -r`.")
    var reset = false

    @Flag(help: "Print a JSON array of {name, total, values}.")
    var json = false

    func run() throws {
        let ts = try openToolstack()
        let all = try xenRead { () throws(PrivcmdError) in try ts.perfCounters() }
        let shown = all.filter { c in filter.map { c.name.contains($0) } ?? true }
        if json {
            print(JSON.array(shown.map { c in
                JSON.object([("name", .string(c.name)), ("total", .uint(c.total)),
                             ("values", .array(c.values.map { .uint(UInt64($0)) }))])
            }).text)
        } else {
            for c in shown {
                print(pad(c.name, 40, left: true) + " T=" + pad("\(c.total)", 10) + " "
                      + c.values.map { pad("\($0)", 10) }.joined(separator: " "))
            }
        }
        if reset { try xenRead { () throws(PrivcmdError) in try ts.resetPerfCounters() } }
    }
}
