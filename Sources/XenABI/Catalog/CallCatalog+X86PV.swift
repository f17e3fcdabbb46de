/// Catalog entries for the x86 PV MMU and descriptor-table hypercalls.
extension CallCatalog {
    static var x86PVEntries: [Entry] {
        [
            Entry("mmu_update", "call", fields: [("ptrs", "comma-separated ptr values"), ("vals", "comma-separated val values"),
                                                 ("want_done", "1: pdone out handle"), ("foreigndom", "default DOMID_SELF")]) { v throws(CatalogError) in
                let p: [UInt64] = try v.list("ptrs"), x: [UInt64] = try v.list("vals")
                guard p.count == x.count else { throw .badField("vals", "needs as many entries as ptrs") }
                return .mmuUpdate(MMUUpdate(zip(p, x).map { .init(ptr: $0, val: $1) }, wantDone: try v.bool("want_done"),
                                            foreigndom: try v.number("foreigndom", default: MMUUpdate([]).foreigndom)))
            },
            Entry("mmuext_op", "call", fields: [("cmd", "MMUEXT_* number"), ("arg1", "mfn or linear_addr"),
                                                ("arg2", "nr_ents or src_mfn"), ("vcpumask", "comma-separated mask words (MULTI commands)"),
                                                ("want_done", "1: pdone out handle"), ("foreigndom", "default DOMID_SELF")]) { v throws(CatalogError) in
                let cmd: UInt32 = try v.number("cmd")
                let arg2: MMUExtOp.Op.Arg2 = MMUExtOp.Op.takesMask(cmd) ? .vcpumask(try v.list("vcpumask")) : .value(try v.number("arg2"))
                return .mmuextOp(MMUExtOp([.init(cmd: cmd, arg1: try v.number("arg1"), arg2: arg2)], wantDone: try v.bool("want_done"),
                                          foreigndom: try v.number("foreigndom", default: MMUExtOp([]).foreigndom)))
            },
            Entry("set_trap_table", "call", fields: SetTrapTable.TrapInfo.fieldNames + [("null", "1: a null handle (clear the table)")]) { v throws(CatalogError) in
                if try v.bool("null") { return .setTrapTable(SetTrapTable(nil)) }
                let t = try SetTrapTable.TrapInfo(fields: v)
                // No address: an empty table (only the terminator).
                return .setTrapTable(SetTrapTable(t.address == 0 ? [] : [t]))
            },
            Entry("set_gdt", "call", fields: [("frames", "comma-separated frames"), ("entries", "descriptor count")]) { v throws(CatalogError) in
                .setGDT(SetGDT(frames: try v.list("frames"), entries: try v.number("entries")))
            },
        ]
    }
}
