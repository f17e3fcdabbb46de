/// Catalog entries for `grant_table_op`. Array sub-ops take one struct
/// from the field values, repeated `count` times (default 1).
extension CallCatalog {
    static func gntArray<S: XenStruct>(_ name: String, _: S.Type, _ make: @escaping @Sendable ([S], FieldValues) throws(CatalogError) -> GrantTableOp) -> Entry {
        Entry("grant_table_op", name, fields: S.fieldNames + [("count", "number of identical entries")]) { v throws(CatalogError) in
            let n: Int = try v.number("count", default: 1)
            guard (0 ... 4096).contains(n) else { throw .badField("count", "must be 0...4096") }
            return .grantTableOp(try make(Array(repeating: try S(fields: v), count: n), v))
        }
    }

    static func gntOne<S: XenStruct>(_ name: String, _: S.Type, _ make: @escaping @Sendable (S) -> GrantTableOp) -> Entry {
        Entry("grant_table_op", name, fields: S.fieldNames) { v throws(CatalogError) in .grantTableOp(make(try S(fields: v))) }
    }

    static var grantTableOpEntries: [Entry] {
        typealias G = GrantTableOp
        return [
            gntArray("map_grant_ref", G.MapGrantRef.self) { a, _ throws(CatalogError) in .mapGrantRef(a) },
            gntArray("unmap_grant_ref", G.UnmapGrantRef.self) { a, _ throws(CatalogError) in .unmapGrantRef(a) },
            gntOne("setup_table", G.SetupTable.self) { .setupTable($0) },
            gntOne("dump_table", G.DumpTable.self) { .dumpTable($0) },
            gntArray("transfer", G.Transfer.self) { a, _ throws(CatalogError) in .transfer(a) },
            Entry("grant_table_op", "copy", fields: [("source_ref", "source grant ref (else source_gmfn)"), ("source_gmfn", "source frame"),
                                                     ("source_domid", "source domain"), ("source_offset", "byte offset"),
                                                     ("dest_ref", "dest grant ref (else dest_gmfn)"), ("dest_gmfn", "dest frame"),
                                                     ("dest_domid", "dest domain"), ("dest_offset", "byte offset"),
                                                     ("len", "bytes"), ("flags", "other GNTCOPY_* flags"), ("count", "identical entries")]) { v throws(CatalogError) in
                func side(_ p: String) throws(CatalogError) -> G.Copy.Ptr {
                    let t: G.Copy.Ptr.Target = v.raw[p + "_ref"] != nil ? .ref(try v.number(p + "_ref")) : .gmfn(try v.number(p + "_gmfn"))
                    return .init(t, domid: try v.number(p + "_domid"), offset: try v.number(p + "_offset"))
                }
                let c = G.Copy(source: try side("source"), dest: try side("dest"), len: try v.number("len"), flags: try v.number("flags"))
                let n: Int = try v.number("count", default: 1)
                guard (0 ... 4096).contains(n) else { throw .badField("count", "must be 0...4096") }
                return .grantTableOp(.copy(Array(repeating: c, count: n)))
            },
            gntOne("query_size", G.QuerySize.self) { .querySize($0) },
            gntArray("unmap_and_replace", G.UnmapAndReplace.self) { a, _ throws(CatalogError) in .unmapAndReplace(a) },
            gntOne("set_version", G.SetVersion.self) { .setVersion($0) },
            gntOne("get_status_frames", G.GetStatusFrames.self) { .getStatusFrames($0) },
            gntOne("get_version", G.GetVersion.self) { .getVersion($0) },
            gntArray("swap_grant_ref", G.SwapGrantRef.self) { a, _ throws(CatalogError) in .swapGrantRef(a) },
            gntArray("cache_flush", G.CacheFlush.self) { a, v throws(CatalogError) in .cacheFlush(a, opaque: try v.number("opaque")) },
        ]
    }
}
