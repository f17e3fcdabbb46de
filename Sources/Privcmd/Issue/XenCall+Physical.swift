import CXen
import XenABI

extension XenCall {
    /// Writes every handle of `call` for its owner's flavour, the buffers
    /// being at their `layout` offsets in `region`: `flat` = GPA of a run of
    /// contiguous frames; `gfnList` = GPA of a one-level list (slot 0 the
    /// offset in the first page, then the data GFNs); `tagged` = flat (tag 0)
    /// when contiguous, else a one-level list (tag 1). Frame numbers come from
    /// `/proc/self/pagemap`.
    func placePhysical(_ call: inout EncodedCall, layout: StagingLayout, region: HypercallBuffer) throws(PrivcmdError) {
        let page = HypercallBufferPool.pageSize
        let frames = try pool.frameNumbers(of: region)
        let bufs = call.buffers
        var listPage = layout.dataBytes / page
        try layout.forEach(bufs) { (index, b, offset) throws(PrivcmdError) in
            let flavour = call.flavour(ofOwner: b.owner)
            if b.isNull { call.setHandle(of: index, to: flavour.nullHandle); return }
            let first = offset / page
            let count = max(1, (b.size + page - 1) / page)
            let run = frames[first ..< first + count]
            let contiguous = zip(run, run.dropFirst()).allSatisfy { $1 == $0 + 1 }
            func list() throws(PrivcmdError) -> UInt64 {
                guard count <= Int(XENABI_GFN_LIST_MAX_DATA) else {
                    throw .invalidRequest("buffer of \(count) pages exceeds a one-level GFN list (\(XENABI_GFN_LIST_MAX_DATA))")
                }
                let slots = (region.address + listPage * page).assumingMemoryBound(to: UInt64.self)
                slots[0] = 0  // data starts at the page boundary
                for (k, f) in run.enumerated() { slots[k + 1] = f.littleEndian }
                defer { listPage += 1 }
                return frames[listPage] << 12
            }
            let handle: UInt64
            switch flavour {
            case .linear:
                handle = region.linearHandle + UInt64(offset)
            case .flat:
                guard contiguous else {
                    throw .invalidRequest("flat handle needs contiguous frames; buffer \(index) spans \(Array(run))")
                }
                handle = run.first! << 12
            case .gfnList:
                handle = try list()
            case .tagged:
                handle = contiguous ? (run.first! << 12) | UInt64(XENABI_DESC_TAG_FLAT)
                    : try list() | UInt64(XENABI_DESC_TAG_LIST1)
            }
            call.setHandle(of: index, to: handle)
        }
    }
}
