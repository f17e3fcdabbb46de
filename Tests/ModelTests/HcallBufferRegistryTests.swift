import SoftTLB
import Testing
@testable import XenABI
@testable import XenModel
import XenABITestSupport

/// A domain whose vCPU 0 maps a pool of `runs` page runs at consecutive VAs:
/// each run is physically contiguous, runs are scattered from each other.
func poolDomain(runs: [Int], seed: UInt64 = 3) -> (ModelDomain, [(va: UInt64, gfn: UInt64)]) {
    let d = ModelDomain(frameCount: 1 << 14, vcpus: 2)
    d.bootstrapPaging()
    var rng = SeededRNG(seed: seed)
    var pages: [(va: UInt64, gfn: UInt64)] = []
    var va: UInt64 = 0xffff_c900_0200_0000
    for r in runs {
        // A gap of unallocated frames before each run keeps runs from touching.
        _ = d.allocateFrames(1 + Int(rng.next() % 3), scattered: false, rng: &rng)
        let frames = d.allocateFrames(r, scattered: false, rng: &rng)!
        for g in frames {
            #expect(d.map(va: va, to: g << 12, cr3: d.vcpus[0].cr3))
            d.memory.store64(g, gpa: g << 12)
            pages.append((va, g))
            va += 4096
        }
    }
    return (d, pages)
}

@Suite("Guest-side hypercall-buffer registry")
struct HcallBufferRegistryTests {
    @Test("registerPages coalesces VA+GPA-contiguous runs; the model hits exactly where the registry says it will")
    func predictsModel() throws {
        let (d, pages) = poolDomain(runs: [8, 1, 1, 3, 8, 5])
        var calls = 0
        let reg = HcallBufferRegistry(vcpu: 0)
        // Register all but the last run: buffers reaching into it must walk.
        let n = try reg.registerPages(Array(pages.prefix(pages.count - 5))) { op in calls += 1; return issue(d, op) }
        #expect(n == 5 && calls == 5 && reg.table.count == 5)
        #expect(d.vcpus[0].softTLB!.table.snapshot.entries == reg.table.snapshot.entries, "mirror == hypervisor's table")
        var rng = SeededRNG(seed: 9)
        let base = pages[0].va, span = UInt64(pages.count) * 4096
        var hits = 0, misses = 0
        for _ in 0 ..< 400 {
            let size = Int.random(in: 1 ... 3 * 4096, using: &rng)
            let va = base + UInt64.random(in: 0 ..< span - UInt64(size), using: &rng)
            let predicted = reg.willHit(va: va, size: size)
            let v = d.vcpus[0]
            v.resetCounters()
            _ = try d.copyFromGuest(va, flavour: .linear, count: size)
            #expect(predicted == (v.walks == 0), "va \(va) size \(size)")
            if predicted { hits += 1 } else { misses += 1 }
        }
        #expect(hits > 50 && misses > 50)
    }

    @Test("refusals the hypervisor would give are predicted without a hypercall")
    func predictsRefusals() throws {
        let (d, pages) = poolDomain(runs: [4])
        var calls = 0
        let call: HcallBufferRegistry.Issue = { op in calls += 1; return issue(d, op, capacity: 2) }
        let reg = HcallBufferRegistry(vcpu: 0, capacity: 2)
        try reg.register(va: pages[0].va, gpa: pages[0].gfn << 12, size: 8192, issue: call)
        #expect(throws: XenErrno.EEXIST) { try reg.register(va: pages[1].va, gpa: pages[1].gfn << 12, size: 4096, issue: call) }
        #expect(throws: XenErrno.EINVAL) { try reg.register(va: pages[2].va + 1, gpa: pages[2].gfn << 12, size: 4096, issue: call) }
        #expect(throws: XenErrno.EINVAL) { try reg.register(va: pages[2].va, gpa: pages[2].gfn << 12, size: 0, issue: call) }
        try reg.register(va: pages[2].va, gpa: pages[2].gfn << 12, size: 4096, issue: call)
        #expect(throws: XenErrno.ENOSPC) { try reg.register(va: pages[3].va, gpa: pages[3].gfn << 12, size: 4096, issue: call) }
        #expect(calls == 2)
        // An errno from the hypervisor itself is passed through (vCPU 5 does not exist).
        let ghost = HcallBufferRegistry(vcpu: 5)
        #expect(throws: XenErrno.ENOENT) { try ghost.register(va: pages[3].va, gpa: pages[3].gfn << 12, size: 4096, issue: call) }
        #expect(ghost.table.count == 0)
    }

    @Test("preferredFlavour: linear when every buffer hits, else the physical flavour, else linear")
    func flavourPolicy() throws {
        let (d, pages) = poolDomain(runs: [4, 4])
        let reg = HcallBufferRegistry(vcpu: 0)
        try reg.registerPages(Array(pages.prefix(4))) { issue(d, $0) }
        let inside = (va: pages[1].va + 100, size: 5000), outside = (va: pages[5].va, size: 64)
        #expect(reg.preferredFlavour(buffers: [inside], physical: .tagged) == .linear)
        #expect(reg.preferredFlavour(buffers: [inside, outside], physical: .tagged) == .tagged)
        #expect(reg.preferredFlavour(buffers: [inside, outside], physical: nil) == .linear)
        #expect(reg.preferredFlavour(buffers: [], physical: .flat) == .linear)
        // Crossing from the registered run into the next (not VA+GPA contiguous, unregistered): miss.
        #expect(!reg.willHit(va: pages[3].va + 4000, size: 200))
        // From an encoded call's placed buffers.
        var c = EncodedCall()
        RawCall(number: .console_io, args: HypercallArgs([1, 5000]),
                buffers: [.init(site: .register(1), direction: .in, bytes: Array(repeating: 1, count: 5000))]).encode(into: &c)
        #expect(reg.preferredFlavour(for: c, addresses: [inside.va], physical: .gfnList) == .linear)
        #expect(reg.preferredFlavour(for: c, addresses: [outside.va], physical: .gfnList) == .gfnList)
    }

    @Test("as a whole call's flavour policy: linear + TLB where every buffer is registered (no walk), else the physical flavour, else walks; same results")
    func policyDrivesWholeCalls() throws {
        let call = AnyHypercall.memoryOp(.increaseReservation(.init(nrExtents: 700), wantFrames: true)).encoded
        let d = ModelDomain(frameCount: 1 << 16)
        let reg = HcallBufferRegistry(vcpu: 0)
        let mc: HcallBufferRegistry.Issue = { issue(d, $0) }
        /// Places `call` linear, registers its pages when asked, lets the
        /// registry pick the flavour, places again if it picked another one,
        /// and runs the call: (flavour, return value, walks, TLB hits).
        func send(register: Bool, physical: Flavour?) throws -> (Flavour, Int64, Int, Int) {
            var p = try d.place(call, flavour: { _ in .linear })
            if register {
                let pages = p.placed.compactMap { $0 }.flatMap { b in
                    b.gfns.enumerated().map { k, g in (va: b.va - b.offset + UInt64(k) << 12, gfn: g) }
                }
                #expect(try reg.registerPages(pages, issue: mc) >= 1)
            }
            let f = reg.preferredFlavour(for: p.call, addresses: p.placed.map { $0?.va ?? 0 }, physical: physical)
            if f != .linear { p = try d.place(call, flavour: { _ in f }) }
            d.vcpus[0].resetCounters()
            let (r, _) = ModelHypervisor(d).run(p.raw)
            d.readBack(&p)
            // Every extent was populated and its (distinct) GFN written back.
            let gfns = try MemoryOp.ReservationQuery.outputs(of: p.call, result: r.returnValue).frames
            #expect(Set(gfns).count == 700 && !gfns.contains(0))
            return (f, r.returnValue, d.vcpus[0].walks, d.vcpus[0].tlbHits)
        }
        let hit = try send(register: true, physical: .tagged)
        #expect(hit.0 == .linear && hit.1 == 700 && hit.2 == 0 && hit.3 >= 2, "\(hit)")
        let phys = try send(register: false, physical: .tagged)
        #expect(phys.0 == .tagged && phys.1 == 700 && phys.2 == 0 && phys.3 == 0, "\(phys)")
        let walked = try send(register: false, physical: nil)
        #expect(walked.0 == .linear && walked.1 == 700 && walked.2 >= 2 && walked.3 == 0, "\(walked)")
    }

    @Test("share and purge are mirrored: vCPU 1 shares vCPU 0's table, a purge through either is seen by both")
    func shareAndPurge() throws {
        let (d, pages) = poolDomain(runs: [4])
        let r0 = HcallBufferRegistry(vcpu: 0), r1 = HcallBufferRegistry(vcpu: 1)
        let call: HcallBufferRegistry.Issue = { issue(d, $0) }
        try r1.share(from: r0, issue: call)
        try r0.registerPages(pages, issue: call)
        #expect(r1.willHit(va: pages[0].va, size: 4 * 4096))
        d.vcpus[1].cr3 = d.vcpus[0].cr3
        d.vcpus[1].resetCounters()
        _ = try d.copyFromGuest(pages[0].va, flavour: .linear, count: 4 * 4096, vcpu: 1)
        #expect(d.vcpus[1].walks == 0 && d.vcpus[1].tlbHits == 4)
        try r1.purge(va: pages[0].va, size: 1, issue: call)
        #expect(!r0.willHit(va: pages[0].va, size: 1))
        #expect(throws: XenErrno.EINVAL) { try r0.purge(va: 8, size: UInt64.max - 4, issue: call) }
        try r1.share(from: r1, issue: call)
        #expect(r1.table !== r0.table && r1.table.count == 0)
        try r0.purge(va: 0, size: SoftTLBTable.purgeAllSize, issue: call)
        #expect(r0.table.count == 0 && d.vcpus[0].softTLB!.table.count == 0)
    }

    @Test("a direct-map registration makes every buffer in it hit")
    func directMap() throws {
        let d = ModelDomain(frameCount: 1 << 14)
        d.bootstrapPaging()  // maps ModelDomain.directMapBase -> GPA 0 with a 1 GiB page
        let reg = HcallBufferRegistry(vcpu: 0)
        try reg.registerDirectMap(va: ModelDomain.directMapBase, gpa: 0, size: d.frameCount << 12) { issue(d, $0) }
        let va = ModelDomain.directMapBase + 0x12_3456
        #expect(reg.willHit(va: va, size: 3 * 4096))
        d.vcpus[0].resetCounters()
        _ = try d.copyFromGuest(va, flavour: .linear, count: 3 * 4096)
        #expect(d.vcpus[0].walks == 0 && d.vcpus[0].tlbHits == 4)
        #expect(!reg.willHit(va: ModelDomain.directMapBase + (d.frameCount << 12) - 8, size: 16))
    }

    @Test("address-space registrations: tagged with the root of the registry's cr3, predicted and mirrored per root as the model does")
    func addressSpaces() throws {
        let (d, pages) = poolDomain(runs: [4])
        var calls = 0
        let call: HcallBufferRegistry.Issue = { op in calls += 1; return issue(d, op) }
        let reg = HcallBufferRegistry(vcpu: 0)
        let rootA = d.vcpus[0].cr3
        reg.cr3 = rootA | 0x3  // a PCID: not part of the root
        try reg.registerPages(pages, addressSpace: true, issue: call)
        #expect(reg.table.snapshot.entries.map(\.root) == [TLBEntry.root(cr3: rootA)])
        #expect(d.vcpus[0].softTLB!.table.snapshot.entries == reg.table.snapshot.entries, "mirror == hypervisor's table")
        #expect(reg.willHit(va: pages[0].va, size: 4 * 4096))
        // Another process: the same VAs are its own (walked), and it may register them too.
        let rootB = d.newPageTableRoot()!
        for (k, p) in pages.enumerated() { #expect(d.map(va: p.va, to: pages[3 - k].gfn << 12, cr3: rootB)) }
        d.vcpus[0].cr3 = rootB
        reg.cr3 = rootB
        #expect(!reg.willHit(va: pages[0].va, size: 1))
        d.vcpus[0].resetCounters()
        _ = try d.copyFromGuest(pages[0].va, flavour: .linear, count: 8)
        #expect(d.vcpus[0].walks == 1)
        try reg.register(va: pages[0].va, gpa: pages[3].gfn << 12, size: 4096, addressSpace: true, issue: call)
        #expect(reg.willHit(va: pages[0].va, size: 4096) && !reg.willHit(va: pages[1].va, size: 1))
        // A global registration over them conflicts with both roots' entries: refused without a call.
        let before = calls
        #expect(throws: XenErrno.EEXIST) { try reg.register(va: pages[1].va, gpa: 0, size: 4096, issue: call) }
        #expect(throws: XenErrno.EEXIST) { try reg.register(va: pages[0].va, gpa: 0, size: 4096, addressSpace: true, issue: call) }
        #expect(calls == before)
        // Purge-all with the flag, from B: B's entry only.
        try reg.purge(va: 0, size: SoftTLBTable.purgeAllSize, addressSpace: true, issue: call)
        #expect(reg.table.snapshot.entries.map(\.root) == [TLBEntry.root(cr3: rootA)])
        #expect(d.vcpus[0].softTLB!.table.snapshot.entries == reg.table.snapshot.entries)
        reg.cr3 = rootA
        #expect(reg.willHit(va: pages[0].va, size: 4 * 4096))
    }
}
