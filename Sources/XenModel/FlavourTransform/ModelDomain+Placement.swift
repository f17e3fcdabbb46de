import XenABI
import GuestPlacement
import ScatterGather

/// The guest side's flavour transform: an encoded call (from any typed
/// encoder) placed into this domain's memory and rewritten into the
/// flavour wanted for each owner (the call, each multicall entry).
public struct GuestPlacedCall: Sendable {
    /// The call with every op word's flavour and every handle set; nested
    /// handles are also in its bytes, as written to guest memory.
    public var call: EncodedCall
    /// Where each buffer went (nil for a null handle).
    public var placed: [PlacedBuffer?]
    /// The descriptor built for each buffer of a physical owner.
    public var descriptors: [SGDescriptor?]
    /// The flavour each owner was sent in (after any linear fallback).
    public var flavours: [Flavour]
    /// The hypercall as the guest issues it.
    public var raw: RawHypercall { call.raw }
}

extension ModelDomain {
    /// Base of the VA region the guest maps its hypercall buffers at (a
    /// vmalloc-like kernel range).
    public static let poolVABase: UInt64 = 0xffff_c900_0000_0000

    /// Makes vCPU `vcpu` ready to run the guest: a PML4 for its CR3, and a
    /// 1 GiB + 2 MiB direct map of the first GiB and 2 MiB (so both large
    /// page sizes are exercised by every walk of those ranges).
    @discardableResult
    public func bootstrapPaging(vcpu: Int = 0) -> Bool {
        if vcpus[vcpu].cr3 != 0 { return true }
        guard let root = newPageTableRoot() else { return false }
        for v in vcpus { v.cr3 = root }
        _ = map(va: ModelDomain.directMapBase, to: 0, size: .size1G, cr3: root)
        _ = map(va: ModelDomain.directMapBase + (1 << 30), to: 1 << 30, size: .size2M, cr3: root)
        return true
    }

    /// Base of the guest's direct map of physical memory (Linux's `PAGE_OFFSET`).
    public static let directMapBase: UInt64 = 0xffff_8880_0000_0000

    /// Places every buffer of `call` in guest memory, maps it in the page
    /// tables of vCPU `vcpu`, sets each owner's flavour (`flavour(owner)`)
    /// and rewrites every handle (registers and nested) into that flavour's
    /// form through the library's one flavour transform
    /// (`FlavourTransform.apply`, as `Privcmd` sends to a real Xen), with
    /// descriptors built in guest memory. The buffers' bytes (with nested
    /// handles) are then written to the guest.
    public func place(_ call: EncodedCall, flavour: (Int) -> Flavour, options: GuestPlacementOptions = .init(),
                      vcpu: Int = 0) throws(PlacementError) -> GuestPlacedCall {
        guard bootstrapPaging(vcpu: vcpu) else { throw .outOfMemory }
        var c = call
        var space = ModelGuestSpace(domain: self, vcpu: vcpu, options: options, buffers: c.bufferCount)
        // Each buffer's offset in its first page.
        let offsets: [UInt64] = (0 ..< c.bufferCount).map { i in
            switch options.offsets {
            case .pageAligned: 0
            case .random: UInt64.random(in: 0 ..< 4096, using: &space.rng)
            case .straddle: 4096 - UInt64(max(1, min(c.buffer(i).size / 2, 4095)))
            case .given(let o): i < o.count ? o[i] & 4095 : 0
            }
        }
        for owner in 0 ..< c.ownerCount { c.setFlavour(flavour(owner), ofOwner: owner) }
        try FlavourTransform.apply(&c, offset: { offsets[$0] }, fallback: options.fallback, into: &space)
        return GuestPlacedCall(call: c, placed: space.placed, descriptors: space.descriptors,
                               flavours: (0 ..< c.ownerCount).map { c.flavour(ofOwner: $0) })
    }

    /// Guest side: writes `from` over a placed buffer's pages.
    public func writeGuest(_ p: PlacedBuffer, from: UnsafeRawBufferPointer) {
        p.forEachChunk(count: from.count) { gpa, range in
            memory.write(gpa: gpa, from: UnsafeRawBufferPointer(rebasing: from[range]))
        }
    }

    /// Guest side: reads a placed buffer's bytes.
    public func readGuest(_ p: PlacedBuffer) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: p.size)
        out.withUnsafeMutableBytes { dst in
            p.forEachChunk(count: p.size) { gpa, range in
                memory.read(gpa: gpa, into: UnsafeMutableRawBufferPointer(rebasing: dst[range]))
            }
        }
        return out
    }

    /// Guest side: copies every placed buffer's bytes back into `placed.call`
    /// (what the guest sees after the hypercall returns).
    public func readBack(_ placed: inout GuestPlacedCall) {
        for i in 0 ..< placed.call.bufferCount {
            guard let p = placed.placed[i] else { continue }
            let bytes = readGuest(p)
            bytes.withUnsafeBytes { placed.call.replaceBytes(of: i, with: $0) }
        }
    }
}

/// The model guest's buffer space: each buffer on fresh frames of the
/// domain (scattered when asked, but never for `flat`), mapped at the next
/// pool VA with an unmapped guard page after it; list pages are zeroed
/// frames of the domain (shared when the guest is encrypted).
struct ModelGuestSpace: GuestBufferSpace {
    struct ListPages: SGListAllocator {
        let domain: ModelDomain

        mutating func allocateListPage() throws(SGError) -> UInt64 {
            guard let g = domain.allocateFrame() else { throw .noListPage }
            return g
        }

        mutating func storeListWord(_ value: UInt64, at gpa: UInt64) {
            domain.memory.store64(value, gpa: gpa)
        }
    }

    let domain: ModelDomain
    let vcpu: Int
    let scattered: Bool
    var rng: PlacementRNG
    var listPages: ListPages
    var placed: [PlacedBuffer?]
    var descriptors: [SGDescriptor?]

    init(domain: ModelDomain, vcpu: Int, options: GuestPlacementOptions, buffers: Int) {
        self.domain = domain
        self.vcpu = vcpu
        scattered = options.scattered
        rng = PlacementRNG(seed: options.seed)
        listPages = ListPages(domain: domain)
        placed = Array(repeating: nil, count: buffers)
        descriptors = Array(repeating: nil, count: buffers)
    }

    mutating func place(buffer index: Int, size: Int, offset: UInt64, pages: Int,
                        flavour: Flavour) throws(PlacementError) -> (va: UInt64, frames: [UInt64]) {
        guard let gfns = domain.allocateFrames(pages, scattered: scattered && flavour != .flat, rng: &rng) else {
            throw .outOfMemory
        }
        let vaBase = domain.nextPoolVA
        domain.nextPoolVA += UInt64(pages + 1) << 12  // one unmapped guard page after each buffer
        for (k, g) in gfns.enumerated() {
            guard domain.map(va: vaBase + UInt64(k) << 12, to: g << 12, cr3: domain.vcpus[vcpu].cr3) else {
                throw .mapping(vaBase)
            }
        }
        let p = PlacedBuffer(va: vaBase + offset, offset: offset, gfns: gfns, size: size)
        placed[index] = p
        return (p.va, gfns)
    }

    mutating func built(_ descriptor: SGDescriptor, buffer index: Int) { descriptors[index] = descriptor }

    mutating func write(buffer index: Int, bytes: UnsafeRawBufferPointer) {
        if let p = placed[index] { domain.writeGuest(p, from: bytes) }
    }
}

extension PlacedBuffer {
    /// The first `count` bytes of the buffer page by page: each chunk's GPA
    /// and its byte range in the buffer (the guest's own view: its frames).
    func forEachChunk(count: Int, _ body: (UInt64, Range<Int>) -> Void) {
        var done = 0, at = offset, page = 0
        while done < count {
            let n = min(4096 - Int(at & 4095), count - done)
            body(gfns[page] << 12 | (at & 4095), done ..< done + n)
            done += n
            at = 0
            page += 1
        }
    }
}
