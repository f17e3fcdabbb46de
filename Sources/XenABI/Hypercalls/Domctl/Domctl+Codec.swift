import CXen

extension Domctl {
    /// Bytes of `xen_domain_handle_t`.
    static let handleSize = MemoryLayout<xen_domain_handle_t>.size

    /// `struct xen_domctl` at `XEN_DOMCTL_INTERFACE_VERSION`.
    public static let envelope = VersionedEnvelope(.domctl, cName: "xen_domctl", size: DomctlLayout.size, cmd: DomctlLayout.cmd,
                                                   interfaceVersion: DomctlLayout.interfaceVersion, union: DomctlLayout.u,
                                                   version: UInt32(XEN_DOMCTL_INTERFACE_VERSION), versionName: "XEN_DOMCTL_INTERFACE_VERSION")

    public func encode(into call: inout EncodedCall) {
        typealias L = DomctlLayout
        let b = Self.envelope.begin(cmd, into: &call)
        call.store(domain, buffer: b, at: L.domain)
        let u = L.u
        func put<T: FixedWidthInteger>(_ v: T, _ o: Int) { call.store(v, buffer: b, at: u + o) }
        switch op {
        case .destroyDomain, .pauseDomain, .unpauseDomain, .getDomainInfo, .getAddressSize, .getTSCInfo,
             .getPagingMempoolSize, .resumeDomain, .softReset:
            break
        case .createDomain(let c):
            put(c.ssidref, L.cdSsidref)
            call.store(bytes: Domctl.fixed(c.handle, Domctl.handleSize), buffer: b, at: u + L.cdHandle)
            put(c.flags, L.cdFlags); put(c.iommuOpts, L.cdIommuOpts); put(c.maxVCPUs, L.cdMaxVCPUs)
            put(c.maxEvtchnPort, L.cdMaxEvtchnPort); put(c.maxGrantFrames, L.cdMaxGrantFrames)
            put(c.maxMaptrackFrames, L.cdMaxMaptrackFrames); put(c.grantOpts, L.cdGrantOpts)
            put(c.vmtraceSize, L.cdVmtraceSize); put(c.cpupoolID, L.cdCpupoolID)
            put(c.emulationFlags, L.cdArch + L.archEmulationFlags); put(c.miscFlags, L.cdArch + L.archMiscFlags)
        case .setVCPUAffinity(let vcpu, let flags, let hard, let soft):
            put(vcpu, L.vaVCPU); put(flags, L.vaFlags)
            if let hard { call.encode(hard, direction: .inOut, parent: b, at: u + L.vaHard) }
            if let soft { call.encode(soft, direction: .inOut, parent: b, at: u + L.vaSoft) }
        case .getVCPUAffinity(let vcpu, let flags, let hard, let soft):
            put(vcpu, L.vaVCPU); put(flags, L.vaFlags)
            if let hard { call.encode(hard, parent: b, at: u + L.vaHard) }
            if let soft { call.encode(soft, parent: b, at: u + L.vaSoft) }
        case .setNodeAffinity(let map):
            call.encode(map, parent: b, at: u + L.naNodemap)
        case .getNodeAffinity(let map):
            call.encode(map, parent: b, at: u + L.naNodemap)
        case .shadowOp(let s):
            switch s {
            case .plain(let op): put(op, L.shOp)
            case .enable(let mode): put(UInt32(XEN_DOMCTL_SHADOW_OP_ENABLE), L.shOp); put(mode, L.shMode)
            case .setAllocation(let mb): put(UInt32(XEN_DOMCTL_SHADOW_OP_SET_ALLOCATION), L.shOp); put(mb, L.shMB)
            case .logDirty(let op, let mode, let pages, let bitmap):
                put(op, L.shOp); put(mode, L.shMode); put(pages, L.shPages)
                call.addNested(bitmap, size: Int(pages / 8 + (pages % 8 == 0 ? 0 : 1)), direction: .out, parent: b, offset: u + L.shDirtyBitmap)
            }
        case .maxMem(let kb): put(kb, L.mmMaxKB)
        case .setVCPUContext(let vcpu, let ctx):
            put(vcpu, L.vcVCPU)
            if let ctx {
                call.addNestedInput(Domctl.fixed(ctx, L.vcpuGuestContextSize), parent: b, offset: u + L.vcCtxt)
            } else {
                call.addNullHandle(site: .nested(buffer: b, offset: u + L.vcCtxt))
            }
        case .getVCPUContext(let vcpu, let ctx):
            put(vcpu, L.vcVCPU)
            call.addNested(ctx, size: L.vcpuGuestContextSize, direction: .out, parent: b, offset: u + L.vcCtxt)
        case .getVCPUInfo(let vcpu): put(vcpu, L.gviVCPU)
        case .maxVCPUs(let n): put(n, L.mvMax)
        case .schedulerOp(let s):
            let o = u + L.soU
            switch s {
            case .getInfo(let id):
                put(id, L.soSchedID); put(UInt32(XEN_DOMCTL_SCHEDOP_getinfo), L.soCmd)
            case .putCredit(let id, let w, let cap):
                put(id, L.soSchedID); put(UInt32(XEN_DOMCTL_SCHEDOP_putinfo), L.soCmd)
                let two = id == UInt32(XEN_SCHEDULER_CREDIT2)
                call.store(w, buffer: b, at: o + (two ? L.cred2Weight : L.credWeight))
                call.store(cap, buffer: b, at: o + (two ? L.cred2Cap : L.credCap))
            case .putRTDS(let p, let budget, let f):
                put(UInt32(XEN_SCHEDULER_RTDS), L.soSchedID); put(UInt32(XEN_DOMCTL_SCHEDOP_putinfo), L.soCmd)
                call.store(p, buffer: b, at: o + L.rtdsPeriod); call.store(budget, buffer: b, at: o + L.rtdsBudget)
                call.store(f, buffer: b, at: o + L.rtdsFlags)
            }
        case .setDomainHandle(let h):
            call.store(bytes: Domctl.fixed(h, Domctl.handleSize), buffer: b, at: u + L.sdhHandle)
        case .setDebugging(let e): put(e, L.sdbEnable)
        case .irqPermission(let pirq, let allow): put(pirq, L.irqPirq); put(allow, L.irqAllow)
        case .iomemPermission(let first, let nr, let allow): put(first, L.iomemFirst); put(nr, L.iomemNr); put(allow, L.iomemAllow)
        case .ioportPermission(let first, let nr, let allow): put(first, L.ioportFirst); put(nr, L.ioportNr); put(allow, L.ioportAllow)
        case .setTimeOffset(let s): put(s, L.stoSeconds)
        case .getHVMContext(let size, let buffer):
            put(size, L.hvmSize)
            call.addNested(buffer, size: Int(size), direction: .out, parent: b, offset: u + L.hvmBuffer)
        case .setHVMContext(let data):
            put(UInt32(data.count), L.hvmSize)
            call.addNestedInput(data, parent: b, offset: u + L.hvmBuffer)
        case .setAddressSize(let s): put(s, L.asSize)
        case .setTSCInfo(let mode, let khz, let inc, let ns):
            put(mode, L.tscMode); put(khz, L.tscKHz); put(inc, L.tscIncarnation); put(ns, L.tscElapsed)
        case .getPageFrameInfo3(let pfns):
            put(UInt64(pfns.count), L.pfiNum)
            let a = call.addBuffer(size: pfns.count * 8, direction: .inOut, site: .nested(buffer: b, offset: u + L.pfiArray))
            for (i, p) in pfns.enumerated() { call.store(p, buffer: a, at: 8 * i) }
        case .getCPUPolicy(let nl, let nm, let leaves, let msrs):
            put(nl, L.cpNrLeaves); put(nm, L.cpNrMSRs)
            call.addNested(leaves, size: Int(nl) * CPUIDLeaf.size, direction: .out, parent: b, offset: u + L.cpLeaves)
            call.addNested(msrs, size: Int(nm) * MSREntry.size, direction: .out, parent: b, offset: u + L.cpMSRs)
        case .setCPUPolicy(let leaves, let msrs):
            put(UInt32(leaves.count), L.cpNrLeaves); put(UInt32(msrs.count), L.cpNrMSRs)
            call.addStructs(leaves, site: .nested(buffer: b, offset: u + L.cpLeaves))
            call.addStructs(msrs, site: .nested(buffer: b, offset: u + L.cpMSRs))
        case .setPagingMempoolSize(let s): put(s, L.pmSize)
        case .hypercallInit(let g): put(g, L.hiGMFN)
        case .sendTrigger(let t, let vcpu): put(t, L.stTrigger); put(vcpu, L.stVCPU)
        case .setTarget(let t): put(t, L.tgTarget)
        case .setVirqHandler(let virq): put(virq, L.vhVirq)
        case .getVCPUExtState(let vcpu, let size, let buffer):
            put(vcpu, L.esVCPU); put(size, L.esSize)
            call.addNested(buffer, size: Int(size), direction: .out, parent: b, offset: u + L.esBuffer)
        case .setVCPUExtState(let vcpu, let mask, let state):
            put(vcpu, L.esVCPU); put(mask, L.esMask); put(UInt64(state.count), L.esSize)
            call.addNestedInput(state, parent: b, offset: u + L.esBuffer)
        case .setAccessRequired(let r): put(r, L.arRequired)
        case .cacheflush(let s, let n): put(s, L.cfStart); put(n, L.cfNr)
        case .setBrokenPageP2M(let pfn): put(pfn, L.bpPFN)
        case .getHVMContextPartial(let t, let i, let sz, let buffer):
            put(t, L.hpType); put(i, L.hpInstance); put(sz, L.hpBufsz)
            call.addNested(buffer, size: Int(sz), direction: .out, parent: b, offset: u + L.hpBuffer)
        case .getVCPUMSRs(let vcpu, let count, let msrs):
            put(vcpu, L.vmVCPU); put(count, L.vmCount)
            call.addNested(msrs, size: Int(count) * VCPUMSR.size, direction: .out, parent: b, offset: u + L.vmMSRs)
        case .setVCPUMSRs(let vcpu, let msrs):
            put(vcpu, L.vmVCPU); put(UInt32(msrs.count), L.vmCount)
            call.addStructs(msrs, site: .nested(buffer: b, offset: u + L.vmMSRs))
        case .getExtVCPUContext(let vcpu): put(vcpu, L.evVCPU)
        case .setExtVCPUContext(let vcpu, let size, let body):
            put(vcpu, L.evVCPU); put(size, L.evSize)
            let start = L.evSize + MemoryLayout<UInt32>.size  // past `size`
            call.store(bytes: Domctl.fixed(body, L.extVCPUContextSize - start), buffer: b, at: u + start)
        case .assignDevice, .testAssignDevice, .deassignDevice, .bindPtIRQ, .unbindPtIRQ, .memoryMapping, .ioportMapping, .getDeviceGroup:
            encodePassthrough(into: &call, buffer: b)
        case .vmEventOp, .monitorOp:
            encodeIntrospection(into: &call, buffer: b)
        }
    }

    /// `bytes` cut or zero-padded to `n`.
    static func fixed(_ bytes: [UInt8], _ n: Int) -> [UInt8] {
        Array(bytes.prefix(n)) + Array(repeating: 0, count: max(0, n - bytes.count))
    }

    public static func decode(_ raw: RawHypercall, memory: some GuestMemoryReader) throws(DecodeError) -> Domctl {
        typealias L = DomctlLayout
        let (cmd, u) = try envelope.open(raw, memory: memory)
        let domain = u.fields.load(UInt16.self, at: L.domain)
        func make(_ op: Op) -> Domctl { Domctl(domain: domain, op) }
        switch Int32(bitPattern: cmd) {
        case XEN_DOMCTL_destroydomain: return make(.destroyDomain)
        case XEN_DOMCTL_pausedomain: return make(.pauseDomain)
        case XEN_DOMCTL_unpausedomain: return make(.unpauseDomain)
        case XEN_DOMCTL_getdomaininfo: return make(.getDomainInfo)
        case XEN_DOMCTL_get_address_size: return make(.getAddressSize)
        case XEN_DOMCTL_gettscinfo: return make(.getTSCInfo)
        case XEN_DOMCTL_get_paging_mempool_size: return make(.getPagingMempoolSize)
        case XEN_DOMCTL_resumedomain: return make(.resumeDomain)
        case XEN_DOMCTL_soft_reset: return make(.softReset)
        case XEN_DOMCTL_createdomain:
            var c = CreateDomain()
            c.ssidref = u.u32(L.cdSsidref); c.handle = u.fields.slice(u.base + L.cdHandle, Domctl.handleSize)
            c.flags = u.u32(L.cdFlags); c.iommuOpts = u.u32(L.cdIommuOpts); c.maxVCPUs = u.u32(L.cdMaxVCPUs)
            c.maxEvtchnPort = u.u32(L.cdMaxEvtchnPort); c.maxGrantFrames = u.load(Int32.self, L.cdMaxGrantFrames)
            c.maxMaptrackFrames = u.load(Int32.self, L.cdMaxMaptrackFrames); c.grantOpts = u.u32(L.cdGrantOpts)
            c.vmtraceSize = u.u32(L.cdVmtraceSize); c.cpupoolID = u.u32(L.cdCpupoolID)
            c.emulationFlags = u.u32(L.cdArch + L.archEmulationFlags); c.miscFlags = u.u32(L.cdArch + L.archMiscFlags)
            return make(.createDomain(c))
        case XEN_DOMCTL_setvcpuaffinity, XEN_DOMCTL_getvcpuaffinity:
            let flags = u.u32(L.vaFlags), vcpu = u.u32(L.vaVCPU)
            let hardOn = flags & UInt32(XEN_VCPUAFFINITY_HARD) != 0, softOn = flags & UInt32(XEN_VCPUAFFINITY_SOFT) != 0
            if Int32(bitPattern: cmd) == XEN_DOMCTL_setvcpuaffinity {
                let hard = hardOn ? try u.fields.inBitmap(at: u.base + L.vaHard, memory: memory, name: "domctl.setvcpuaffinity.cpumap_hard") : nil
                let soft = softOn ? try u.fields.inBitmap(at: u.base + L.vaSoft, memory: memory, name: "domctl.setvcpuaffinity.cpumap_soft") : nil
                return make(.setVCPUAffinity(vcpu: vcpu, flags: flags, hard: hard, soft: soft))
            }
            let hard = hardOn ? try u.fields.outBitmap(at: u.base + L.vaHard, name: "domctl.getvcpuaffinity.cpumap_hard") : nil
            let soft = softOn ? try u.fields.outBitmap(at: u.base + L.vaSoft, name: "domctl.getvcpuaffinity.cpumap_soft") : nil
            return make(.getVCPUAffinity(vcpu: vcpu, flags: flags, hard: hard, soft: soft))
        case XEN_DOMCTL_setnodeaffinity:
            return make(.setNodeAffinity(try u.fields.inBitmap(at: u.base + L.naNodemap, memory: memory, name: "domctl.setnodeaffinity.nodemap")))
        case XEN_DOMCTL_getnodeaffinity:
            return make(.getNodeAffinity(try u.fields.outBitmap(at: u.base + L.naNodemap, name: "domctl.getnodeaffinity.nodemap")))
        case XEN_DOMCTL_shadow_op:
            let op = u.u32(L.shOp)
            switch Int32(bitPattern: op) {
            case XEN_DOMCTL_SHADOW_OP_ENABLE: return make(.shadowOp(.enable(mode: u.u32(L.shMode))))
            case XEN_DOMCTL_SHADOW_OP_SET_ALLOCATION: return make(.shadowOp(.setAllocation(mb: u.u32(L.shMB))))
            case XEN_DOMCTL_SHADOW_OP_CLEAN, XEN_DOMCTL_SHADOW_OP_PEEK:
                let pages = u.load(UInt64.self, L.shPages)
                _ = try u.count(pages / 8 + (pages % 8 == 0 ? 0 : 1), 1, "shadow_op.pages")
                return make(.shadowOp(.logDirty(op: op, mode: u.u32(L.shMode), pages: pages, bitmap: u.nested(L.shDirtyBitmap))))
            case XEN_DOMCTL_SHADOW_OP_OFF, XEN_DOMCTL_SHADOW_OP_GET_ALLOCATION, XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY:
                return make(.shadowOp(.plain(op: op)))
            default: throw DecodeError(.unknownSubop(UInt64(op)), at: "domctl.shadow_op.op")
            }
        case XEN_DOMCTL_max_mem: return make(.maxMem(maxKB: u.load(UInt64.self, L.mmMaxKB)))
        case XEN_DOMCTL_setvcpucontext:
            let vcpu = u.u32(L.vcVCPU)
            if u.nested(L.vcCtxt) == .null { return make(.setVCPUContext(vcpu: vcpu, context: nil)) }
            let ctx = try u.bytes(L.vcCtxt, count: L.vcpuGuestContextSize, memory: memory, "setvcpucontext.ctxt")
            return make(.setVCPUContext(vcpu: vcpu, context: ctx))
        case XEN_DOMCTL_getvcpucontext: return make(.getVCPUContext(vcpu: u.u32(L.vcVCPU), context: u.nested(L.vcCtxt)))
        case XEN_DOMCTL_getvcpuinfo: return make(.getVCPUInfo(vcpu: u.u32(L.gviVCPU)))
        case XEN_DOMCTL_max_vcpus: return make(.maxVCPUs(u.u32(L.mvMax)))
        case XEN_DOMCTL_scheduler_op:
            let id = u.u32(L.soSchedID), c = u.u32(L.soCmd), o = L.soU
            if c == UInt32(XEN_DOMCTL_SCHEDOP_getinfo) { return make(.schedulerOp(.getInfo(schedID: id))) }
            guard c == UInt32(XEN_DOMCTL_SCHEDOP_putinfo) else { throw DecodeError(.unknownSubop(UInt64(c)), at: "domctl.scheduler_op.cmd") }
            switch Int32(bitPattern: id) {
            case XEN_SCHEDULER_CREDIT:
                return make(.schedulerOp(.putCredit(schedID: id, weight: u.load(UInt16.self, o + L.credWeight), cap: u.load(UInt16.self, o + L.credCap))))
            case XEN_SCHEDULER_CREDIT2:
                return make(.schedulerOp(.putCredit(schedID: id, weight: u.load(UInt16.self, o + L.cred2Weight), cap: u.load(UInt16.self, o + L.cred2Cap))))
            case XEN_SCHEDULER_RTDS:
                return make(.schedulerOp(.putRTDS(period: u.u32(o + L.rtdsPeriod), budget: u.u32(o + L.rtdsBudget), flags: u.u32(o + L.rtdsFlags))))
            default: throw DecodeError(.unknownSubop(UInt64(id)), at: "domctl.scheduler_op.sched_id")
            }
        case XEN_DOMCTL_setdomainhandle: return make(.setDomainHandle(u.fields.slice(u.base + L.sdhHandle, Domctl.handleSize)))
        case XEN_DOMCTL_setdebugging: return make(.setDebugging(enable: u.load(UInt8.self, L.sdbEnable)))
        case XEN_DOMCTL_irq_permission: return make(.irqPermission(pirq: u.u32(L.irqPirq), allowAccess: u.load(UInt8.self, L.irqAllow)))
        case XEN_DOMCTL_iomem_permission:
            return make(.iomemPermission(firstMFN: u.load(UInt64.self, L.iomemFirst), nrMFNs: u.load(UInt64.self, L.iomemNr), allowAccess: u.load(UInt8.self, L.iomemAllow)))
        case XEN_DOMCTL_ioport_permission:
            return make(.ioportPermission(firstPort: u.u32(L.ioportFirst), nrPorts: u.u32(L.ioportNr), allowAccess: u.load(UInt8.self, L.ioportAllow)))
        case XEN_DOMCTL_settimeoffset: return make(.setTimeOffset(seconds: u.load(Int64.self, L.stoSeconds)))
        case XEN_DOMCTL_gethvmcontext:
            let n = u.u32(L.hvmSize)
            _ = try u.count(UInt64(n), 1, "gethvmcontext.size")
            return make(.getHVMContext(size: n, buffer: u.nested(L.hvmBuffer)))
        case XEN_DOMCTL_sethvmcontext:
            let n = try u.count(UInt64(u.u32(L.hvmSize)), 1, "sethvmcontext.size")
            return make(.setHVMContext(try u.bytes(L.hvmBuffer, count: n, memory: memory, "sethvmcontext.buffer")))
        case XEN_DOMCTL_set_address_size: return make(.setAddressSize(u.u32(L.asSize)))
        case XEN_DOMCTL_settscinfo:
            return make(.setTSCInfo(mode: u.u32(L.tscMode), gtscKHz: u.u32(L.tscKHz), incarnation: u.u32(L.tscIncarnation), elapsedNsec: u.load(UInt64.self, L.tscElapsed)))
        case XEN_DOMCTL_getpageframeinfo3:
            let n = u.load(UInt64.self, L.pfiNum)
            let bytes = try u.fields.nestedBytes(at: u.base + L.pfiArray, count: try u.count(n, 8, "getpageframeinfo3.num"), memory: memory,
                                          name: "domctl.getpageframeinfo3.array")
            let a = GuestStruct(name: "array", bytes: bytes)
            return make(.getPageFrameInfo3(pfns: try (0 ..< Int(n)).map { i throws(DecodeError) in try a.checkedLoad(UInt64.self, at: 8 * i) }))
        case XEN_DOMCTL_get_cpu_policy:
            let nl = u.u32(L.cpNrLeaves), nm = u.u32(L.cpNrMSRs)
            _ = try u.count(UInt64(nl), CPUIDLeaf.size, "get_cpu_policy.nr_leaves")
            _ = try u.count(UInt64(nm), MSREntry.size, "get_cpu_policy.nr_msrs")
            return make(.getCPUPolicy(nrLeaves: nl, nrMSRs: nm, leaves: u.nested(L.cpLeaves), msrs: u.nested(L.cpMSRs)))
        case XEN_DOMCTL_set_cpu_policy:
            let nl = u.u32(L.cpNrLeaves), nm = u.u32(L.cpNrMSRs)
            let leaves = try u.structs(CPUIDLeaf.self, L.cpLeaves, count: UInt64(nl), memory: memory, "set_cpu_policy.nr_leaves", "set_cpu_policy.leaves")
            let msrs = try u.structs(MSREntry.self, L.cpMSRs, count: UInt64(nm), memory: memory, "set_cpu_policy.nr_msrs", "set_cpu_policy.msrs")
            return make(.setCPUPolicy(leaves: leaves, msrs: msrs))
        case XEN_DOMCTL_set_paging_mempool_size: return make(.setPagingMempoolSize(u.load(UInt64.self, L.pmSize)))
        case XEN_DOMCTL_hypercall_init: return make(.hypercallInit(gmfn: u.load(UInt64.self, L.hiGMFN)))
        case XEN_DOMCTL_sendtrigger: return make(.sendTrigger(trigger: u.u32(L.stTrigger), vcpu: u.u32(L.stVCPU)))
        case XEN_DOMCTL_set_target: return make(.setTarget(u.load(UInt16.self, L.tgTarget)))
        case XEN_DOMCTL_set_virq_handler: return make(.setVirqHandler(virq: u.u32(L.vhVirq)))
        case XEN_DOMCTL_getvcpuextstate:
            let n = u.load(UInt64.self, L.esSize)
            _ = try u.count(n, 1, "getvcpuextstate.size")
            return make(.getVCPUExtState(vcpu: u.u32(L.esVCPU), size: n, buffer: u.nested(L.esBuffer)))
        case XEN_DOMCTL_setvcpuextstate:
            let n = try u.count(u.load(UInt64.self, L.esSize), 1, "setvcpuextstate.size")
            return make(.setVCPUExtState(vcpu: u.u32(L.esVCPU), xfeatureMask: u.load(UInt64.self, L.esMask),
                                         state: try u.bytes(L.esBuffer, count: n, memory: memory, "setvcpuextstate.buffer")))
        case XEN_DOMCTL_set_access_required: return make(.setAccessRequired(u.load(UInt8.self, L.arRequired)))
        case XEN_DOMCTL_cacheflush: return make(.cacheflush(startPFN: u.load(UInt64.self, L.cfStart), nrPFNs: u.load(UInt64.self, L.cfNr)))
        case XEN_DOMCTL_set_broken_page_p2m: return make(.setBrokenPageP2M(pfn: u.load(UInt64.self, L.bpPFN)))
        case XEN_DOMCTL_gethvmcontext_partial:
            let n = u.load(UInt64.self, L.hpBufsz)
            _ = try u.count(n, 1, "gethvmcontext_partial.bufsz")
            return make(.getHVMContextPartial(type: u.u32(L.hpType), instance: u.u32(L.hpInstance), bufsz: n, buffer: u.nested(L.hpBuffer)))
        case XEN_DOMCTL_get_vcpu_msrs:
            let n = u.u32(L.vmCount)
            _ = try u.count(UInt64(n), VCPUMSR.size, "get_vcpu_msrs.msr_count")
            return make(.getVCPUMSRs(vcpu: u.u32(L.vmVCPU), count: n, msrs: u.nested(L.vmMSRs)))
        case XEN_DOMCTL_set_vcpu_msrs:
            let n = u.u32(L.vmCount)
            let msrs = try u.structs(VCPUMSR.self, L.vmMSRs, count: UInt64(n), memory: memory, "set_vcpu_msrs.msr_count", "set_vcpu_msrs.msrs")
            return make(.setVCPUMSRs(vcpu: u.u32(L.vmVCPU), msrs: msrs))
        case XEN_DOMCTL_get_ext_vcpucontext: return make(.getExtVCPUContext(vcpu: u.u32(L.evVCPU)))
        case XEN_DOMCTL_set_ext_vcpucontext:
            let start = L.evSize + MemoryLayout<UInt32>.size  // past `size`
            return make(.setExtVCPUContext(vcpu: u.u32(L.evVCPU), size: u.u32(L.evSize), body: u.fields.slice(u.base + start, L.extVCPUContextSize - start)))
        default:
            if let op = try decodePassthrough(cmd: Int32(bitPattern: cmd), u, memory: memory) { return make(op) }
            if let op = decodeIntrospection(cmd: Int32(bitPattern: cmd), u) { return make(op) }
            throw DecodeError(.unknownSubop(UInt64(cmd)), at: "domctl")
        }
    }
}
