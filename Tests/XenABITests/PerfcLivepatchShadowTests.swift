import CXen
import Testing
@testable import XenABI

@Suite("perfc_op, livepatch list, shadow_op log-dirty: sizes from the struct, hostile counts typed")
struct PerfcLivepatchShadowTests {
    @Test("perfc query: desc and val buffers sized by the counts, null handles for the count query")
    func perfc() throws {
        let c = Sysctl(.perfcOp(.query(nrCounters: 3, nrVals: 10, desc: .buffer, val: .buffer))).encoded
        #expect(c.buffers.map(\.size) == [SysctlLayout.size, 3 * 84, 10 * 4])
        #expect(c.buffers[1].site == .nested(buffer: 0, offset: SysctlLayout.u + SysctlLayout.pfDesc))
        #expect(c.buffers[2].direction == .out)
        #expect(SysctlLayout.perfcDescSize == MemoryLayout<xen_sysctl_perfc_desc_t>.size && SysctlLayout.perfcDescSize == 84)
        let q = Sysctl(.perfcOp(.query(nrCounters: 0, nrVals: 0, desc: .null, val: .null))).encoded
        #expect(q.buffers.map(\.size) == [SysctlLayout.size, 0, 0] && q.buffers[1].isNull && q.buffers[2].isNull)
        let (d, same) = try roundTrip(Sysctl(.perfcOp(.reset)))
        #expect(d == Sysctl(.perfcOp(.reset)) && same)
    }

    @Test("livepatch list: status, len, metadata_len by nr; names and metadata by their total sizes")
    func livepatchList() throws {
        let v = Sysctl(.livepatchOp(.list(idx: 2, nr: 5, nameTotalSize: 300, metadataTotalSize: 40,
                                          status: .buffer, name: .buffer, len: .buffer, metadata: .buffer, metadataLen: .buffer)))
        let c = v.encoded
        #expect(c.buffers.map(\.size) == [SysctlLayout.size, 5 * 8, 300, 5 * 4, 40, 5 * 4])
        #expect(c.buffers.dropFirst().allSatisfy { $0.direction == .out })
        let (d, same) = try roundTrip(v)
        #expect(d == v && same)
    }

    /// A sysctl image full of 0xff with `cmd`, the version and `fields` set.
    func image(cmd: Int32, _ fields: [(Int, UInt32)]) -> [UInt8] {
        var s = [UInt8](repeating: 0xff, count: SysctlLayout.size)
        func put(_ v: UInt32, _ o: Int) { withUnsafeBytes(of: v.littleEndian) { for (i, b) in $0.enumerated() { s[o + i] = b } } }
        put(UInt32(cmd), SysctlLayout.cmd)
        put(UInt32(XEN_SYSCTL_INTERFACE_VERSION), SysctlLayout.interfaceVersion)
        for (o, v) in fields { put(v, o) }
        return s
    }

    @Test("hostile counts: perfc nr_vals, livepatch nr and sizes, a non-zero pad are typed errors")
    func hostile() {
        let raw = RawHypercall(op: OpWord(.sysctl), args: HypercallArgs([0x1000]))
        let u = SysctlLayout.u, p = u + SysctlLayout.lpoU
        let perfc = image(cmd: XEN_SYSCTL_perfc_op, [(u + SysctlLayout.pfCmd, UInt32(XEN_SYSCTL_PERFCOP_query)), (u + SysctlLayout.pfNrCounters, 2)])
        #expect(throws: DecodeError(.invalid("4294967295 elements of 4 bytes exceed 67108864 bytes"), at: "sysctl.perfc_op.nr_vals")) {
            try Sysctl.decode(raw, memory: ToolstackRoundTripTests.Hostile(image: perfc))
        }
        let pad = image(cmd: XEN_SYSCTL_livepatch_op, [(u + SysctlLayout.lpoCmd, UInt32(XEN_SYSCTL_LIVEPATCH_LIST)), (p + SysctlLayout.lplPad, 1)])
        #expect(throws: DecodeError(.invalid("pad 1 must be zero"), at: "sysctl.livepatch_op.list.pad")) {
            try Sysctl.decode(raw, memory: ToolstackRoundTripTests.Hostile(image: pad))
        }
        let nr = image(cmd: XEN_SYSCTL_livepatch_op, [(u + SysctlLayout.lpoCmd, UInt32(XEN_SYSCTL_LIVEPATCH_LIST)), (p + SysctlLayout.lplPad, 0),
                                                       (p + SysctlLayout.lplNr, 1), (p + SysctlLayout.lplNameTotalSize, 10)])
        #expect(throws: DecodeError(.invalid("4294967295 elements of 1 bytes exceed 67108864 bytes"), at: "sysctl.livepatch_op.list.metadata_total_size")) {
            try Sysctl.decode(raw, memory: ToolstackRoundTripTests.Hostile(image: nr))
        }
        let bad = image(cmd: XEN_SYSCTL_perfc_op, [(u + SysctlLayout.pfCmd, 7)])
        #expect(throws: DecodeError(.unknownSubop(7), at: "sysctl.perfc_op.cmd")) {
            try Sysctl.decode(raw, memory: ToolstackRoundTripTests.Hostile(image: bad))
        }
    }

    @Test("shadow_op: ENABLE_LOGDIRTY reads only op; CLEAN and PEEK size the bitmap by pages; stats read back")
    func shadow() throws {
        for v in [Domctl(domain: 5, .shadowOp(.enableLogDirty)), Domctl(domain: 5, .shadowOp(.clean(pages: 17))),
                  Domctl(domain: 5, .shadowOp(.peek(pages: 64)))] {
            let (d, same) = try roundTrip(v)
            #expect(d == v && same, "\(v)")
        }
        let e = Domctl(domain: 5, .shadowOp(.enableLogDirty)).encoded
        #expect(e.buffers.count == 1 && e.load(UInt32.self, buffer: 0, at: DomctlLayout.u + DomctlLayout.shOp) == UInt32(XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY))
        var c = Domctl(domain: 5, .shadowOp(.clean(pages: 17))).encoded
        #expect(c.buffers.map(\.size) == [DomctlLayout.size, 3])
        c.store(UInt32(4), buffer: 0, at: DomctlLayout.u + DomctlLayout.shStats + DomctlLayout.shStatsDirtyCount)
        #expect(try Domctl.ShadowStatsQuery.outputs(of: c, result: 0) == ShadowLogDirtyStats(pages: 17, faultCount: 0, dirtyCount: 4))
    }
}
