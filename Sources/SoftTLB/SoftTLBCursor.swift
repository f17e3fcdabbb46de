import Atomics

/// A vCPU's private view of a `SoftTLBTable`: the front caches that make a
/// hit cost a handful of instructions, and the snapshot they were filled from.
///
/// Owned and used by one thread at a time (the vCPU's), so it is deliberately
/// not `Sendable` and takes no lock. Its only shared read on the hit path is
/// the table's generation counter (one acquiring load).
///
/// Every lookup names the address space it runs in (`root`, the vCPU's
/// `CR3 & XENABI_HCALL_BUFFER_ROOT_MASK`): only global entries and entries
/// tagged with that root match. The front caches belong to one root at a
/// time; a lookup with another root retires them first (`switchRoot`), the
/// way a CR3 write without PCID flushes a hardware TLB.
///
/// Lookup order, cheapest first:
/// 1. the last entry a fill installed (KVM's per-vCPU `last_used_slot`);
/// 2. a direct-mapped cache of `slotCount` page slots indexed by the low bits
///    of the page number, one tag compare (QEMU softmmu's `CPUTLBEntry` table);
/// 3. the shared snapshot (its page hash for small entries, a branch-free
///    binary search for large ones), which refills 1 and 2 (DPDK mlx5's
///    level-2 lookup behind its per-queue cache).
public final class SoftTLBCursor {
    /// Front-cache state, kept in manually allocated memory: reading and
    /// writing it through a pointer avoids the dynamic exclusivity checks a
    /// class `var` would pay on every lookup.
    @usableFromInline
    struct Front {
        @usableFromInline var counter: UnsafeAtomic<UInt64>
        @usableFromInline var generation: UInt64
        @usableFromInline var lastVA: UInt64
        @usableFromInline var lastSize: UInt64
        @usableFromInline var lastGPA: UInt64
        /// The root the front caches were filled for.
        @usableFromInline var root: UInt64
        /// The slot epoch in bits 52-63 (`epochUnit` steps, below
        /// `epochLimit`): OR-ed into every slot tag, so moving it retires
        /// every slot at once without touching them.
        @usableFromInline var epoch: UInt64
        @usableFromInline var stats: Stats
        /// `snapshot`, unretained: the fill path reads it without the
        /// exclusivity check a class `var` read costs (`snapshot` keeps it alive).
        @usableFromInline var snap: Unmanaged<SoftTLBSnapshot>
    }

    /// One direct-mapped slot: page `tag & (2^52 - 1)` lies inside a
    /// registered entry usable in the cursor's root, and its bytes are at
    /// `address &+ addend` (QEMU's `CPUTLBEntry.addend`). The tag's top 12
    /// bits are the epoch the slot was filled in. 16 bytes, so four share a
    /// cache line. A page chunk never crosses its page, so the page being
    /// inside the entry is all a hit needs to know.
    @usableFromInline
    struct Slot: Sendable {
        @usableFromInline var tag: UInt64
        @usableFromInline var addend: UInt64

        /// A tag no lookup forms: page numbers are < 2^52 and epochs stay
        /// below `epochLimit`, so `vpn | epoch` is never all ones.
        @usableFromInline static var empty: Slot { Slot(tag: .max, addend: 0) }
    }

    /// One step of `Front.epoch` (bit 52, above every page number).
    @inlinable static var epochUnit: UInt64 { 1 << 52 }
    /// The epoch at which the slots are cleared for real and the epoch
    /// restarts at 0 (4095 steps: `vpn | epoch` never reaches all ones).
    @inlinable static var epochLimit: UInt64 { 0xfff << 52 }

    /// Slow-path counts (plain counters: the cursor has one owner). Front-cache
    /// hits are deliberately not counted: a counter bumped on every hit is a
    /// load-add-store chain through memory that costs about as much as the hit
    /// itself in a tight loop. Callers that want hit counts (the model's
    /// vCPU) count lookups themselves.
    public struct Stats: Hashable, Sendable {
        /// Served by the shared snapshot (a front-cache refill).
        public var snapshotHits = 0
        /// Not inside one entry: the caller must walk the page tables.
        public var misses = 0
        /// Front caches brought up to date because the table's generation moved.
        public var refreshes = 0
        /// Refreshes that dropped every front entry (a table switch, or
        /// further behind than the removal history), rather than only what
        /// was removed.
        public var drops = 0
        /// Front entries (slots, and the last entry) invalidated because a
        /// publication removed their entry.
        public var invalidated = 0
        /// Zero counts.
        public init() {}
    }

    /// Direct-mapped slots: 1024 x 16 bytes = 16 KiB per vCPU, enough for the
    /// pages of a few hundred small buffers without conflicts. (QEMU starts
    /// its dynamic TLB at 2^8 entries and grows it up to 2^22 under pressure;
    /// a fixed size keeps the hit path free of a mask load and refreshes free
    /// of allocation.)
    public static let slotCount = 1024
    @inlinable static var slotMask: UInt64 { 1023 }  // slotCount - 1, a literal so clients fold it
    @inlinable static var pageShift: UInt64 { 12 }

    @usableFromInline let front: UnsafeMutablePointer<Front>
    @usableFromInline let slots: UnsafeMutablePointer<Slot>

    /// Which table this cursor reads: the only part of it other threads may
    /// change (`binding.attach(to:)`, a VCPUOP_share_hcall_buffers issued
    /// for this vCPU by another one). The cursor follows it on its next lookup.
    public let binding: SoftTLBBinding
    /// The table bound now (`binding.table`; any thread).
    public var table: SoftTLBTable { binding.table }
    /// The table the front caches were filled from, strongly held: its
    /// generation counter (`front.counter`) lives as long as it. Owner only;
    /// may lag `binding` until the next lookup.
    var watched: SoftTLBTable
    /// Strong reference to the snapshot the front caches were filled from:
    /// keeps its memory alive for as long as this cursor may read it.
    @usableFromInline var snapshot: SoftTLBSnapshot

    /// A cursor over `table` (through a new binding) with empty front caches.
    public convenience init(table: SoftTLBTable) {
        self.init(binding: SoftTLBBinding(table: table))
    }

    /// A cursor over whatever `binding` binds, with empty front caches.
    public init(binding: SoftTLBBinding) {
        self.binding = binding
        let table = binding.table
        watched = table
        let generation = table.generationCounter.load(ordering: .acquiring)
        snapshot = table.snapshot
        front = .allocate(capacity: 1)
        front.initialize(to: Front(counter: table.generationCounter, generation: generation,
                                   lastVA: 0, lastSize: 0, lastGPA: 0, root: 0, epoch: 0, stats: Stats(),
                                   snap: .passUnretained(snapshot)))
        slots = .allocate(capacity: Self.slotCount)
        slots.initialize(repeating: .empty, count: Self.slotCount)
        // A bind between the two loads above is caught by the first lookup.
        if binding.table !== table { refresh() }
    }

    deinit {
        front.deinitialize(count: 1)
        front.deallocate()
        slots.deallocate()
    }

    /// Counts since creation or the last `resetStats()`.
    public var stats: Stats { front.pointee.stats }

    /// Zeroes `stats`.
    public func resetStats() { front.pointee.stats = Stats() }

    /// Switches this cursor to `table` (VCPUOP_share_hcall_buffers on its
    /// own vCPU) and drops its front caches now. From another thread, call
    /// `binding.attach(to:)` instead: the cursor follows on its next lookup.
    public func attach(to table: SoftTLBTable) {
        binding.attach(to: table)
        refresh()
    }

    /// The guest-physical address of `address` if the chunk
    /// `[address, address+length)` lies wholly inside one registered entry
    /// usable in address space `root` (global, or tagged `root`), else nil
    /// (the caller walks the page tables). Allocates nothing, takes no lock.
    /// `length` is a page chunk's length, as in Xen's `__hvm_copy`; `root`
    /// is the vCPU's `TLBEntry.root(cr3:)`.
    @inlinable
    public func translate(_ address: UInt64, length: UInt64, root: UInt64) -> UInt64? {
        let f = front
        if _slowPath(f.pointee.counter.load(ordering: .acquiring) != f.pointee.generation) {
            refresh()
        }
        if _slowPath(root != f.pointee.root) { switchRoot(root) }
        // 1. Last entry: one subtract and two compares (also right for a giant entry).
        let off = address &- f.pointee.lastVA
        let lastSize = f.pointee.lastSize
        if off < lastSize && length <= lastSize &- off {
            return f.pointee.lastGPA &+ off
        }
        // 2. Direct-mapped page slot: one tag compare, and the chunk must end
        //    in its page (a longer chunk falls through to the snapshot).
        let vpn = address >> Self.pageShift
        let s = slots + Int(truncatingIfNeeded: vpn & Self.slotMask)
        if s.pointee.tag == vpn | f.pointee.epoch && length <= TLBEntry.pageSize &- (address & TLBEntry.pageMask) {
            return address &+ s.pointee.addend
        }
        // 3. Shared snapshot.
        return fill(address, length: length)
    }

    /// Looks the chunk up in the shared snapshot (page hash, then large
    /// entries); on a hit installs the range found as the last entry and in
    /// the page's slot.
    @usableFromInline @inline(never)
    func fill(_ address: UInt64, length: UInt64) -> UInt64? {
        let root = front.pointee.root
        let found = front.pointee.snap._withUnsafeGuaranteedRef { $0.range(containing: address, length: length, root: root) }
        guard let (va, size, gpa) = found else {
            front.pointee.stats.misses &+= 1
            return nil
        }
        front.pointee.lastVA = va
        front.pointee.lastSize = size
        front.pointee.lastGPA = gpa
        let vpn = address >> Self.pageShift
        slots[Int(truncatingIfNeeded: vpn & Self.slotMask)] = Slot(tag: vpn | front.pointee.epoch, addend: gpa &- va)
        front.pointee.stats.snapshotHits &+= 1
        return gpa &+ (address &- va)
    }

    /// The watched table's generation moved (a publication, or a poke from a
    /// binding that replaced it): follow the binding, take the current
    /// snapshot, and drop from the front caches what the publications in
    /// between removed (all of it if the table changed, or if this cursor
    /// is further behind than the snapshot's removal history reaches).
    ///
    /// Order matters. The watched table's generation is loaded first, the
    /// binding second: a poke seen in that generation was made after its
    /// bind's exchange, so the binding load sees that bind (or a later one).
    /// After switching, the new table's generation is loaded and the binding
    /// checked again, until it names the table whose generation was loaded
    /// (a bind that slipped in between is then seen, or its poke will be on
    /// the next lookup). The snapshot is loaded *after* that generation, and
    /// writers store it *before* moving the generation, so it is at least as
    /// new as the generation this cursor now caches, and its history names
    /// every range removed since the snapshot the front caches came from.
    @usableFromInline @inline(never)
    func refresh() {
        var generation = front.pointee.counter.load(ordering: .acquiring)
        var switched = false
        while true {
            let bound = binding.table
            if bound === watched { break }
            switched = true
            watched = bound
            front.pointee.counter = bound.generationCounter
            generation = bound.generationCounter.load(ordering: .acquiring)
        }
        let old = snapshot
        let snap = watched.snapshot
        snapshot = snap
        front.pointee.snap = .passUnretained(snap)
        front.pointee.generation = generation
        if switched {
            front.pointee.stats.drops &+= 1
            dropFront()
        } else if snap !== old {
            invalidate(since: old.generation, in: snap)
        }
        front.pointee.stats.refreshes &+= 1
    }

    /// The lookup runs in another address space than the front caches were
    /// filled for: they may hold entries tagged with the old root, so drop
    /// them (global entries refill from the snapshot on their next miss).
    @usableFromInline @inline(never)
    func switchRoot(_ root: UInt64) {
        front.pointee.root = root
        dropFront()
    }

    /// Empties the last entry and retires every slot by moving the epoch;
    /// only when the epoch runs out are the 16 KiB of slots written.
    func dropFront() {
        front.pointee.lastVA = 0
        front.pointee.lastSize = 0
        front.pointee.lastGPA = 0
        let next = front.pointee.epoch &+ Self.epochUnit
        if next >= Self.epochLimit {
            slots.update(repeating: .empty, count: Self.slotCount)
            front.pointee.epoch = 0
        } else {
            front.pointee.epoch = next
        }
    }
}
