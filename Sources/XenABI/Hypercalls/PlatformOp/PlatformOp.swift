import CXen

/// `__HYPERVISOR_platform_op` (`public/platform.h`): `platform_op(struct xen_platform_op *)`
/// with interface version `XENPF_INTERFACE_VERSION`. Only the fields a
/// sub-op reads are encoded as inputs.
public struct PlatformOp: VersionedHypercall, Hashable {
    /// The `XENPF_*` sub-op and its input fields.
    public var op: Op

    /// A platform op.
    public init(_ op: Op) { self.op = op }

    /// The `XENPF_*` sub-ops.
    public enum Op: Hashable, Sendable {
        /// `XENPF_settime32`.
        case settime32(secs: UInt32, nsecs: UInt32, systemTime: UInt64)
        /// `XENPF_settime64`.
        case settime64(secs: UInt64, nsecs: UInt32, mbz: UInt32, systemTime: UInt64)
        /// `XENPF_add_memtype`.
        case addMemtype(mfn: UInt64, nrMFNs: UInt64, type: UInt32)
        /// `XENPF_del_memtype`.
        case delMemtype(handle: UInt32, reg: UInt32)
        /// `XENPF_read_memtype`.
        case readMemtype(reg: UInt32)
        /// `XENPF_microcode_update`: the blob in.
        case microcodeUpdate([UInt8])
        /// `XENPF_platform_quirk`.
        case platformQuirk(UInt32)
        /// `XENPF_firmware_info` for the kinds whose union is all output
        /// (`XEN_FW_DISK_MBR_SIGNATURE`, `XEN_FW_KBD_SHIFT_FLAGS`, `XEN_FW_EFI_INFO`
        /// version / config table / runtime version / Apple properties).
        case firmwareInfo(type: UInt32, index: UInt32)
        /// `XENPF_enter_acpi_sleep`.
        case enterACPISleep(valA: UInt16, valB: UInt16, sleepState: UInt32, flags: UInt32)
        /// `XENPF_change_freq`.
        case changeFreq(flags: UInt32, cpu: UInt32, freq: UInt64)
        /// `XENPF_getidletime`: the CPU bitmap in (and back), idle times out.
        case getIdleTime(nrCPUs: UInt32, cpumap: [UInt8])
        /// `XENPF_get_cpuinfo`.
        case getCPUInfo(cpu: UInt32)
        /// `XENPF_get_cpu_version`.
        case getCPUVersion(cpu: UInt32)
        /// `XENPF_cpu_online`.
        case cpuOnline(UInt32)
        /// `XENPF_cpu_offline`.
        case cpuOffline(UInt32)
        /// `XENPF_cpu_hotadd`.
        case cpuHotadd(apicID: UInt32, acpiID: UInt32, pxm: UInt32)
        /// `XENPF_mem_hotadd`.
        case memHotadd(spfn: UInt64, epfn: UInt64, pxm: UInt32, flags: UInt32)
        /// `XENPF_core_parking` (`idle_nums` is read for `XEN_CORE_PARKING_SET`).
        case coreParking(type: UInt32, idleNums: UInt32)
        /// `XENPF_resource_op`: the entries in (values written back).
        case resourceOp(cpu: UInt32, entries: [ResourceEntry])
        /// `XENPF_get_symbol`: symbol `symnum`, its name into `namelen` bytes.
        case getSymbol(symnum: UInt32, namelen: UInt32, name: NestedHandle)
    }

    /// The `XENPF_*` command.
    public var cmd: UInt32 {
        let c: Int32 = switch op {
        case .settime32: XENPF_settime32
        case .settime64: XENPF_settime64
        case .addMemtype: XENPF_add_memtype
        case .delMemtype: XENPF_del_memtype
        case .readMemtype: XENPF_read_memtype
        case .microcodeUpdate: XENPF_microcode_update
        case .platformQuirk: XENPF_platform_quirk
        case .firmwareInfo: XENPF_firmware_info
        case .enterACPISleep: XENPF_enter_acpi_sleep
        case .changeFreq: XENPF_change_freq
        case .getIdleTime: XENPF_getidletime
        case .getCPUInfo: XENPF_get_cpuinfo
        case .getCPUVersion: XENPF_get_cpu_version
        case .cpuOnline: XENPF_cpu_online
        case .cpuOffline: XENPF_cpu_offline
        case .cpuHotadd: XENPF_cpu_hotadd
        case .memHotadd: XENPF_mem_hotadd
        case .coreParking: XENPF_core_parking
        case .resourceOp: XENPF_resource_op
        case .getSymbol: XENPF_get_symbol
        }
        return UInt32(c)
    }

    /// `struct xen_platform_op` at `XENPF_INTERFACE_VERSION`.
    public static let envelope = VersionedEnvelope(.platform_op, cName: "xen_platform_op", size: PlatformLayout.size, cmd: PlatformLayout.cmd,
                                                   interfaceVersion: PlatformLayout.interfaceVersion, union: PlatformLayout.u,
                                                   version: UInt32(XENPF_INTERFACE_VERSION), versionName: "XENPF_INTERFACE_VERSION")

    public func encode(into call: inout EncodedCall) {
        typealias L = PlatformLayout
        let b = Self.envelope.begin(cmd, into: &call)
        let u = L.u
        func put<T: FixedWidthInteger>(_ v: T, _ o: Int) { call.store(v, buffer: b, at: u + o) }
        switch op {
        case .settime32(let s, let ns, let st): put(s, L.st32Secs); put(ns, L.st32Nsecs); put(st, L.st32System)
        case .settime64(let s, let ns, let mbz, let st): put(s, L.st64Secs); put(ns, L.st64Nsecs); put(mbz, L.st64Mbz); put(st, L.st64System)
        case .addMemtype(let mfn, let nr, let t): put(mfn, L.amMFN); put(nr, L.amNr); put(t, L.amType)
        case .delMemtype(let h, let r): put(h, L.dmHandle); put(r, L.dmReg)
        case .readMemtype(let r): put(r, L.rmReg)
        case .microcodeUpdate(let data):
            put(UInt32(data.count), L.mcLength)
            call.addNestedInput(data, parent: b, offset: u + L.mcData)
        case .platformQuirk(let q): put(q, L.pqID)
        case .firmwareInfo(let t, let i): put(t, L.fwType); put(i, L.fwIndex)
        case .enterACPISleep(let a, let bb, let s, let f): put(a, L.asValA); put(bb, L.asValB); put(s, L.asState); put(f, L.asFlags)
        case .changeFreq(let f, let cpu, let freq): put(f, L.cfFlags); put(cpu, L.cfCPU); put(freq, L.cfFreq)
        case .getIdleTime(let n, let map):
            put(n, L.giNrCPUs)
            let m = call.addBuffer(size: (Int(n) + 7) / 8, direction: .inOut, site: .nested(buffer: b, offset: u + L.giBitmap))
            call.store(bytes: map.prefix((Int(n) + 7) / 8), buffer: m, at: 0)
            call.addBuffer(size: Int(n) * 8, direction: .out, site: .nested(buffer: b, offset: u + L.giIdletime))
        case .getCPUInfo(let c): put(c, L.pciCPU)
        case .getCPUVersion(let c): put(c, L.pcvCPU)
        case .cpuOnline(let c), .cpuOffline(let c): put(c, L.olCPU)
        case .cpuHotadd(let a, let c, let p): put(a, L.haAPIC); put(c, L.haACPI); put(p, L.haPXM)
        case .memHotadd(let s, let e, let p, let f): put(s, L.mhSPFN); put(e, L.mhEPFN); put(p, L.mhPXM); put(f, L.mhFlags)
        case .coreParking(let t, let n):
            put(t, L.cpType)
            if t == UInt32(XEN_CORE_PARKING_SET) { put(n, L.cpIdle) }
        case .resourceOp(let cpu, let entries):
            put(UInt32(entries.count), L.roNr); put(cpu, L.roCPU)
            call.addStructs(entries, site: .nested(buffer: b, offset: u + L.roEntries))
        case .getSymbol(let sym, let len, let name):
            put(len, L.sdNamelen); put(sym, L.sdSymnum)
            call.addNested(name, size: Int(len), direction: .out, parent: b, offset: u + L.sdName)
        }
    }

    public static func decode(_ raw: RawHypercall, memory: some GuestMemoryReader) throws(DecodeError) -> PlatformOp {
        typealias L = PlatformLayout
        let (cmd, u) = try envelope.open(raw, memory: memory)
        let op: Op
        switch Int32(bitPattern: cmd) {
        case XENPF_settime32: op = .settime32(secs: u.u32(L.st32Secs), nsecs: u.u32(L.st32Nsecs), systemTime: u.u64(L.st32System))
        case XENPF_settime64: op = .settime64(secs: u.u64(L.st64Secs), nsecs: u.u32(L.st64Nsecs), mbz: u.u32(L.st64Mbz), systemTime: u.u64(L.st64System))
        case XENPF_add_memtype: op = .addMemtype(mfn: u.u64(L.amMFN), nrMFNs: u.u64(L.amNr), type: u.u32(L.amType))
        case XENPF_del_memtype: op = .delMemtype(handle: u.u32(L.dmHandle), reg: u.u32(L.dmReg))
        case XENPF_read_memtype: op = .readMemtype(reg: u.u32(L.rmReg))
        case XENPF_microcode_update:
            let n = try u.count(UInt64(u.u32(L.mcLength)), 1, "microcode.length")
            op = .microcodeUpdate(try u.bytes(L.mcData, count: n, memory: memory, "microcode.data"))
        case XENPF_platform_quirk: op = .platformQuirk(u.u32(L.pqID))
        case XENPF_firmware_info:
            let t = u.u32(L.fwType), i = u.u32(L.fwIndex)
            let efiOutputOnly = [XEN_FW_EFI_VERSION, XEN_FW_EFI_CONFIG_TABLE, XEN_FW_EFI_RT_VERSION, XEN_FW_EFI_APPLE_PROPERTIES].map { UInt32($0) }
            switch Int32(bitPattern: t) {
            case XEN_FW_DISK_MBR_SIGNATURE, XEN_FW_KBD_SHIFT_FLAGS: break
            case XEN_FW_EFI_INFO where efiOutputOnly.contains(i): break
            default: throw DecodeError(.unknownSubop(UInt64(t)), at: "platform_op.firmware_info.type")
            }
            op = .firmwareInfo(type: t, index: i)
        case XENPF_enter_acpi_sleep:
            op = .enterACPISleep(valA: u.load(UInt16.self, L.asValA), valB: u.load(UInt16.self, L.asValB), sleepState: u.u32(L.asState), flags: u.u32(L.asFlags))
        case XENPF_change_freq: op = .changeFreq(flags: u.u32(L.cfFlags), cpu: u.u32(L.cfCPU), freq: u.u64(L.cfFreq))
        case XENPF_getidletime:
            let n = u.u32(L.giNrCPUs)
            _ = try u.count(UInt64(n), 8, "getidletime.cpumap_nr_cpus")
            let map = try u.bytes(L.giBitmap, count: (Int(n) + 7) / 8, memory: memory, "getidletime.cpumap_bitmap")
            op = .getIdleTime(nrCPUs: n, cpumap: map)
        case XENPF_get_cpuinfo: op = .getCPUInfo(cpu: u.u32(L.pciCPU))
        case XENPF_get_cpu_version: op = .getCPUVersion(cpu: u.u32(L.pcvCPU))
        case XENPF_cpu_online: op = .cpuOnline(u.u32(L.olCPU))
        case XENPF_cpu_offline: op = .cpuOffline(u.u32(L.olCPU))
        case XENPF_cpu_hotadd: op = .cpuHotadd(apicID: u.u32(L.haAPIC), acpiID: u.u32(L.haACPI), pxm: u.u32(L.haPXM))
        case XENPF_mem_hotadd: op = .memHotadd(spfn: u.u64(L.mhSPFN), epfn: u.u64(L.mhEPFN), pxm: u.u32(L.mhPXM), flags: u.u32(L.mhFlags))
        case XENPF_core_parking:
            let t = u.u32(L.cpType)
            op = .coreParking(type: t, idleNums: t == UInt32(XEN_CORE_PARKING_SET) ? u.u32(L.cpIdle) : 0)
        case XENPF_resource_op:
            let n = u.u32(L.roNr)
            let entries = try u.structs(ResourceEntry.self, L.roEntries, count: UInt64(n), memory: memory, "resource_op.nr_entries", "resource_op.entries")
            op = .resourceOp(cpu: u.u32(L.roCPU), entries: entries)
        case XENPF_get_symbol:
            let n = u.u32(L.sdNamelen)
            _ = try u.count(UInt64(n), 1, "get_symbol.namelen")
            op = .getSymbol(symnum: u.u32(L.sdSymnum), namelen: n, name: u.nested(L.sdName))
        default:
            throw DecodeError(.unknownSubop(UInt64(cmd)), at: "platform_op")
        }
        return PlatformOp(op)
    }
}
