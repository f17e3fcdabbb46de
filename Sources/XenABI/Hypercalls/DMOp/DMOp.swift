import CXen

/// `__HYPERVISOR_dm_op` (`public/hvm/dm_op.h`): `dm_op(domid, nr_bufs, bufs)`,
/// an array of `xen_dm_op_buf` (each a nested handle `h` and its `size`);
/// buffer 0 holds `struct xen_dm_op`, buffer 1 a sub-op's array. Buffer
/// sizes are the ones libxendevicemodel passes (`sizeof(struct xen_dm_op)`,
/// then the array's bytes).
public struct DMOp: TypedHypercall, Hashable {
    /// The target domain (register 0).
    public var domid: UInt16
    /// The `XEN_DMOP_*` sub-op and its input fields.
    public var op: Op

    /// A device-model op on `domid`.
    public init(domid: UInt16, _ op: Op) {
        self.domid = domid
        self.op = op
    }

    /// `XEN_DMOP_modified_memory` extent: `nr` pages from `firstPFN`.
    public struct Extent: Hashable, Sendable {
        /// `nr`, `first_pfn`.
        public var nr: UInt32, firstPFN: UInt64
        /// An extent.
        public init(nr: UInt32, firstPFN: UInt64) { self.nr = nr; self.firstPFN = firstPFN }
    }

    /// The `XEN_DMOP_*` sub-ops, each with the fields Xen reads.
    public enum Op: Hashable, Sendable {
        /// `XEN_DMOP_create_ioreq_server`.
        case createIoreqServer(handleBufioreq: UInt8)
        /// `XEN_DMOP_get_ioreq_server_info`.
        case getIoreqServerInfo(id: UInt16, flags: UInt16)
        /// `XEN_DMOP_map_io_range_to_ioreq_server`.
        case mapIORange(id: UInt16, type: UInt32, start: UInt64, end: UInt64)
        /// `XEN_DMOP_unmap_io_range_from_ioreq_server`.
        case unmapIORange(id: UInt16, type: UInt32, start: UInt64, end: UInt64)
        /// `XEN_DMOP_set_ioreq_server_state`.
        case setIoreqServerState(id: UInt16, enabled: UInt8)
        /// `XEN_DMOP_destroy_ioreq_server`.
        case destroyIoreqServer(id: UInt16)
        /// `XEN_DMOP_track_dirty_vram`: buffer 1 receives a bit per page.
        case trackDirtyVRAM(nr: UInt32, firstPFN: UInt64)
        /// `XEN_DMOP_set_pci_intx_level`.
        case setPCIIntxLevel(domain: UInt16, bus: UInt8, device: UInt8, intx: UInt8, level: UInt8)
        /// `XEN_DMOP_set_isa_irq_level`.
        case setISAIRQLevel(isaIRQ: UInt8, level: UInt8)
        /// `XEN_DMOP_set_pci_link_route`.
        case setPCILinkRoute(link: UInt8, isaIRQ: UInt8)
        /// `XEN_DMOP_modified_memory`: buffer 1 holds the extents.
        case modifiedMemory(opaque: UInt32, extents: [Extent])
        /// `XEN_DMOP_set_mem_type`.
        case setMemType(nr: UInt32, memType: UInt16, firstPFN: UInt64)
        /// `XEN_DMOP_inject_event`.
        case injectEvent(vcpu: UInt32, vector: UInt8, type: UInt8, insnLen: UInt8, errorCode: UInt32, cr2: UInt64)
        /// `XEN_DMOP_inject_msi`.
        case injectMSI(data: UInt32, addr: UInt64)
        /// `XEN_DMOP_map_mem_type_to_ioreq_server`.
        case mapMemTypeToIoreqServer(id: UInt16, type: UInt16, flags: UInt32, opaque: UInt64)
        /// `XEN_DMOP_remote_shutdown`.
        case remoteShutdown(reason: UInt32)
        /// `XEN_DMOP_relocate_memory`.
        case relocateMemory(size: UInt32, srcGFN: UInt64, dstGFN: UInt64)
        /// `XEN_DMOP_pin_memory_cacheattr`.
        case pinMemoryCacheattr(start: UInt64, end: UInt64, type: UInt32)
        /// `XEN_DMOP_set_irq_level`.
        case setIRQLevel(irq: UInt32, level: UInt8)
        /// `XEN_DMOP_nr_vcpus`: output only.
        case nrVCPUs
    }

    public static var number: HypercallNumber { .dm_op }

    /// The `XEN_DMOP_*` number.
    public var code: UInt32 {
        let c: Int32 = switch op {
        case .createIoreqServer: XEN_DMOP_create_ioreq_server
        case .getIoreqServerInfo: XEN_DMOP_get_ioreq_server_info
        case .mapIORange: XEN_DMOP_map_io_range_to_ioreq_server
        case .unmapIORange: XEN_DMOP_unmap_io_range_from_ioreq_server
        case .setIoreqServerState: XEN_DMOP_set_ioreq_server_state
        case .destroyIoreqServer: XEN_DMOP_destroy_ioreq_server
        case .trackDirtyVRAM: XEN_DMOP_track_dirty_vram
        case .setPCIIntxLevel: XEN_DMOP_set_pci_intx_level
        case .setISAIRQLevel: XEN_DMOP_set_isa_irq_level
        case .setPCILinkRoute: XEN_DMOP_set_pci_link_route
        case .modifiedMemory: XEN_DMOP_modified_memory
        case .setMemType: XEN_DMOP_set_mem_type
        case .injectEvent: XEN_DMOP_inject_event
        case .injectMSI: XEN_DMOP_inject_msi
        case .mapMemTypeToIoreqServer: XEN_DMOP_map_mem_type_to_ioreq_server
        case .remoteShutdown: XEN_DMOP_remote_shutdown
        case .relocateMemory: XEN_DMOP_relocate_memory
        case .pinMemoryCacheattr: XEN_DMOP_pin_memory_cacheattr
        case .setIRQLevel: XEN_DMOP_set_irq_level
        case .nrVCPUs: XEN_DMOP_nr_vcpus
        }
        return UInt32(c)
    }

    /// The bytes of buffer 1, or nil when the sub-op uses only buffer 0.
    var secondBufferSize: Int? {
        switch op {
        case .trackDirtyVRAM(let nr, _): (Int(nr) + 7) / 8
        case .modifiedMemory(_, let e): e.count * DMOpLayout.extentSize
        default: nil
        }
    }

    public func encode(into call: inout EncodedCall) {
        typealias L = DMOpLayout
        call.reset(.dm_op)
        call.args[0] = UInt64(domid)
        let second = secondBufferSize
        let n = second == nil ? 1 : 2
        call.args[1] = UInt64(n)
        let list = call.addBuffer(size: n * L.bufSize, direction: .in, site: .register(2))
        call.store(UInt64(L.size), buffer: list, at: L.bufLen)
        let b = call.addBuffer(size: L.size, direction: .inOut, site: .nested(buffer: list, offset: L.bufH))
        call.store(code, buffer: b, at: L.op)
        let u = L.u
        func put<T: FixedWidthInteger>(_ v: T, _ o: Int) { call.store(v, buffer: b, at: u + o) }
        switch op {
        case .nrVCPUs: break
        case .createIoreqServer(let h): put(h, L.ciHandleBufioreq)
        case .getIoreqServerInfo(let id, let flags): put(id, L.giID); put(flags, L.giFlags)
        case .mapIORange(let id, let t, let s, let e), .unmapIORange(let id, let t, let s, let e):
            put(id, L.rgID); put(t, L.rgType); put(s, L.rgStart); put(e, L.rgEnd)
        case .setIoreqServerState(let id, let en): put(id, L.ssID); put(en, L.ssEnabled)
        case .destroyIoreqServer(let id): put(id, L.dsID)
        case .trackDirtyVRAM(let nr, let pfn): put(nr, L.tdNr); put(pfn, L.tdFirstPFN)
        case .setPCIIntxLevel(let d, let bus, let dev, let intx, let level):
            put(d, L.piDomain); put(bus, L.piBus); put(dev, L.piDevice); put(intx, L.piIntx); put(level, L.piLevel)
        case .setISAIRQLevel(let irq, let level): put(irq, L.isaIRQ); put(level, L.isaLevel)
        case .setPCILinkRoute(let link, let irq): put(link, L.lrLink); put(irq, L.lrISAIRQ)
        case .modifiedMemory(let opaque, let extents): put(UInt32(extents.count), L.mmNrExtents); put(opaque, L.mmOpaque)
        case .setMemType(let nr, let t, let pfn): put(nr, L.smNr); put(t, L.smMemType); put(pfn, L.smFirstPFN)
        case .injectEvent(let vcpu, let vector, let type, let len, let err, let cr2):
            put(vcpu, L.ieVCPU); put(vector, L.ieVector); put(type, L.ieType); put(len, L.ieInsnLen); put(err, L.ieErrorCode); put(cr2, L.ieCR2)
        case .injectMSI(let data, let addr): put(data, L.msiData); put(addr, L.msiAddr)
        case .mapMemTypeToIoreqServer(let id, let t, let flags, let opaque): put(id, L.mtID); put(t, L.mtType); put(flags, L.mtFlags); put(opaque, L.mtOpaque)
        case .remoteShutdown(let r): put(r, L.rsReason)
        case .relocateMemory(let size, let src, let dst): put(size, L.rmSize); put(src, L.rmSrc); put(dst, L.rmDst)
        case .pinMemoryCacheattr(let s, let e, let t): put(s, L.pcStart); put(e, L.pcEnd); put(t, L.pcType)
        case .setIRQLevel(let irq, let level): put(irq, L.ilIRQ); put(level, L.ilLevel)
        }
        guard let second else { return }
        call.store(UInt64(second), buffer: list, at: L.bufSize + L.bufLen)
        if case .modifiedMemory(_, let extents) = op {
            let x = call.addBuffer(size: second, direction: .in, site: .nested(buffer: list, offset: L.bufSize + L.bufH))
            for (i, e) in extents.enumerated() {
                call.store(e.nr, buffer: x, at: i * L.extentSize + L.exNr)
                call.store(e.firstPFN, buffer: x, at: i * L.extentSize + L.exFirstPFN)
            }
        } else {
            call.addBuffer(size: second, direction: .out, site: .nested(buffer: list, offset: L.bufSize + L.bufH))
        }
    }

    /// The most buffers a decoder reads from `bufs` (Xen's own limit is 2 per sub-op in use).
    public static let maxBuffers = 16

    public static func decode(_ raw: RawHypercall, memory: some GuestMemoryReader) throws(DecodeError) -> DMOp {
        typealias L = DMOpLayout
        let f = raw.op.flavour
        let n = raw.args[1]
        guard n >= 1, n <= UInt64(maxBuffers) else { throw DecodeError(.invalid("nr_bufs \(n) outside 1...\(maxBuffers)"), at: "dm_op.nr_bufs") }
        guard raw.args[0] <= UInt64(UInt16.max) else { throw DecodeError(.invalid("domid \(raw.args[0]) is not a domid_t"), at: "dm_op.domid") }
        let list = try GuestStruct("dm_op.bufs", handle: raw.args[2], flavour: f, size: Int(n) * L.bufSize, memory: memory)
        let size0 = list.load(UInt64.self, at: L.bufLen)
        // Xen copies min(size, sizeof(struct xen_dm_op)) and zero-fills the rest.
        let read = Int(min(size0, UInt64(L.size)))
        var bytes = try GuestStruct("dm_op.bufs[0]", handle: list.load(UInt64.self, at: L.bufH), flavour: f, size: read, memory: memory).bytes
        bytes += [UInt8](repeating: 0, count: L.size - read)
        let s = GuestStruct(name: "xen_dm_op", bytes: bytes)
        let u = L.u
        func v<T: FixedWidthInteger>(_: T.Type, _ o: Int) -> T { s.load(T.self, at: u + o) }
        let code = s.load(UInt32.self, at: L.op)
        let domid = UInt16(raw.args[0])
        func need(_ k: UInt64) throws(DecodeError) {
            guard n == k else { throw DecodeError(.invalid("nr_bufs \(n), sub-op \(code) uses \(k)"), at: "dm_op.nr_bufs") }
        }
        let op: Op
        switch Int32(bitPattern: code) {
        case XEN_DMOP_create_ioreq_server: op = .createIoreqServer(handleBufioreq: v(UInt8.self, L.ciHandleBufioreq))
        case XEN_DMOP_get_ioreq_server_info: op = .getIoreqServerInfo(id: v(UInt16.self, L.giID), flags: v(UInt16.self, L.giFlags))
        case XEN_DMOP_map_io_range_to_ioreq_server:
            op = .mapIORange(id: v(UInt16.self, L.rgID), type: v(UInt32.self, L.rgType), start: v(UInt64.self, L.rgStart), end: v(UInt64.self, L.rgEnd))
        case XEN_DMOP_unmap_io_range_from_ioreq_server:
            op = .unmapIORange(id: v(UInt16.self, L.rgID), type: v(UInt32.self, L.rgType), start: v(UInt64.self, L.rgStart), end: v(UInt64.self, L.rgEnd))
        case XEN_DMOP_set_ioreq_server_state: op = .setIoreqServerState(id: v(UInt16.self, L.ssID), enabled: v(UInt8.self, L.ssEnabled))
        case XEN_DMOP_destroy_ioreq_server: op = .destroyIoreqServer(id: v(UInt16.self, L.dsID))
        case XEN_DMOP_track_dirty_vram:
            try need(2)
            // The dirty bitmap (buffer 1) is nr bits: bound it as a list before
            // the typed value sizes it (nr 2^32 - 1 would be 512 MiB).
            let nr = v(UInt32.self, L.tdNr)
            _ = try GuestArray.checkCount((UInt64(nr) + 7) / 8, at: "dm_op.track_dirty_vram.nr")
            op = .trackDirtyVRAM(nr: nr, firstPFN: v(UInt64.self, L.tdFirstPFN))
        case XEN_DMOP_set_pci_intx_level:
            op = .setPCIIntxLevel(domain: v(UInt16.self, L.piDomain), bus: v(UInt8.self, L.piBus), device: v(UInt8.self, L.piDevice),
                                  intx: v(UInt8.self, L.piIntx), level: v(UInt8.self, L.piLevel))
        case XEN_DMOP_set_isa_irq_level: op = .setISAIRQLevel(isaIRQ: v(UInt8.self, L.isaIRQ), level: v(UInt8.self, L.isaLevel))
        case XEN_DMOP_set_pci_link_route: op = .setPCILinkRoute(link: v(UInt8.self, L.lrLink), isaIRQ: v(UInt8.self, L.lrISAIRQ))
        case XEN_DMOP_modified_memory:
            try need(2)
            let count = v(UInt32.self, L.mmNrExtents)
            let size = try GuestStruct.size(count: UInt64(count), element: L.extentSize, at: "dm_op.modified_memory.nr_extents")
            guard list.load(UInt64.self, at: L.bufSize + L.bufLen) >= UInt64(size) else {
                throw DecodeError(.invalid("bufs[1].size smaller than nr_extents"), at: "dm_op.bufs[1].size")
            }
            let x = size == 0 ? GuestStruct(name: "extents", bytes: [])
                : try GuestStruct("dm_op.bufs[1]", handle: list.load(UInt64.self, at: L.bufSize + L.bufH), flavour: f, size: size, memory: memory)
            op = .modifiedMemory(opaque: v(UInt32.self, L.mmOpaque), extents: try (0 ..< Int(count)).map { i throws(DecodeError) in
                Extent(nr: try x.checkedLoad(UInt32.self, at: i * L.extentSize + L.exNr),
                       firstPFN: try x.checkedLoad(UInt64.self, at: i * L.extentSize + L.exFirstPFN))
            })
        case XEN_DMOP_set_mem_type: op = .setMemType(nr: v(UInt32.self, L.smNr), memType: v(UInt16.self, L.smMemType), firstPFN: v(UInt64.self, L.smFirstPFN))
        case XEN_DMOP_inject_event:
            op = .injectEvent(vcpu: v(UInt32.self, L.ieVCPU), vector: v(UInt8.self, L.ieVector), type: v(UInt8.self, L.ieType),
                              insnLen: v(UInt8.self, L.ieInsnLen), errorCode: v(UInt32.self, L.ieErrorCode), cr2: v(UInt64.self, L.ieCR2))
        case XEN_DMOP_inject_msi: op = .injectMSI(data: v(UInt32.self, L.msiData), addr: v(UInt64.self, L.msiAddr))
        case XEN_DMOP_map_mem_type_to_ioreq_server:
            op = .mapMemTypeToIoreqServer(id: v(UInt16.self, L.mtID), type: v(UInt16.self, L.mtType), flags: v(UInt32.self, L.mtFlags), opaque: v(UInt64.self, L.mtOpaque))
        case XEN_DMOP_remote_shutdown: op = .remoteShutdown(reason: v(UInt32.self, L.rsReason))
        case XEN_DMOP_relocate_memory: op = .relocateMemory(size: v(UInt32.self, L.rmSize), srcGFN: v(UInt64.self, L.rmSrc), dstGFN: v(UInt64.self, L.rmDst))
        case XEN_DMOP_pin_memory_cacheattr: op = .pinMemoryCacheattr(start: v(UInt64.self, L.pcStart), end: v(UInt64.self, L.pcEnd), type: v(UInt32.self, L.pcType))
        case XEN_DMOP_set_irq_level: op = .setIRQLevel(irq: v(UInt32.self, L.ilIRQ), level: v(UInt8.self, L.ilLevel))
        case XEN_DMOP_nr_vcpus: op = .nrVCPUs
        default: throw DecodeError(.unknownSubop(UInt64(code)), at: "dm_op")
        }
        if secondBufferSize(of: op) == nil { try need(1) }
        return DMOp(domid: domid, op)
    }

    static func secondBufferSize(of op: Op) -> Int? { DMOp(domid: 0, op).secondBufferSize }
}
