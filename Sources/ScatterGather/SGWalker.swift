/// What the hypervisor-side walker needs from guest memory: the size of
/// the P2M and the words of list pages.
public protocol SGMemory {
    /// GFNs at or above this are outside the guest's P2M.
    var frameLimit: UInt64 { get }
    /// The little-endian 8-byte word at `gpa` (8-aligned) of a list page,
    /// or nil when that page is not readable RAM.
    func listWord(at gpa: UInt64) -> UInt64?
}

/// The hypervisor side: resolves a physical handle into the (GPA, length)
/// chunks of the byte range [offset, offset + length) of its buffer, each
/// within one page, validating every descriptor word as hostile.
///
/// Allocation-free: the chunks go to a non-escaping closure. Mirrors the
/// patched Xen's `copy_flat` and `copy_list` (xen/arch/x86/hvm/hcall_phys.c),
/// which serve `copy_{from,to}_guest_offset` in the physical flavours.
public enum SGWalker {
    /// Walks `handle` of `flavour` over [offset, offset + length). `body`
    /// gets each chunk (GPA, bytes) in order and returns false to stop
    /// early (the walk then returns normally). A zero length validates the
    /// handle's form only and reads nothing.
    ///
    /// A list flavour's handle of ~0 (`XENABI_PHYS_NULL_HANDLE`) or 0 is
    /// null (`copy_list`). A `flat` handle, or a `tagged` one of kind flat
    /// other than those two, is a GPA like any other: `copy_flat` has no
    /// null check (callers test `guest_handle_is_null` first), so ~0 wraps
    /// and 0 is GPA 0.
    @inlinable
    public static func walk<M: SGMemory>(
        handle: UInt64, flavour: SGFlavour, offset: UInt64, length: UInt64, memory: M,
        _ body: (_ gpa: UInt64, _ count: Int) -> Bool
    ) throws(SGError) {
        if flavour != .flat && (handle == ~UInt64(0) || handle == 0) { throw .nullHandle }
        switch flavour {
        case .flat:
            try walkFlat(handle, offset, length, memory, body)
        case .gfnList:
            try walkList1(handle, offset, length, memory, body)
        case .tagged:
            switch handle & SGKind.tagMask {
            case UInt64(SGKind.flat.rawValue): try walkFlat(handle, offset, length, memory, body)
            case UInt64(SGKind.list1.rawValue): try walkList1(handle & ~SGKind.tagMask, offset, length, memory, body)
            case UInt64(SGKind.list2.rawValue): try walkList2(handle & ~SGKind.tagMask, offset, length, memory, body)
            default: throw .reservedTag(handle)
            }
        }
    }

    /// Validates the whole range [offset, offset + length) without a body:
    /// the descriptor's form and every GFN against the P2M size.
    @inlinable
    public static func validate<M: SGMemory>(handle: UInt64, flavour: SGFlavour, offset: UInt64, length: UInt64, memory: M) throws(SGError) {
        try walk(handle: handle, flavour: flavour, offset: offset, length: length, memory: memory) { _, _ in true }
    }

    @inlinable
    static func end(_ start: UInt64, _ length: UInt64, reporting offset: UInt64) throws(SGError) -> UInt64 {
        let (e, o) = start.addingReportingOverflow(length)
        if o { throw .sizeOverflow(offset: offset, length: length) }
        return e
    }

    /// `copy_flat`: a length of 0 reads nothing and checks nothing; a range
    /// whose last byte wraps 2^64 is refused whole; then page by page, each
    /// frame checked against the P2M size as the chunk is reached.
    @inlinable
    static func walkFlat<M: SGMemory>(_ base: UInt64, _ offset: UInt64, _ length: UInt64, _ m: M,
                                      _ body: (UInt64, Int) -> Bool) throws(SGError) {
        if length == 0 { return }
        let (start, o) = base.addingReportingOverflow(offset)
        if o || start.addingReportingOverflow(length - 1).overflow { throw .sizeOverflow(offset: offset, length: length) }
        var at = start
        var left = length
        while left > 0 {
            let gfn = at >> SGPage.shift
            if gfn >= m.frameLimit { throw .gfnOutsideP2M(gfn) }
            let n = min(SGPage.size - (at & SGPage.mask), left)
            if !body(at, Int(n)) { return }
            at &+= n
            left -= n
        }
    }

    /// Reads a list word; its page must be inside the P2M and RAM.
    @inlinable
    static func word<M: SGMemory>(_ m: M, _ gpa: UInt64) throws(SGError) -> UInt64 {
        let gfn = gpa >> SGPage.shift
        if gfn >= m.frameLimit { throw .gfnOutsideP2M(gfn) }
        guard let w = m.listWord(at: gpa) else { throw .listNotRAM(gfn) }
        return w
    }

    /// Slot 0 and the page range of the access, as (first byte position in
    /// the data pages, end position).
    @inlinable
    static func span<M: SGMemory>(_ list: UInt64, _ offset: UInt64, _ length: UInt64, _ m: M) throws(SGError) -> (UInt64, UInt64) {
        if list & 7 != 0 { throw .misalignedList(list) }
        if length == 0 { return (0, 0) }
        let off0 = try word(m, list)
        if off0 >= SGPage.size { throw .badOffset(off0) }
        let (pos, o) = off0.addingReportingOverflow(offset)
        if o { throw .sizeOverflow(offset: offset, length: length) }
        return (pos, try end(pos, length, reporting: offset))
    }

    @inlinable
    static func walkList1<M: SGMemory>(_ list: UInt64, _ offset: UInt64, _ length: UInt64, _ m: M,
                                       _ body: (UInt64, Int) -> Bool) throws(SGError) {
        let (pos, stop) = try span(list, offset, length, m)
        if stop == 0 { return }
        let last = (stop - 1) >> SGPage.shift
        if last >= SGPage.maxOneLevel { throw .sizeOverflow(offset: offset, length: length) }
        // Slots 0 ... last + 1 must sit in the list's page.
        if (list & SGPage.mask) + 8 * (last + 2) > SGPage.size { throw .listCrossesPage(list: list, slots: last + 2) }
        var at = pos
        while at < stop {
            let page = at >> SGPage.shift
            let gfn = try word(m, list + 8 * (page + 1))
            if gfn >= m.frameLimit { throw .gfnOutsideP2M(gfn) }
            let n = min(SGPage.size - (at & SGPage.mask), stop - at)
            if !body(gfn << SGPage.shift | (at & SGPage.mask), Int(n)) { return }
            at += n
        }
    }

    @inlinable
    static func walkList2<M: SGMemory>(_ top: UInt64, _ offset: UInt64, _ length: UInt64, _ m: M,
                                       _ body: (UInt64, Int) -> Bool) throws(SGError) {
        let (pos, stop) = try span(top, offset, length, m)
        if stop == 0 { return }
        let last = (stop - 1) >> SGPage.shift
        if last >= SGPage.maxTwoLevel { throw .sizeOverflow(offset: offset, length: length) }
        let lastSlot = last / SGPage.slots + 1
        if (top & SGPage.mask) + 8 * (lastSlot + 1) > SGPage.size { throw .shortLevel(list: top, slot: lastSlot) }
        var at = pos
        var l1Slot = UInt64.max
        var l1Base: UInt64 = 0
        while at < stop {
            let page = at >> SGPage.shift
            let slot = page / SGPage.slots + 1
            if slot != l1Slot {
                let l1 = try word(m, top + 8 * slot)
                if l1 >= m.frameLimit { throw .gfnOutsideP2M(l1) }
                l1Slot = slot
                l1Base = l1 << SGPage.shift
            }
            let gfn = try word(m, l1Base + 8 * (page % SGPage.slots))
            if gfn >= m.frameLimit { throw .gfnOutsideP2M(gfn) }
            let n = min(SGPage.size - (at & SGPage.mask), stop - at)
            if !body(gfn << SGPage.shift | (at & SGPage.mask), Int(n)) { return }
            at += n
        }
    }
}
