import Testing
import XenABI
import XenConformance

@Suite("The read-only calls of the bundled traces (ReadPlan)")
struct ReadPlanTests {
    /// Every class the bundled traces hold is chosen, each typed value once,
    /// at most `cap` per class; nothing off the allowlist gets in.
    @Test func bundledTraces() throws {
        let plan = try bundledPlan()
        #expect(Set(plan.classNames) == [
            "sysctl.get_cpu_policy", "sysctl.physinfo", "sysctl.cputopoinfo", "sysctl.getdomaininfolist",
            "xen_version.version", "xen_version.extraversion", "xen_version.compile_info", "xen_version.capabilities",
            "xen_version.changeset", "xen_version.platform_parameters", "xen_version.pagesize", "xen_version.commandline",
            "xen_version.build_id", "sysctl.readconsole", "multicall[memory_op.get_sharing_freed_pages]",
            "multicall[memory_op.get_sharing_shared_pages]", "sysctl.cpupool_op.freeinfo", "sysctl.sched_id",
            "xsm_op.sid_to_context", "domctl.getvcpuinfo", "domctl.getvcpuaffinity",
        ])
        #expect(Set(plan.entries.map(\.call)).count == plan.entries.count)
        for name in plan.classNames { #expect(plan.entries.filter { $0.className == name }.count <= 4) }
        // xen-cpuid-policy holds 7 distinct get_cpu_policy calls: 3 over the cap.
        #expect(plan.counts[.capped] == 3 && plan.counts[.notARead] == nil)
        #expect(plan.entries.count == 29)
    }

    /// The file round-trips: every line decodes to the same typed value and class.
    @Test func fileRoundTrip() throws {
        let plan = try bundledPlan()
        let back = try ReadPlan.entries(parsing: plan.text)
        #expect(back == plan.entries)
    }

    /// Writes are not reads: a readconsole that clears, a multicall with a write, a domctl that sets.
    @Test func writesAreRefused() {
        #expect(ReadClass.of(.sysctl(Sysctl(.readconsole(clear: 1, incremental: 0, index: 0, count: 64, buffer: .buffer)))) == nil)
        #expect(ReadClass.of(.sysctl(Sysctl(.readconsole(clear: 0, incremental: 0, index: 0, count: 64, buffer: .buffer))))?.name == "sysctl.readconsole")
        #expect(ReadClass.of(.multicall(Multicall([.init(.xenVersion(.version)), .init(.consoleIO(.write([0x41])))]))) == nil)
        #expect(ReadClass.of(.multicall(Multicall([.init(.xenVersion(.version)), .init(.xenVersion(.pagesize))])))?.name
            == "multicall[xen_version.version,xen_version.pagesize]")
        #expect(ReadClass.of(.domctl(Domctl(domain: 0, .pauseDomain))) == nil)
        #expect(ReadClass.of(.sysctl(Sysctl(.debugKeys(keys: [0x68])))) == nil)
        #expect(ReadClass.of(.sysctl(Sysctl(.getPMStat(.resetCxStat(cpuid: 0))))) == nil)
        #expect(ReadClass.of(.sysctl(Sysctl(.pmOp(.getCPUFreqAvgFreq(cpuid: 0))))) == nil)
        #expect(ReadClass.of(.sysctl(Sysctl(.getPMStat(.getMaxCx(cpuid: 0)))))?.name == "sysctl.get_pmstat.get_max_cx")
        #expect(ReadClass.of(.memoryOp(.decreaseReservation(.init(nrExtents: 1), extents: [5]))) == nil)
    }

    /// A damaged file is a typed error naming the line.
    @Test func damagedFile() throws {
        let good = try bundledPlan().text
        #expect(throws: ReadPlanError(line: 1, "not a read plan (expected '\(ReadPlan.header)')")) {
            try ReadPlan.entries(parsing: "hello\n")
        }
        let lines = good.split(separator: "\n").map(String.init)
        let wrongClass = ([lines[0], "sysctl.physinfo" + lines[1].dropFirst("sysctl.get_cpu_policy".count)]).joined(separator: "\n")
        #expect(throws: ReadPlanError(line: 2, "decodes to sysctl.get_cpu_policy, not sysctl.physinfo")) {
            try ReadPlan.entries(parsing: wrongClass)
        }
        #expect(throws: ReadPlanError(line: 2, "op 'zz' is not hex")) {
            try ReadPlan.entries(parsing: lines[0] + "\nxen_version.version x:1 zz 0 0 0 0 0\n")
        }
        #expect(throws: ReadPlanError(line: 2, "4 fields, expected at least 8")) {
            try ReadPlan.entries(parsing: lines[0] + "\nxen_version.version x:1 11 0\n")
        }
        // The struct a sysctl reads is missing: the decoder's EFAULT.
        let truncated = lines[0] + "\n" + lines[1].split(separator: " ").prefix(8).joined(separator: " ")
        #expect(throws: ReadPlanError(line: 2, "does not decode: sysctl.xen_sysctl: guest memory unreadable (-EFAULT (-14))")) {
            try ReadPlan.entries(parsing: truncated)
        }
    }
}
