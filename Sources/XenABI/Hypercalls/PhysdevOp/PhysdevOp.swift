import CXen

/// `__HYPERVISOR_physdev_op` (`public/physdev.h`): `physdev_op(cmd, arg)`.
public enum PhysdevOp: TypedHypercall, Hashable {
    /// `PHYSDEVOP_IRQ_UNMASK_NOTIFY` (4, deprecated): no argument.
    case irqUnmaskNotify
    /// `PHYSDEVOP_irq_status_query`
    case irqStatusQuery(IRQStatusQuery)
    /// `PHYSDEVOP_set_iopl`
    case setIOPL(SetIOPL)
    /// `PHYSDEVOP_set_iobitmap`: `bitmap` is the nested bitmap of `nrPorts` bits.
    case setIOBitmap(bitmap: [UInt8], nrPorts: UInt32)
    /// `PHYSDEVOP_apic_read`
    case apicRead(APICRead)
    /// `PHYSDEVOP_apic_write`
    case apicWrite(APICWrite)
    /// `PHYSDEVOP_alloc_irq_vector`
    case allocIRQVector(AllocIRQVector)
    /// `PHYSDEVOP_free_irq_vector`
    case freeIRQVector(FreeIRQVector)
    /// `PHYSDEVOP_eoi`
    case eoi(EOI)
    /// `PHYSDEVOP_map_pirq`
    case mapPIRQ(MapPIRQ)
    /// `PHYSDEVOP_unmap_pirq`
    case unmapPIRQ(UnmapPIRQ)
    /// `PHYSDEVOP_manage_pci_add`
    case managePCIAdd(ManagePCI)
    /// `PHYSDEVOP_manage_pci_remove`
    case managePCIRemove(ManagePCI)
    /// `PHYSDEVOP_pirq_eoi_gmfn_v1`
    case pirqEOIGMFNv1(PIRQEOIGMFN)
    /// `PHYSDEVOP_restore_msi`
    case restoreMSI(RestoreMSI)
    /// `PHYSDEVOP_manage_pci_add_ext`
    case managePCIAddExt(ManagePCIExt)
    /// `PHYSDEVOP_setup_gsi`
    case setupGSI(SetupGSI)
    /// `PHYSDEVOP_get_free_pirq`
    case getFreePIRQ(GetFreePIRQ)
    /// `PHYSDEVOP_pci_mmcfg_reserved`
    case pciMMCFGReserved(PCIMMCFGReserved)
    /// `PHYSDEVOP_pci_device_add`: `pxm` present sets `XEN_PCI_DEV_PXM` and
    /// appends `optarr[0]`; the struct's `flags` holds the other bits.
    case pciDeviceAdd(PCIDeviceAdd, pxm: UInt32?)
    /// `PHYSDEVOP_pci_device_remove`
    case pciDeviceRemove(PCIDevice)
    /// `PHYSDEVOP_restore_msi_ext`
    case restoreMSIExt(PCIDevice)
    /// `PHYSDEVOP_pirq_eoi_gmfn_v2`
    case pirqEOIGMFNv2(PIRQEOIGMFN)
    /// `PHYSDEVOP_dbgp_op`
    case dbgpOp(DBGPOp)
    /// `PHYSDEVOP_prepare_msix`
    case prepareMSIX(PCIDevice)
    /// `PHYSDEVOP_release_msix`
    case releaseMSIX(PCIDevice)

    public static var number: HypercallNumber { .physdev_op }

    /// The `PHYSDEVOP_*` command.
    public var cmd: Int32 {
        switch self {
        case .irqUnmaskNotify: PHYSDEVOP_IRQ_UNMASK_NOTIFY
        case .irqStatusQuery: PHYSDEVOP_irq_status_query
        case .setIOPL: PHYSDEVOP_set_iopl
        case .setIOBitmap: PHYSDEVOP_set_iobitmap
        case .apicRead: PHYSDEVOP_apic_read
        case .apicWrite: PHYSDEVOP_apic_write
        case .allocIRQVector: PHYSDEVOP_alloc_irq_vector
        case .freeIRQVector: PHYSDEVOP_free_irq_vector
        case .eoi: PHYSDEVOP_eoi
        case .mapPIRQ: PHYSDEVOP_map_pirq
        case .unmapPIRQ: PHYSDEVOP_unmap_pirq
        case .managePCIAdd: PHYSDEVOP_manage_pci_add
        case .managePCIRemove: PHYSDEVOP_manage_pci_remove
        case .pirqEOIGMFNv1: PHYSDEVOP_pirq_eoi_gmfn_v1
        case .restoreMSI: PHYSDEVOP_restore_msi
        case .managePCIAddExt: PHYSDEVOP_manage_pci_add_ext
        case .setupGSI: PHYSDEVOP_setup_gsi
        case .getFreePIRQ: PHYSDEVOP_get_free_pirq
        case .pciMMCFGReserved: PHYSDEVOP_pci_mmcfg_reserved
        case .pciDeviceAdd: PHYSDEVOP_pci_device_add
        case .pciDeviceRemove: PHYSDEVOP_pci_device_remove
        case .restoreMSIExt: PHYSDEVOP_restore_msi_ext
        case .pirqEOIGMFNv2: PHYSDEVOP_pirq_eoi_gmfn_v2
        case .dbgpOp: PHYSDEVOP_dbgp_op
        case .prepareMSIX: PHYSDEVOP_prepare_msix
        case .releaseMSIX: PHYSDEVOP_release_msix
        }
    }

    /// The argument struct of the sub-ops that take exactly one.
    var argument: (any XenStruct)? {
        switch self {
        case .irqUnmaskNotify, .setIOBitmap, .pciDeviceAdd: nil
        case .irqStatusQuery(let s): s
        case .setIOPL(let s): s
        case .apicRead(let s): s
        case .apicWrite(let s): s
        case .allocIRQVector(let s): s
        case .freeIRQVector(let s): s
        case .eoi(let s): s
        case .mapPIRQ(let s): s
        case .unmapPIRQ(let s): s
        case .managePCIAdd(let s), .managePCIRemove(let s): s
        case .pirqEOIGMFNv1(let s), .pirqEOIGMFNv2(let s): s
        case .restoreMSI(let s): s
        case .managePCIAddExt(let s): s
        case .setupGSI(let s): s
        case .getFreePIRQ(let s): s
        case .pciMMCFGReserved(let s): s
        case .pciDeviceRemove(let s), .restoreMSIExt(let s), .prepareMSIX(let s), .releaseMSIX(let s): s
        case .dbgpOp(let s): s
        }
    }

    /// `XEN_PCI_DEV_PXM`: set by the encoder exactly when `pciDeviceAdd` has a `pxm`.
    public static let pxmFlag = UInt32(XEN_PCI_DEV_PXM)
    /// `offsetof(physdev_pci_device_add_t, optarr)`
    public static let optarrOffset = Int(XENABI_PCI_DEVICE_ADD_OPTARR)
    /// The most I/O ports a bitmap may cover (Xen: -EINVAL above 65536).
    public static let maxIOPorts: UInt32 = 65536

    /// Bytes of an I/O bitmap of `ports` bits.
    public static func bitmapBytes(_ ports: UInt32) -> Int { (Int(ports) + 7) / 8 }

    public func encode(into call: inout EncodedCall) {
        call.reset(.physdev_op)
        call.args[0] = UInt64(cmd)
        let arg = HandleSite.register(1)
        switch self {
        case .irqUnmaskNotify:
            call.addNullHandle(site: arg)
        case .setIOBitmap(let bitmap, let n):
            let b = call.addStruct(SetIOBitmap(nrPorts: n), site: arg)
            PhysdevOp.addBitmap(bitmap, ports: n, parent: b, at: SetIOBitmap.Offsets.bitmap, into: &call)
        case .pciDeviceAdd(var d, let pxm):
            d.flags = pxm == nil ? d.flags & ~PhysdevOp.pxmFlag : d.flags | PhysdevOp.pxmFlag
            let b = call.addBuffer(size: PhysdevOp.optarrOffset + (pxm == nil ? 0 : 4), direction: .in, site: arg)
            d.store(into: &call, buffer: b, at: 0)
            if let pxm { call.store(pxm, buffer: b, at: PhysdevOp.optarrOffset) }
        case .mapPIRQ(let m):
            // Larger than an existential's inline buffer: added directly, not through `argument`.
            call.addStruct(m, site: arg)
        default:
            call.addStruct(argument!, site: arg)
        }
    }

    static func addBitmap(_ bitmap: [UInt8], ports: UInt32, parent: Int, at offset: Int, into call: inout EncodedCall) {
        let n = bitmapBytes(ports)
        let b = call.addBuffer(size: n, direction: .in, site: .nested(buffer: parent, offset: offset))
        call.store(bytes: bitmap.prefix(n), buffer: b, at: 0)
        call.markInput(buffer: b, at: 0, count: n)
    }

    typealias Reader = (size: Int, name: String, make: @Sendable (GuestStruct, Int) -> PhysdevOp)
    static let readers: [Int32: Reader] = [
        PHYSDEVOP_irq_status_query: (IRQStatusQuery.size, "irq_status_query", { .irqStatusQuery(.init(loading: $0, at: $1)) }),
        PHYSDEVOP_set_iopl: (SetIOPL.size, "set_iopl", { .setIOPL(.init(loading: $0, at: $1)) }),
        PHYSDEVOP_apic_read: (APICRead.size, "apic_read", { .apicRead(.init(loading: $0, at: $1)) }),
        PHYSDEVOP_apic_write: (APICWrite.size, "apic_write", { .apicWrite(.init(loading: $0, at: $1)) }),
        PHYSDEVOP_alloc_irq_vector: (AllocIRQVector.size, "alloc_irq_vector", { .allocIRQVector(.init(loading: $0, at: $1)) }),
        PHYSDEVOP_free_irq_vector: (FreeIRQVector.size, "free_irq_vector", { .freeIRQVector(.init(loading: $0, at: $1)) }),
        PHYSDEVOP_eoi: (EOI.size, "eoi", { .eoi(.init(loading: $0, at: $1)) }),
        PHYSDEVOP_map_pirq: (MapPIRQ.size, "map_pirq", { .mapPIRQ(.init(loading: $0, at: $1)) }),
        PHYSDEVOP_unmap_pirq: (UnmapPIRQ.size, "unmap_pirq", { .unmapPIRQ(.init(loading: $0, at: $1)) }),
        PHYSDEVOP_manage_pci_add: (ManagePCI.size, "manage_pci_add", { .managePCIAdd(.init(loading: $0, at: $1)) }),
        PHYSDEVOP_manage_pci_remove: (ManagePCI.size, "manage_pci_remove", { .managePCIRemove(.init(loading: $0, at: $1)) }),
        PHYSDEVOP_pirq_eoi_gmfn_v1: (PIRQEOIGMFN.size, "pirq_eoi_gmfn_v1", { .pirqEOIGMFNv1(.init(loading: $0, at: $1)) }),
        PHYSDEVOP_restore_msi: (RestoreMSI.size, "restore_msi", { .restoreMSI(.init(loading: $0, at: $1)) }),
        PHYSDEVOP_manage_pci_add_ext: (ManagePCIExt.size, "manage_pci_add_ext", { .managePCIAddExt(.init(loading: $0, at: $1)) }),
        PHYSDEVOP_setup_gsi: (SetupGSI.size, "setup_gsi", { .setupGSI(.init(loading: $0, at: $1)) }),
        PHYSDEVOP_get_free_pirq: (GetFreePIRQ.size, "get_free_pirq", { .getFreePIRQ(.init(loading: $0, at: $1)) }),
        PHYSDEVOP_pci_mmcfg_reserved: (PCIMMCFGReserved.size, "pci_mmcfg_reserved", { .pciMMCFGReserved(.init(loading: $0, at: $1)) }),
        PHYSDEVOP_pci_device_remove: (PCIDevice.size, "pci_device_remove", { .pciDeviceRemove(.init(loading: $0, at: $1)) }),
        PHYSDEVOP_restore_msi_ext: (PCIDevice.size, "restore_msi_ext", { .restoreMSIExt(.init(loading: $0, at: $1)) }),
        PHYSDEVOP_pirq_eoi_gmfn_v2: (PIRQEOIGMFN.size, "pirq_eoi_gmfn_v2", { .pirqEOIGMFNv2(.init(loading: $0, at: $1)) }),
        PHYSDEVOP_dbgp_op: (DBGPOp.size, "dbgp_op", { .dbgpOp(.init(loading: $0, at: $1)) }),
        PHYSDEVOP_prepare_msix: (PCIDevice.size, "prepare_msix", { .prepareMSIX(.init(loading: $0, at: $1)) }),
        PHYSDEVOP_release_msix: (PCIDevice.size, "release_msix", { .releaseMSIX(.init(loading: $0, at: $1)) }),
    ]

    public static func decode(_ raw: RawHypercall, memory: some GuestMemoryReader) throws(DecodeError) -> PhysdevOp {
        guard let c = Int32(exactly: raw.args[0]) else { throw DecodeError(.unknownSubop(raw.args[0]), at: "physdev_op") }
        let h = raw.args[1], f = raw.op.flavour
        switch c {
        case PHYSDEVOP_IRQ_UNMASK_NOTIFY:
            return .irqUnmaskNotify
        case PHYSDEVOP_set_iobitmap:
            let s = try GuestStruct("physdev_op.set_iobitmap", handle: h, flavour: f, size: SetIOBitmap.size, memory: memory)
            return try decodeBitmap(s, at: 0, memory: memory)
        case PHYSDEVOP_pci_device_add:
            let s = try GuestStruct("physdev_op.pci_device_add", handle: h, flavour: f, size: optarrOffset, memory: memory)
            var d = PCIDeviceAdd(loading: s, at: 0)
            guard d.flags & pxmFlag != 0 else { return .pciDeviceAdd(d, pxm: nil) }
            d.flags &= ~pxmFlag
            let o = try GuestStruct("physdev_op.pci_device_add.optarr", handle: h, flavour: f, offset: optarrOffset,
                                    size: 4, memory: memory)
            return .pciDeviceAdd(d, pxm: o.load(UInt32.self, at: 0))
        default:
            guard let r = readers[c] else { throw DecodeError(.unknownSubop(raw.args[0]), at: "physdev_op") }
            let s = try GuestStruct("physdev_op." + r.name, handle: h, flavour: f, size: r.size, memory: memory)
            return r.make(s, 0)
        }
    }

    static func decodeBitmap(_ s: GuestStruct, at base: Int, memory: some GuestMemoryReader) throws(DecodeError) -> PhysdevOp {
        let io = SetIOBitmap(loading: s, at: base)
        guard io.nrPorts <= maxIOPorts else {
            throw DecodeError(.invalid("nr_ports \(io.nrPorts) exceeds \(maxIOPorts)"), at: s.name + ".nr_ports")
        }
        let bitmap = try GuestArray.bytes(count: UInt64(bitmapBytes(io.nrPorts)), flavour: s.flavour, memory: memory,
                                          handle: s.load(UInt64.self, at: base + SetIOBitmap.Offsets.bitmap), at: s.name + ".bitmap")
        return .setIOBitmap(bitmap: bitmap, nrPorts: io.nrPorts)
    }

    static var layoutRows: [Layout.Row] { structLayoutRows + PhysdevOpCompat.layoutRows }
}

/// `__HYPERVISOR_physdev_op_compat(arg)` (pre-3.0.2 ABI): one in/out
/// `struct physdev_op` (cmd + union). Only the commands whose struct the
/// union holds fit: irq_status_query, set_iopl, set_iobitmap, apic_read,
/// apic_write, alloc_irq_vector, free_irq_vector, and IRQ_UNMASK_NOTIFY.
public struct PhysdevOpCompat: TypedHypercall, Hashable {
    /// The wrapped operation.
    public var op: PhysdevOp

    /// `op` in the compat envelope; nil when it does not fit `physdev_op.u`.
    public init?(_ op: PhysdevOp) {
        guard PhysdevOpCompat.commands.contains(op.cmd) else { return nil }
        self.op = op
    }

    static let commands: Set<Int32> = [
        PHYSDEVOP_IRQ_UNMASK_NOTIFY, PHYSDEVOP_irq_status_query, PHYSDEVOP_set_iopl, PHYSDEVOP_set_iobitmap,
        PHYSDEVOP_apic_read, PHYSDEVOP_apic_write, PHYSDEVOP_alloc_irq_vector, PHYSDEVOP_free_irq_vector,
    ]

    public static var number: HypercallNumber { .physdev_op_compat }

    /// `sizeof(physdev_op_t)`
    public static let size = MemoryLayout<physdev_op_t>.size
    /// `offsetof(physdev_op_t, cmd)`
    public static let cmdOffset = Layout.offset(\physdev_op_t.cmd)
    /// `offsetof(physdev_op_t, u)`
    public static let unionOffset = Layout.offset(\physdev_op_t.u)

    public func encode(into call: inout EncodedCall) {
        call.reset(.physdev_op_compat)
        let b = call.addBuffer(size: Self.size, direction: .inOut, site: .register(0))
        call.store(UInt32(op.cmd), buffer: b, at: Self.cmdOffset)
        switch op {
        case .setIOBitmap(let bitmap, let n):
            PhysdevOp.SetIOBitmap(nrPorts: n).store(into: &call, buffer: b, at: Self.unionOffset)
            PhysdevOp.addBitmap(bitmap, ports: n, parent: b, at: Self.unionOffset + PhysdevOp.SetIOBitmap.Offsets.bitmap, into: &call)
        default:
            op.argument?.store(into: &call, buffer: b, at: Self.unionOffset)
        }
    }

    public static func decode(_ raw: RawHypercall, memory: some GuestMemoryReader) throws(DecodeError) -> PhysdevOpCompat {
        let s = try GuestStruct("physdev_op_compat.physdev_op", handle: raw.args[0], flavour: raw.op.flavour, size: size, memory: memory)
        let cmd = s.load(UInt32.self, at: cmdOffset)
        guard let c = Int32(exactly: cmd), commands.contains(c) else {
            throw DecodeError(.unknownSubop(UInt64(cmd)), at: "physdev_op_compat")
        }
        // `commands` and `readers` are checked again here rather than
        // force-unwrapped: the guest chose `cmd`, and a table edited out of
        // step with the other must not turn into a trap.
        let op: PhysdevOp
        switch c {
        case PHYSDEVOP_IRQ_UNMASK_NOTIFY: op = .irqUnmaskNotify
        case PHYSDEVOP_set_iobitmap: op = try PhysdevOp.decodeBitmap(s, at: unionOffset, memory: memory)
        default:
            guard let r = PhysdevOp.readers[c] else { throw DecodeError(.unknownSubop(UInt64(cmd)), at: "physdev_op_compat") }
            op = r.make(s, unionOffset)
        }
        guard let compat = PhysdevOpCompat(op) else { throw DecodeError(.unknownSubop(UInt64(cmd)), at: "physdev_op_compat") }
        return compat
    }

    static var layoutRows: [Layout.Row] {
        [
            .type("physdev_op_t", physdev_op_t.self),
            .field("physdev_op_t", \physdev_op_t.cmd, "cmd"),
            .nested("physdev_op_t", "u", offset: unionOffset, size: MemoryLayout.size(ofValue: physdev_op_t().u)),
        ]
    }
}
