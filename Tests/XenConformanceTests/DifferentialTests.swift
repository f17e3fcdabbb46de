import Testing
import XenABI
import XenConformance

@Suite("Differential: Xen linear = Xen flavour = model, per call class")
struct DifferentialTests {
    /// The model against itself on every planned call: every row equal.
    @Test func modelAgainstItself() throws {
        let plan = try bundledPlan()
        var table = DifferentialTable()
        for e in plan.entries { table.add(Differential.run(e, xen: ModelExecutor(), model: ModelExecutor())) }
        #expect(table.calls == plan.entries.count && table.unexplainedCount == 0 && table.flavourDifferenceCount == 0)
        for r in table.rows { #expect(r.modelEqual == r.calls && r.flavourEqual.allSatisfy { $0 == r.calls }, "\(r.className)") }
        #expect(!table.lines.contains { $0.contains("UNEXPLAINED") }, "\(table.lines.joined(separator: "\n"))")
    }

    /// A host with other CPU, console and domain state is the same model:
    /// host values, host-sized arrays and in/out counts are not compared.
    @Test func hostStateIsSetAside() throws {
        var other = ModelExecutor()
        other.host.cpus = 1
        other.host.bootLog = Array("(XEN) another host, another log, longer than the first one by far\n".utf8)
        other.host.cpuidLeaves.removeLast()
        other.host.domainID = 0
        other.info.minor = 18
        let plan = try bundledPlan()
        for e in plan.entries {
            let d = Differential.run(e, xen: other, model: ModelExecutor())
            #expect(d.modelDifferences.isEmpty, "\(e.className) \(e.source): \(d.modelDifferences)")
        }
    }

    /// A field the model does not write is a footprint difference, found and
    /// unexplained; the table says so.
    @Test func extraFieldIsUnexplained() throws {
        let call = ReadPlan.Entry(className: "sysctl.physinfo", source: "test:1", call: .sysctl(Sysctl(.physinfo)))
        let u = SysctlLayout.u, end = u + 128 - 1  // the union's last byte: physinfo does not reach it
        let d = Differential.run(call, xen: ExtraFieldExecutor(base: ModelExecutor(), offset: end), model: ModelExecutor())
        #expect(d.modelDifferences.count == 1)
        guard case .footprint(0, let x, let m) = d.modelDifferences.first else {
            Issue.record("expected a footprint difference, got \(d.modelDifferences)")
            return
        }
        #expect(x.last == end ..< end + 1 && m.last != end ..< end + 1)
        var table = DifferentialTable()
        table.add(d)
        #expect(table.unexplainedCount == 1 && table.lines.contains { $0.hasPrefix("sysctl.physinfo") && $0.hasSuffix("UNEXPLAINED") })
    }

    /// A Xen without FLASK answers -ENOSYS: explained by the named entry; the
    /// same answer to a sysctl is not.
    @Test func knownDifferenceExplainsOnlyItsClasses() {
        let enosys = RefusingExecutor(answer: XenErrno.ENOSYS.returnValue)
        var table = DifferentialTable()
        table.add(Differential.run(.init(className: "xsm_op.sid_to_context", source: "t:1",
                                         call: .xsmOp(FlaskOp(.sidToContext(sid: 0, size: 64, context: .buffer)))), xen: enosys, model: ModelExecutor()))
        #expect(table.unexplainedCount == 0 && table.rows[0].explained == ["xsm-no-flask"])
        table.add(Differential.run(.init(className: "sysctl.sched_id", source: "t:2", call: .sysctl(Sysctl(.schedID))), xen: enosys, model: ModelExecutor()))
        #expect(table.unexplainedCount == 1)
        #expect(table.lines.contains { $0.hasPrefix("unexplained sysctl.sched_id t:2: model differs: result: Xen -38, model 0") })
    }

    /// A result of the host's own (a version) is compared by sign only; a status exactly.
    @Test func resultKinds() {
        let v = ReadClass("xen_version.version", result: .hostValue), s = ReadClass("sysctl.physinfo")
        let empty = Footprint(buffers: [])
        #expect(Differential.compare(v, xen: Observed(result: 0x40011, footprint: empty), model: Observed(result: 0x40012, footprint: empty)).isEmpty)
        #expect(Differential.compare(v, xen: Observed(result: -38, footprint: empty), model: Observed(result: 7, footprint: empty))
            == [.result(xen: -38, model: 7)])
        #expect(Differential.compare(s, xen: Observed(result: 0, footprint: empty), model: Observed(result: 1, footprint: empty))
            == [.result(xen: 0, model: 1)])
    }

    /// Inside a host extent only whole elements from its start pass.
    @Test func hostExtentShape() {
        let c = ReadClass("x", hostExtents: [.init(buffer: 1, from: 0, element: 12)])
        func fp(_ r: [Range<Int>]) -> Observed { Observed(result: 0, footprint: Footprint(buffers: [[], r])) }
        #expect(Differential.compare(c, xen: fp([0 ..< 12]), model: fp([0 ..< 36])).isEmpty)
        #expect(Differential.compare(c, xen: fp([0 ..< 12]), model: fp([])).isEmpty)
        #expect(Differential.compare(c, xen: fp([0 ..< 12]), model: fp([0 ..< 10])).count == 1)
        #expect(Differential.compare(c, xen: fp([0 ..< 12, 24 ..< 36]), model: fp([0 ..< 36])).count == 1)
    }
}
