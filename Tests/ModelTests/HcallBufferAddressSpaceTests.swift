import CXen
import SoftTLB
import Testing
@testable import XenABI
@testable import XenModel

/// A second address space for vCPU `vcpu` of a `mappedDomain`: a new root
/// mapping `bufVA`'s pages to new frames (each holding its own GFN), with
/// the vCPU switched to it. Returns the root and the frames.
func secondAddressSpace(_ d: ModelDomain, vcpu: Int = 0, pages: Int = 4) -> (cr3: UInt64, gfns: [UInt64]) {
    let root = d.newPageTableRoot()!
    var gfns: [UInt64] = []
    for p in 0 ..< pages {
        let g = d.allocateFrame()!
        d.memory.store64(g, gpa: g << 12)
        gfns.append(g)
        #expect(d.map(va: bufVA + UInt64(p) * 4096, to: g << 12, cr3: root))
    }
    d.vcpus[vcpu].cr3 = root
    return (root, gfns)
}

@Suite("vcpu_op 16-18: address-space tags in the model")
struct HcallBufferAddressSpaceTests {
    @Test("two address spaces register the same VA; each reads through its own entry, a third walks")
    func tagIsolation() throws {
        let (d, walkedA) = mappedDomain()
        let rootA = d.vcpus[0].cr3
        // Entries point at frames other than the mapped ones, so a read tells the TLB hit from the walk.
        let fa = [d.allocateFrame()!], fb = [d.allocateFrame()!]
        for g in fa + fb { d.memory.store64(g, gpa: g << 12) }
        #expect(issue(d, .registerHcallBuffer(vcpu: 0, va: bufVA, gpa: fa[0] << 12, size: 4096, addressSpace: true)) == 0)
        let (rootB, walkedB) = secondAddressSpace(d)
        #expect(try firstWord(d, bufVA) == walkedB[0], "A's entry does not translate B's address")
        #expect(issue(d, .registerHcallBuffer(vcpu: 0, va: bufVA, gpa: fb[0] << 12, size: 4096, addressSpace: true)) == 0,
                "entries of different address spaces may overlap")
        #expect(try firstWord(d, bufVA) == fb[0])
        d.vcpus[0].cr3 = rootA
        #expect(try firstWord(d, bufVA) == fa[0])
        #expect(try firstWord(d, bufVA + 4096) == walkedA[1])
        let (_, walkedC) = secondAddressSpace(d)
        #expect(try firstWord(d, bufVA) == walkedC[0])
        // The same root again: a conflict.
        d.vcpus[0].cr3 = rootB
        #expect(issue(d, .registerHcallBuffer(vcpu: 0, va: bufVA, gpa: fa[0] << 12, size: 4096, addressSpace: true))
            == XenErrno.EEXIST.returnValue)
        #expect(d.vcpus[0].softTLB!.table.count == 2)
    }

    @Test("the tag is CR3 bits 12-51: a PCID or the no-flush bit in CR3 changes nothing")
    func pcidIgnored() throws {
        let (d, _) = mappedDomain()
        let root = d.vcpus[0].cr3
        let f = d.allocateFrame()!
        d.memory.store64(f, gpa: f << 12)
        d.vcpus[0].cr3 = root | 0x5
        #expect(issue(d, .registerHcallBuffer(vcpu: 0, va: bufVA, gpa: f << 12, size: 4096, addressSpace: true)) == 0)
        #expect(d.vcpus[0].softTLB!.table.snapshot.entries.map(\.root) == [TLBEntry.root(cr3: root)])
        d.vcpus[0].cr3 = root | 0xabc | 1 << 63
        #expect(try firstWord(d, bufVA) == f)
    }

    @Test("global and tagged entries conflict where they overlap, whichever was registered first; a global entry hits in every address space")
    func globalVersusTagged() throws {
        let (d, gfns) = mappedDomain()
        #expect(issue(d, .registerHcallBuffer(vcpu: 0, va: bufVA, gpa: gfns[3] << 12, size: 8192)) == 0)
        #expect(issue(d, .registerHcallBuffer(vcpu: 0, va: bufVA + 4096, gpa: gfns[0] << 12, size: 8192, addressSpace: true))
            == XenErrno.EEXIST.returnValue)
        #expect(issue(d, .registerHcallBuffer(vcpu: 0, va: bufVA + 8192, gpa: gfns[0] << 12, size: 4096, addressSpace: true)) == 0)
        #expect(issue(d, .registerHcallBuffer(vcpu: 0, va: bufVA + 8192, gpa: gfns[1] << 12, size: 4096)) == XenErrno.EEXIST.returnValue)
        _ = secondAddressSpace(d)
        // From another root: the global entry still conflicts with A's tagged one.
        #expect(issue(d, .registerHcallBuffer(vcpu: 0, va: bufVA + 8192, gpa: gfns[1] << 12, size: 4096)) == XenErrno.EEXIST.returnValue)
        #expect(try firstWord(d, bufVA) == gfns[3], "the global entry hits in B too")
        #expect(d.vcpus[0].softTLB!.table.count == 2)
    }

    @Test("purge with the flag drops only the caller's address space's entries; without it, every tag's")
    func purgeScopedByFlag() throws {
        let (d, _) = mappedDomain()
        let rootA = d.vcpus[0].cr3
        let f = (0 ..< 3).map { _ in d.allocateFrame()! }
        for g in f { d.memory.store64(g, gpa: g << 12) }
        #expect(issue(d, .registerHcallBuffer(vcpu: 0, va: bufVA, gpa: f[0] << 12, size: 4096, addressSpace: true)) == 0)
        let (rootB, walkedB) = secondAddressSpace(d)
        #expect(issue(d, .registerHcallBuffer(vcpu: 0, va: bufVA, gpa: f[1] << 12, size: 4096, addressSpace: true)) == 0)
        #expect(issue(d, .registerHcallBuffer(vcpu: 0, va: bufVA + 4096, gpa: f[2] << 12, size: 4096)) == 0)
        // From B with the flag: B's entry goes, A's and the global one stay.
        #expect(issue(d, .purgeHcallBuffers(vcpu: 0, va: bufVA, size: 8192, addressSpace: true)) == 0)
        #expect(try firstWord(d, bufVA) == walkedB[0])
        #expect(try firstWord(d, bufVA + 4096) == f[2])
        d.vcpus[0].cr3 = rootA
        #expect(try firstWord(d, bufVA) == f[0])
        // From B without the flag: every overlapping entry, whatever its tag.
        d.vcpus[0].cr3 = rootB
        #expect(issue(d, .purgeHcallBuffers(vcpu: 0, va: bufVA + 100, size: 4096)) == 0)
        #expect(d.vcpus[0].softTLB!.table.count == 0)
    }

    @Test("PURGE_ALL with the flag drops every entry of the caller's address space and nothing else")
    func purgeAllScoped() throws {
        let (d, gfns) = mappedDomain()
        #expect(issue(d, .registerHcallBuffer(vcpu: 0, va: bufVA, gpa: gfns[0] << 12, size: 4096, addressSpace: true)) == 0)
        #expect(issue(d, .registerHcallBuffer(vcpu: 0, va: bufVA + 4096, gpa: gfns[1] << 12, size: 4096, addressSpace: true)) == 0)
        #expect(issue(d, .registerHcallBuffer(vcpu: 0, va: bufVA + 8192, gpa: gfns[2] << 12, size: 4096)) == 0)
        _ = secondAddressSpace(d)
        #expect(issue(d, .registerHcallBuffer(vcpu: 0, va: bufVA, gpa: gfns[3] << 12, size: 4096, addressSpace: true)) == 0)
        #expect(issue(d, .purgeHcallBuffers(vcpu: 0, va: 0, size: VCPU_HCALL_BUFFER_PURGE_ALL, addressSpace: true)) == 0)
        let left = d.vcpus[0].softTLB!.table.snapshot.entries
        #expect(left.count == 3 && left.filter { $0.root == nil }.count == 1)
        #expect(issue(d, .purgeHcallBuffers(vcpu: 0, va: 0, size: VCPU_HCALL_BUFFER_PURGE_ALL)) == 0)
        #expect(d.vcpus[0].softTLB!.table.count == 0)
    }

    @Test("the tag is the calling vCPU's root, also when it registers for another vCPU; lookups use each vCPU's own CR3")
    func callerRootTagsRemoteRegistration() throws {
        let (d, _) = mappedDomain(vcpus: 2)
        let rootA = d.vcpus[0].cr3
        let f = d.allocateFrame()!
        d.memory.store64(f, gpa: f << 12)
        let (_, walkedB) = secondAddressSpace(d, vcpu: 1)  // vCPU 1 runs on B
        #expect(issue(d, .registerHcallBuffer(vcpu: 1, va: bufVA, gpa: f << 12, size: 4096, addressSpace: true), from: 0) == 0)
        #expect(d.vcpus[1].hcallBufferTable!.snapshot.entries.map(\.root) == [TLBEntry.root(cr3: rootA)])
        #expect(try firstWord(d, bufVA, vcpu: 1) == walkedB[0], "vCPU 1 is on B: A's entry does not apply")
        d.vcpus[1].cr3 = rootA
        #expect(try firstWord(d, bufVA, vcpu: 1) == f)
    }

    @Test("share: vCPUs sharing a table each match it against their own current root")
    func sharedTableOwnRoots() throws {
        let (d, _) = mappedDomain(vcpus: 2)
        let f = d.allocateFrame()!
        d.memory.store64(f, gpa: f << 12)
        #expect(issue(d, .shareHcallBuffers(vcpu: 1, source: 0)) == 0)
        #expect(issue(d, .registerHcallBuffer(vcpu: 0, va: bufVA, gpa: f << 12, size: 4096, addressSpace: true)) == 0)
        #expect(try firstWord(d, bufVA, vcpu: 1) == f, "same root (bootstrapPaging gives every vCPU one CR3)")
        let (_, walkedB) = secondAddressSpace(d, vcpu: 1)
        #expect(try firstWord(d, bufVA, vcpu: 1) == walkedB[0])
        #expect(try firstWord(d, bufVA, vcpu: 0) == f)
    }

    @Test("the struct is read in the call's flavour: every flavour registers, purges and shares",
          arguments: Flavour.allCases)
    func everyFlavour(_ flavour: Flavour) throws {
        let (d, gfns) = mappedDomain(vcpus: 2)
        #expect(issue(d, .registerHcallBuffer(vcpu: 0, va: bufVA, gpa: gfns[3] << 12, size: 4096, addressSpace: true), flavour: flavour) == 0)
        #expect(try firstWord(d, bufVA) == gfns[3])
        #expect(issue(d, .shareHcallBuffers(vcpu: 1, source: 0), flavour: flavour) == 0)
        #expect(try firstWord(d, bufVA, vcpu: 1) == gfns[3])
        #expect(issue(d, .purgeHcallBuffers(vcpu: 0, va: bufVA, size: 1, addressSpace: true), flavour: flavour) == 0)
        #expect(try firstWord(d, bufVA) == gfns[0])
        #expect(issue(d, .registerHcallBuffer(vcpu: 0, .init(va: bufVA, gpa: 0, size: 4096, flags: 2)), flavour: flavour)
            == XenErrno.EINVAL.returnValue)
    }

    @Test("an encrypted guest registers with a flat struct; a linear one cannot be walked (EFAULT) and registers nothing")
    func encryptedGuestFlatStruct() throws {
        let (d, gfns) = mappedDomain()
        d.encrypted = true
        #expect(issue(d, .registerHcallBuffer(vcpu: 0, va: bufVA, gpa: gfns[0] << 12, size: 4096)) == XenErrno.EFAULT.returnValue)
        #expect(d.vcpus[0].tlb == nil)
        #expect(issue(d, .registerHcallBuffer(vcpu: 0, va: bufVA, gpa: gfns[0] << 12, size: 4096, addressSpace: true), flavour: .flat) == 0)
        #expect(try firstWord(d, bufVA) == gfns[0], "the registered buffer is usable linear")
        #expect(throws: XenErrno.EFAULT) { try firstWord(d, bufVA + 4096) }
        // A flat struct on a private (not shared) page: EFAULT, as for any buffer.
        let priv = d.allocateFrame()!
        d.p2m.setShared(false, priv)
        let h = ModelHypervisor(d, vcpu: 0)
        #expect(issueFlat(h, .purgeHcallBuffers(vcpu: 0, va: 0, size: VCPU_HCALL_BUFFER_PURGE_ALL), argFrame: priv) == XenErrno.EFAULT.returnValue)
        #expect(d.vcpus[0].softTLB!.table.count == 1)
        #expect(issue(d, .purgeHcallBuffers(vcpu: 0, va: 0, size: VCPU_HCALL_BUFFER_PURGE_ALL), flavour: .flat) == 0)
        #expect(d.vcpus[0].softTLB!.table.count == 0)
    }
}
