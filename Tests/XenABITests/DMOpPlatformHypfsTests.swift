import CXen
import Testing
@testable import XenABI
import GuestPlacement
import XenABITestSupport

extension ToolstackRandom {
    mutating func dmOps() -> [DMOp] {
        let ops: [DMOp.Op] = [
            .createIoreqServer(handleBufioreq: u8()), .getIoreqServerInfo(id: u16(), flags: u16()),
            .mapIORange(id: u16(), type: u32(), start: u64(), end: u64()), .unmapIORange(id: u16(), type: u32(), start: u64(), end: u64()),
            .setIoreqServerState(id: u16(), enabled: u8()), .destroyIoreqServer(id: u16()),
            .trackDirtyVRAM(nr: small() * 10, firstPFN: u64()),
            .setPCIIntxLevel(domain: u16(), bus: u8(), device: u8(), intx: u8(), level: u8()),
            .setISAIRQLevel(isaIRQ: u8(), level: u8()), .setPCILinkRoute(link: u8(), isaIRQ: u8()),
            .modifiedMemory(opaque: u32(), extents: (0 ..< small()).map { _ in DMOp.Extent(nr: u32(), firstPFN: u64()) }),
            .setMemType(nr: u32(), memType: u16(), firstPFN: u64()),
            .injectEvent(vcpu: u32(), vector: u8(), type: u8(), insnLen: u8(), errorCode: u32(), cr2: u64()),
            .injectMSI(data: u32(), addr: u64()), .mapMemTypeToIoreqServer(id: u16(), type: u16(), flags: u32(), opaque: u64()),
            .remoteShutdown(reason: u32()), .relocateMemory(size: u32(), srcGFN: u64(), dstGFN: u64()),
            .pinMemoryCacheattr(start: u64(), end: u64(), type: u32()), .setIRQLevel(irq: u32(), level: u8()), .nrVCPUs,
        ]
        return ops.map { DMOp(domid: u16(), $0) }
    }

    mutating func platformOps() -> [PlatformOp] {
        let core = UInt32(pick([XEN_CORE_PARKING_SET, XEN_CORE_PARKING_GET]))
        let n = small()
        let ops: [PlatformOp.Op] = [
            .settime32(secs: u32(), nsecs: u32(), systemTime: u64()), .settime64(secs: u64(), nsecs: u32(), mbz: u32(), systemTime: u64()),
            .addMemtype(mfn: u64(), nrMFNs: u64(), type: u32()), .delMemtype(handle: u32(), reg: u32()), .readMemtype(reg: u32()),
            .microcodeUpdate(bytes(Int(small()) * 11)), .platformQuirk(u32()),
            .firmwareInfo(type: UInt32(XEN_FW_KBD_SHIFT_FLAGS), index: u32()), .firmwareInfo(type: UInt32(XEN_FW_EFI_INFO), index: UInt32(XEN_FW_EFI_VERSION)),
            .enterACPISleep(valA: u16(), valB: u16(), sleepState: u32(), flags: u32()), .changeFreq(flags: u32(), cpu: u32(), freq: u64()),
            .getIdleTime(nrCPUs: n, cpumap: bytes((Int(n) + 7) / 8)), .getCPUInfo(cpu: u32()), .getCPUVersion(cpu: u32()),
            .cpuOnline(u32()), .cpuOffline(u32()), .cpuHotadd(apicID: u32(), acpiID: u32(), pxm: u32()),
            .memHotadd(spfn: u64(), epfn: u64(), pxm: u32(), flags: u32()),
            .coreParking(type: core, idleNums: core == UInt32(XEN_CORE_PARKING_SET) ? u32() : 0),
            .resourceOp(cpu: u32(), entries: (0 ..< small()).map { _ in PlatformOp.ResourceEntry(cmd: u32(), rsvd: u32(), idx: u64(), val: u64()) }),
            .getSymbol(symnum: u32(), namelen: small() * 4, name: handle()),
        ]
        return ops.map { PlatformOp($0) }
    }

    mutating func hypfsOps() -> [HypfsOp] {
        [.getVersion, .read(path: bytes(Int(small())) + [0], size: UInt64(small()) * 30),
         .writeContents(path: HypfsOp.path("/params/loglvl"), contents: bytes(Int(small())))]
    }
}

@Suite("dm_op, platform_op, hypfs_op round trips")
struct DMOpPlatformHypfsTests {
    @Test("every typed sub-op round-trips with random fields", arguments: 0 ..< 25)
    func roundTrips(seed: UInt64) throws {
        var r = ToolstackRandom(rng: SeededRNG(seed: seed &* 104_729 &+ 3))
        for v in r.dmOps() {
            let (d, same) = try roundTrip(v)
            #expect(d == v && same, "\(v)")
        }
        for v in r.platformOps() {
            let (d, same) = try roundTrip(v)
            #expect(d == v && same, "\(v)")
        }
        for v in r.hypfsOps() {
            let (d, same) = try roundTrip(v)
            #expect(d == v && same, "\(v)")
        }
    }

    @Test("dm_op: the buffer array holds nested handles and sizes; buffer 0 is struct xen_dm_op")
    func dmOpShape() {
        let c = DMOp(domid: 5, .trackDirtyVRAM(nr: 20, firstPFN: 0x100)).encoded
        #expect(c.raw.args[0] == 5 && c.raw.args[1] == 2)
        #expect(c.buffers.count == 3)
        #expect(c.buffers[0].site == .register(2) && c.buffers[0].size == 2 * DMOpLayout.bufSize)
        #expect(c.buffers[1].site == .nested(buffer: 0, offset: DMOpLayout.bufH) && c.buffers[1].size == DMOpLayout.size)
        #expect(c.buffers[2].site == .nested(buffer: 0, offset: DMOpLayout.bufSize + DMOpLayout.bufH))
        #expect(c.buffers[2].size == 3 && c.buffers[2].direction == .out)
        #expect(c.load(UInt64.self, buffer: 0, at: DMOpLayout.bufLen) == UInt64(DMOpLayout.size))
        #expect(c.load(UInt64.self, buffer: 0, at: DMOpLayout.bufSize + DMOpLayout.bufLen) == 3)
    }

    @Test("hostile dm_op and hypfs_op arguments are typed errors")
    func hostile() {
        let m = CallImageMemory(EncodedCall(), addresses: [])
        #expect(throws: DecodeError(.invalid("nr_bufs 1099511627776 outside 1...16"), at: "dm_op.nr_bufs")) { try DMOp.decode(RawHypercall(op: OpWord(.dm_op), args: HypercallArgs([1, 1 << 40, 0x1000])), memory: m) }
        #expect(throws: DecodeError(.invalid("nr_bufs 0 outside 1...16"), at: "dm_op.nr_bufs")) { try DMOp.decode(RawHypercall(op: OpWord(.dm_op), args: HypercallArgs([1, 0, 0x1000])), memory: m) }
        #expect(throws: DecodeError(.invalid("path length 1048576 outside 1...1024"), at: "hypfs_op.arg2")) {
            try HypfsOp.decode(RawHypercall(op: OpWord(.hypfs_op), args: HypercallArgs([UInt64(XEN_HYPFS_OP_read), 0x1000, 1 << 20, 0, 0])), memory: m)
        }
        #expect(throws: DecodeError(.unknownSubop(9), at: "hypfs_op")) {
            try HypfsOp.decode(RawHypercall(op: OpWord(.hypfs_op), args: HypercallArgs([9])), memory: m)
        }
    }
}

@Suite("Toolstack catalog entries")
struct ToolstackCatalogTests {
    static let families = ["sysctl", "domctl", "xsm_op", "dm_op", "hypfs_op", "platform_op"]

    @Test("every toolstack catalog entry builds with defaults, names its hypercall, and round-trips")
    func entries() throws {
        let entries = CallCatalog.entries.filter { Self.families.contains($0.hypercall) }
        #expect(entries.count > 60)
        for e in entries {
            let call = try e.make(FieldValues())
            #expect(call.number == HypercallNumber(name: e.hypercall), "\(e.hypercall) \(e.subop)")
            let (d, same) = try roundTrip(call)
            #expect(d == call && same, "\(e.hypercall) \(e.subop)")
        }
    }

    @Test("catalog field values reach the encoded bytes")
    func fields() throws {
        let c = try CallCatalog.make("sysctl", "readconsole", FieldValues(["count": "100", "index": "7", "incremental": "1"])).encoded
        #expect(c.load(UInt32.self, buffer: 0, at: SysctlLayout.u + SysctlLayout.rcIndex) == 7)
        #expect(c.buffers[1].size == 100)
        #expect(throws: CatalogError.badField("op", "'nonsense' is not a cpupool op")) {
            try CallCatalog.make("sysctl", "cpupool_op", FieldValues(["op": "nonsense"]))
        }
    }
}
