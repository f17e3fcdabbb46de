import CXen
import ScatterGather
import XenABI

extension XenCall {
    /// Writes every handle of `call` for its owner's flavour, the buffers
    /// being at their `layout` offsets in `region`, with the descriptors
    /// `SGBuilder` builds (the same code the model's guest side uses):
    /// `flat` = GPA of a run of contiguous frames; `gfnList` = a one-level
    /// list (slot 0 the offset in the first page, then the data GFNs);
    /// `tagged` = flat (tag 00) when contiguous, else a one-level list (tag 01)
    /// up to 511 pages, else a two-level list (tag 10) up to 511 x 512 pages.
    /// List pages come from the end of `region`, so they are locked with
    /// it; frame numbers come from `/proc/self/pagemap`, only in a
    /// translated domain with a pinned pool (checked here too: `issue` is
    /// public and takes whatever flavours the call carries), and never
    /// frame 0 (a physical handle 0 is null to the hypervisor).
    func placePhysical(_ call: inout EncodedCall, layout: StagingLayout, region: HypercallBuffer, frames: [UInt64]) throws(PrivcmdError) {
        let page = HypercallBufferPool.pageSize
        if let zero = frames.firstIndex(of: 0) { throw .physicalPlacementRefused(.frameZero(regionPage: zero)) }
        let bufs = call.buffers
        var lists = StagingListAllocator(region: region, frames: frames, next: layout.dataBytes / page)
        try layout.forEach(bufs) { (index, b, offset) throws(PrivcmdError) in
            let flavour = call.flavour(ofOwner: b.owner)
            if b.isNull { call.setHandle(of: index, to: flavour.nullHandle); return }
            guard let sg = flavour.sgFlavour else {
                call.setHandle(of: index, to: region.linearHandle + UInt64(offset))
                return
            }
            let first = offset / page
            let run = frames[first ..< first + StagingLayout.dataPages(b)]
            do {
                let d = try SGBuilder.build(offset: 0, gfns: run, flavour: sg, allocator: &lists)
                call.setHandle(of: index, to: d.handle)
            } catch {
                throw .invalidRequest("buffer \(index) (\(run.count) pages) in \(flavour): \(error)")
            }
        }
    }
}

extension XenCall {
    /// Tries `physicalStaging` makes for a region whose `flat` buffers sit
    /// on consecutive GFNs.
    public static let flatStagingAttempts = 8

    /// Extra pages a staging mapping for a multi-page `flat` buffer takes
    /// (at least as many as the call needs): 1 MiB, more than Linux's
    /// per-CPU free list holds on a small dom0, so the tail is fresh pages.
    public static let flatStagingSlack = 256

    /// A staging region for a physical-flavour call (`region`, inside the
    /// mapping `mapped`, which is what to free) and its frame numbers, read
    /// once from pagemap. A `flat` buffer of several pages needs ascending
    /// consecutive GFNs. `/dev/xen/hypercall` maps its pages one
    /// `alloc_page()` at a time from the per-CPU free list, which hands back
    /// freed pages in no useful order, while pages fresh from the buddy
    /// allocator come out ascending. So a call with such a buffer maps the
    /// pages it needs plus `flatStagingSlack` more (enough to drain the
    /// per-CPU list into fresh pages) and takes the first window whose flat
    /// runs are consecutive; a mapping without one is held aside (so the next
    /// try gets other pages) and another taken, up to `flatStagingAttempts`
    /// times. Then placement reports the flat buffer it cannot carry.
    func physicalStaging(_ call: EncodedCall, layout: StagingLayout) throws(PrivcmdError) -> PhysicalStaging {
        let page = HypercallBufferPool.pageSize
        let total = layout.totalBytes / page
        var runs: [Range<Int>] = []
        layout.forEach(call.buffers) { _, b, offset in
            let pages = StagingLayout.dataPages(b)
            if !b.isNull, pages > 1, call.flavour(ofOwner: b.owner) == .flat { runs.append(offset / page ..< offset / page + pages) }
        }
        return try stage(pages: total, consecutive: runs)
    }

    /// `pages` pages of staging in which each of `consecutive` (page ranges
    /// of the region) sits on ascending consecutive GFNs, found as
    /// `physicalStaging` describes; with no such range, just `pages` pages.
    /// Free `mapped` when done. Also what the integration's timing stages
    /// its calls with.
    public func stage(pages: Int, consecutive runs: [Range<Int>]) throws(PrivcmdError) -> PhysicalStaging {
        let slack = runs.isEmpty ? 0 : max(pages, XenCall.flatStagingSlack)
        var aside: [HypercallBuffer] = []
        defer { for m in aside { pool.free(m) } }
        while true {
            let mapped = try pool.allocate(pages: pages + slack)
            let frames: [UInt64]
            do { frames = try pool.frameNumbers(of: mapped) } catch { pool.free(mapped); throw error }
            let window = (0 ... slack).first { k in
                runs.allSatisfy { run in (k + run.lowerBound + 1 ..< k + run.upperBound).allSatisfy { frames[$0] == frames[$0 - 1] + 1 } }
            }
            if window != nil || aside.count + 1 >= XenCall.flatStagingAttempts {
                let k = window ?? 0
                return PhysicalStaging(mapped: mapped, region: mapped.pages(k ..< k + pages),
                                       frames: Array(frames[k ..< k + pages]), consecutive: window != nil)
            }
            aside.append(mapped)
        }
    }
}

/// Where a physical-flavour call is staged: `region` (the layout's pages)
/// inside `mapped` (what the pool mapped, and what to free).
public struct PhysicalStaging: Sendable {
    /// What the pool mapped: free this.
    public let mapped: HypercallBuffer
    /// The staging pages, inside `mapped`.
    public let region: HypercallBuffer
    /// The frame number (GFN) of each page of `region`.
    public let frames: [UInt64]
    /// Whether the requested ranges sit on consecutive GFNs.
    public let consecutive: Bool
}

/// Hands `SGBuilder` the list pages `StagingLayout` reserved at the end of a
/// staging region: their frame numbers (from pagemap) as GFNs, and stores
/// into them through the region's mapping.
struct StagingListAllocator: SGListAllocator {
    let region: HypercallBuffer
    let frames: [UInt64]
    /// The region page the next list goes in.
    var next: Int
    /// Region pages handed out so far (a builder writes to the last few).
    var given: [Int] = []

    mutating func allocateListPage() throws(SGError) -> UInt64 {
        guard next < frames.count else { throw .noListPage }  // StagingLayout reserved too few: a bug, reported typed
        (region.address + next * HypercallBufferPool.pageSize).initializeMemory(as: UInt8.self, repeating: 0, count: HypercallBufferPool.pageSize)
        given.append(next)
        next += 1
        return frames[next - 1]
    }

    mutating func storeListWord(_ value: UInt64, at gpa: UInt64) {
        let gfn = gpa >> 12
        // The page is one this allocator gave; the builder writes to the most recent ones.
        guard let p = given.last(where: { frames[$0] == gfn }) else {
            preconditionFailure("list word for GFN \(gfn), not a list page of this call")
        }
        (region.address + p * HypercallBufferPool.pageSize + Int(gpa & 0xfff)).storeBytes(of: value.littleEndian, as: UInt64.self)
    }
}
