import CXen

/// Catalog entries for `sysctl`, `domctl` and `xsm_op` (FLASK).
extension CallCatalog {
    static func handle(_ v: FieldValues, _ name: String) throws(CatalogError) -> NestedHandle {
        NestedHandle(present: try v.bool(name, default: true))
    }

    static func sysctl(_ name: String, _ fields: [(String, String)] = [], _ make: @escaping @Sendable (FieldValues) throws(CatalogError) -> Sysctl.Op) -> Entry {
        Entry("sysctl", name, fields: fields) { v throws(CatalogError) in .sysctl(Sysctl(try make(v))) }
    }

    static func domctl(_ name: String, _ fields: [(String, String)] = [], _ make: @escaping @Sendable (FieldValues) throws(CatalogError) -> Domctl.Op) -> Entry {
        Entry("domctl", name, fields: [("domain", "target domain")] + fields) { v throws(CatalogError) in
            .domctl(Domctl(domain: try v.number("domain"), try make(v)))
        }
    }

    static func flask(_ name: String, _ fields: [(String, String)] = [], _ make: @escaping @Sendable (FieldValues) throws(CatalogError) -> FlaskOp.Op) -> Entry {
        Entry("xsm_op", name, fields: fields) { v throws(CatalogError) in .xsmOp(FlaskOp(try make(v))) }
    }

    static func bytes(_ v: FieldValues, _ name: String) -> [UInt8] { Array(v.string(name).utf8) }

    static var sysctlEntries: [Entry] {
        [
            sysctl("readconsole", [("clear", "clear after reading"), ("incremental", "start at index"), ("index", "start index"),
                                   ("count", "buffer bytes"), ("buffer", "0: null handle")]) { v throws(CatalogError) in
                .readconsole(clear: try v.number("clear"), incremental: try v.number("incremental"), index: try v.number("index"),
                             count: try v.number("count", default: 16384), buffer: try handle(v, "buffer"))
            },
            sysctl("physinfo") { _ throws(CatalogError) in .physinfo },
            sysctl("sched_id") { _ throws(CatalogError) in .schedID },
            sysctl("get_cpu_levelling_caps") { _ throws(CatalogError) in .getCPULevellingCaps },
            sysctl("getdomaininfolist", [("first_domain", "first domid"), ("max_domains", "entries"), ("buffer", "0: null handle")]) { v throws(CatalogError) in
                .getDomainInfoList(firstDomain: try v.number("first_domain"), maxDomains: try v.number("max_domains", default: 1024), buffer: try handle(v, "buffer"))
            },
            sysctl("debug_keys", [("keys", "the keys, as a string")]) { v throws(CatalogError) in .debugKeys(keys: bytes(v, "keys")) },
            sysctl("getcpuinfo", [("max_cpus", "entries"), ("info", "0: null handle")]) { v throws(CatalogError) in
                .getCPUInfo(maxCPUs: try v.number("max_cpus", default: 1), info: try handle(v, "info"))
            },
            sysctl("availheap", [("min_bitwidth", ""), ("max_bitwidth", ""), ("node", "-1: all")]) { v throws(CatalogError) in
                .availheap(minBitwidth: try v.number("min_bitwidth"), maxBitwidth: try v.number("max_bitwidth"), node: try v.number("node", default: -1))
            },
            sysctl("cpu_hotplug", [("cpu", ""), ("op", "XEN_SYSCTL_CPU_HOTPLUG_*")]) { v throws(CatalogError) in
                .cpuHotplug(cpu: try v.number("cpu"), op: try v.number("op"))
            },
            sysctl("pm_op", [("cmd", "get_max_cstate, set_max_cstate, enable_turbo, disable_turbo, set_sched_opt_smt, get_cpufreq_avgfreq"),
                             ("cpuid", ""), ("value", "")]) { v throws(CatalogError) in
                let cpuid: UInt32 = try v.number("cpuid"), value: UInt32 = try v.number("value")
                switch v.string("cmd", default: "get_max_cstate") {
                case "get_max_cstate": return .pmOp(.getMaxCState(cpuid: cpuid))
                case "set_max_cstate": return .pmOp(.setMaxCState(cpuid: cpuid, value: value))
                case "enable_turbo": return .pmOp(.enableTurbo(cpuid: cpuid))
                case "disable_turbo": return .pmOp(.disableTurbo(cpuid: cpuid))
                case "set_sched_opt_smt": return .pmOp(.setSchedOptSMT(cpuid: cpuid, value: value))
                case "get_cpufreq_avgfreq": return .pmOp(.getCPUFreqAvgFreq(cpuid: cpuid))
                case let c: throw .badField("cmd", "'\(c)' is not a typed pm_op command")
                }
            },
            sysctl("page_offline_op", [("cmd", "sysctl_page_offline/online/query"), ("start", "first MFN"), ("end", "last MFN")]) { v throws(CatalogError) in
                .pageOfflineOp(cmd: try v.number("cmd", default: 3), start: try v.number("start"), end: try v.number("end"), status: .buffer)
            },
            sysctl("lockprof_op", [("cmd", "1 reset, 2 query"), ("max_elem", "")]) { v throws(CatalogError) in
                .lockprofOp(cmd: try v.number("cmd", default: 2), maxElem: try v.number("max_elem"), data: try handle(v, "data"))
            },
            sysctl("cputopoinfo", [("num_cpus", "entries"), ("cputopo", "0: null handle")]) { v throws(CatalogError) in
                .cputopoinfo(numCPUs: try v.number("num_cpus"), cputopo: try handle(v, "cputopo"))
            },
            sysctl("numainfo", [("num_nodes", "entries")]) { v throws(CatalogError) in
                .numainfo(numNodes: try v.number("num_nodes"), meminfo: try handle(v, "meminfo"), distance: try handle(v, "distance"))
            },
            sysctl("cpupool_op", [("op", "create, destroy, info, addcpu, rmcpu, movedomain, freeinfo"), ("cpupool_id", ""),
                                  ("sched_id", ""), ("domid", ""), ("cpu", ""), ("nr_bits", "cpumap bits")]) { v throws(CatalogError) in
                let id: UInt32 = try v.number("cpupool_id"), map = OutBitmap(nrBits: try v.number("nr_bits", default: 8))
                switch v.string("op", default: "info") {
                case "create": return .cpupoolOp(.create(cpupoolID: id, schedID: try v.number("sched_id")))
                case "destroy": return .cpupoolOp(.destroy(cpupoolID: id))
                case "info": return .cpupoolOp(.info(cpupoolID: id, cpumap: map))
                case "addcpu": return .cpupoolOp(.addCPU(cpupoolID: id, cpu: try v.number("cpu")))
                case "rmcpu": return .cpupoolOp(.rmCPU(cpupoolID: id, cpu: try v.number("cpu")))
                case "movedomain": return .cpupoolOp(.moveDomain(cpupoolID: id, domid: try v.number("domid")))
                case "freeinfo": return .cpupoolOp(.freeInfo(cpumap: map))
                case let o: throw .badField("op", "'\(o)' is not a cpupool op")
                }
            },
            sysctl("psr_alloc", [("cmd", "XEN_SYSCTL_PSR_*"), ("target", "socket")]) { v throws(CatalogError) in
                .psrAlloc(cmd: try v.number("cmd"), target: try v.number("target"))
            },
            sysctl("get_pmstat", [("type", "get_max_px, get_pxstat, reset_pxstat, get_max_cx, get_cxstat, reset_cxstat"), ("cpuid", ""),
                                  ("total", "get_pxstat: Px states (from get_max_px)"), ("nr", "get_cxstat: Cx states (from get_max_cx)"),
                                  ("nr_pc", ""), ("nr_cc", "")]) { v throws(CatalogError) in
                let cpuid: UInt32 = try v.number("cpuid")
                switch v.string("type", default: "get_max_px") {
                case "get_max_px": return .getPMStat(.getMaxPx(cpuid: cpuid))
                case "reset_pxstat": return .getPMStat(.resetPxStat(cpuid: cpuid))
                case "get_max_cx": return .getPMStat(.getMaxCx(cpuid: cpuid))
                case "reset_cxstat": return .getPMStat(.resetCxStat(cpuid: cpuid))
                case "get_pxstat": return .getPMStat(.getPxStat(cpuid: cpuid, total: try v.number("total", default: 4), transPt: .buffer, pt: .buffer))
                case "get_cxstat":
                    return .getPMStat(.getCxStat(cpuid: cpuid, nr: try v.number("nr", default: 4), nrPC: try v.number("nr_pc"), nrCC: try v.number("nr_cc"),
                                                 triggers: .buffer, residencies: .buffer, pc: .buffer, cc: .buffer))
                case let t: throw CatalogError.badField("type", "\(t) is not a PMSTAT_* type this catalog knows")
                }
            },
            sysctl("livepatch_op", [("cmd", "upload, get, action, list"), ("name", "payload name"), ("payload", "upload: ELF bytes, comma-separated"),
                                    ("action", "LIVEPATCH_ACTION_* (1 unload, 2 revert, 3 apply, 4 replace)"), ("timeout", "ns, 0: default"),
                                    ("idx", "list: first payload"), ("nr", "list: entries (0: sizes only)"),
                                    ("name_total_size", "list: name bytes"), ("metadata_total_size", "list: metadata bytes")]) { v throws(CatalogError) in
                let name = Array(v.string("name", default: "xsa-fix").utf8)
                switch v.string("cmd", default: "get") {
                case "list":
                    let nr: UInt32 = try v.number("nr"), ns: UInt32 = try v.number("name_total_size"), ms: UInt32 = try v.number("metadata_total_size")
                    let h = NestedHandle(present: nr != 0)
                    return .livepatchOp(.list(idx: try v.number("idx"), nr: nr, nameTotalSize: ns, metadataTotalSize: ms,
                                              status: h, name: h, len: h, metadata: h, metadataLen: h))
                case "upload": return .livepatchOp(.upload(name: name, payload: try v.list("payload", of: UInt8.self)))
                case "get": return .livepatchOp(.get(name: name))
                case "action":
                    return .livepatchOp(.action(name: name, cmd: try v.number("action", default: UInt32(LIVEPATCH_ACTION_APPLY)),
                                                timeout: try v.number("timeout"), flags: 0))
                case let c: throw CatalogError.badField("cmd", "\(c) is not upload, get, action or list")
                }
            },
            sysctl("perfc_op", [("cmd", "query or reset"), ("nr_counters", "query: descriptors (0 with nr_vals 0: ask the counts)"),
                                ("nr_vals", "query: values")]) { v throws(CatalogError) in
                switch v.string("cmd", default: "query") {
                case "reset": return .perfcOp(.reset)
                case "query":
                    let nc: UInt32 = try v.number("nr_counters"), nv: UInt32 = try v.number("nr_vals")
                    let h = NestedHandle(present: nc != 0 || nv != 0)
                    return .perfcOp(.query(nrCounters: nc, nrVals: nv, desc: h, val: h))
                case let c: throw CatalogError.badField("cmd", "\(c) is not query or reset")
                }
            },
            sysctl("get_cpufreq_para", [("cpuid", ""), ("cpu_num", "0 with the others: ask the counts"), ("freq_num", ""), ("gov_num", "")]) { v throws(CatalogError) in
                let cpus: UInt32 = try v.number("cpu_num"), freqs: UInt32 = try v.number("freq_num"), govs: UInt32 = try v.number("gov_num")
                let query = cpus == 0 && freqs == 0 && govs == 0
                return .pmOp(.getCPUFreqPara(cpuid: try v.number("cpuid"), cpuNum: cpus, freqNum: freqs, govNum: govs,
                                             affectedCPUs: query ? .null : .buffer, frequencies: query ? .null : .buffer,
                                             governors: query ? .null : .buffer))
            },
            sysctl("get_cpu_featureset", [("index", "XEN_SYSCTL_cpu_featureset_*"), ("nr_features", "words")]) { v throws(CatalogError) in
                .getCPUFeatureset(index: try v.number("index"), nrFeatures: try v.number("nr_features"), features: try handle(v, "features"))
            },
            sysctl("get_cpu_policy", [("index", "XEN_SYSCTL_cpu_policy_*"), ("nr_leaves", ""), ("nr_msrs", ""),
                                      ("leaves", "0: null handle"), ("msrs", "0: null handle")]) { v throws(CatalogError) in
                .getCPUPolicy(index: try v.number("index"), nrLeaves: try v.number("nr_leaves"), nrMSRs: try v.number("nr_msrs"), rsvd: 0,
                              leaves: try handle(v, "leaves"), msrs: try handle(v, "msrs"))
            },
        ]
    }

    static var domctlEntries: [Entry] {
        [
            domctl("createdomain", [("flags", "XEN_DOMCTL_CDF_*"), ("max_vcpus", ""), ("max_evtchn_port", ""), ("emulation_flags", "")]) { v throws(CatalogError) in
                var c = Domctl.CreateDomain()
                c.flags = try v.number("flags"); c.maxVCPUs = try v.number("max_vcpus", default: 1)
                c.maxEvtchnPort = try v.number("max_evtchn_port", default: 1023); c.emulationFlags = try v.number("emulation_flags")
                return .createDomain(c)
            },
            domctl("destroydomain") { _ throws(CatalogError) in .destroyDomain },
            domctl("pausedomain") { _ throws(CatalogError) in .pauseDomain },
            domctl("unpausedomain") { _ throws(CatalogError) in .unpauseDomain },
            domctl("getdomaininfo") { _ throws(CatalogError) in .getDomainInfo },
            domctl("shadow_op", [("op", "enable_logdirty, clean, peek, off, get_allocation"), ("pages", "clean/peek: bitmap bits")]) { v throws(CatalogError) in
                let pages: UInt64 = try v.number("pages", default: 64)
                switch v.string("op", default: "enable_logdirty") {
                case "enable_logdirty": return .shadowOp(.enableLogDirty)
                case "clean": return .shadowOp(.clean(pages: pages))
                case "peek": return .shadowOp(.peek(pages: pages))
                case "off": return .shadowOp(.plain(op: UInt32(XEN_DOMCTL_SHADOW_OP_OFF)))
                case "get_allocation": return .shadowOp(.plain(op: UInt32(XEN_DOMCTL_SHADOW_OP_GET_ALLOCATION)))
                case let o: throw CatalogError.badField("op", "\(o) is not enable_logdirty, clean, peek, off or get_allocation")
                }
            },
            domctl("max_mem", [("max_memkb", "")]) { v throws(CatalogError) in .maxMem(maxKB: try v.number("max_memkb")) },
            domctl("max_vcpus", [("max", "")]) { v throws(CatalogError) in .maxVCPUs(try v.number("max", default: 1)) },
            domctl("getvcpuinfo", [("vcpu", "")]) { v throws(CatalogError) in .getVCPUInfo(vcpu: try v.number("vcpu")) },
            domctl("getvcpuaffinity", [("vcpu", ""), ("nr_bits", "bits per map")]) { v throws(CatalogError) in
                let n: UInt32 = try v.number("nr_bits", default: 8)
                return .getVCPUAffinity(vcpu: try v.number("vcpu"), flags: UInt32(XEN_VCPUAFFINITY_HARD | XEN_VCPUAFFINITY_SOFT),
                                        hard: OutBitmap(nrBits: n), soft: OutBitmap(nrBits: n))
            },
            domctl("setvcpuaffinity", [("vcpu", ""), ("hard", "hard map bytes, comma-separated")]) { v throws(CatalogError) in
                let bits: [UInt8] = try v.list("hard", of: UInt8.self)
                return .setVCPUAffinity(vcpu: try v.number("vcpu"), flags: UInt32(XEN_VCPUAFFINITY_HARD),
                                        hard: InBitmap(nrBits: UInt32(max(1, bits.count) * 8), bits: bits), soft: nil)
            },
            domctl("getvcpucontext", [("vcpu", "")]) { v throws(CatalogError) in .getVCPUContext(vcpu: try v.number("vcpu"), context: .buffer) },
            domctl("scheduler_op", [("sched_id", "XEN_SCHEDULER_*")]) { v throws(CatalogError) in
                .schedulerOp(.getInfo(schedID: try v.number("sched_id", default: UInt32(XEN_SCHEDULER_CREDIT2))))
            },
            domctl("setdomainhandle", [("handle", "16 bytes, comma-separated")]) { v throws(CatalogError) in .setDomainHandle(Domctl.fixed(try v.list("handle", of: UInt8.self), Domctl.handleSize)) },
            domctl("settimeoffset", [("seconds", "")]) { v throws(CatalogError) in .setTimeOffset(seconds: try v.number("seconds")) },
            domctl("set_address_size", [("size", "32 or 64")]) { v throws(CatalogError) in .setAddressSize(try v.number("size", default: 64)) },
            domctl("get_address_size") { _ throws(CatalogError) in .getAddressSize },
            domctl("gethvmcontext", [("size", "0 with buffer=0 asks the size"), ("buffer", "0: null handle")]) { v throws(CatalogError) in
                .getHVMContext(size: try v.number("size"), buffer: try handle(v, "buffer"))
            },
            domctl("iomem_permission", [("first_mfn", ""), ("nr_mfns", ""), ("allow_access", "")]) { v throws(CatalogError) in
                .iomemPermission(firstMFN: try v.number("first_mfn"), nrMFNs: try v.number("nr_mfns", default: 1), allowAccess: try v.number("allow_access", default: 1))
            },
            domctl("ioport_permission", [("first_port", ""), ("nr_ports", ""), ("allow_access", "")]) { v throws(CatalogError) in
                .ioportPermission(firstPort: try v.number("first_port"), nrPorts: try v.number("nr_ports", default: 1), allowAccess: try v.number("allow_access", default: 1))
            },
            domctl("irq_permission", [("pirq", ""), ("allow_access", "")]) { v throws(CatalogError) in
                .irqPermission(pirq: try v.number("pirq"), allowAccess: try v.number("allow_access", default: 1))
            },
            domctl("gettscinfo") { _ throws(CatalogError) in .getTSCInfo },
            domctl("getpageframeinfo3", [("pfns", "comma-separated")]) { v throws(CatalogError) in .getPageFrameInfo3(pfns: try v.list("pfns")) },
            domctl("get_paging_mempool_size") { _ throws(CatalogError) in .getPagingMempoolSize },
            domctl("assign_device", [("machine_sbdf", "PCI seg:bus:dev.fn as one number"), ("flags", "XEN_DOMCTL_DEV_RDM_RELAXED or 0")]) { v throws(CatalogError) in
                .assignDevice(.pci(machineSBDF: try v.number("machine_sbdf"), flags: try v.number("flags", default: 0)))
            },
            domctl("test_assign_device", [("path", "device-tree node path")]) { v throws(CatalogError) in
                .testAssignDevice(.dt(path: Array(v.string("path", default: "/soc/ethernet").utf8), flags: 0))
            },
            domctl("deassign_device", [("machine_sbdf", "")]) { v throws(CatalogError) in
                .deassignDevice(.pci(machineSBDF: try v.number("machine_sbdf"), flags: 0))
            },
            domctl("bind_pt_irq", [("machine_irq", ""), ("gvec", "MSI vector"), ("gflags", "XEN_DOMCTL_VMSI_X86_*")]) { v throws(CatalogError) in
                .bindPtIRQ(.init(machineIRQ: try v.number("machine_irq"), .msi(gvec: try v.number("gvec", default: 0x30), gflags: try v.number("gflags", default: 0), gtable: 0)))
            },
            domctl("unbind_pt_irq", [("machine_irq", ""), ("bus", ""), ("device", ""), ("intx", "")]) { v throws(CatalogError) in
                .unbindPtIRQ(.init(machineIRQ: try v.number("machine_irq"),
                                   .pci(bus: try v.number("bus", default: 0), device: try v.number("device", default: 0), intx: try v.number("intx", default: 0))))
            },
            domctl("memory_mapping", [("first_gfn", ""), ("first_mfn", ""), ("nr_mfns", ""), ("add_mapping", "1 add, 0 remove")]) { v throws(CatalogError) in
                .memoryMapping(.init(firstGuest: try v.number("first_gfn"), firstMachine: try v.number("first_mfn"),
                                     count: try v.number("nr_mfns", default: 1), add: try v.number("add_mapping", default: 1)))
            },
            domctl("ioport_mapping", [("first_gport", ""), ("first_mport", ""), ("nr_ports", ""), ("add_mapping", "1 add, 0 remove")]) { v throws(CatalogError) in
                .ioportMapping(.init(firstGuest: UInt64(try v.number("first_gport") as UInt32), firstMachine: UInt64(try v.number("first_mport") as UInt32),
                                     count: UInt64(try v.number("nr_ports", default: 1) as UInt32), add: try v.number("add_mapping", default: 1)))
            },
            domctl("vm_event_op", [("op", "XEN_VM_EVENT_* (0 enable, 1 disable, 2 resume, 3 get_version)"),
                                   ("mode", "XEN_DOMCTL_VM_EVENT_OP_* (1 paging, 2 monitor, 3 sharing)")]) { v throws(CatalogError) in
                .vmEventOp(op: try v.number("op"), mode: try v.number("mode", default: UInt32(XEN_DOMCTL_VM_EVENT_OP_MONITOR)))
            },
            domctl("monitor_op", [("op", "XEN_DOMCTL_MONITOR_OP_*"), ("event", "XEN_DOMCTL_MONITOR_EVENT_*"),
                                  ("msr", "MOV_TO_MSR: the MSR"), ("sync", "pause the vCPU until the response")]) { v throws(CatalogError) in
                let op: UInt32 = try v.number("op", default: UInt32(XEN_DOMCTL_MONITOR_OP_ENABLE))
                let event: UInt32 = try v.number("event", default: UInt32(XEN_DOMCTL_MONITOR_EVENT_GUEST_REQUEST))
                let sync: UInt8 = try v.number("sync")
                let options: Domctl.MonitorOp.Options = switch Int32(bitPattern: event) {
                case _ where op > UInt32(XEN_DOMCTL_MONITOR_OP_DISABLE): .none
                case XEN_DOMCTL_MONITOR_EVENT_MOV_TO_MSR: .movToMSR(msr: try v.number("msr"), onChangeOnly: 0)
                case XEN_DOMCTL_MONITOR_EVENT_WRITE_CTRLREG: .movToCR(index: 0, sync: sync, onChangeOnly: 0, bitmask: 0)
                case XEN_DOMCTL_MONITOR_EVENT_GUEST_REQUEST: .guestRequest(sync: sync, allowUserspace: 0)
                case XEN_DOMCTL_MONITOR_EVENT_DEBUG_EXCEPTION: .debugException(sync: sync)
                case XEN_DOMCTL_MONITOR_EVENT_VMEXIT: .vmexit(sync: sync)
                default: .none
                }
                return .monitorOp(.init(op: op, event: event, options: options))
            },
            domctl("get_device_group", [("machine_sbdf", ""), ("max_sdevs", "")]) { v throws(CatalogError) in
                let max: UInt32 = try v.number("max_sdevs", default: 16)
                return .getDeviceGroup(machineSBDF: try v.number("machine_sbdf"), maxSdevs: max, sdevs: .buffer)
            },
            domctl("set_paging_mempool_size", [("size", "bytes")]) { v throws(CatalogError) in .setPagingMempoolSize(try v.number("size")) },
        ]
    }

    static var xsmOpEntries: [Entry] {
        [
            flask("getenforce") { _ throws(CatalogError) in .getEnforce },
            flask("setenforce", [("enforcing", "")]) { v throws(CatalogError) in .setEnforce(try v.number("enforcing")) },
            flask("sid_to_context", [("sid", ""), ("size", "context buffer bytes")]) { v throws(CatalogError) in
                .sidToContext(sid: try v.number("sid"), size: try v.number("size", default: 4096), context: .buffer)
            },
            flask("context_to_sid", [("context", "string")]) { v throws(CatalogError) in .contextToSID(context: bytes(v, "context")) },
            flask("policyvers") { _ throws(CatalogError) in .policyVers },
            flask("getbool", [("name", "boolean name")]) { v throws(CatalogError) in .getBoolByName(bytes(v, "name")) },
        ]
    }
}

/// Catalog entries for `dm_op`, `hypfs_op` and `platform_op`.
extension CallCatalog {
    static var dmOpEntries: [Entry] {
        func dm(_ name: String, _ fields: [(String, String)] = [], _ make: @escaping @Sendable (FieldValues) throws(CatalogError) -> DMOp.Op) -> Entry {
            Entry("dm_op", name, fields: [("domid", "target domain")] + fields) { v throws(CatalogError) in
                .dmOp(DMOp(domid: try v.number("domid"), try make(v)))
            }
        }
        return [
            dm("create_ioreq_server", [("handle_bufioreq", "")]) { v throws(CatalogError) in .createIoreqServer(handleBufioreq: try v.number("handle_bufioreq")) },
            dm("get_ioreq_server_info", [("id", ""), ("flags", "")]) { v throws(CatalogError) in .getIoreqServerInfo(id: try v.number("id"), flags: try v.number("flags")) },
            dm("map_io_range_to_ioreq_server", [("id", ""), ("type", "XEN_DMOP_IO_RANGE_*"), ("start", ""), ("end", "")]) { v throws(CatalogError) in
                .mapIORange(id: try v.number("id"), type: try v.number("type"), start: try v.number("start"), end: try v.number("end"))
            },
            dm("set_ioreq_server_state", [("id", ""), ("enabled", "")]) { v throws(CatalogError) in .setIoreqServerState(id: try v.number("id"), enabled: try v.number("enabled", default: 1)) },
            dm("destroy_ioreq_server", [("id", "")]) { v throws(CatalogError) in .destroyIoreqServer(id: try v.number("id")) },
            dm("track_dirty_vram", [("nr", "pages"), ("first_pfn", "")]) { v throws(CatalogError) in .trackDirtyVRAM(nr: try v.number("nr", default: 8), firstPFN: try v.number("first_pfn")) },
            dm("set_isa_irq_level", [("isa_irq", ""), ("level", "")]) { v throws(CatalogError) in .setISAIRQLevel(isaIRQ: try v.number("isa_irq"), level: try v.number("level")) },
            dm("inject_msi", [("data", ""), ("addr", "")]) { v throws(CatalogError) in .injectMSI(data: try v.number("data"), addr: try v.number("addr", default: 0xfee0_0000)) },
            dm("remote_shutdown", [("reason", "SHUTDOWN_*")]) { v throws(CatalogError) in .remoteShutdown(reason: try v.number("reason")) },
            dm("nr_vcpus") { _ throws(CatalogError) in .nrVCPUs },
        ]
    }

    static var hypfsOpEntries: [Entry] {
        [
            Entry("hypfs_op", "get_version") { _ throws(CatalogError) in .hypfsOp(.getVersion) },
            Entry("hypfs_op", "read", fields: [("path", "e.g. /buildinfo/version"), ("size", "buffer bytes")]) { v throws(CatalogError) in
                .hypfsOp(.read(path: HypfsOp.path(v.string("path", default: "/")), size: try v.number("size", default: 4096)))
            },
            Entry("hypfs_op", "write_contents", fields: [("path", ""), ("contents", "string")]) { v throws(CatalogError) in
                .hypfsOp(.writeContents(path: HypfsOp.path(v.string("path")), contents: Array(v.string("contents").utf8)))
            },
        ]
    }

    static var platformOpEntries: [Entry] {
        func pf(_ name: String, _ fields: [(String, String)] = [], _ make: @escaping @Sendable (FieldValues) throws(CatalogError) -> PlatformOp.Op) -> Entry {
            Entry("platform_op", name, fields: fields) { v throws(CatalogError) in .platformOp(PlatformOp(try make(v))) }
        }
        return [
            pf("settime64", [("secs", ""), ("nsecs", ""), ("system_time", "")]) { v throws(CatalogError) in
                .settime64(secs: try v.number("secs"), nsecs: try v.number("nsecs"), mbz: 0, systemTime: try v.number("system_time"))
            },
            pf("read_memtype", [("reg", "")]) { v throws(CatalogError) in .readMemtype(reg: try v.number("reg")) },
            pf("get_cpuinfo", [("cpu", "")]) { v throws(CatalogError) in .getCPUInfo(cpu: try v.number("cpu")) },
            pf("get_cpu_version", [("cpu", "")]) { v throws(CatalogError) in .getCPUVersion(cpu: try v.number("cpu")) },
            pf("cpu_online", [("cpu", "")]) { v throws(CatalogError) in .cpuOnline(try v.number("cpu")) },
            pf("cpu_offline", [("cpu", "")]) { v throws(CatalogError) in .cpuOffline(try v.number("cpu")) },
            pf("core_parking", [("type", "1 set, 2 get"), ("idle_nums", "")]) { v throws(CatalogError) in
                // idle_nums is an input only for XEN_CORE_PARKING_SET (an output for get).
                let type: UInt32 = try v.number("type", default: 2)
                return .coreParking(type: type, idleNums: type == UInt32(XEN_CORE_PARKING_SET) ? try v.number("idle_nums") : 0)
            },
            pf("getidletime", [("nr_cpus", "")]) { v throws(CatalogError) in
                let n: UInt32 = try v.number("nr_cpus", default: 8)
                return .getIdleTime(nrCPUs: n, cpumap: Array(repeating: 0xff, count: (Int(n) + 7) / 8))
            },
            pf("get_symbol", [("symnum", ""), ("namelen", "")]) { v throws(CatalogError) in
                .getSymbol(symnum: try v.number("symnum"), namelen: try v.number("namelen", default: 128), name: .buffer)
            },
        ]
    }
}
