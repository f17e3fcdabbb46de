import CXen
import GuestPlacement
import ScatterGather
import XenABI

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

/// `XenCall`'s buffer space for the flavour transform: one staging region
/// of the pool, buffers in `StagingLayout` order (packed at 8 bytes for a
/// linear call, page-aligned when any owner is physical), frame numbers
/// from pagemap (physical calls only), list pages from the end of the
/// region. Inputs are copied in; outputs come back by `StagingLayout.forEach`.
struct StagingSpace: GuestBufferSpace {
    let region: HypercallBuffer
    let frames: [UInt64]
    let physical: Bool
    /// Where `place` puts the next buffer, and where `write` (called after
    /// every `place`, for the same buffers in the same order) finds it.
    var placing = StagingLayout.Cursor(), writing = StagingLayout.Cursor()
    var listPages: StagingListAllocator

    init(region: HypercallBuffer, frames: [UInt64], layout: StagingLayout) {
        self.region = region
        self.frames = frames
        physical = layout.physical
        listPages = StagingListAllocator(region: region, frames: frames, next: layout.dataBytes / HypercallBufferPool.pageSize)
    }

    mutating func place(buffer index: Int, size: Int, offset: UInt64, pages: Int,
                        flavour: Flavour) throws(PlacementError) -> (va: UInt64, frames: ArraySlice<UInt64>) {
        let at = placing.next(size: size, physical: physical)
        guard flavour.isPhysical else { return (region.linearHandle + UInt64(at), frames[0 ..< 0]) }
        let first = at / HypercallBufferPool.pageSize
        return (region.linearHandle + UInt64(at), frames[first ..< first + pages])
    }

    mutating func write(buffer index: Int, bytes: UnsafeRawBufferPointer) {
        // Inputs, and zeros for outputs, so no stale bytes go to Xen.
        let at = writing.next(size: bytes.count, physical: physical)
        guard let src = bytes.baseAddress, bytes.count > 0 else { return }
        (region.address + at).copyMemory(from: src, byteCount: bytes.count)
    }
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
