import CXen

/// The `memory_op` sub-ops beyond the three reservations.
extension MemoryOp {
    /// `XENABI_E820_ENTRY_SIZE`: one BIOS E820 record in a memory map buffer.
    public static let e820EntrySize = Int(XENABI_E820_ENTRY_SIZE)

    func encodeOther(into call: inout EncodedCall) {
        call.args[0] = UInt64(subop)
        let arg = HandleSite.register(1)
        switch self {
        case .increaseReservation, .decreaseReservation, .populatePhysmap:
            preconditionFailure("reservations are encoded by encode(into:)")
        case .exchange(let x):
            let b = call.addBuffer(size: ExchangeLayout.size, direction: .inOut, site: arg)
            MemoryOp.storeReservation(x.input, buffer: b, at: ExchangeLayout.input, into: &call)
            MemoryOp.storeReservation(x.output, buffer: b, at: ExchangeLayout.output, into: &call)
            call.store(x.nrExchanged, buffer: b, at: ExchangeLayout.nrExchanged)
            call.addArray(x.inExtents, direction: .in,
                          site: .nested(buffer: b, offset: ExchangeLayout.input + ReservationLayout.extentStart))
            call.addArray(x.outExtents, direction: .inOut,
                          site: .nested(buffer: b, offset: ExchangeLayout.output + ReservationLayout.extentStart))
        case .maximumRAMPage, .getSharingFreedPages, .getSharingSharedPages:
            call.addNullHandle(site: arg)
        case .currentReservation(let d), .maximumReservation(let d), .maximumGPFN(let d):
            call.addStruct(MemoryDomain(domid: d), site: arg)
        case .addToPhysmap(let a, let start):
            call.args[0] |= start << UInt64(XENABI_MEMOP_EXTENT_SHIFT)
            call.addStruct(a, site: arg)
        case .addToPhysmapBatch(let a, let idxs, let gpfns, let start):
            call.args[0] |= start << UInt64(XENABI_MEMOP_EXTENT_SHIFT)
            let b = call.addStruct(a, site: arg)
            let n = Int(a.size)
            call.addArray(MemoryOp.fit(idxs, n), site: .nested(buffer: b, offset: AddToPhysmapBatch.Offsets.idxs))
            call.addArray(MemoryOp.fit(gpfns, n), site: .nested(buffer: b, offset: AddToPhysmapBatch.Offsets.gpfns))
            call.addBuffer(size: n * MemoryLayout<Int32>.size, direction: .out,
                           site: .nested(buffer: b, offset: AddToPhysmapBatch.Offsets.errs))
        case .removeFromPhysmap(let r):
            call.addStruct(r, site: arg)
        case .memoryMap(let n), .machineMemoryMap(let n):
            // nr_entries is read and written back; the buffer is written.
            let b = call.addBuffer(size: MemoryMap.size, direction: .inOut, site: arg)
            MemoryMap(nrEntries: n).store(into: &call, buffer: b, at: 0)
            call.addBuffer(size: Int(n) * MemoryOp.e820EntrySize, direction: .out,
                           site: .nested(buffer: b, offset: MemoryMap.Offsets.buffer))
        case .setMemoryMap(let domid, let entries):
            let n = entries.count / MemoryOp.e820EntrySize
            let b = call.addStruct(ForeignMemoryMap(domid: domid, nrEntries: UInt32(truncatingIfNeeded: n)), site: arg)
            let e = call.addBuffer(size: n * MemoryOp.e820EntrySize, direction: .in,
                                   site: .nested(buffer: b, offset: ForeignMemoryMap.Offsets.buffer))
            call.store(bytes: entries.prefix(n * MemoryOp.e820EntrySize), buffer: e, at: 0)
        case .acquireResource(let a, let frames):
            let b = call.addBuffer(size: AcquireResource.size, direction: .inOut, site: arg)
            a.store(into: &call, buffer: b, at: 0)
            let site = HandleSite.nested(buffer: b, offset: AcquireResource.Offsets.frameList)
            if let frames {
                call.addArray(MemoryOp.fit(frames, Int(a.nrFrames)), direction: .inOut, site: site)
            } else {
                call.addNullHandle(site: site)
            }
        case .claimPages(let r):
            let b = MemoryOp.encodeReservation(r, subop: subop, into: &call)
            call.addNullHandle(site: .nested(buffer: b, offset: ReservationLayout.extentStart))
        case .reservedDeviceMemoryMap(let m):
            let b = call.addBuffer(size: ReservedDeviceMemoryMap.size, direction: .inOut, site: arg)
            m.store(into: &call, buffer: b, at: 0)
            call.addBuffer(size: Int(m.nrEntries) * MemoryLayout<xen_reserved_device_memory_t>.size, direction: .out,
                           site: .nested(buffer: b, offset: ReservedDeviceMemoryMap.Offsets.buffer))
        case .setPodTarget(let t):
            call.addStruct(t, site: arg)
        case .getPodTarget(let t):
            call.addStruct(t, site: arg)
        case .pagingOp(let p, let page):
            let b = call.addStruct(p, site: arg)
            let site = HandleSite.nested(buffer: b, offset: PagingOp.Offsets.buffer)
            if let page {
                let n = Int(XENABI_PAGE_SIZE)
                let pb = call.addBuffer(size: n, direction: .in, site: site)
                call.store(bytes: page.prefix(n), buffer: pb, at: 0)
                call.markInput(buffer: pb, at: 0, count: n)
            } else {
                call.addNullHandle(site: site)
            }
        case .machphysMFNList(let m), .machphysCompatMFNList(let m):
            let b = call.addStruct(m, site: arg)
            call.addBuffer(size: Int(m.maxExtents) * MemoryLayout<xen_pfn_t>.size, direction: .out,
                           site: .nested(buffer: b, offset: MachphysMFNList.Offsets.extentStart))
        case .machphysMapping:
            call.addStruct(MachphysMapping(), site: arg)
        case .getVNUMAInfo(let t):
            let b = call.addStruct(t, site: arg)
            let nodes = Int(t.nrVnodes)
            call.addBuffer(size: nodes * nodes * MemoryLayout<UInt32>.size, direction: .out,
                           site: .nested(buffer: b, offset: VNUMATopologyInfo.Offsets.vdistance))
            call.addBuffer(size: Int(t.nrVcpus) * MemoryLayout<UInt32>.size, direction: .out,
                           site: .nested(buffer: b, offset: VNUMATopologyInfo.Offsets.vcpuToVnode))
            call.addBuffer(size: Int(t.nrVmemranges) * MemoryLayout<xen_vmemrange_t>.size, direction: .out,
                           site: .nested(buffer: b, offset: VNUMATopologyInfo.Offsets.vmemrange))
        case .accessOp(let a, let lists, let start):
            call.args[0] |= start << UInt64(XENABI_MEMOP_EXTENT_SHIFT)
            let b = call.addStruct(a, site: arg)
            let pfnSite = HandleSite.nested(buffer: b, offset: AccessOp.Offsets.pfnList)
            let accessSite = HandleSite.nested(buffer: b, offset: AccessOp.Offsets.accessList)
            if let lists {
                let n = Int(a.nr)
                call.addArray(MemoryOp.fit(lists.pfns, n), site: pfnSite)
                let ab = call.addBuffer(size: n, direction: .in, site: accessSite)
                call.store(bytes: lists.access.prefix(n), buffer: ab, at: 0)
                call.markInput(buffer: ab, at: 0, count: n)
            } else {
                call.addNullHandle(site: pfnSite)
                call.addNullHandle(site: accessSite)
            }
        }
    }

    /// `values` cut or zero-padded to `n` entries (the struct's count field rules).
    static func fit(_ values: [UInt64], _ n: Int) -> [UInt64] {
        values.count == n ? values : Array(values.prefix(n)) + repeatElement(0, count: max(0, n - values.count))
    }

    static func storeReservation(_ r: Reservation, buffer b: Int, at base: Int, into call: inout EncodedCall) {
        call.store(r.nrExtents, buffer: b, at: base + ReservationLayout.nrExtents)
        call.store(r.extentOrder, buffer: b, at: base + ReservationLayout.extentOrder)
        call.store(r.memFlags, buffer: b, at: base + ReservationLayout.memFlags)
        call.store(r.domid, buffer: b, at: base + ReservationLayout.domid)
    }

    static func loadReservation(_ s: GuestStruct, at base: Int) -> Reservation {
        Reservation(nrExtents: s.load(UInt64.self, at: base + ReservationLayout.nrExtents),
                    extentOrder: s.load(UInt32.self, at: base + ReservationLayout.extentOrder),
                    memFlags: s.load(UInt32.self, at: base + ReservationLayout.memFlags),
                    domid: s.load(UInt16.self, at: base + ReservationLayout.domid))
    }

    static func decodeOther(subop: Int32, start: UInt64, _ raw: RawHypercall,
                            memory: some GuestMemoryReader) throws(DecodeError) -> MemoryOp {
        let h = raw.args[1], f = raw.op.flavour
        let name = "memory_op." + (subopNames[subop] ?? "\(subop)")
        func arg<S: XenStruct>(_: S.Type) throws(DecodeError) -> S {
            try S.read(name, handle: h, flavour: f, memory: memory)
        }
        // Only the reservations and the physmap calls continue through cmd's high bits.
        if start != 0 && subop != XENMEM_add_to_physmap && subop != XENMEM_add_to_physmap_batch && subop != XENMEM_access_op {
            throw DecodeError(.invalid("start extent \(start) in cmd"), at: name)
        }
        switch subop {
        case XENMEM_exchange:
            let s = try GuestStruct(name + ".xen_memory_exchange", handle: h, flavour: f, size: ExchangeLayout.size, memory: memory)
            let input = loadReservation(s, at: ExchangeLayout.input), output = loadReservation(s, at: ExchangeLayout.output)
            let ins = try GuestArray.integers(UInt64.self, count: input.nrExtents, flavour: f, memory: memory,
                                              handle: s.load(UInt64.self, at: ExchangeLayout.input + ReservationLayout.extentStart),
                                              at: name + ".in.extent_start")
            let outs = try GuestArray.integers(UInt64.self, count: output.nrExtents, flavour: f, memory: memory,
                                               handle: s.load(UInt64.self, at: ExchangeLayout.output + ReservationLayout.extentStart),
                                               at: name + ".out.extent_start")
            return .exchange(Exchange(input: input, inExtents: ins, output: output, outExtents: outs,
                                      nrExchanged: s.load(UInt64.self, at: ExchangeLayout.nrExchanged)))
        case XENMEM_maximum_ram_page: return .maximumRAMPage
        case XENMEM_get_sharing_freed_pages: return .getSharingFreedPages
        case XENMEM_get_sharing_shared_pages: return .getSharingSharedPages
        case XENMEM_current_reservation: return .currentReservation(domid: try arg(MemoryDomain.self).domid)
        case XENMEM_maximum_reservation: return .maximumReservation(domid: try arg(MemoryDomain.self).domid)
        case XENMEM_maximum_gpfn: return .maximumGPFN(domid: try arg(MemoryDomain.self).domid)
        case XENMEM_add_to_physmap: return .addToPhysmap(try arg(AddToPhysmap.self), startExtent: start)
        case XENMEM_add_to_physmap_batch:
            let s = try GuestStruct(name, handle: h, flavour: f, size: AddToPhysmapBatch.size, memory: memory)
            let a = AddToPhysmapBatch(loading: s, at: 0)
            let idxs = try GuestArray.integers(UInt64.self, count: UInt64(a.size), flavour: f, memory: memory,
                                               handle: s.load(UInt64.self, at: AddToPhysmapBatch.Offsets.idxs), at: name + ".idxs")
            let gpfns = try GuestArray.integers(UInt64.self, count: UInt64(a.size), flavour: f, memory: memory,
                                                handle: s.load(UInt64.self, at: AddToPhysmapBatch.Offsets.gpfns), at: name + ".gpfns")
            return .addToPhysmapBatch(a, idxs: idxs, gpfns: gpfns, startExtent: start)
        case XENMEM_remove_from_physmap: return .removeFromPhysmap(try arg(RemoveFromPhysmap.self))
        case XENMEM_memory_map, XENMEM_machine_memory_map:
            let n = try arg(MemoryMap.self).nrEntries
            _ = try GuestArray.checkCount(UInt64(n), elementSize: e820EntrySize, at: name + ".nr_entries")
            return subop == XENMEM_memory_map ? .memoryMap(nrEntries: n) : .machineMemoryMap(nrEntries: n)
        case XENMEM_set_memory_map:
            let s = try GuestStruct(name, handle: h, flavour: f, size: ForeignMemoryMap.size, memory: memory)
            let m = ForeignMemoryMap(loading: s, at: 0)
            let n = try GuestArray.checkCount(UInt64(m.nrEntries), elementSize: e820EntrySize, at: name + ".map.nr_entries")
            let bytes = try GuestArray.bytes(count: UInt64(n * e820EntrySize), flavour: f, memory: memory,
                                             handle: s.load(UInt64.self, at: ForeignMemoryMap.Offsets.buffer), at: name + ".map.buffer")
            return .setMemoryMap(domid: m.domid, entries: bytes)
        case XENMEM_acquire_resource:
            let s = try GuestStruct(name, handle: h, flavour: f, size: AcquireResource.size, memory: memory)
            let a = AcquireResource(loading: s, at: 0)
            let list = s.load(UInt64.self, at: AcquireResource.Offsets.frameList)
            if f.isNull(list) { return .acquireResource(a, frames: nil) }
            let frames = try GuestArray.integers(UInt64.self, count: UInt64(a.nrFrames), flavour: f, memory: memory,
                                                 handle: list, at: name + ".frame_list")
            return .acquireResource(a, frames: frames)
        case XENMEM_claim_pages:
            let s = try GuestStruct(name + ".xen_memory_reservation", handle: h, flavour: f, size: ReservationLayout.size, memory: memory)
            guard f.isNull(s.load(UInt64.self, at: ReservationLayout.extentStart)) else {
                throw DecodeError(.invalid("extent_start must be null"), at: name + ".extent_start")
            }
            return .claimPages(loadReservation(s, at: 0))
        case XENMEM_reserved_device_memory_map:
            let m = try arg(ReservedDeviceMemoryMap.self)
            _ = try GuestArray.checkCount(UInt64(m.nrEntries), elementSize: MemoryLayout<xen_reserved_device_memory_t>.size,
                                          at: name + ".nr_entries")
            return .reservedDeviceMemoryMap(m)
        case XENMEM_set_pod_target: return .setPodTarget(try arg(SetPodTarget.self))
        case XENMEM_get_pod_target: return .getPodTarget(try arg(GetPodTarget.self))
        case XENMEM_machphys_mfn_list, XENMEM_machphys_compat_mfn_list:
            let m = try arg(MachphysMFNList.self)
            _ = try GuestArray.checkCount(UInt64(m.maxExtents), elementSize: 8, at: name + ".max_extents")
            return subop == XENMEM_machphys_mfn_list ? .machphysMFNList(m) : .machphysCompatMFNList(m)
        case XENMEM_machphys_mapping: return .machphysMapping
        case XENMEM_get_vnumainfo:
            let t = try arg(VNUMATopologyInfo.self)
            let nodes = try GuestArray.checkCount(UInt64(t.nrVnodes), elementSize: 4, at: name + ".nr_vnodes")
            _ = try GuestArray.checkCount(UInt64(nodes) * UInt64(nodes), elementSize: 4, at: name + ".nr_vnodes")
            _ = try GuestArray.checkCount(UInt64(t.nrVcpus), elementSize: 4, at: name + ".nr_vcpus")
            _ = try GuestArray.checkCount(UInt64(t.nrVmemranges), elementSize: MemoryLayout<xen_vmemrange_t>.size, at: name + ".nr_vmemranges")
            return .getVNUMAInfo(t)
        case XENMEM_paging_op:
            let s = try GuestStruct(name, handle: h, flavour: f, size: PagingOp.size, memory: memory)
            let buffer = s.load(UInt64.self, at: PagingOp.Offsets.buffer)
            if f.isNull(buffer) { return .pagingOp(PagingOp(loading: s, at: 0), page: nil) }
            let page = try GuestArray.bytes(count: UInt64(XENABI_PAGE_SIZE), flavour: f, memory: memory, handle: buffer, at: name + ".buffer")
            return .pagingOp(PagingOp(loading: s, at: 0), page: page)
        case XENMEM_access_op:
            let s = try GuestStruct(name, handle: h, flavour: f, size: AccessOp.size, memory: memory)
            let a = AccessOp(loading: s, at: 0)
            let pl = s.load(UInt64.self, at: AccessOp.Offsets.pfnList), al = s.load(UInt64.self, at: AccessOp.Offsets.accessList)
            switch (f.isNull(pl), f.isNull(al)) {
            case (true, true): return .accessOp(a, lists: nil, startIter: start)
            case (false, false):
                let pfns = try GuestArray.integers(UInt64.self, count: UInt64(a.nr), flavour: f, memory: memory, handle: pl, at: name + ".pfn_list")
                let access = try GuestArray.bytes(count: UInt64(a.nr), flavour: f, memory: memory, handle: al, at: name + ".access_list")
                return .accessOp(a, lists: AccessLists(pfns: pfns, access: access), startIter: start)
            default:
                throw DecodeError(.invalid("pfn_list and access_list must both be null or both set"), at: name)
            }
        default:
            throw DecodeError(.unknownSubop(UInt64(subop)), at: "memory_op")
        }
    }

    /// Sub-op names for error locations.
    static let subopNames: [Int32: String] = [
        XENMEM_exchange: "exchange", XENMEM_maximum_ram_page: "maximum_ram_page",
        XENMEM_current_reservation: "current_reservation", XENMEM_maximum_reservation: "maximum_reservation",
        XENMEM_maximum_gpfn: "maximum_gpfn", XENMEM_add_to_physmap: "add_to_physmap",
        XENMEM_add_to_physmap_batch: "add_to_physmap_batch", XENMEM_remove_from_physmap: "remove_from_physmap",
        XENMEM_memory_map: "memory_map", XENMEM_machine_memory_map: "machine_memory_map",
        XENMEM_set_memory_map: "set_memory_map", XENMEM_acquire_resource: "acquire_resource",
        XENMEM_get_sharing_freed_pages: "get_sharing_freed_pages", XENMEM_get_sharing_shared_pages: "get_sharing_shared_pages",
        XENMEM_claim_pages: "claim_pages", XENMEM_reserved_device_memory_map: "reserved_device_memory_map",
        XENMEM_set_pod_target: "set_pod_target", XENMEM_get_pod_target: "get_pod_target",
        XENMEM_paging_op: "paging_op", XENMEM_access_op: "access_op",
        XENMEM_machphys_mfn_list: "machphys_mfn_list", XENMEM_machphys_compat_mfn_list: "machphys_compat_mfn_list",
        XENMEM_machphys_mapping: "machphys_mapping", XENMEM_get_vnumainfo: "get_vnumainfo",
    ]
}

/// `struct xen_memory_exchange`: two reservations and `nr_exchanged`.
public enum ExchangeLayout {
    /// `sizeof(xen_memory_exchange_t)`
    public static let size = MemoryLayout<xen_memory_exchange_t>.size
    /// `offsetof(xen_memory_exchange_t, in)`
    public static let input = Layout.offset(\xen_memory_exchange_t.in)
    /// `offsetof(xen_memory_exchange_t, out)`
    public static let output = Layout.offset(\xen_memory_exchange_t.out)
    /// `offsetof(xen_memory_exchange_t, nr_exchanged)`
    public static let nrExchanged = Layout.offset(\xen_memory_exchange_t.nr_exchanged)

    static var rows: [Layout.Row] {
        [
            .type("xen_memory_exchange_t", xen_memory_exchange_t.self),
            .field("xen_memory_exchange_t", \xen_memory_exchange_t.in, "in"),
            .field("xen_memory_exchange_t", \xen_memory_exchange_t.out, "out"),
            .field("xen_memory_exchange_t", \xen_memory_exchange_t.nr_exchanged, "nr_exchanged"),
            .type("xen_reserved_device_memory_t", xen_reserved_device_memory_t.self),
            .type("xen_vmemrange_t", xen_vmemrange_t.self),
        ]
    }
}
