import CXen
import Testing
@testable import XenABI
import XenABITestSupport

/// Storing, loading, the catalog and the layout rows of a generated struct
/// are `XenStruct`'s defaults over its one `visitFields` list.
@Suite("XenStruct defaults over visitFields")
struct XenStructDefaultsTests {
    @Test("store writes each input at its C offset and marks exactly those bytes input")
    func storesInputs() {
        let s = MemoryOp.AddToPhysmap(domid: 0x1234, size: 2, space: 3, idx: 0x55, gpfn: 0x66)
        var c = EncodedCall()
        c.reset(.memory_op)
        let b = c.addStruct(s, site: .register(1))
        let o = MemoryOp.AddToPhysmap.Offsets.self
        #expect(c.load(UInt16.self, buffer: b, at: o.domid) == 0x1234)
        #expect(c.load(UInt16.self, buffer: b, at: o.size) == 2)
        #expect(c.load(UInt32.self, buffer: b, at: o.space) == 3)
        #expect(c.load(UInt64.self, buffer: b, at: o.idx) == 0x55)
        #expect(c.load(UInt64.self, buffer: b, at: o.gpfn) == 0x66)
        let fields = [(o.domid, 2), (o.size, 2), (o.space, 4), (o.idx, 8), (o.gpfn, 8)]
        let inputs = Set(fields.flatMap { ($0.0 ..< $0.0 + $0.1) })
        let start = c.buffers[b].start
        for k in 0 ..< MemoryOp.AddToPhysmap.size {
            #expect((c.marks[start + k] == .input) == inputs.contains(k), "byte \(k)")
        }
        #expect(MemoryOp.AddToPhysmap(loading: GuestStruct(name: "s", bytes: c.bytes), at: start) == s)
    }

    @Test("an output-only struct stores nothing, reads nothing and names no catalog field")
    func outputOnly() {
        let c = VCPUOp.getPhysID(vcpu: 0).encoded
        let b = c.buffers.count - 1
        #expect(c.buffers[b].size == VCPUOp.GetPhysID.size && c.buffers[b].direction == .out)
        #expect((0 ..< c.buffers[b].size).allSatisfy { c.marks[c.buffers[b].start + $0] == .none })
        #expect(VCPUOp.GetPhysID.fieldNames.isEmpty)
        #expect(VCPUOp.GetPhysID.layoutRows.map(\.field) == ["", "phys_id"])
    }

    @Test("the catalog names each input by its C path and builds the value from it; a bad number is a typed error")
    func catalog() throws {
        let names = VCPUOp.SetSingleshotTimer.fieldNames
        #expect(names.map(\.0) == ["timeout_abs_ns", "flags"])
        #expect(names.map(\.1) == ["vcpu_set_singleshot_timer_t.timeout_abs_ns", "vcpu_set_singleshot_timer_t.flags"])
        let v = try VCPUOp.SetSingleshotTimer(fields: FieldValues(["timeout_abs_ns": "0x10", "flags": "1"]))
        #expect(v == VCPUOp.SetSingleshotTimer(timeoutAbsNs: 0x10, flags: 1))
        #expect(throws: CatalogError.badField("flags", "'x' is not a UInt32")) {
            try VCPUOp.SetSingleshotTimer(fields: FieldValues(["flags": "x"]))
        }
    }

    @Test("random values fill every input, and a store-load round trip keeps them", arguments: 0 ..< 4)
    func roundTrips(seed: UInt64) {
        var rng = SeededRNG(seed: seed)
        let v = GrantTableOp.CopyRaw.random(using: &rng)
        var c = EncodedCall()
        c.reset(.grant_table_op)
        let b = c.addStruct(v, site: .register(1))
        #expect(GrantTableOp.CopyRaw(loading: GuestStruct(name: "copy", bytes: c.bytes), at: c.buffers[b].start) == v)
    }
}
