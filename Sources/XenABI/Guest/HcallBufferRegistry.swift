import SoftTLB

/// The guest side of the per-vCPU software TLB: what a guest kernel or
/// library keeps about the hypercall buffers it registered for one vCPU with
/// `VCPUOP_register_hcall_buffer` (16), so it knows which `linear` handles
/// the hypervisor will translate without a page walk.
///
/// It mirrors the hypervisor's table with the same `SoftTLBTable` rules, so
/// a registration the hypervisor would refuse (EINVAL, EEXIST, ENOSPC) is
/// refused here first without a hypercall, and a purge or share is mirrored
/// after the hypervisor accepted it. Registries of vCPUs that share a table
/// (`share(from:)`) share the mirror too.
///
/// Address spaces: a registration with `addressSpace: true`
/// (`VCPU_HCALL_BUFFER_ADDRESS_SPACE`) is tagged with the root of `cr3`,
/// the page tables the vCPU runs on now, and hits only there; without it
/// the entry is global (kernel mappings the same in every address space).
/// The owner keeps `cr3` equal to the vCPU's CR3 as it switches page
/// tables, and must purge a root's entries (`purge(..., addressSpace: true)`
/// while on it) before that page-table page is reused for another process.
///
/// Not `Sendable`: one per vCPU, used by the code running on that vCPU.
public final class HcallBufferRegistry {
    /// Issues one vcpu_op sub-op and returns what the hypercall returned
    /// (`-errno` on failure): privcmd's `XenCall`, or the model's hypervisor.
    public typealias Issue = (VCPUOp) -> Int64

    /// The vCPU whose table this mirrors.
    public let vcpu: UInt32
    /// The mirror (shared with the registries of vCPUs sharing the table).
    public private(set) var table: SoftTLBTable
    let cursor: SoftTLBCursor
    /// The vCPU's CR3 now: its root (`TLBEntry.root(cr3:)`) tags
    /// address-space registrations and is the address space `willHit` asks
    /// about, as the hypervisor uses the calling vCPU's CR3.
    public var cr3: UInt64 = 0
    /// `TLBEntry.root(cr3: cr3)`.
    public var root: UInt64 { TLBEntry.root(cr3: cr3) }

    /// A registry for `vcpu`, assuming the hypervisor's table holds `capacity` entries.
    public init(vcpu: UInt32, capacity: Int = SoftTLBTable.defaultCapacity) {
        self.vcpu = vcpu
        table = SoftTLBTable(capacity: capacity)
        cursor = SoftTLBCursor(table: table)
    }

    /// Registers `[va, va+size)` backed by `gpa` (`VCPUOP_register_hcall_buffer`),
    /// in the current address space only (`root`) when `addressSpace`, else globally.
    /// - Throws: EINVAL, EEXIST or ENOSPC predicted from the mirror (no call
    ///   made), or the errno the hypervisor returned.
    public func register(va: UInt64, gpa: UInt64, size: UInt64, addressSpace: Bool = false, issue: Issue) throws(XenErrno) {
        let entry = TLBEntry(va: va, gpa: gpa, size: size, root: addressSpace ? root : nil)
        try predict(entry)
        let rv = issue(.registerHcallBuffer(vcpu: vcpu, va: va, gpa: gpa, size: size, addressSpace: addressSpace))
        if rv < 0 { throw XenErrno(rawValue: Int32(truncatingIfNeeded: -rv)) }
        do throws(SoftTLBError) { try table.insert(entry) } catch {
            // The hypervisor accepted what the mirror refuses: the mirror is stale.
            preconditionFailure("hypercall-buffer mirror out of sync with the hypervisor: \(error)")
        }
    }

    /// Registers a direct map (PVH dom0's `PAGE_OFFSET` mapping of RAM): one
    /// large global entry that every buffer inside it hits, in every address space.
    public func registerDirectMap(va: UInt64, gpa: UInt64, size: UInt64, issue: Issue) throws(XenErrno) {
        try register(va: va, gpa: gpa, size: size, issue: issue)
    }

    /// Registers a buffer pool's pages, given as (VA of the page, its GFN):
    /// pages contiguous in both VA and GPA become one entry each run, so a
    /// pool of physically contiguous chunks costs a few entries, not one per page.
    /// Stops at the first refusal; the runs registered before it stay.
    /// `addressSpace` as for `register` (a user-space pool: true).
    /// - Returns: the number of entries registered.
    @discardableResult
    public func registerPages(_ pages: [(va: UInt64, gfn: UInt64)], addressSpace: Bool = false, issue: Issue) throws(XenErrno) -> Int {
        let sorted = pages.sorted { $0.va < $1.va }
        var n = 0
        var i = 0
        while i < sorted.count {
            var j = i + 1
            while j < sorted.count && sorted[j].va == sorted[j - 1].va &+ 4096 && sorted[j].gfn == sorted[j - 1].gfn &+ 1 { j += 1 }
            try register(va: sorted[i].va, gpa: sorted[i].gfn << 12, size: UInt64(j - i) * 4096, addressSpace: addressSpace, issue: issue)
            n += 1
            i = j
        }
        return n
    }

    /// Drops every entry overlapping `[va, va+size)` (`VCPUOP_purge_hcall_buffers`;
    /// size ~0 drops all): of every address space, or with `addressSpace`
    /// only those tagged with the current `root`; in the hypervisor and then
    /// in the mirror.
    public func purge(va: UInt64, size: UInt64, addressSpace: Bool = false, issue: Issue) throws(XenErrno) {
        if size != SoftTLBTable.purgeAllSize && va.addingReportingOverflow(size).overflow { throw .EINVAL }
        let rv = issue(.purgeHcallBuffers(vcpu: vcpu, va: va, size: size, addressSpace: addressSpace))
        if rv < 0 { throw XenErrno(rawValue: Int32(truncatingIfNeeded: -rv)) }
        _ = try? table.purge(va: va, size: size, addressSpace: addressSpace ? root : nil)
    }

    /// Makes this vCPU use `source`'s table (`VCPUOP_share_hcall_buffers`);
    /// `source === self` gives it a new empty table.
    public func share(from source: HcallBufferRegistry, issue: Issue) throws(XenErrno) {
        let rv = issue(.shareHcallBuffers(vcpu: vcpu, source: source.vcpu))
        if rv < 0 { throw XenErrno(rawValue: Int32(truncatingIfNeeded: -rv)) }
        table = source === self ? SoftTLBTable(capacity: table.capacity) : source.table
        cursor.attach(to: table)
    }

    /// Whether the hypervisor will translate every page chunk of
    /// `[va, va+size)` from the table in the current address space (`root`:
    /// global entries and those tagged with it; the chunks `__hvm_copy` makes: each
    /// chunk must lie inside one entry, consecutive chunks may use different
    /// entries). An empty buffer hits trivially.
    public func willHit(va: UInt64, size: Int) -> Bool {
        guard size > 0 else { return true }
        guard !va.addingReportingOverflow(UInt64(size)).overflow else { return false }
        var a = va
        let end = va + UInt64(size)
        while a < end {
            let n = min(4096 - (a & 4095), end - a)
            if cursor.translate(a, length: n, root: root) == nil { return false }
            a += n
        }
        return true
    }

    /// The flavour policy's question for one call whose buffers sit at these
    /// linear addresses: `linear` when every buffer will hit the table (a hit
    /// costs ~1-12 ns per page and needs no descriptor; Specs/performance.md),
    /// else `physical` (the hypervisor's cheapest physical kind, nil when it
    /// lacks `XENFEAT_hcall_phys_buffers`), else `linear` with page walks.
    public func preferredFlavour(buffers: [(va: UInt64, size: Int)], physical: Flavour?) -> Flavour {
        if buffers.allSatisfy({ willHit(va: $0.va, size: $0.size) }) { return .linear }
        return physical ?? .linear
    }

    /// `preferredFlavour` for an encoded call placed at `addresses` (as
    /// `EncodedCall.placeLinear` returns them); null handles are ignored.
    public func preferredFlavour(for call: EncodedCall, addresses: [UInt64], physical: Flavour?) -> Flavour {
        var buffers: [(va: UInt64, size: Int)] = []
        for (i, b) in call.buffers.enumerated() where !b.isNull && i < addresses.count {
            buffers.append((addresses[i], b.size))
        }
        return preferredFlavour(buffers: buffers, physical: physical)
    }

    /// Throws what the hypervisor would answer to registering `entry`.
    func predict(_ entry: TLBEntry) throws(XenErrno) {
        do throws(SoftTLBError) { try entry.validate() } catch { throw XenErrno(error) }
        let s = table.snapshot
        if s.conflicts(entry) { throw .EEXIST }
        if s.count >= table.capacity { throw .ENOSPC }
    }
}
