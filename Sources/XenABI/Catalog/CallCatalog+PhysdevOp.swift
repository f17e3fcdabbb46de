/// Catalog entries for `physdev_op` and `physdev_op_compat`.
extension CallCatalog {
    static func physEntry<S: XenStruct>(_ name: String, _: S.Type, _ make: @escaping @Sendable (S) -> PhysdevOp) -> Entry {
        Entry("physdev_op", name, fields: S.fieldNames) { v throws(CatalogError) in .physdevOp(make(try S(fields: v))) }
    }

    static var physdevOpEntries: [Entry] {
        typealias P = PhysdevOp
        return [
            Entry("physdev_op", "irq_unmask_notify") { _ throws(CatalogError) in .physdevOp(.irqUnmaskNotify) },
            physEntry("irq_status_query", P.IRQStatusQuery.self) { .irqStatusQuery($0) },
            physEntry("set_iopl", P.SetIOPL.self) { .setIOPL($0) },
            Entry("physdev_op", "set_iobitmap", fields: [("nr_ports", "ports covered"), ("bitmap", "comma-separated bitmap bytes")]) { v throws(CatalogError) in
                let n: UInt32 = try v.number("nr_ports")
                guard n <= P.maxIOPorts else { throw .badField("nr_ports", "at most \(P.maxIOPorts)") }
                return .physdevOp(.setIOBitmap(bitmap: MemoryOp.fit(try v.list("bitmap"), P.bitmapBytes(n)).map { UInt8(truncatingIfNeeded: $0) }, nrPorts: n))
            },
            physEntry("apic_read", P.APICRead.self) { .apicRead($0) },
            physEntry("apic_write", P.APICWrite.self) { .apicWrite($0) },
            physEntry("alloc_irq_vector", P.AllocIRQVector.self) { .allocIRQVector($0) },
            physEntry("free_irq_vector", P.FreeIRQVector.self) { .freeIRQVector($0) },
            physEntry("eoi", P.EOI.self) { .eoi($0) },
            physEntry("map_pirq", P.MapPIRQ.self) { .mapPIRQ($0) },
            physEntry("unmap_pirq", P.UnmapPIRQ.self) { .unmapPIRQ($0) },
            physEntry("manage_pci_add", P.ManagePCI.self) { .managePCIAdd($0) },
            physEntry("manage_pci_remove", P.ManagePCI.self) { .managePCIRemove($0) },
            physEntry("pirq_eoi_gmfn_v1", P.PIRQEOIGMFN.self) { .pirqEOIGMFNv1($0) },
            physEntry("restore_msi", P.RestoreMSI.self) { .restoreMSI($0) },
            physEntry("manage_pci_add_ext", P.ManagePCIExt.self) { .managePCIAddExt($0) },
            physEntry("setup_gsi", P.SetupGSI.self) { .setupGSI($0) },
            physEntry("get_free_pirq", P.GetFreePIRQ.self) { .getFreePIRQ($0) },
            physEntry("pci_mmcfg_reserved", P.PCIMMCFGReserved.self) { .pciMMCFGReserved($0) },
            Entry("physdev_op", "pci_device_add", fields: P.PCIDeviceAdd.fieldNames + [("pxm", "optarr[0] (sets XEN_PCI_DEV_PXM)")]) { v throws(CatalogError) in
                // XEN_PCI_DEV_PXM is implied by `pxm`: the typed value keeps it out of `flags`.
                var d = try P.PCIDeviceAdd(fields: v)
                d.flags &= ~PhysdevOp.pxmFlag
                return .physdevOp(.pciDeviceAdd(d, pxm: v.raw["pxm"] == nil ? nil : try v.number("pxm") as UInt32))
            },
            physEntry("pci_device_remove", P.PCIDevice.self) { .pciDeviceRemove($0) },
            physEntry("restore_msi_ext", P.PCIDevice.self) { .restoreMSIExt($0) },
            physEntry("pirq_eoi_gmfn_v2", P.PIRQEOIGMFN.self) { .pirqEOIGMFNv2($0) },
            physEntry("dbgp_op", P.DBGPOp.self) { .dbgpOp($0) },
            physEntry("prepare_msix", P.PCIDevice.self) { .prepareMSIX($0) },
            physEntry("release_msix", P.PCIDevice.self) { .releaseMSIX($0) },
        ]
    }

    static var physdevOpCompatEntries: [Entry] {
        physdevOpEntries.compactMap { e in
            guard let probe = try? e.make(FieldValues()), case .physdevOp(let op) = probe, PhysdevOpCompat(op) != nil else { return nil }
            return Entry("physdev_op_compat", e.subop, fields: e.fields.map { ($0.name, $0.help) }) { v throws(CatalogError) in
                guard case .physdevOp(let op) = try e.make(v), let c = PhysdevOpCompat(op) else { throw .badField("cmd", "not a compat physdev operation") }
                return .physdevOpCompat(c)
            }
        }
    }
}
