/// Catalog entries for `xenpmu_op`, `kexec_op` and `argo_op`.
extension CallCatalog {
    static var xenPMUOpEntries: [Entry] {
        typealias P = XenPMUOp.Params
        func e(_ n: String, _ make: @escaping @Sendable (P) -> XenPMUOp) -> Entry {
            Entry("xenpmu_op", n, fields: P.fieldNames) { v throws(CatalogError) in .xenpmuOp(make(try P(fields: v))) }
        }
        return [
            e("mode_get") { .modeGet($0) }, e("mode_set") { .modeSet($0) }, e("feature_get") { .featureGet($0) },
            e("feature_set") { .featureSet($0) }, e("init") { .initialise($0) }, e("finish") { .finish($0) },
            Entry("xenpmu_op", "lvtpc_set") { _ throws(CatalogError) in .xenpmuOp(.lvtpcSet) },
            Entry("xenpmu_op", "flush") { _ throws(CatalogError) in .xenpmuOp(.flush) },
        ]
    }

    static var kexecOpEntries: [Entry] {
        [
            Entry("kexec_op", "kexec", fields: KexecOp.Exec.fieldNames) { v throws(CatalogError) in .kexecOp(.exec(try .init(fields: v))) },
            Entry("kexec_op", "kexec_get_range", fields: KexecOp.Range.fieldNames) { v throws(CatalogError) in .kexecOp(.getRange(try .init(fields: v))) },
            Entry("kexec_op", "kexec_load", fields: KexecOp.LoadHeader.fieldNames.filter { $0.0 != "nr_segments" }
                  + [("image", "comma-separated bytes of one segment"), ("dest_maddr", "its destination"), ("dest_size", "destination size")]) { v throws(CatalogError) in
                let img: [UInt8] = try v.list("image", of: UInt8.self)
                var h = try KexecOp.LoadHeader(fields: v)
                h.nrSegments = 0
                return .kexecOp(.load(h, segments: img.isEmpty ? [] : [.init(bytes: img, destMaddr: try v.number("dest_maddr"),
                                                                              destSize: try v.number("dest_size", default: UInt64(img.count)))]))
            },
            Entry("kexec_op", "kexec_unload", fields: KexecOp.Unload.fieldNames) { v throws(CatalogError) in .kexecOp(.unload(try .init(fields: v))) },
            Entry("kexec_op", "kexec_status", fields: KexecOp.Status.fieldNames) { v throws(CatalogError) in .kexecOp(.status(try .init(fields: v))) },
        ]
    }

    static var argoOpEntries: [Entry] {
        [
            Entry("argo_op", "register_ring", fields: ArgoOp.RegisterRing.fieldNames + [("gfns", "comma-separated ring GFNs"), ("flags", "XEN_ARGO_REGISTER_FLAG_*")]) { v throws(CatalogError) in
                .argoOp(.registerRing(try .init(fields: v), gfns: try v.list("gfns"), flags: try v.number("flags")))
            },
            Entry("argo_op", "unregister_ring", fields: ArgoOp.UnregisterRing.fieldNames) { v throws(CatalogError) in
                .argoOp(.unregisterRing(try .init(fields: v)))
            },
            Entry("argo_op", "sendv", fields: ArgoOp.SendAddr.fieldNames + [("text", "one iov, as text"), ("message_type", "arg4")]) { v throws(CatalogError) in
                .argoOp(.sendv(try .init(fields: v), iovs: [Array(v.string("text").utf8)], messageType: try v.number("message_type")))
            },
            Entry("argo_op", "notify", fields: [("null", "1: NULL ring data")] + ArgoOp.RingDataEnt.fieldNames) { v throws(CatalogError) in
                .argoOp(.notify(try v.bool("null") ? nil : [try .init(fields: v)]))
            },
        ]
    }
}
