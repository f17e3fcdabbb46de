import ScatterGather
import SoftTLB
import XenABI
@_spi(Bench) import XenModel

/// The hypervisor model's `copy_from_guest` over one 64 MiB guest buffer
/// named every way the ABI allows, against a plain `memcpy` of the same size.
///
/// The buffer's 16384 frames are consecutive (so `flat` and a one-entry
/// software TLB can name it); the list flavours name the same frames in a
/// seeded-random order (a fragmented guest's buffer: no two neighbours
/// adjacent in the list), so every flavour copies the same bytes through
/// the same frames. `linear` names the buffer's kernel VA, mapped page by
/// page with 4 KiB leaves, and translates each page chunk by a 4-level walk
/// (`tlb: false`) or by a hit in the vCPU's `SoftTLBCursor` (`tlb: true`).
public final class ModelCopyWorkload {
    /// The domain holding the buffer, its page tables and list pages.
    public let domain: ModelDomain
    /// The buffer's frames, in buffer order.
    public let gfns: [UInt64]
    /// The same frames in list order.
    public let listOrder: [UInt64]
    /// The buffer's linear address.
    public let va: UInt64
    /// The vCPU's software TLB: one entry covering the buffer.
    public let cursor: SoftTLBCursor
    /// Page indices of the buffer in seeded-random order (for scattered translations).
    public let pageOrder: UnsafeMutableBufferPointer<UInt64>
    /// Host memory for the `memcpy` peer: source and destination.
    public let source: UnsafeMutableRawBufferPointer
    /// Destination of every copy.
    public let dest: UnsafeMutableRawBufferPointer

    /// Bytes of the largest copy.
    public static let maxSize = 64 << 20

    /// How a copy names the buffer.
    public enum Naming: String, CaseIterable, Sendable {
        /// `linear`, each page chunk translated by a page walk.
        case linearWalk = "linear.walk"
        /// `linear`, each page chunk a SoftTLB hit.
        case linearTLB = "linear.tlb"
        /// `flat`: one GPA.
        case flat
        /// `gfnList`: a one-level list (up to 511 pages).
        case oneLevel = "one-level"
        /// `tagged` two-level list.
        case twoLevel = "two-level"
    }

    /// Builds the domain, fills the buffer with a pattern, maps it, and
    /// registers the TLB entry.
    public init(seed: UInt64 = 3) {
        let pages = Self.maxSize >> 12
        let domain = ModelDomain(frameCount: UInt64(ModelDomain.firstAllocatable) + UInt64(pages) * 2)
        self.domain = domain
        precondition(domain.bootstrapPaging())
        var rng = BenchRNG(seed: seed)
        gfns = domain.allocateFrames(pages, scattered: false, rng: &rng)!
        var order = gfns
        order.shuffle(using: &rng)
        listOrder = order
        var pageIndices = Array(0 ..< UInt64(pages))
        pageIndices.shuffle(using: &rng)
        pageOrder = .allocate(capacity: pages)
        _ = pageOrder.initialize(from: pageIndices)
        var page = [UInt8](repeating: 0, count: 4096)
        for (k, g) in gfns.enumerated() {
            for i in 0 ..< 4096 { page[i] = UInt8(truncatingIfNeeded: k &* 31 &+ i) }
            page.withUnsafeBytes { domain.memory.write(gpa: g << 12, from: $0) }
        }
        va = domain.nextPoolVA
        domain.nextPoolVA += UInt64(pages + 1) << 12
        let cr3 = domain.vcpus[0].cr3
        for (k, g) in gfns.enumerated() {
            precondition(domain.map(va: va + UInt64(k) << 12, to: g << 12, cr3: cr3))
        }
        let table = SoftTLBTable()
        try! table.insert(va: va, gpa: gfns[0] << 12, size: UInt64(pages) << 12)
        cursor = SoftTLBCursor(table: table)
        source = .allocate(byteCount: Self.maxSize, alignment: 4096)
        dest = .allocate(byteCount: Self.maxSize, alignment: 4096)
        for i in stride(from: 0, to: Self.maxSize, by: 8) { source.storeBytes(of: UInt64(i), toByteOffset: i, as: UInt64.self) }
        dest.initializeMemory(as: UInt8.self, repeating: 1)
    }

    /// The handle and flavour naming the first `size` bytes, or nil when
    /// the naming cannot reach that far (a one-level list past 511 pages).
    /// List pages are taken from the domain once per call: build these up front.
    public func handle(_ naming: Naming, size: Int) -> (UInt64, Flavour)? {
        let pages = max(1, size >> 12)
        var lists = DomainListPages(domain: domain)
        switch naming {
        case .linearWalk, .linearTLB: return (va, .linear)
        case .flat: return (gfns[0] << 12, .flat)
        case .oneLevel:
            guard UInt64(pages) <= SGPage.maxOneLevel,
                  let d = try? SGBuilder.build(offset: 0, gfns: listOrder[..<pages], flavour: .gfnList, allocator: &lists)
            else { return nil }
            return (d.handle, .gfnList)
        case .twoLevel:
            guard let h = try? TwoLevelList.build(offset: 0, gfns: listOrder[..<pages], allocator: &lists) else { return nil }
            // The walker must accept it as the ABI's two-level form.
            try! SGWalker.validate(handle: h, flavour: .tagged, offset: 0, length: UInt64(size), memory: P2MListView(domain))
            return (h, .tagged)
        }
    }

    /// `n` copies of `size` bytes from the buffer named by `handle` into `dest`.
    public func runCopy(_ n: Int, handle: (UInt64, Flavour), size: Int, tlb: Bool) -> UInt64 {
        let v = domain.vcpus[0]
        v.tlb = tlb ? cursor : nil
        let into = UnsafeMutableRawBufferPointer(rebasing: dest[0 ..< size])
        var sum: UInt64 = 0
        for _ in 0 ..< n {
            do { try domain.copyFromGuest(handle.0, flavour: handle.1, into: into) } catch { sum &+= 1 }
            sum &+= into.load(fromByteOffset: size - 8, as: UInt64.self)
        }
        v.tlb = nil
        return sum
    }

    /// The C peer of `runCopy` in a physical flavour: `n` calls of the
    /// minimal C `copy_from_guest` (`ModelCopyPeers.cCopy`) over the
    /// domain's own frames and P2M, the same loop around them.
    public func runCCopy(_ n: Int, handle: (UInt64, Flavour), size: Int, copy: ModelCopyPeers.CCopy) -> UInt64 {
        let into = dest.baseAddress!
        let block = peerDomain.baseAddress!
        return domain.withPageWalkTables { frames, types, count in
            // struct xenabi_peer_domain: frames, types, frame_count (the rest unused here).
            block.storeBytes(of: UnsafeRawPointer(frames), toByteOffset: 0, as: UnsafeRawPointer.self)
            block.storeBytes(of: UnsafeRawPointer(types), toByteOffset: 8, as: UnsafeRawPointer.self)
            block.storeBytes(of: count, toByteOffset: 16, as: UInt64.self)
            var sum: UInt64 = 0
            for _ in 0 ..< n {
                if copy(block, UInt64(handle.1.rawValue), handle.0, into, UInt64(size)) != 0 { sum &+= 1 }
                sum &+= into.load(fromByteOffset: size - 8, as: UInt64.self)
            }
            return sum
        }
    }

    /// The C copy's `struct xenabi_peer_domain` (40 bytes, zeroed).
    let peerDomain: UnsafeMutableRawBufferPointer = {
        let b = UnsafeMutableRawBufferPointer.allocate(byteCount: 64, alignment: 16)
        b.initializeMemory(as: UInt8.self, repeating: 0)
        return b
    }()

    /// The peer: `n` `memcpy`s of `size` bytes between host buffers.
    public func runMemcpy(_ n: Int, size: Int) -> UInt64 {
        var sum: UInt64 = 0
        for _ in 0 ..< n {
            dest.baseAddress!.copyMemory(from: source.baseAddress!, byteCount: size)
            sum &+= dest.load(fromByteOffset: size - 8, as: UInt64.self)
        }
        return sum
    }

    /// `n` translations of every page chunk of `size` linear bytes (the
    /// copy path's `forEachChunk`, P2M check included, no bytes moved).
    public func runTranslate(_ n: Int, size: Int, tlb: Bool) -> UInt64 {
        let v = domain.vcpus[0]
        v.tlb = tlb ? cursor : nil
        var sum: UInt64 = 0
        for _ in 0 ..< n {
            do {
                try domain.forEachChunk(va, flavour: .linear, offset: 0, count: size, write: false, vcpu: 0,
                                        counting: false) { gpa, _ in sum &+= gpa }
            } catch { sum &+= 1 }
        }
        v.tlb = nil
        return sum
    }

    /// `n` translations of every page of `size` linear bytes, the step the
    /// software TLB replaces and nothing else: the model's 4-level walk
    /// (`ModelDomain.walk`), or the vCPU's hook (`ModelVCPU.tlb`, the
    /// `SoftTLBCursor`) as the copy path calls it.
    ///
    /// With `scattered`, the `size >> 12` pages of each run are seeded-random
    /// pages of the whole 64 MiB buffer (hypercall buffers all over a
    /// kernel's address space) rather than consecutive ones.
    public func runTranslateOnly(_ n: Int, size: Int, tlb: Bool, scattered: Bool = false) -> UInt64 {
        let v = domain.vcpus[0]
        v.tlb = tlb ? cursor : nil
        let cr3 = v.cr3, d = domain, base = va
        let pages = UInt64(max(1, size >> 12))
        let order = pageOrder.baseAddress!, mask = UInt64(pageOrder.count - 1)
        @inline(__always) func page(_ p: UInt64) -> UInt64 { scattered ? order[Int(p & mask)] : p }
        var sum: UInt64 = 0
        // The hook is unwrapped once: binding an optional existential per
        // page would add a retain/release pair the copy path does not pay.
        let root = TLBEntry.root(cr3: v.cr3)
        if let cursor = v.softTLB {
            // As the copy path calls a SoftTLBCursor hook: concrete, direct.
            for _ in 0 ..< n {
                var p: UInt64 = 0
                while p < pages {
                    sum &+= cursor.translate(base &+ page(p) << 12, length: 4096, root: root) ?? 1
                    p &+= 1
                }
            }
        } else if let hook = v.tlb {
            for _ in 0 ..< n {
                var p: UInt64 = 0
                while p < pages {
                    sum &+= hook.translate(va: base &+ page(p) << 12, length: 4096, root: root) ?? 1
                    p &+= 1
                }
            }
        } else {
            for _ in 0 ..< n {
                var p: UInt64 = 0
                while p < pages {
                    sum &+= (try? d.walk(cr3: cr3, va: base &+ page(p) << 12, access: [])) ?? 1
                    p &+= 1
                }
            }
        }
        v.tlb = nil
        return sum
    }

    /// Whether copying `size` bytes through `handle` gives the buffer's bytes
    /// in buffer order (flat, linear) or list order (the lists).
    public func check(_ handle: (UInt64, Flavour), size: Int, tlb: Bool, listOrdered: Bool) -> Bool {
        _ = runCopy(1, handle: handle, size: size, tlb: tlb)
        let order = listOrdered ? listOrder : gfns
        for k in [0, max(1, size >> 12) - 1] {
            let want = domain.memory.load64(gpa: order[k] << 12 | 8)
            if dest.load(fromByteOffset: k << 12 | 8, as: UInt64.self) != want { return false }
        }
        return true
    }
}

/// List pages for descriptors, taken from the domain's own frame allocator
/// and written in its memory (the guest side builds lists in its RAM).
struct DomainListPages: SGListAllocator {
    let domain: ModelDomain

    mutating func allocateListPage() throws(SGError) -> UInt64 {
        guard let g = domain.allocateFrame() else { throw .noListPage }
        return g
    }

    mutating func storeListWord(_ value: UInt64, at gpa: UInt64) { domain.memory.store64(value, gpa: gpa) }
}

/// A two-level GFN list in the ABI's form (design §GFN lists; the layout
/// `SGBuilder` writes for `tagged` past one level): a top page holding the
/// byte offset in word 0 and level-1 page GFNs from word 1, each level-1
/// page holding `SGPage.slots` data GFNs. `SGBuilder` only builds it when
/// one level is too small; the copy figures also need it at 1 MiB to
/// compare the forms at equal size. `SGWalker.validate` checks each one.
enum TwoLevelList {
    static func build<A: SGListAllocator>(offset: UInt64, gfns: ArraySlice<UInt64>, allocator a: inout A) throws(SGError) -> UInt64 {
        let top = try a.allocateListPage() << SGPage.shift
        a.storeListWord(offset, at: top)
        var level1: UInt64 = 0
        for (i, g) in gfns.enumerated() {
            let k = UInt64(i)
            if k % SGPage.slots == 0 {
                let l1 = try a.allocateListPage()
                a.storeListWord(l1, at: top + 8 * (k / SGPage.slots + 1))
                level1 = l1 << SGPage.shift
            }
            a.storeListWord(g, at: level1 + 8 * (k % SGPage.slots))
        }
        return top | UInt64(SGKind.list2.rawValue)
    }
}
