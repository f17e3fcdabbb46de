import CXen

/// Catalog entries for the `memory_op` sub-ops beyond the reservations.
extension CallCatalog {
    static func memEntry<S: XenStruct>(_ name: String, _: S.Type, extra: [(String, String)] = [],
                                       _ make: @escaping @Sendable (S, FieldValues) throws(CatalogError) -> MemoryOp) -> Entry {
        Entry("memory_op", name, fields: S.fieldNames + extra) { v throws(CatalogError) in .memoryOp(try make(try S(fields: v), v)) }
    }

    static var memoryOpMoreEntries: [Entry] {
        let domid = [("domid", "domain (default DOMID_SELF)")]
        let selfID = MemoryOp.Reservation(nrExtents: 0).domid
        let start = ("start_extent", "continuation in cmd's high bits")
        return [
            Entry("memory_op", "exchange", fields: [("in_extents", "GMFNs given up"), ("out_extents", "GPFNs to populate"),
                                                    ("in_order", "in.extent_order"), ("out_order", "out.extent_order"),
                                                    ("mem_flags", "out.mem_flags"), ("domid", "domain")]) { v throws(CatalogError) in
                let i: [UInt64] = try v.list("in_extents"), o: [UInt64] = try v.list("out_extents")
                let d: UInt16 = try v.number("domid", default: selfID)
                return .memoryOp(.exchange(.init(
                    input: .init(nrExtents: UInt64(i.count), extentOrder: try v.number("in_order"), domid: d), inExtents: i,
                    output: .init(nrExtents: UInt64(o.count), extentOrder: try v.number("out_order"), memFlags: try v.number("mem_flags"), domid: d),
                    outExtents: o)))
            },
            Entry("memory_op", "maximum_ram_page") { _ throws(CatalogError) in .memoryOp(.maximumRAMPage) },
            Entry("memory_op", "current_reservation", fields: domid) { v throws(CatalogError) in
                .memoryOp(.currentReservation(domid: try v.number("domid", default: selfID)))
            },
            Entry("memory_op", "maximum_reservation", fields: domid) { v throws(CatalogError) in
                .memoryOp(.maximumReservation(domid: try v.number("domid", default: selfID)))
            },
            Entry("memory_op", "maximum_gpfn", fields: domid) { v throws(CatalogError) in
                .memoryOp(.maximumGPFN(domid: try v.number("domid", default: selfID)))
            },
            memEntry("add_to_physmap", MemoryOp.AddToPhysmap.self, extra: [start]) { a, v throws(CatalogError) in
                .addToPhysmap(a, startExtent: try v.number("start_extent"))
            },
            memEntry("add_to_physmap_batch", MemoryOp.AddToPhysmapBatch.self,
                     extra: [("idxs", "comma-separated idxs"), ("gpfns", "comma-separated gpfns"), start]) { a, v throws(CatalogError) in
                var a = a
                let i: [UInt64] = try v.list("idxs"), g: [UInt64] = try v.list("gpfns")
                guard i.count == g.count, i.count <= Int(UInt16.max) else { throw .badField("gpfns", "needs as many entries as idxs (at most 65535)") }
                a.size = UInt16(i.count)
                return .addToPhysmapBatch(a, idxs: i, gpfns: g, startExtent: try v.number("start_extent"))
            },
            memEntry("remove_from_physmap", MemoryOp.RemoveFromPhysmap.self) { r, _ throws(CatalogError) in .removeFromPhysmap(r) },
            Entry("memory_op", "memory_map", fields: [("nr_entries", "E820 entries the buffer holds")]) { v throws(CatalogError) in
                .memoryOp(.memoryMap(nrEntries: try v.number("nr_entries", default: 128)))
            },
            Entry("memory_op", "machine_memory_map", fields: [("nr_entries", "E820 entries the buffer holds")]) { v throws(CatalogError) in
                .memoryOp(.machineMemoryMap(nrEntries: try v.number("nr_entries", default: 128)))
            },
            Entry("memory_op", "set_memory_map", fields: domid + [("entries", "comma-separated bytes, 20 per E820 entry")]) { v throws(CatalogError) in
                let e: [UInt8] = try v.list("entries", of: UInt8.self)
                guard e.count % MemoryOp.e820EntrySize == 0 else { throw .badField("entries", "not a multiple of \(MemoryOp.e820EntrySize) bytes") }
                return .memoryOp(.setMemoryMap(domid: try v.number("domid", default: selfID), entries: e))
            },
            memEntry("acquire_resource", MemoryOp.AcquireResource.self, extra: [("frames", "comma-separated frame_list (absent: null)")]) { a, v throws(CatalogError) in
                var a = a
                guard v.raw["frames"] != nil else { return .acquireResource(a, frames: nil) }
                let frames: [UInt64] = try v.list("frames")
                a.nrFrames = UInt32(truncatingIfNeeded: frames.count)
                return .acquireResource(a, frames: frames)
            },
            Entry("memory_op", "get_sharing_freed_pages") { _ throws(CatalogError) in .memoryOp(.getSharingFreedPages) },
            Entry("memory_op", "get_sharing_shared_pages") { _ throws(CatalogError) in .memoryOp(.getSharingSharedPages) },
            Entry("memory_op", "claim_pages", fields: [("nr_extents", "pages to claim"), ("domid", "domain")]) { v throws(CatalogError) in
                .memoryOp(.claimPages(.init(nrExtents: try v.number("nr_extents"), domid: try v.number("domid", default: selfID))))
            },
            memEntry("reserved_device_memory_map", MemoryOp.ReservedDeviceMemoryMap.self) { m, _ throws(CatalogError) in .reservedDeviceMemoryMap(m) },
            memEntry("set_pod_target", MemoryOp.SetPodTarget.self) { t, _ throws(CatalogError) in .setPodTarget(t) },
            memEntry("get_pod_target", MemoryOp.GetPodTarget.self) { t, _ throws(CatalogError) in .getPodTarget(t) },
            memEntry("machphys_mfn_list", MemoryOp.MachphysMFNList.self) { m, _ throws(CatalogError) in .machphysMFNList(m) },
            memEntry("machphys_compat_mfn_list", MemoryOp.MachphysMFNList.self) { m, _ throws(CatalogError) in .machphysCompatMFNList(m) },
            Entry("memory_op", "machphys_mapping") { _ throws(CatalogError) in .memoryOp(.machphysMapping) },
            memEntry("get_vnumainfo", MemoryOp.VNUMATopologyInfo.self) { t, _ throws(CatalogError) in .getVNUMAInfo(t) },
            memEntry("paging_op", MemoryOp.PagingOp.self, extra: [("page", "comma-separated prep page bytes (absent: null)")]) { p, v throws(CatalogError) in
                guard v.raw["page"] != nil else { return .pagingOp(p, page: nil) }
                return .pagingOp(p, page: MemoryOp.fit(try v.list("page"), Int(XENABI_PAGE_SIZE)).map { UInt8(truncatingIfNeeded: $0) })
            },
            memEntry("access_op", MemoryOp.AccessOp.self, extra: [("pfns", "set_access_multi pfn_list"), ("access", "its access_list"),
                                                                  ("start_iter", "continuation in cmd's high bits")]) { a, v throws(CatalogError) in
                var a = a
                let start: UInt64 = try v.number("start_iter")
                guard v.raw["pfns"] != nil else { return .accessOp(a, lists: nil, startIter: start) }
                let pfns: [UInt64] = try v.list("pfns"), access: [UInt8] = try v.list("access", of: UInt8.self)
                guard pfns.count == access.count else { throw .badField("access", "needs as many entries as pfns") }
                a.nr = UInt32(truncatingIfNeeded: pfns.count)
                return .accessOp(a, lists: .init(pfns: pfns, access: access), startIter: start)
            },
        ]
    }
}
