import Testing
import CXen
@testable import XenABI
@testable import XenModel

/// A hostile case's guest, call and placement (the same each time `make`
/// builds it: one for the call, one twin for what the earlier copies wrote).
struct HostileSetup {
    var hv: ModelHypervisor
    var op: UInt64
    var args: HypercallArgs
    var placed: GuestPlacedCall
}

/// One malformation: builds a guest with a placed call, breaks something,
/// and says which errno the hypervisor must answer. `earlier` applies to a
/// twin guest, by other means, what the copies the call makes before the
/// failing one write (nil: the failing copy is the call's first write).
struct Hostile: Sendable, CustomStringConvertible {
    var name: String
    var errno: XenErrno
    var make: @Sendable () throws -> HostileSetup
    var earlier: (@Sendable (ModelDomain, GuestPlacedCall) throws -> Void)?
    var description: String { name }
}

/// A guest with `call` placed in `flavour` (page-aligned, contiguous).
func guest(_ call: AnyHypercall, _ flavour: Flavour, scattered: Bool = false) throws -> (ModelDomain, GuestPlacedCall) {
    let d = ModelDomain(frameCount: 1 << 14)
    let p = try d.place(call.encoded, flavour: { _ in flavour }, options: .init(scattered: scattered))
    return (d, p)
}

/// GPA of byte `offset` of placed buffer `i`.
func gpa(_ p: GuestPlacedCall, _ i: Int, _ offset: Int = 0) -> UInt64 {
    let b = p.placed[i]!
    return expectedGPA(b.gfns, b.offset, UInt64(offset))
}

let extraversion = AnyHypercall.xenVersion(.extraversion)
let increase = AnyHypercall.memoryOp(.increaseReservation(.init(nrExtents: 1024), wantFrames: true))

/// `extraversion` (one 16-byte output at arg1) whose handle `tamper` replaces.
func outHandle(_ flavour: Flavour, _ tamper: @escaping @Sendable (ModelDomain, GuestPlacedCall) -> UInt64) -> @Sendable () throws -> HostileSetup {
    {
        let (d, p) = try guest(extraversion, flavour)
        var a = p.raw.args
        a[1] = tamper(d, p)
        return HostileSetup(hv: ModelHypervisor(d), op: p.raw.op.rawValue, args: a, placed: p)
    }
}

/// A hand-made list page: slot 0 = `offset`, then `gfns`, starting at byte
/// `at` of a fresh frame. Returns the list's GPA.
func craftList(_ d: ModelDomain, offset: UInt64, gfns: [UInt64], at: UInt64 = 0) -> UInt64 {
    let base = d.allocateFrame()! << 12 + at
    d.memory.store64(offset, gpa: base)
    for (k, g) in gfns.enumerated() where (base & 4095) + 8 * UInt64(k + 1) < 4096 { d.memory.store64(g, gpa: base + 8 * UInt64(k + 1)) }
    return base
}

/// A hand-made two-level list over `gfns`: (top GPA).
func craftList2(_ d: ModelDomain, offset: UInt64, gfns: [UInt64], topAt: UInt64 = 0) -> UInt64 {
    let l1 = craftList(d, offset: gfns[0], gfns: Array(gfns.dropFirst()))  // slot 0 of a level-1 page is data GFN 0
    return craftList(d, offset: offset, gfns: [l1 >> 12], at: topAt)
}

func single(_ name: String, _ e: XenErrno, _ make: @escaping @Sendable () throws -> HostileSetup) -> Hostile {
    Hostile(name: name, errno: e, make: make)
}

/// A placed call run unbroken after `tamper`, the hypervisor as built.
func placedCall(_ call: AnyHypercall, _ flavour: Flavour, options: GuestPlacementOptions = .init(),
                _ tamper: @escaping @Sendable (ModelDomain, GuestPlacedCall, inout HypercallArgs) -> Void = { _, _, _ in }) -> @Sendable () throws -> HostileSetup {
    {
        let d = ModelDomain(frameCount: 1 << 14)
        let p = try d.place(call.encoded, flavour: { _ in flavour }, options: options)
        var a = p.raw.args
        tamper(d, p, &a)
        return HostileSetup(hv: ModelHypervisor(d), op: p.raw.op.rawValue, args: a, placed: p)
    }
}

/// Maps page `page` of placed buffer `i` read-only in vCPU 0's page tables.
func mapReadOnly(_ d: ModelDomain, _ p: GuestPlacedCall, _ i: Int, page: Int) {
    let b = p.placed[i]!
    let va = (b.va & ~4095) + UInt64(page) << 12
    d.unmap(va: va, cr3: d.vcpus[0].cr3)
    d.map(va: va, to: b.gfns[page] << 12, rights: [.noExecute], cr3: d.vcpus[0].cr3)
}

/// Runs multicall entry `k` of a placed multicall as a call of its own and
/// stores its result in its slot: what the batch does for that entry.
func runEntryAlone(_ d: ModelDomain, _ p: GuestPlacedCall, _ k: Int) {
    let at = k * MulticallLayout.size
    var args = HypercallArgs()
    for r in 0 ..< HypercallArgs.count { args[r] = p.call.load(UInt64.self, buffer: 0, at: at + MulticallLayout.args + 8 * r) }
    let rv = ModelHypervisor(d).execute(op: p.call.load(UInt64.self, buffer: 0, at: at + MulticallLayout.op), args: args).returnValue
    withUnsafeBytes(of: UInt64(bitPattern: rv).littleEndian) { d.memory.write(gpa: gpa(p, 0, at + MulticallLayout.result), from: $0) }
}

/// Two `GNTTABOP_copy` entries of 13 bytes from one own frame to another,
/// the second entry's status in its own page (the uop straddles two pages).
let grantText = Array("granted bytes".utf8)
let grantSource: UInt64 = 0x10, grantDest: UInt64 = 0x11
let grantTwo: AnyHypercall = {
    let me = UInt16(XENABI_DOMID_SELF)
    // Two frames of the first MiB, which the guest allocator leaves alone.
    let src = grantSource, dst = grantDest
    typealias C = GrantTableOp.Copy
    return .grantTableOp(.copy([C(source: .init(.gmfn(src), domid: me, offset: 100), dest: .init(.gmfn(dst), domid: me, offset: 0), len: 13),
                                C(source: .init(.gmfn(src), domid: me, offset: 100), dest: .init(.gmfn(dst), domid: me, offset: 200), len: 13)]))
}()

let hostileCatalog: [Hostile] = [
    single("tagged: reserved tag 11", .EINVAL, outHandle(.tagged) { _, p in p.raw.args[1] | 3 }),
    single("gfnList: slot 0 offset 4096", .EINVAL, outHandle(.gfnList) { d, p in d.memory.store64(4096, gpa: p.raw.args[1]); return p.raw.args[1] }),
    single("gfnList: slot 0 offset ~0", .EINVAL, outHandle(.gfnList) { d, p in d.memory.store64(~0, gpa: p.raw.args[1]); return p.raw.args[1] }),
    single("tagged list1: offset >= 4096", .EINVAL, outHandle(.tagged) { d, p in craftList(d, offset: 5000, gfns: p.placed[0]!.gfns) | 1 }),
    single("tagged list2: offset >= 4096", .EINVAL, outHandle(.tagged) { d, p in craftList2(d, offset: 4096, gfns: p.placed[0]!.gfns) | 2 }),
    single("gfnList: list not 8-byte aligned", .EINVAL, outHandle(.gfnList) { _, p in p.raw.args[1] + 4 }),
    single("tagged list1: list not 8-byte aligned", .EINVAL, outHandle(.tagged) { d, p in craftList(d, offset: 0, gfns: p.placed[0]!.gfns, at: 4) | 1 }),
    single("tagged list2: top list not 8-byte aligned", .EINVAL, outHandle(.tagged) { d, p in craftList2(d, offset: 0, gfns: p.placed[0]!.gfns, topAt: 4) | 2 }),
    single("gfnList: list crosses its page", .EINVAL, outHandle(.gfnList) { d, p in craftList(d, offset: 0, gfns: p.placed[0]!.gfns, at: 4088) }),
    single("tagged list1: list crosses its page", .EINVAL, outHandle(.tagged) { d, p in craftList(d, offset: 0, gfns: p.placed[0]!.gfns, at: 4088) | 1 }),
    single("tagged list2: top level too short for the access", .EINVAL, outHandle(.tagged) { d, p in craftList2(d, offset: 0, gfns: p.placed[0]!.gfns, topAt: 4088) | 2 }),
    single("gfnList: data GFN beyond the P2M", .EFAULT, outHandle(.gfnList) { d, p in craftList(d, offset: 0, gfns: [d.frameCount + 5]) }),
    single("tagged list1: data GFN ~0", .EFAULT, outHandle(.tagged) { d, p in craftList(d, offset: 0, gfns: [~0]) | 1 }),
    single("tagged list2: level-1 GFN beyond the P2M", .EFAULT, outHandle(.tagged) { d, p in craftList(d, offset: 0, gfns: [d.frameCount]) | 2 }),
    single("tagged list2: data GFN beyond the P2M", .EFAULT, outHandle(.tagged) { d, p in craftList2(d, offset: 0, gfns: [d.frameCount + 1]) | 2 }),
    single("flat: GPA beyond the P2M", .EFAULT, outHandle(.flat) { d, _ in d.frameCount << 12 }),
    single("flat: GPA + size wraps", .EINVAL, outHandle(.flat) { _, _ in ~UInt64(0) - 8 }),
    single("tagged flat: GPA + size wraps", .EINVAL, outHandle(.tagged) { _, _ in ~UInt64(0) - 11 }),
    single("gfnList: list page beyond the P2M", .EFAULT, outHandle(.gfnList) { d, _ in (d.frameCount + 1) << 12 }),
    single("gfnList: list page not RAM", .EFAULT, outHandle(.gfnList) { d, p in d.p2m.setType(.notPresent, of: p.raw.args[1] >> 12); return p.raw.args[1] }),
    single("gfnList: data page not RAM", .EFAULT, outHandle(.gfnList) { d, p in d.p2m.setType(.notPresent, of: p.placed[0]!.gfns[0]); return p.raw.args[1] }),
    single("flat: data page paged out", .EFAULT, outHandle(.flat) { d, p in d.p2m.setType(.pagedOut, of: p.placed[0]!.gfns[0]); return p.raw.args[1] }),
    single("encrypted: private data page (flat)", .EFAULT, outHandle(.flat) { d, p in
        d.encrypted = true; d.p2m.setShared(false, p.placed[0]!.gfns[0]); return p.raw.args[1] }),
    single("encrypted: private list page (gfnList)", .EFAULT, outHandle(.gfnList) { d, p in
        d.encrypted = true; d.p2m.setShared(false, p.raw.args[1] >> 12); return p.raw.args[1] }),
    single("encrypted: linear handle, no software TLB", .EFAULT, outHandle(.linear) { d, p in d.encrypted = true; return p.raw.args[1] }),
    single("linear: unmapped address", .EFAULT, outHandle(.linear) { _, p in p.raw.args[1] + (1 << 30) }),
    single("linear: read-only mapping as output", .EFAULT, outHandle(.linear) { d, p in
        let va = p.raw.args[1] & ~4095
        d.unmap(va: va, cr3: d.vcpus[0].cr3)
        d.map(va: va, to: p.placed[0]!.gfns[0] << 12, rights: [.noExecute], cr3: d.vcpus[0].cr3)
        return p.raw.args[1] }),
    single("linear: non-canonical address", .EFAULT, outHandle(.linear) { _, _ in 0x0000_8000_0000_1000 }),
    single("linear: supervisor page from user mode", .EFAULT, outHandle(.linear) { d, p in d.vcpus[0].userMode = true; return p.raw.args[1] }),
    single("linear: page-table frame not RAM", .EFAULT, outHandle(.linear) { d, p in d.p2m.setType(.notPresent, of: d.vcpus[0].cr3 >> 12); return p.raw.args[1] }),
    single("physical null handle where a buffer is required", .EFAULT, outHandle(.tagged) { _, _ in ~0 }),
    single("linear null handle where a buffer is required", .EFAULT, outHandle(.linear) { _, _ in 0 }),
    single("gfnList: null handle 0", .EFAULT, outHandle(.gfnList) { _, _ in 0 }),
    single("tagged: null handle 0", .EFAULT, outHandle(.tagged) { _, _ in 0 }),
    single("flat: null handle ~0 is a GPA whose range wraps", .EINVAL, outHandle(.flat) { _, _ in ~0 }),
    single("reserved op word bit 14", .ENOSYS) {
        var s = try placedCall(extraversion, .flat)()
        s.op |= 1 << 14
        return s
    },
    single("reserved op word bit 63", .ENOSYS) {
        var s = try placedCall(extraversion, .linear)()
        s.op |= 1 << 63
        return s
    },
    single("physical flavour to a hypervisor without the feature", .ENOSYS) {
        var s = try placedCall(extraversion, .gfnList)()
        s.hv.physicalBuffers = false
        return s
    },
    single("unknown xen_version sub-op", .ENOSYS, placedCall(extraversion, .flat) { _, _, a in a[0] = 999 }),
    single("xen_version build_id: len 0 with a buffer", .EINVAL, placedCall(.xenVersion(.buildID(length: 20)), .flat) { d, p, _ in
        withUnsafeBytes(of: UInt32(0)) { d.memory.write(gpa: gpa(p, 0, XenVersionOutputLayout.buildIDLen), from: $0) } }),
    single("multicall: nr_calls beyond the model's bound", .EINVAL, placedCall(.multicall(Multicall([.init(.xenVersion(.version))])), .flat) { _, _, a in
        a[1] = UInt64(Multicall.maxEntries) + 1 }),
    single("multicall: start index past nr_calls", .EINVAL, placedCall(.multicall(Multicall([.init(.xenVersion(.version))])), .gfnList) { _, _, a in
        a[2] = 2 }),
    single("multicall: call list not RAM", .EFAULT, placedCall(.multicall(Multicall([.init(.xenVersion(.version))])), .flat) { d, p, _ in
        d.p2m.setType(.notPresent, of: p.placed[0]!.gfns[0]) }),
    // Entry 0 (page 0 of the list) runs and gets its result; entry 1 (page 1) cannot be read.
    Hostile(name: "multicall: second entry unreadable after the first ran", errno: .EFAULT,
            make: placedCall(.multicall(Multicall([.init(extraversion, flavour: .tagged), .init(.xenVersion(.version))])), .flat,
                             options: .init(offsets: .straddle)) { d, p, _ in d.p2m.setType(.pagedOut, of: p.placed[0]!.gfns[1]) },
            earlier: { d, p in runEntryAlone(d, p, 0) }),
    // Entry 0's result field sits in a page mapped read-only: the entry ran
    // (its output written), then the result copy faults.
    Hostile(name: "multicall: result not writable after the entry ran (linear)", errno: .EFAULT,
            make: placedCall(.multicall(Multicall([.init(extraversion, flavour: .flat)])), .linear) { d, p, _ in mapReadOnly(d, p, 0, page: 0) },
            earlier: { d, p in
                var a = HypercallArgs()
                for r in 0 ..< HypercallArgs.count { a[r] = p.call.load(UInt64.self, buffer: 0, at: MulticallLayout.args + 8 * r) }
                _ = ModelHypervisor(d).execute(op: p.call.load(UInt64.self, buffer: 0, at: MulticallLayout.op), args: a)
            }),
    // Entry 0 copies and gets its status; entry 1 copies, then its status
    // (in the second page, mapped read-only) faults: gnttab_copy's order.
    Hostile(name: "grant_table_op copy: second status not writable (linear)", errno: .EFAULT,
            make: placedCall(grantTwo, .linear, options: .init(offsets: .straddle)) { d, p, _ in
                grantText.withUnsafeBytes { d.memory.write(gpa: grantSource << 12 | 100, from: $0) }
                mapReadOnly(d, p, 0, page: 1)
            },
            earlier: { d, _ in
                grantText.withUnsafeBytes {
                    d.memory.write(gpa: grantDest << 12, from: $0)
                    d.memory.write(gpa: grantDest << 12 | 200, from: $0)
                }
            }),
]

@Suite("Hostile descriptors and calls")
struct HostileTests {
    @Test func catalogIsLargeAndDistinct() {
        #expect(hostileCatalog.count >= 30)
        #expect(Set(hostileCatalog.map(\.name)).count == hostileCatalog.count)
        // Some cases fail after earlier copies wrote: the per-copy check is not the whole-call one.
        #expect(hostileCatalog.filter { $0.earlier != nil }.count >= 3)
    }

    /// Each malformation is answered by its errno, and the copy that failed
    /// wrote nothing: guest memory (FNV digest of every frame) is what a
    /// twin guest holds after only the copies the call made before the
    /// failing one (Specs/abi.md section 6: a failed call may keep those).
    @Test(arguments: hostileCatalog)
    func failingCopyWritesNothing(_ h: Hostile) throws {
        let s = try h.make()
        let twin = try h.make()
        #expect(s.hv.domain.memory.digest() == twin.hv.domain.memory.digest(), "\(h.name): the case is not built deterministically")
        try h.earlier?(twin.hv.domain, twin.placed)
        let r = s.hv.execute(op: s.op, args: s.args)
        #expect(r.returnValue == h.errno.returnValue, "\(h.name): got \(r.returnValue)")
        #expect(s.hv.domain.memory.digest() == twin.hv.domain.memory.digest(), "\(h.name): guest memory is not the earlier copies' alone")
    }

    /// The cases with earlier copies: those copies did change memory (the
    /// twin check above would otherwise be the whole-call one).
    @Test(arguments: hostileCatalog.filter { $0.earlier != nil })
    func earlierCopiesWrote(_ h: Hostile) throws {
        let s = try h.make()
        let before = s.hv.domain.memory.digest()
        try h.earlier?(s.hv.domain, s.placed)
        #expect(s.hv.domain.memory.digest() != before, "\(h.name)")
    }

    /// The controls: the same placements unbroken succeed, so each hostile
    /// case fails because of its malformation.
    @Test(arguments: Flavour.allCases)
    func controlsSucceed(_ f: Flavour) throws {
        for call in [extraversion, increase] {
            let (d, p) = try guest(call, f, scattered: true)
            let r = ModelHypervisor(d).execute(p.raw)
            #expect(r.returnValue == (call == increase ? 1024 : 0))
        }
        let grants = try placedCall(grantTwo, .linear, options: .init(offsets: .straddle)) { d, _, _ in
            grantText.withUnsafeBytes { d.memory.write(gpa: grantSource << 12 | 100, from: $0) }
        }()
        #expect(grants.hv.execute(op: grants.op, args: grants.args).returnValue == 0)
        let batch = try placedCall(.multicall(Multicall([.init(extraversion, flavour: .tagged), .init(.xenVersion(.version))])), .flat,
                                   options: .init(offsets: .straddle))()
        #expect(batch.hv.execute(op: batch.op, args: batch.args).returnValue == 0)
    }
}

@Suite("Outputs written copy by copy")
struct OutputResolutionTests {
    /// Found by the fuzzer: one output written over another output's GFN
    /// list. Each output is one copy, walked when it runs (as Xen's
    /// handlers copy as they go): the second walks its list as the first
    /// left it, finds slot 0 (the offset) all ones and fails with -EINVAL.
    @Test func outputOverAnotherOutputsList() throws {
        let d = ModelDomain(frameCount: 1 << 12)
        let data = d.allocateFrame()!
        let list = craftList(d, offset: 0, gfns: [data])
        var batch = OutputBatch()
        batch.write(Array(repeating: 0xff, count: 16), handle: list, flavour: .flat)
        batch.write(Array(repeating: 0x5a, count: 16), handle: list, flavour: .gfnList)
        #expect(throws: XenErrno.EINVAL) { try batch.commit(d, vcpu: 0) }
        var got = [UInt8](repeating: 0, count: 16)
        got.withUnsafeMutableBytes { d.memory.read(gpa: data << 12, into: $0) }
        #expect(got == Array(repeating: 0, count: 16))
        #expect(d.memory.load64(gpa: list) == ~0)
    }
}
