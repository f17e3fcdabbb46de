import Testing
import CXen
@testable import XenABI

/// One malformation: builds a guest with a placed call, breaks something,
/// and says which errno the hypervisor must answer.
struct Hostile: Sendable, CustomStringConvertible {
    var name: String
    var errno: XenErrno
    var make: @Sendable () throws -> (ModelHypervisor, op: UInt64, args: HypercallArgs)
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
func outHandle(_ flavour: Flavour, _ tamper: @escaping @Sendable (ModelDomain, GuestPlacedCall) -> UInt64) -> @Sendable () throws -> (ModelHypervisor, op: UInt64, args: HypercallArgs) {
    {
        let (d, p) = try guest(extraversion, flavour)
        var a = p.raw.args
        a[1] = tamper(d, p)
        return (ModelHypervisor(d), p.raw.op.rawValue, a)
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

func single(_ name: String, _ e: XenErrno, _ make: @escaping @Sendable () throws -> (ModelHypervisor, op: UInt64, args: HypercallArgs)) -> Hostile {
    Hostile(name: name, errno: e, make: make)
}

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
    single("flat: read-only RAM as output", .EFAULT, outHandle(.flat) { d, p in d.p2m.setType(.ramRO, of: p.placed[0]!.gfns[0]); return p.raw.args[1] }),
    single("tagged list2: read-only RAM as output", .EFAULT, outHandle(.tagged) { d, p in
        d.p2m.setType(.ramRO, of: p.placed[0]!.gfns[0]); return craftList2(d, offset: 0, gfns: p.placed[0]!.gfns) | 2 }),
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
    single("reserved op word bit 14", .ENOSYS) {
        let (d, p) = try guest(extraversion, .flat)
        return (ModelHypervisor(d), p.raw.op.rawValue | 1 << 14, p.raw.args)
    },
    single("reserved op word bit 63", .ENOSYS) {
        let (d, p) = try guest(extraversion, .linear)
        return (ModelHypervisor(d), p.raw.op.rawValue | 1 << 63, p.raw.args)
    },
    single("physical flavour to a hypervisor without the feature", .ENOSYS) {
        let (d, p) = try guest(extraversion, .gfnList)
        var hv = ModelHypervisor(d)
        hv.physicalBuffers = false
        return (hv, p.raw.op.rawValue, p.raw.args)
    },
    single("unknown xen_version sub-op", .ENOSYS) {
        let (d, p) = try guest(extraversion, .flat)
        var a = p.raw.args
        a[0] = 999
        return (ModelHypervisor(d), p.raw.op.rawValue, a)
    },
    single("nested multicall", .EINVAL) {
        let (d, p) = try guest(.multicall(Multicall([.init(.xenVersion(.extraversion), flavour: .flat), .init(.xenVersion(.version))])), .tagged)
        d.memory.store64(OpWord(.multicall, flavour: .flat).rawValue, gpa: gpa(p, 0, MulticallLayout.size + MulticallLayout.op))
        return (ModelHypervisor(d), p.raw.op.rawValue, p.raw.args)
    },
    single("multicall: nr_calls beyond the bound", .EINVAL) {
        let (d, p) = try guest(.multicall(Multicall([.init(.xenVersion(.version))])), .flat)
        var a = p.raw.args
        a[1] = 1 << 40
        return (ModelHypervisor(d), p.raw.op.rawValue, a)
    },
    single("multicall: start index past nr_calls", .EINVAL) {
        let (d, p) = try guest(.multicall(Multicall([.init(.xenVersion(.version))])), .gfnList)
        var a = p.raw.args
        a[2] = 2
        return (ModelHypervisor(d), p.raw.op.rawValue, a)
    },
    single("multicall: call list result fields read-only", .EFAULT) {
        let (d, p) = try guest(.multicall(Multicall([.init(.xenVersion(.version))])), .flat)
        d.p2m.setType(.ramRO, of: p.placed[0]!.gfns[0])
        return (ModelHypervisor(d), p.raw.op.rawValue, p.raw.args)
    },
    single("memory_op: nested extent_start with reserved tag", .EINVAL) {
        let (d, p) = try guest(increase, .tagged)
        let at = gpa(p, 0, ReservationLayout.extentStart)
        d.memory.store64(d.memory.load64(gpa: at) | 3, gpa: at)
        return (ModelHypervisor(d), p.raw.op.rawValue, p.raw.args)
    },
    single("memory_op: extent list second page read-only (no partial write)", .EFAULT) {
        let (d, p) = try guest(increase, .flat)
        d.p2m.setType(.ramRO, of: p.placed[1]!.gfns[1])
        return (ModelHypervisor(d), p.raw.op.rawValue, p.raw.args)
    },
    single("memory_op: gfnList access beyond 511 pages", .EINVAL) {
        let (d, p) = try guest(increase, .gfnList)
        d.memory.store64(300_000, gpa: gpa(p, 0, ReservationLayout.nrExtents))
        return (ModelHypervisor(d), p.raw.op.rawValue, p.raw.args)
    },
    single("memory_op: nr_extents beyond the model's bound", .EINVAL) {
        let (d, p) = try guest(increase, .linear)
        d.memory.store64(1 << 40, gpa: gpa(p, 0, ReservationLayout.nrExtents))
        return (ModelHypervisor(d), p.raw.op.rawValue, p.raw.args)
    },
    single("memory_op: decrease_reservation nr_extents absurd", .EINVAL) {
        let (d, p) = try guest(.memoryOp(.decreaseReservation(.init(nrExtents: 2), extents: [1, 2])), .flat)
        d.memory.store64(1 << 60, gpa: gpa(p, 0, ReservationLayout.nrExtents))
        return (ModelHypervisor(d), p.raw.op.rawValue, p.raw.args)
    },
    single("memory_op: reservation struct behind a null handle", .EFAULT) {
        let (d, p) = try guest(increase, .gfnList)
        var a = p.raw.args
        a[1] = ~0
        return (ModelHypervisor(d), p.raw.op.rawValue, a)
    },
]

@Suite("Hostile descriptors and calls")
struct HostileTests {
    @Test func catalogIsLargeAndDistinct() {
        #expect(hostileCatalog.count >= 30)
        #expect(Set(hostileCatalog.map(\.name)).count == hostileCatalog.count)
    }

    /// Each malformation is answered by its errno and guest memory is byte
    /// for byte what it was (FNV digest of every frame).
    @Test(arguments: hostileCatalog)
    func answeredWithoutWriting(_ h: Hostile) throws {
        let (hv, op, args) = try h.make()
        let before = hv.domain.memory.digest()
        let r = hv.execute(op: op, args: args)
        #expect(r.returnValue == h.errno.returnValue, "\(h.name): got \(r.returnValue)")
        #expect(hv.domain.memory.digest() == before, "\(h.name): guest memory changed")
    }

    /// The controls: the same placements unbroken succeed, so each hostile
    /// case fails because of its malformation.
    @Test(arguments: Flavour.allCases)
    func controlsSucceed(_ f: Flavour) throws {
        for call in [extraversion, increase] {
            let (d, p) = try guest(call, f, scattered: true)
            let r = ModelHypervisor(d).execute(p.raw)
            #expect(r.returnValue >= 0)
        }
    }
}

@Suite("Outputs resolved before writing")
struct OutputResolutionTests {
    /// Found by the fuzzer: one output written over another output's GFN
    /// list. Every output is resolved before the first write, so the second
    /// still lands where its descriptor said when the call began.
    @Test func outputOverAnotherOutputsList() throws {
        let d = ModelDomain(frameCount: 1 << 12)
        let data = d.allocateFrame()!
        let list = craftList(d, offset: 0, gfns: [data])
        var batch = OutputBatch()
        batch.write(Array(repeating: 0xff, count: 16), handle: list, flavour: .flat)
        batch.write(Array(repeating: 0x5a, count: 16), handle: list, flavour: .gfnList)
        try batch.commit(d, vcpu: 0)
        var got = [UInt8](repeating: 0, count: 16)
        got.withUnsafeMutableBytes { d.memory.read(gpa: data << 12, into: $0) }
        #expect(got == Array(repeating: 0x5a, count: 16))
        #expect(d.memory.load64(gpa: list) == ~0)
    }
}
