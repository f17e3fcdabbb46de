import Atomics

/// Which `SoftTLBTable` a vCPU's cursor reads, as every thread sees it: the
/// one piece of a cursor another thread may change
/// (`VCPUOP_share_hcall_buffers` issued for another vCPU, which may be
/// translating at that moment).
///
/// RCU-style: `attach(to:)` publishes the new table with one atomic
/// exchange and then *pokes* the table it replaced (bumps that table's
/// generation counter). The owning cursor already compares that counter on
/// every lookup, so it notices on its next lookup, re-reads the binding and
/// switches itself over (`SoftTLBCursor.refresh`). No other thread ever
/// writes the cursor's own state, and the hit path stays one acquiring load.
/// The replaced table (and its snapshots) stay alive for as long as the
/// cursor holds them: plain reference counting, as for snapshots.
public final class SoftTLBBinding: Sendable {
    /// The table bound now (an atomic strong reference).
    @usableFromInline let current: ManagedAtomic<SoftTLBTable>

    /// A binding to `table`.
    public init(table: SoftTLBTable) {
        current = ManagedAtomic(table)
    }

    /// The table bound now (any thread; acquire).
    @inlinable public var table: SoftTLBTable { current.load(ordering: .acquiring) }

    /// Binds `table` (any thread). Once this has returned, every lookup the
    /// owning cursor starts afterwards reads `table` (or a table bound
    /// later); lookups running concurrently may still read the old one.
    public func attach(to table: SoftTLBTable) {
        let old = current.exchange(table, ordering: .acquiringAndReleasing)
        // Poke after the exchange (release): a cursor whose acquiring load
        // of the old table's counter sees the poke also sees the exchange.
        if old !== table { old.poke() }
    }
}

extension SoftTLBTable: AtomicReference {}
