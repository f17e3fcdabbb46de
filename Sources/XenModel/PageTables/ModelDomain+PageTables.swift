import XenABI
/// Real x86-64 4-level page tables, built in the domain's own memory by the
/// guest side: PML4 -> PDPT -> PD -> PT, 4 KiB, 2 MiB and 1 GiB leaves.
extension ModelDomain {
    /// A new, empty PML4 (its GPA is a CR3 value).
    public func newPageTableRoot() -> UInt64? {
        allocateFrame().map { $0 << 12 }
    }

    /// Maps `va` (aligned to `size`) to `gpa` (aligned likewise) in the
    /// tables rooted at `cr3`, creating intermediate tables as needed.
    /// Intermediate entries allow everything; the leaf carries `rights`
    /// (as Linux builds them). Returns false when out of frames, when a
    /// larger page already covers `va`, or when `va` is not canonical.
    @discardableResult
    public func map(va: UInt64, to gpa: UInt64, size: PageMappingSize = .size4K, rights: PageRights = .kernelData, cr3: UInt64) -> Bool {
        guard ModelDomain.isCanonical(va), va & (size.rawValue - 1) == 0, gpa & (size.rawValue - 1) == 0 else { return false }
        var table = cr3 & PageTableEntry.addressMask
        var level = 4
        let inner = PageTableEntry.present | PageTableEntry.writable | PageTableEntry.user
        while level > size.level {
            let slot = table + 8 * ModelDomain.index(va, level)
            let e = PageTableEntry(rawValue: memory.load64(gpa: slot))
            if e.isPresent {
                if e.isLarge { return false }
                table = e.address
            } else {
                guard let f = allocateFrame() else { return false }
                memory.store64(PageTableEntry(gpa: f << 12, flags: inner).rawValue, gpa: slot)
                table = f << 12
            }
            level -= 1
        }
        var flags = PageTableEntry.present
        if rights.contains(.write) { flags |= PageTableEntry.writable }
        if rights.contains(.user) { flags |= PageTableEntry.user }
        if rights.contains(.noExecute) { flags |= PageTableEntry.noExecute }
        if size != .size4K { flags |= PageTableEntry.pageSize }
        memory.store64(PageTableEntry(gpa: gpa, flags: flags).rawValue, gpa: table + 8 * ModelDomain.index(va, level))
        return true
    }

    /// Removes the leaf mapping `va` (any size). Returns whether one existed.
    @discardableResult
    public func unmap(va: UInt64, cr3: UInt64) -> Bool {
        var table = cr3 & PageTableEntry.addressMask
        for level in stride(from: 4, through: 1, by: -1) {
            let slot = table + 8 * ModelDomain.index(va, level)
            let e = PageTableEntry(rawValue: memory.load64(gpa: slot))
            guard e.isPresent else { return false }
            if level == 1 || e.isLarge {
                memory.store64(0, gpa: slot)
                return true
            }
            table = e.address
        }
        return false
    }

    /// The 9-bit table index of `va` at `level` (4 = PML4 ... 1 = PT).
    @inlinable
    static func index(_ va: UInt64, _ level: Int) -> UInt64 { (va >> UInt64(12 + 9 * (level - 1))) & 511 }

    /// Bits 63-47 all equal (48-bit linear addresses).
    @inlinable
    public static func isCanonical(_ va: UInt64) -> Bool {
        let top = va >> 47
        return top == 0 || top == (1 << 17) - 1
    }
}

/// Why a page walk failed (a guest #PF; Xen's `HVMTRANS_bad_linear_to_gfn`).
public enum PageFault: Error, Hashable, Sendable {
    /// The address is not canonical.
    case nonCanonical(UInt64)
    /// The entry at `level` is not present.
    case notPresent(level: Int)
    /// Rights: write to a read-only, user access to a supervisor page, fetch from NX.
    case protection(level: Int)
    /// A table frame is not RAM the hypervisor can read.
    case badTable(gfn: UInt64)
    /// A reserved bit is set (PS in a PML4E).
    case reservedBit(level: Int)
}

extension ModelDomain {
    /// Walks the tables at `cr3` for linear address `va` as the CPU (and
    /// Xen's `guest_walk_tables`) would, checking rights for `access` at
    /// every level (CR0.WP set, EFER.NXE set). Returns the GPA.
    /// Always inlined: in a loop of walks (the copy path's misses) the
    /// independent walks then overlap in the CPU, as a C walker's do.
    @inlinable @inline(__always)
    public func walk(cr3: UInt64, va: UInt64, access: PageAccess) throws(PageFault) -> UInt64 {
        guard ModelDomain.isCanonical(va) else { throw .nonCanonical(va) }
        var table = cr3 & PageTableEntry.addressMask
        var level = 4
        while true {
            let gfn = table >> 12
            guard p2m.check(gfn, encrypted: false) == nil else { throw .badTable(gfn: gfn) }
            let e = PageTableEntry(rawValue: memory.load64(gpa: table + 8 * ModelDomain.index(va, level)))
            guard e.isPresent else { throw .notPresent(level: level) }
            if access.contains(.write) && !e.isWritable { throw .protection(level: level) }
            if access.contains(.user) && !e.isUser { throw .protection(level: level) }
            if access.contains(.fetch) && e.isNoExecute { throw .protection(level: level) }
            if level == 1 || e.isLarge {
                if level == 4 { throw .reservedBit(level: 4) }
                let pageMask: UInt64 = (1 << UInt64(12 + 9 * (level - 1))) - 1
                return (e.address & ~pageMask) | (va & pageMask)
            }
            table = e.address
            level -= 1
        }
    }
}
