import Foundation
import Testing
import XenABI
@testable import XenTrace

@Suite("Trace checks 1 and 2 on the real traces")
struct TraceCheckTests {
    @Test("every call of every bundled trace decodes and re-encodes equal", arguments: BundledTraces.paths)
    func bundled(path: String) throws {
        let reader = try TraceReader(path: path)
        var summary = TraceSummary(file: path)
        while let call = try reader.next() {
            let r = TraceChecker().check(call)
            summary.add(r)
            #expect(r.differences.isEmpty, "\(path):\(call.line): \(r.differences)")
            #expect(!r.isUnknown, "\(path):\(call.line): \(r.decodeError!)")
        }
        #expect(summary.failed == 0)
        #expect(summary.unknown == 0)
        #expect(summary.decoded == summary.calls && summary.reencoded == summary.calls)
    }

    func call(_ trace: String, seq: Int) throws -> TraceCall {
        try readAll(BundledTraces.paths.first { $0.hasSuffix("/" + trace) }!).first { $0.seq == seq }!
    }

    @Test("the decoded values are the ones the tools issued")
    func values() throws {
        let m = { (c: TraceCall) throws -> AnyHypercall in try AnyHypercall.decode(RawHypercall(op: OpWord(validating: c.op), args: c.args), memory: TraceMemory(c.regions)) }
        #expect(try m(call("xl-dmesg.jsonl", seq: 10)) == .sysctl(Sysctl(.readconsole(clear: 0, incremental: 1, index: 0, count: 0x4000, buffer: .buffer))))
        #expect(try m(call("xl-list.jsonl", seq: 10)) == .sysctl(Sysctl(.getDomainInfoList(firstDomain: 0, maxDomains: 1024, buffer: .buffer))))
        #expect(try m(call("xl-list.jsonl", seq: 11)) == .xsmOp(FlaskOp(.sidToContext(sid: 0, size: 4096, context: .buffer))))
        #expect(try m(call("xl-vcpu-list.jsonl", seq: 17)) == .domctl(Domctl(domain: 0, .getVCPUInfo(vcpu: 0))))
        #expect(try m(call("xl-vcpu-list.jsonl", seq: 18)) == .domctl(Domctl(domain: 0, .getVCPUAffinity(
            vcpu: 0, flags: 3, hard: OutBitmap(nrBits: 8), soft: OutBitmap(nrBits: 8)))))
        #expect(try m(call("xenpm-topology.jsonl", seq: 1)) == .sysctl(Sysctl(.cputopoinfo(numCPUs: 0, cputopo: .null))))
        #expect(try m(call("xen-cpuid-policy.jsonl", seq: 0)) == .sysctl(Sysctl(.getCPUPolicy(index: 0, nrLeaves: 0, nrMSRs: 0, rsvd: 0, leaves: .null, msrs: .null))))
        #expect(try m(call("xl-info.jsonl", seq: 13)) == .sysctl(Sysctl(.cpupoolOp(.freeInfo(cpumap: OutBitmap(nrBits: 8))))))
    }

    @Test("check 2 names the field that differs when the value is not the recorded one")
    func reencodeDifference() throws {
        let c = try call("xl-dmesg.jsonl", seq: 10)
        let wrong = AnyHypercall.sysctl(Sysctl(.readconsole(clear: 0, incremental: 1, index: 7, count: 0x4000, buffer: .buffer)))
        let d = TraceChecker().reencode(wrong, c, TraceMemory(c.regions))
        #expect(d.count == 1)
        #expect(d.first?.field == "buffer0 (arg0) +\(SysctlLayout.u + SysctlLayout.rcIndex)")
        #expect(d.first?.expected == "00" && d.first?.got == "07", "\(d)")
        // A different sub-op: the command word differs, and a buffer the recording lacks is reported.
        let other = AnyHypercall.sysctl(Sysctl(.physinfo))
        #expect(TraceChecker().reencode(other, c, TraceMemory(c.regions)).contains { $0.field == "buffer0 (arg0) +0" })
        let null = AnyHypercall.sysctl(Sysctl(.readconsole(clear: 0, incremental: 1, index: 0, count: 0x4000, buffer: .null)))
        #expect(TraceChecker().reencode(null, c, TraceMemory(c.regions)).contains { $0.expected.contains("a handle") })
    }

    @Test("a nested handle outside the recorded regions fails check 2")
    func handleOutsideRegions() throws {
        var c = try call("xl-dmesg.jsonl", seq: 10)
        // Point readconsole.buffer at an unrecorded address inside the recorded sysctl struct.
        let at = Int(c.args[0] - c.regions[1].address) + SysctlLayout.u + SysctlLayout.rcBuffer
        withUnsafeBytes(of: UInt64(0x1234_0000).littleEndian) { for (i, b) in $0.enumerated() { c.regions[1].before[at + i] = b } }
        let r = TraceChecker().check(c)
        #expect(r.decoded != nil)
        #expect(!r.reencoded)
        #expect(r.differences.contains { $0.got.contains("not recorded") })
    }

    @Test("a wrong interface version or an op word with reserved bits fails check 1")
    func decodeFailures() throws {
        var c = try call("xl-dmesg.jsonl", seq: 9)
        let at = Int(c.args[0] - c.regions[0].address) + SysctlLayout.interfaceVersion
        c.regions[0].before[at] = 0x14
        let r = TraceChecker().check(c)
        #expect(r.decoded == nil && !r.isUnknown && !r.passed)
        #expect(r.differences.first?.field == "sysctl.interface_version")
        var bad = try call("xl-dmesg.jsonl", seq: 0)
        bad.op |= 1 << 40
        #expect(!TraceChecker().check(bad).passed)
    }
}

@Suite("Trace check 3: physical flavours through the hypervisor model")
struct TraceFlavourTests {
    @Test("every bundled call replays equal in flat, gfnList and tagged", arguments: BundledTraces.paths)
    func bundled(path: String) throws {
        let checker = TraceChecker(flavourCheck: { FlavourReplay.check($0, $1) })
        let reader = try TraceReader(path: path)
        var summary = TraceSummary(file: path)
        while let call = try reader.next() {
            let r = checker.check(call)
            summary.add(r)
            #expect(r.flavoursEqual == true, "\(path):\(call.line): \(r.differences)")
        }
        #expect(summary.flavoursEqual == summary.calls)
    }

    @Test("a value that is not the recorded call fails check 3 in every flavour")
    func wrongValue() throws {
        let c = try readAll(BundledTraces.paths.first { $0.hasSuffix("/xl-dmesg.jsonl") }!).first { $0.seq == 10 }!
        let right = AnyHypercall.sysctl(Sysctl(.readconsole(clear: 0, incremental: 1, index: 0, count: 0x4000, buffer: .buffer)))
        #expect(FlavourReplay.check(right, c).isEmpty)
        // readconsole's output buffer really changed: check 3 compared recorded output bytes.
        #expect(c.regions.contains { $0.after != nil && $0.length == 20480 })
        let wrong = AnyHypercall.sysctl(Sysctl(.readconsole(clear: 0, incremental: 1, index: 3, count: 0x4000, buffer: .buffer)))
        let d = FlavourReplay.check(wrong, c)
        for f in ["flat", "gfnList", "tagged"] { #expect(d.contains { $0.field.hasPrefix(f + " decode") }, "\(d)") }
    }
}
