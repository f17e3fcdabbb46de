import CXen
import SoftTLB
import Testing
@testable import XenABI
@testable import XenModel

/// Issues a vcpu_op sub-op from vCPU `from` of `d` through the model, its
/// `vcpu_hcall_buffer_t` placed in guest memory in `flavour` (mapped in
/// `from`'s current page tables, as the guest would).
func issue(_ d: ModelDomain, _ op: VCPUOp, from: Int = 0, capacity: Int = SoftTLBTable.defaultCapacity,
           flavour: Flavour = .linear) -> Int64 {
    var c = EncodedCall()
    op.encode(into: &c)
    let placed: GuestPlacedCall
    do { placed = try d.place(c, flavour: { _ in flavour }, vcpu: from) } catch {
        Issue.record("placing the call: \(error)")
        return .min
    }
    var h = ModelHypervisor(d, vcpu: from)
    h.hcallBufferCapacity = capacity
    return h.execute(placed.raw).returnValue
}

/// Issues `op` through `h` with its struct written to frame `gfn` and passed
/// `flat`: no allocation per call, for tests that issue thousands.
func issueFlat(_ h: ModelHypervisor, _ op: VCPUOp, argFrame gfn: UInt64) -> Int64 {
    var c = EncodedCall()
    op.encode(into: &c)
    c.setFlavour(.flat, ofOwner: 0)
    c.bytes(of: 0).withUnsafeBytes { h.domain.memory.write(gpa: gfn << 12, from: $0) }
    c.setHandle(of: 0, to: gfn << 12)
    return h.execute(c.raw).returnValue
}

/// The raw call of `op` with handle `handle` in `flavour` (nothing placed).
func rawCall(_ op: VCPUOp, handle: UInt64, flavour: Flavour) -> RawHypercall {
    var c = EncodedCall()
    op.encode(into: &c)
    c.setFlavour(flavour, ofOwner: 0)
    c.setHandle(of: 0, to: handle)
    return c.raw
}

/// A domain with paging, and `pages` frames mapped at `va` with 4 KiB pages,
/// each frame's first word holding its own GFN (so a read tells which frame
/// a translation reached).
func mappedDomain(vcpus: Int = 2, va: UInt64 = 0xffff_c900_0010_0000, pages: Int = 4) -> (ModelDomain, [UInt64]) {
    let d = ModelDomain(frameCount: 1 << 14, vcpus: vcpus)
    d.bootstrapPaging()
    d.nextPoolVA = callPoolVA  // the calls' structs, clear of the test buffers
    var gfns: [UInt64] = []
    for p in 0 ..< pages {
        let g = d.allocateFrame()!
        gfns.append(g)
        d.memory.store64(g, gpa: g << 12)
        #expect(d.map(va: va + UInt64(p) * 4096, to: g << 12, cr3: d.vcpus[0].cr3))
    }
    return (d, gfns)
}

func firstWord(_ d: ModelDomain, _ va: UInt64, vcpu: Int = 0) throws -> UInt64 {
    let b = try d.copyFromGuest(va, flavour: .linear, count: 8, vcpu: vcpu)
    return b.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
}

let bufVA: UInt64 = 0xffff_c900_0010_0000
/// Where `issue` places the calls' structs (1 GiB above the buffers).
let callPoolVA: UInt64 = 0xffff_c900_4000_0000

@Suite("vcpu_op 16-18: the model's software TLB")
struct HcallBufferTests {
    @Test("register: linear chunks inside the entry are translated by the TLB, not walked")
    func registerHits() throws {
        let (d, gfns) = mappedDomain()
        // Register the first page's VA against the *fourth* frame: a read then
        // shows which translation the model used.
        #expect(issue(d, .registerHcallBuffer(vcpu: 0, va: bufVA, gpa: gfns[3] << 12, size: 4096)) == 0)
        let v = d.vcpus[0]
        v.resetCounters()
        #expect(try firstWord(d, bufVA) == gfns[3])
        #expect(v.tlbHits == 1 && v.tlbMisses == 0 && v.walks == 0)
        #expect(try firstWord(d, bufVA + 4096) == gfns[1])
        #expect(v.tlbHits == 1 && v.tlbMisses == 1 && v.walks == 1)
        // A chunk that runs past the entry's end is a miss for that chunk only.
        v.resetCounters()
        _ = try d.copyFromGuest(bufVA + 4000, flavour: .linear, count: 200)
        #expect([v.tlbHits, v.tlbMisses, v.walks] == [1, 1, 1])
    }

    @Test("register: EINVAL for misaligned va, gpa, size; size 0; wrapping va or gpa; unknown flags; a source",
          arguments: [VCPUOp.HcallBuffer(va: 0x1001, gpa: 0x2000, size: 4096), .init(va: 0x1000, gpa: 0x2001, size: 4096),
                      .init(va: 0x1000, gpa: 0x2000, size: 4095), .init(va: 0x1000, gpa: 0x2000, size: 0),
                      .init(va: .max - 4095, gpa: 0, size: 8192), .init(va: 0x1000, gpa: .max - 4095, size: 8192),
                      .init(va: .max - 4095, gpa: 0, size: 4096), .init(va: 0x1000, gpa: 0x2000, size: 4096, flags: 2),
                      .init(va: 0x1000, gpa: 0x2000, size: 4096, flags: 3), .init(va: 0x1000, gpa: 0x2000, size: 4096, source: 1)])
    func registerEINVAL(_ b: VCPUOp.HcallBuffer) throws {
        let (d, _) = mappedDomain()
        #expect(issue(d, .registerHcallBuffer(vcpu: 0, b)) == XenErrno.EINVAL.returnValue)
        #expect(d.vcpus[0].softTLB.map { $0.table.count } ?? 0 == 0)
    }

    @Test("register: EEXIST on overlap with an entry of the same table, none across tables")
    func registerEEXIST() throws {
        let (d, gfns) = mappedDomain()
        #expect(issue(d, .registerHcallBuffer(vcpu: 0, va: bufVA, gpa: gfns[0] << 12, size: 8192)) == 0)
        #expect(issue(d, .registerHcallBuffer(vcpu: 0, va: bufVA + 4096, gpa: gfns[2] << 12, size: 8192)) == XenErrno.EEXIST.returnValue)
        #expect(issue(d, .registerHcallBuffer(vcpu: 0, va: bufVA - 4096, gpa: gfns[2] << 12, size: 8192)) == XenErrno.EEXIST.returnValue)
        #expect(issue(d, .registerHcallBuffer(vcpu: 0, va: bufVA + 8192, gpa: gfns[2] << 12, size: 4096)) == 0)
        // vCPU 1 has a table of its own: the same range is fine there.
        #expect(issue(d, .registerHcallBuffer(vcpu: 1, va: bufVA, gpa: gfns[0] << 12, size: 8192)) == 0)
        #expect(d.vcpus[0].softTLB!.table.count == 2)
    }

    @Test("register: ENOSPC when the table is full")
    func registerENOSPC() throws {
        let (d, gfns) = mappedDomain()
        for i in 0 ..< 2 {
            #expect(issue(d, .registerHcallBuffer(vcpu: 0, va: bufVA + UInt64(i) * 4096, gpa: gfns[i] << 12, size: 4096), capacity: 2) == 0)
        }
        #expect(issue(d, .registerHcallBuffer(vcpu: 0, va: bufVA + 2 * 4096, gpa: gfns[2] << 12, size: 4096), capacity: 2)
            == XenErrno.ENOSPC.returnValue)
        #expect(d.vcpus[0].softTLB!.table.count == 2)
    }

    @Test("ENOENT: a vcpuid (or share source) that is not a vCPU of the domain")
    func enoent() throws {
        let (d, gfns) = mappedDomain(vcpus: 2)
        #expect(issue(d, .registerHcallBuffer(vcpu: 2, va: bufVA, gpa: gfns[0] << 12, size: 4096)) == XenErrno.ENOENT.returnValue)
        #expect(issue(d, .purgeHcallBuffers(vcpu: 7, va: 0, size: SoftTLBTable.purgeAllSize)) == XenErrno.ENOENT.returnValue)
        #expect(issue(d, .shareHcallBuffers(vcpu: 2, source: 0)) == XenErrno.ENOENT.returnValue)
        #expect(issue(d, .shareHcallBuffers(vcpu: 0, source: 9)) == XenErrno.ENOENT.returnValue)
        #expect(issue(d, .shareHcallBuffers(vcpu: UInt32.max, source: 0)) == XenErrno.ENOENT.returnValue)
        #expect(d.vcpus.allSatisfy { $0.tlb == nil })
    }

    @Test("check order: vcpuid (ENOENT) before the struct is read (EFAULT), before its fields (EINVAL), before share's source (ENOENT), before EEXIST/ENOSPC")
    func checkOrder() throws {
        let (d, gfns) = mappedDomain(vcpus: 2)
        let h = ModelHypervisor(d, vcpu: 0)
        let bad = VCPUOp.HcallBuffer(va: 0x1001, gpa: 0, size: 0, flags: 0xff, source: 99)
        for op in [VCPUOp.registerHcallBuffer(vcpu: 5, bad), .purgeHcallBuffers(vcpu: 5, bad), .shareHcallBuffers(vcpu: 5, bad)] {
            // Unreadable handle and invalid fields: the vcpuid is checked first.
            #expect(h.execute(rawCall(op, handle: 0, flavour: .linear)).returnValue == XenErrno.ENOENT.returnValue)
            #expect(h.execute(rawCall(op, handle: ~0, flavour: .flat)).returnValue == XenErrno.ENOENT.returnValue)
            #expect(issue(d, op) == XenErrno.ENOENT.returnValue)
        }
        for op in [VCPUOp.registerHcallBuffer(vcpu: 1, bad), .purgeHcallBuffers(vcpu: 1, bad), .shareHcallBuffers(vcpu: 1, bad)] {
            #expect(h.execute(rawCall(op, handle: bufVA + 64 * 4096, flavour: .linear)).returnValue == XenErrno.EFAULT.returnValue)
            #expect(issue(d, op) == XenErrno.EINVAL.returnValue)
        }
        // share: the source's ENOENT comes after the fields' EINVAL.
        #expect(issue(d, .shareHcallBuffers(vcpu: 1, .init(size: 1, source: 9))) == XenErrno.EINVAL.returnValue)
        // register: a conflict is EEXIST, also on a full table (EEXIST before ENOSPC).
        #expect(issue(d, .registerHcallBuffer(vcpu: 0, va: bufVA, gpa: gfns[0] << 12, size: 4096), capacity: 1) == 0)
        #expect(issue(d, .registerHcallBuffer(vcpu: 0, va: bufVA, gpa: gfns[1] << 12, size: 4096), capacity: 1) == XenErrno.EEXIST.returnValue)
        #expect(issue(d, .registerHcallBuffer(vcpu: 0, va: bufVA + 4096, gpa: gfns[1] << 12, size: 4096), capacity: 1) == XenErrno.ENOSPC.returnValue)
        #expect(d.vcpus[0].softTLB!.table.count == 1)
        #expect(d.vcpus[1].tlb == nil, "no failed call created a table")
    }

    @Test("EFAULT when the struct cannot be read: null handles of every flavour, an unmapped VA, a frame beyond memory; EINVAL for a flat ~0 (the range wraps, as Xen's copy_flat answers)",
          arguments: [(UInt64(0), Flavour.linear), (bufVA + 64 * 4096, .linear), (~0, .flat), (~0, .gfnList), (~0, .tagged),
                      (UInt64(1) << 40, .flat), ((1 << 14) << 12 - 16, .flat)])
    func efault(_ handle: UInt64, _ flavour: Flavour) throws {
        let (d, gfns) = mappedDomain()
        let h = ModelHypervisor(d, vcpu: 0)
        let expected = flavour == .flat && handle == ~0 ? XenErrno.EINVAL : .EFAULT
        for op in [VCPUOp.registerHcallBuffer(vcpu: 0, va: bufVA, gpa: gfns[0] << 12, size: 4096),
                   .purgeHcallBuffers(vcpu: 0, va: 0, size: SoftTLBTable.purgeAllSize), .shareHcallBuffers(vcpu: 0, source: 0)] {
            #expect(h.execute(rawCall(op, handle: handle, flavour: flavour)).returnValue == expected.returnValue)
        }
        #expect(d.vcpus[0].tlb == nil)
    }

    @Test("purge: drops overlapping entries; later chunks walk again; EINVAL for a wrapping range")
    func purge() throws {
        let (d, gfns) = mappedDomain()
        #expect(issue(d, .registerHcallBuffer(vcpu: 0, va: bufVA, gpa: gfns[3] << 12, size: 4096)) == 0)
        #expect(issue(d, .registerHcallBuffer(vcpu: 0, va: bufVA + 8192, gpa: gfns[0] << 12, size: 4096)) == 0)
        #expect(try firstWord(d, bufVA) == gfns[3])
        #expect(issue(d, .purgeHcallBuffers(vcpu: 0, va: 16, size: UInt64.max - 8)) == XenErrno.EINVAL.returnValue)
        #expect(d.vcpus[0].softTLB!.table.count == 2)
        #expect(issue(d, .purgeHcallBuffers(vcpu: 0, va: bufVA + 100, size: 1)) == 0)
        #expect(try firstWord(d, bufVA) == gfns[0], "walked: the purged translation is gone")
        #expect(try firstWord(d, bufVA + 8192) == gfns[0], "the other entry stays")
        #expect(issue(d, .purgeHcallBuffers(vcpu: 0, va: 0, size: SoftTLBTable.purgeAllSize)) == 0)
        #expect(d.vcpus[0].softTLB!.table.count == 0)
        #expect(issue(d, .purgeHcallBuffers(vcpu: 1, va: 0, size: 4096)) == 0, "no table yet: nothing to drop")
    }

    @Test("share: vCPU 1 uses vCPU 0's table (registrations and purges seen both ways); share with itself gives a new empty table")
    func share() throws {
        let (d, gfns) = mappedDomain(vcpus: 3)
        #expect(issue(d, .shareHcallBuffers(vcpu: 1, source: 0)) == 0)
        #expect(issue(d, .registerHcallBuffer(vcpu: 0, va: bufVA, gpa: gfns[3] << 12, size: 4096)) == 0)
        #expect(try firstWord(d, bufVA, vcpu: 1) == gfns[3])
        #expect(d.vcpus[1].tlbHits == 1)
        // Registered through vCPU 1: lands in the shared table, overlap checked there.
        #expect(issue(d, .registerHcallBuffer(vcpu: 1, va: bufVA, gpa: gfns[2] << 12, size: 4096)) == XenErrno.EEXIST.returnValue)
        #expect(issue(d, .purgeHcallBuffers(vcpu: 1, va: bufVA, size: 4096)) == 0)
        #expect(try firstWord(d, bufVA, vcpu: 0) == gfns[0], "vCPU 0 sees vCPU 1's purge")
        #expect(issue(d, .registerHcallBuffer(vcpu: 0, va: bufVA, gpa: gfns[3] << 12, size: 4096)) == 0)
        #expect(issue(d, .shareHcallBuffers(vcpu: 1, source: 1)) == 0)
        #expect(d.vcpus[1].softTLB!.table.count == 0)
        #expect(try firstWord(d, bufVA, vcpu: 1) == gfns[0], "own empty table: walked")
        #expect(try firstWord(d, bufVA, vcpu: 0) == gfns[3])
        #expect(d.vcpus[0].softTLB!.table !== d.vcpus[1].softTLB!.table)
    }

    @Test("an encrypted guest cannot be walked: only registered buffers work with linear")
    func encrypted() throws {
        let (d, gfns) = mappedDomain()
        #expect(issue(d, .registerHcallBuffer(vcpu: 0, va: bufVA, gpa: gfns[0] << 12, size: 4096)) == 0)
        #expect(issue(d, .registerHcallBuffer(vcpu: 0, va: bufVA + 4096, gpa: gfns[1] << 12, size: 4096)) == 0)
        d.encrypted = true
        #expect(try firstWord(d, bufVA + 4096) == gfns[1])
        let both = try d.copyFromGuest(bufVA + 4000, flavour: .linear, count: 200)  // two chunks, two entries
        #expect(both.count == 200)
        #expect(throws: XenErrno.EFAULT) { try firstWord(d, bufVA + 8192) }
    }

    @Test("the sub-ops run inside a multicall too")
    func inMulticall() throws {
        let (d, gfns) = mappedDomain()
        let reg = AnyHypercall.vcpuOp(.registerHcallBuffer(vcpu: 0, va: bufVA, gpa: gfns[3] << 12, size: 4096))
        let m = Multicall([.init(reg), .init(reg)])  // the second one: EEXIST in its entry's result
        var c = EncodedCall()
        m.encode(into: &c)
        let p = try d.place(c, flavour: { _ in .linear })
        let r = ModelHypervisor(d).run(p.raw).result
        #expect(r.returnValue == 0)
        #expect(d.vcpus[0].softTLB!.table.count == 1)
        #expect(try firstWord(d, bufVA) == gfns[3])
    }
}
