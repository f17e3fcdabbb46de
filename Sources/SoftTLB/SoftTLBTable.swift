import Atomics
import CXen
import Synchronization

/// One software TLB: the table a vCPU's `VCPUOP_register_hcall_buffer` adds
/// to, possibly shared by several vCPUs (`VCPUOP_share_hcall_buffers`).
///
/// Writers (`insert`, `purge`, `purgeAll`) serialize on a mutex and publish a
/// new logically immutable `SoftTLBSnapshot`, derived from the current one in
/// O(log n) per entry changed (it shares trees and the page index with it). Readers never lock: they go through a
/// per-vCPU `SoftTLBCursor`, which checks `generation` on every lookup.
///
/// The rule this type guarantees: once `purge` has returned, no lookup that
/// happens after that return (on any thread, through any cursor of this
/// table) yields a translation the purge removed. Publication order makes it
/// so: the new snapshot is stored first, the generation second (both with
/// release ordering), and a cursor reads the generation with acquire ordering
/// before trusting anything it cached.
public final class SoftTLBTable: Sendable {
    /// Default entry limit per table (`-ENOSPC` beyond it): `VCPU_HCALL_BUFFER_MAX`.
    public static let defaultCapacity = Int(VCPU_HCALL_BUFFER_MAX)

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

    /// Mixed into every tree node's priority: random per table, so no
    /// sequence of registrations can make the trees degenerate.
    let seed = UInt64.random(in: .min ... .max)

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

    /// Adds one entry (`VCPUOP_register_hcall_buffer`): O(log n) for the
    /// checks and the trees, plus the entry's pages for a small entry
    /// (`SoftTLBState`), never a rebuild of the other entries.
    /// - Throws: `.invalidRange` (EINVAL) for a misaligned, empty or wrapping
    ///   range or a root with bits outside `TLBEntry.rootMask`; `.overlap`
    ///   (EEXIST) if it conflicts with an entry of this table (overlaps one
    ///   where either is global or both have the same root:
    ///   `TLBEntry.conflicts(with:)`); `.tableFull` (ENOSPC) at `capacity`.
    ///   Nothing changes on error.
    public func insert(_ entry: TLBEntry) throws(SoftTLBError) {
        try entry.validate()
        try writer.withLock { _ throws(SoftTLBError) in
            let current = published.load(ordering: .relaxed)  // only writers store, and we hold the lock
            if current.state.conflicts(entry) { throw .overlap }
            guard current.count < capacity else { throw .tableFull }
            var next = current.state
            next.advance()
            next.insert(entry, seed: seed)
            publish(next)
        }
    }

    /// Adds one entry (`VCPUOP_register_hcall_buffer`), global when `root`
    /// is nil; see `insert(_:)`.
    @inlinable
    public func insert(va: UInt64, gpa: UInt64, size: UInt64, root: UInt64? = nil) throws(SoftTLBError) {
        try insert(TLBEntry(va: va, gpa: gpa, size: size, root: root))
    }

    /// Adds several entries at once, all or nothing, publishing one snapshot
    /// (a guest registering its buffer pool): O(k log k) to check the batch
    /// against itself, O(k log n) against the table and to add it.
    /// - Throws: as `insert(_:)`, for the first offending entry (also when
    ///   two of `entries` conflict with each other). Nothing changes on error.
    public func insert(contentsOf entries: [TLBEntry]) throws(SoftTLBError) {
        for e in entries { try e.validate() }
        if SoftTLBSnapshot.firstConflict(in: SoftTLBSnapshot.sorted(entries)) != nil { throw .overlap }
        guard !entries.isEmpty else { return }
        try writer.withLock { _ throws(SoftTLBError) in
            let current = published.load(ordering: .relaxed)
            if entries.contains(where: { current.state.conflicts($0) }) { throw .overlap }
            guard current.count + entries.count <= capacity else { throw .tableFull }
            var next = current.state
            next.advance()
            next.insert(contentsOf: entries, seed: seed)
            publish(next)
        }
    }

    /// Drops the entries that share a byte with `[va, va+size)`
    /// (`VCPUOP_purge_hcall_buffers`): of every address space when
    /// `addressSpace` is nil (no `VCPU_HCALL_BUFFER_ADDRESS_SPACE`), else
    /// only those tagged with that root (global ones stay). `size == ~0`
    /// drops all of them (`purgeAll(addressSpace:)`). Any byte alignment;
    /// size 0 drops nothing. O(log n) per entry dropped (plus its pages),
    /// and the new snapshot records the dropped ranges, so cursors
    /// invalidate only those (`SoftTLBRemoval`).
    /// - Returns: how many entries were dropped.
    /// - Throws: `.invalidRange` (EINVAL) if the range wraps past 2^64
    ///   (other than the purge-all size).
    @discardableResult
    public func purge(va: UInt64, size: UInt64, addressSpace: UInt64? = nil) throws(SoftTLBError) -> Int {
        if size == SoftTLBTable.purgeAllSize { return purgeAll(addressSpace: addressSpace) }
        guard !va.addingReportingOverflow(size).overflow else { throw .invalidRange }
        guard size > 0 else { return 0 }
        return drop { $0.purged(va: va, size: size, addressSpace: addressSpace) }
    }

    /// Drops every entry (`VCPUOP_purge_hcall_buffers` with size ~0), or,
    /// with `addressSpace`, every entry tagged with that root.
    @discardableResult
    public func purgeAll(addressSpace: UInt64? = nil) -> Int {
        if let root = addressSpace { return drop { $0.entries(tag: root) } }
        return writer.withLock { _ in
            let current = published.load(ordering: .relaxed)
            guard current.count > 0 else { return 0 }
            // A fresh state (new trees, new index): the old index stays as
            // it is for the snapshots still reading it.
            var next = SoftTLBState(generation: current.generation + 1)
            next.removals = current.state.removals
            next.historyFloor = current.state.historyFloor
            next.recordEverything()
            publish(next)
            return current.count
        }
    }

    /// Publishes the snapshot without the entries `dropped` picks from the
    /// current state, if any.
    private func drop(_ dropped: (SoftTLBState) -> [SoftTLBNode]) -> Int {
        writer.withLock { _ in
            let current = published.load(ordering: .relaxed)
            let removed = dropped(current.state)
            guard !removed.isEmpty else { return 0 }
            var next = current.state
            next.advance()
            for n in removed { next.remove(n) }
            next.record(removed)
            publish(next)
            return removed.count
        }
    }

    /// The purge size that means "all entries" (`VCPU_HCALL_BUFFER_PURGE_ALL`).
    public static let purgeAllSize: UInt64 = VCPU_HCALL_BUFFER_PURGE_ALL

    /// Stores the new snapshot, then moves the generation: a reader that sees
    /// the moved generation (acquire) is guaranteed to load this snapshot or a
    /// later one. An increment, not a store, so a concurrent `poke` is never
    /// lost. Caller holds `writer`.
    private func publish(_ state: SoftTLBState) {
        published.store(SoftTLBSnapshot(state), ordering: .releasing)
        generationCounter.wrappingIncrement(ordering: .releasing)
    }

    /// Moves the generation without publishing anything: every cursor
    /// reading this table refreshes on its next lookup (and re-reads its
    /// binding). Any thread, no lock.
    func poke() {
        generationCounter.wrappingIncrement(ordering: .releasing)
    }
}
