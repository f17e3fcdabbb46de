/// The guest side's hypercall-buffer allocator, as the descriptor builder
/// needs it: whole zeroed pages for GFN lists, and a way to fill them.
public protocol SGListAllocator {
    /// A zeroed, page-aligned page for a GFN list; returns its GFN.
    mutating func allocateListPage() throws(SGError) -> UInt64
    /// Stores `value` little-endian at `gpa`, inside a page this allocator gave.
    mutating func storeListWord(_ value: UInt64, at gpa: UInt64)
}

/// The guest side: builds the handle of a buffer for a physical flavour
/// from the byte offset in its first page and the GFN of every page it spans.
public enum SGBuilder {
    /// Pages a buffer of `size` bytes at `offset` in its first page spans (at least 1).
    @inlinable
    public static func pageCount(offset: UInt64, size: UInt64) -> UInt64 {
        max(1, (offset + size + SGPage.mask) >> SGPage.shift)
    }

    /// The most list pages `build` takes for a buffer of `pages` pages in
    /// `flavour`, whatever its frames (a contiguous `tagged` buffer takes
    /// none): what a caller must reserve before it knows them. 0 where
    /// `build` refuses before taking a page (beyond its flavour's reach).
    @inlinable
    public static func maxListPages(pages: UInt64, flavour: SGFlavour) -> Int {
        switch flavour {
        case .flat: return 0
        case .gfnList: return pages <= SGPage.maxOneLevel ? 1 : 0
        case .tagged:
            if pages <= SGPage.maxOneLevel { return 1 }
            // The top page, and one level-1 page per `slots` data pages (`list2`).
            return pages <= SGPage.maxTwoLevel ? 1 + Int((pages + SGPage.slots - 1) / SGPage.slots) : 0
        }
    }

    /// Whether `gfns` are consecutive frames.
    @inlinable
    public static func isContiguous(_ gfns: some RandomAccessCollection<UInt64>) -> Bool {
        guard var prev = gfns.first else { return true }
        for g in gfns.dropFirst() {
            if g != prev &+ 1 { return false }
            prev = g
        }
        return true
    }

    /// The most pages a descriptor of `flavour` reaches: unbounded for
    /// `flat` (one GPA), 511 for `gfnList` (one list page), 511 x 512 for
    /// `tagged` (a two-level list). What every guest-side reach check asks.
    @inlinable
    public static func reach(of flavour: SGFlavour) -> UInt64 {
        switch flavour {
        case .flat: .max
        case .gfnList: SGPage.maxOneLevel
        case .tagged: SGPage.maxTwoLevel
        }
    }

    /// Whether a buffer of `pages` pages is within `flavour`'s reach, so
    /// that `build` takes it (frames permitting).
    @inlinable
    public static func reaches(pages: UInt64, flavour: SGFlavour) -> Bool { pages <= reach(of: flavour) }

    /// Builds the handle for `flavour`:
    /// - `flat`: the GPA; the GFNs must be contiguous;
    /// - `gfnList`: a one-level list (at most 511 pages);
    /// - `tagged`: the cheapest kind: flat (tag 00) when contiguous and the
    ///   GPA is 4-byte aligned, else list1 up to 511 pages, else list2 up to
    ///   511 x 512 pages.
    @inlinable
    public static func build<A: SGListAllocator>(
        offset: UInt64, gfns: some RandomAccessCollection<UInt64>, flavour: SGFlavour, allocator: inout A
    ) throws(SGError) -> SGDescriptor {
        precondition(!gfns.isEmpty, "a buffer spans at least one page")
        if offset >= SGPage.size { throw .badOffset(offset) }
        let count = UInt64(gfns.count)
        let flatGPA = gfns.first! << SGPage.shift | offset
        switch flavour {
        case .flat:
            guard isContiguous(gfns) else { throw .notContiguous }
            return SGDescriptor(handle: flatGPA, kind: .flat, listPages: 0)
        case .gfnList:
            guard reaches(pages: count, flavour: .gfnList) else { throw .tooLarge(pages: count, limit: reach(of: .gfnList)) }
            return SGDescriptor(handle: try list1(offset, gfns, &allocator), kind: .list1, listPages: 1)
        case .tagged:
            if isContiguous(gfns) && flatGPA & SGKind.tagMask == 0 {
                return SGDescriptor(handle: flatGPA, kind: .flat, listPages: 0)
            }
            if count <= SGPage.maxOneLevel {
                return SGDescriptor(handle: try list1(offset, gfns, &allocator) | UInt64(SGKind.list1.rawValue),
                                    kind: .list1, listPages: 1)
            }
            guard reaches(pages: count, flavour: .tagged) else { throw .tooLarge(pages: count, limit: reach(of: .tagged)) }
            let (top, pages) = try list2(offset, gfns, &allocator)
            return SGDescriptor(handle: top | UInt64(SGKind.list2.rawValue), kind: .list2, listPages: pages)
        }
    }

    @inlinable
    static func list1<A: SGListAllocator>(_ offset: UInt64, _ gfns: some RandomAccessCollection<UInt64>, _ a: inout A) throws(SGError) -> UInt64 {
        let base = try a.allocateListPage() << SGPage.shift
        a.storeListWord(offset, at: base)
        var slot: UInt64 = 1
        for g in gfns {
            a.storeListWord(g, at: base + 8 * slot)
            slot += 1
        }
        return base
    }

    @inlinable
    static func list2<A: SGListAllocator>(_ offset: UInt64, _ gfns: some RandomAccessCollection<UInt64>, _ a: inout A) throws(SGError) -> (UInt64, Int) {
        let top = try a.allocateListPage() << SGPage.shift
        a.storeListWord(offset, at: top)
        var pages = 1
        var level1: UInt64 = 0
        for (i, g) in gfns.enumerated() {
            let k = UInt64(i)
            if k % SGPage.slots == 0 {
                let l1 = try a.allocateListPage()
                pages += 1
                a.storeListWord(l1, at: top + 8 * (k / SGPage.slots + 1))
                level1 = l1 << SGPage.shift
            }
            a.storeListWord(g, at: level1 + 8 * (k % SGPage.slots))
        }
        return (top, pages)
    }
}
