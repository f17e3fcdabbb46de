/// Catalog entries for `xen_version`, `memory_op` reservations and `multicall`.
extension CallCatalog {
    static var xenVersionEntries: [Entry] {
        [
            Entry("xen_version", "version") { _ throws(CatalogError) in .xenVersion(.version) },
            Entry("xen_version", "extraversion") { _ throws(CatalogError) in .xenVersion(.extraversion) },
            Entry("xen_version", "compile_info") { _ throws(CatalogError) in .xenVersion(.compileInfo) },
            Entry("xen_version", "capabilities") { _ throws(CatalogError) in .xenVersion(.capabilities) },
            Entry("xen_version", "changeset") { _ throws(CatalogError) in .xenVersion(.changeset) },
            Entry("xen_version", "platform_parameters") { _ throws(CatalogError) in .xenVersion(.platformParameters) },
            Entry("xen_version", "get_features", fields: [("submap", "submap index")]) { v throws(CatalogError) in
                .xenVersion(.getFeatures(submap: try v.number("submap")))
            },
            Entry("xen_version", "pagesize") { _ throws(CatalogError) in .xenVersion(.pagesize) },
            Entry("xen_version", "guest_handle") { _ throws(CatalogError) in .xenVersion(.guestHandle) },
            Entry("xen_version", "commandline") { _ throws(CatalogError) in .xenVersion(.commandline) },
            Entry("xen_version", "build_id", fields: [("len", "bytes of buf; 0 asks for the size")]) { v throws(CatalogError) in
                .xenVersion(.buildID(length: try v.number("len")))
            },
        ]
    }

    static let reservationFields: [(String, String)] = [
        ("nr_extents", "number of extents"), ("extent_order", "log2 pages per extent"),
        ("mem_flags", "XENMEMF_* flags"), ("domid", "domain (default DOMID_SELF)"),
        ("extents", "comma-separated frame list"), ("start_extent", "continuation start"),
    ]

    static func reservation(_ v: FieldValues, count: Int?) throws(CatalogError) -> MemoryOp.Reservation {
        MemoryOp.Reservation(nrExtents: try v.number("nr_extents", default: UInt64(count ?? 1)),
                             extentOrder: try v.number("extent_order"), memFlags: try v.number("mem_flags"),
                             domid: try v.number("domid", default: MemoryOp.Reservation(nrExtents: 0).domid),
                             startExtent: try v.number("start_extent"))
    }

    static var memoryOpEntries: [Entry] {
        [
            Entry("memory_op", "increase_reservation", fields: reservationFields + [("want_frames", "1: write frames back")]) { v throws(CatalogError) in
                .memoryOp(.increaseReservation(try reservation(v, count: nil), wantFrames: try v.bool("want_frames", default: true)))
            },
            Entry("memory_op", "decrease_reservation", fields: reservationFields) { v throws(CatalogError) in
                let e: [UInt64] = try v.list("extents")
                return .memoryOp(.decreaseReservation(try reservation(v, count: e.count), extents: e))
            },
            Entry("memory_op", "populate_physmap", fields: reservationFields) { v throws(CatalogError) in
                let e: [UInt64] = try v.list("extents")
                return .memoryOp(.populatePhysmap(try reservation(v, count: e.count), extents: e))
            },
        ]
    }

    static var multicallEntries: [Entry] {
        [
            Entry("multicall", "xen_version", fields: [("count", "number of XENVER_version entries")]) { v throws(CatalogError) in
                let n: Int = try v.number("count", default: 2)
                return .multicall(Multicall(Array(repeating: .init(.xenVersion(.version)), count: n)))
            },
        ]
    }
}
