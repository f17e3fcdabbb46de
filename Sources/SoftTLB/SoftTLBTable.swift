import Atomics
import Synchronization

/// One software TLB: the table a vCPU's `VCPUOP_register_hcall_buffer` adds
/// to, possibly shared by several vCPUs (`VCPUOP_share_hcall_buffers`).
///
/// Writers (`insert`, `purge`, `purgeAll`) serialize on a mutex and publish a
/// new immutable `SoftTLBSnapshot`. Readers never lock: they go through a
/// per-vCPU `SoftTLBCursor`, which checks `generation` on every lookup.
///
/// The rule this type guarantees: once `purge` has returned, no lookup that
/// happens after that return (on any thread, through any cursor of this
/// table) yields a translation the purge removed. Publication order makes it
/// so: the new snapshot is stored first, the generation second (both with
/// release ordering), and a cursor reads the generation with acquire ordering
/// before trusting anything it cached.
public final class SoftTLBTable: Sendable {
    /// Default entry limit per table (`-ENOSPC` beyond it).
    public static let defaultCapacity = 4096

    /// Most entries this table accepts.
    public let capacity: Int

    /// The published snapshot. An atomic *strong* reference: a reader that
    /// loads it owns a +1 reference even if a writer replaces and releases
    /// the old one at the same moment (swift-atomics' split-count scheme over
    /// a double-word CAS), so reclamation is safe without epochs or hazard
    /// pointers. Loaded only on a cursor's refresh, never on the hit path.
    @usableFromInline let published: ManagedAtomic<SoftTLBSnapshot>

    /// Moves (by one, never back) on every published snapshot and on every
    /// poke (`SoftTLBBinding.attach` replacing this table in a cursor's
    /// binding): a cursor that cached one value refreshes when it sees
    /// another. Heap-allocated so its address is stable and a cursor can read
    /// it with one load. Not a snapshot's `generation`: pokes move it too.
    @usableFromInline let generationCounter: UnsafeAtomic<UInt64>

    /// Serializes writers; guards nothing readers touch.
    let writer = Mutex<Void>(())

    /// An empty table holding at most `capacity` entries.
    public init(capacity: Int = SoftTLBTable.defaultCapacity) {
        precondition(capacity >= 0)
        self.capacity = capacity
        published = ManagedAtomic(SoftTLBSnapshot(generation: 1))
        generationCounter = .create(1)
    }

    deinit { generationCounter.destroy() }

    /// The current generation (acquire): moves on every change, and on every
    /// binding that stops using this table.
    @inlinable public var generation: UInt64 { generationCounter.load(ordering: .acquiring) }

    /// The current snapshot (an atomic strong load; for writers, tests and refreshes).
    @inlinable public var snapshot: SoftTLBSnapshot { published.load(ordering: .acquiring) }

    /// Number of entries now.
    public var count: Int { snapshot.count }

    /// Adds one entry (`VCPUOP_register_hcall_buffer`).
    /// - Throws: `.invalidRange` (EINVAL) for a misaligned, empty or wrapping
    ///   range; `.overlap` (EEXIST) if it overlaps an entry of this table;
    ///   `.tableFull` (ENOSPC) at `capacity`. Nothing changes on error.
    public func insert(_ entry: TLBEntry) throws(SoftTLBError) {
        try entry.validate()
        try writer.withLock { _ throws(SoftTLBError) in
            let current = published.load(ordering: .relaxed)  // only writers store, and we hold the lock
            if current.overlapsAny(start: entry.va, length: entry.size) { throw .overlap }
            guard current.count < capacity else { throw .tableFull }
            var entries = current.entries
            entries.insert(entry, at: current.floorIndex(entry.va) + 1)
            publish(entries, after: current)
        }
    }

    /// Adds one entry (`VCPUOP_register_hcall_buffer`); see `insert(_:)`.
    @inlinable
    public func insert(va: UInt64, gpa: UInt64, size: UInt64) throws(SoftTLBError) {
        try insert(TLBEntry(va: va, gpa: gpa, size: size))
    }

    /// Adds several entries at once, all or nothing, publishing one snapshot
    /// (a guest registering its buffer pool; O(n log n) instead of n inserts).
    /// - Throws: as `insert(_:)`, for the first offending entry (also when
    ///   two of `entries` overlap each other). Nothing changes on error.
    public func insert(contentsOf entries: [TLBEntry]) throws(SoftTLBError) {
        for e in entries { try e.validate() }
        let sorted = entries.sorted { $0.va < $1.va }
        for i in sorted.indices.dropFirst() where sorted[i - 1].end > sorted[i].va { throw .overlap }
        try writer.withLock { _ throws(SoftTLBError) in
            let current = published.load(ordering: .relaxed)
            for e in sorted where current.overlapsAny(start: e.va, length: e.size) { throw .overlap }
            guard current.count + sorted.count <= capacity else { throw .tableFull }
            guard !sorted.isEmpty else { return }
            var merged = current.entries
            merged.append(contentsOf: sorted)
            merged.sort { $0.va < $1.va }
            publish(merged, after: current)
        }
    }

    /// Drops every entry that overlaps `[va, va+size)`
    /// (`VCPUOP_purge_hcall_buffers`); `size == ~0` drops all. Any byte
    /// alignment; size 0 drops nothing.
    /// - Returns: how many entries were dropped.
    /// - Throws: `.invalidRange` (EINVAL) if the range wraps past 2^64
    ///   (other than the purge-all size).
    @discardableResult
    public func purge(va: UInt64, size: UInt64) throws(SoftTLBError) -> Int {
        if size == SoftTLBTable.purgeAllSize { return purgeAll() }
        guard !va.addingReportingOverflow(size).overflow else { throw .invalidRange }
        guard size > 0 else { return 0 }
        return writer.withLock { _ in
            let current = published.load(ordering: .relaxed)
            let kept = current.entries.filter { !$0.overlaps(start: va, length: size) }
            let dropped = current.count - kept.count
            if dropped > 0 { publish(kept, after: current) }
            return dropped
        }
    }

    /// Drops every entry (`VCPUOP_purge_hcall_buffers` with size ~0).
    @discardableResult
    public func purgeAll() -> Int {
        writer.withLock { _ in
            let current = published.load(ordering: .relaxed)
            if current.count > 0 { publish([], after: current) }
            return current.count
        }
    }

    /// The purge size that means "all entries" (`XENABI_HCALL_BUFFER_PURGE_ALL`).
    public static let purgeAllSize = UInt64.max

    /// Stores the new snapshot, then moves the generation: a reader that sees
    /// the moved generation (acquire) is guaranteed to load this snapshot or a
    /// later one. An increment, not a store, so a concurrent `poke` is never
    /// lost. Caller holds `writer`.
    private func publish(_ sorted: [TLBEntry], after current: SoftTLBSnapshot) {
        let next = SoftTLBSnapshot(sortedEntries: sorted, generation: current.generation + 1)
        published.store(next, ordering: .releasing)
        generationCounter.wrappingIncrement(ordering: .releasing)
    }

    /// Moves the generation without publishing anything: every cursor
    /// reading this table refreshes on its next lookup (and re-reads its
    /// binding). Any thread, no lock.
    func poke() {
        generationCounter.wrappingIncrement(ordering: .releasing)
    }
}
