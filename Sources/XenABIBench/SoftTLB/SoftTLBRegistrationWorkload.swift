import SoftTLB

/// Registration and purge cost: `count` entries of 4 pages each with a
/// one-page gap after each (the `SoftTLBWorkload` shape), registered into a
/// fresh table one `VCPUOP_register_hcall_buffer` at a time in a seeded
/// random order, or as one batch, then purged one at a time. Every run
/// builds a new table, so each is the whole O(n)-call sequence.
public struct SoftTLBRegistrationWorkload: Sendable {
    /// The entries, in registration order.
    public let entries: [TLBEntry]

    /// `count` entries in a random order (`seed`).
    public init(count: Int, seed: UInt64 = 1) {
        var rng = BenchRNG(seed: seed)
        let page = TLBEntry.pageSize
        var list = (0 ..< count).map { i in
            TLBEntry(va: SoftTLBWorkload.smallBase + UInt64(i) * 5 * page, gpa: 0x1_0000_0000 + UInt64(i) * 4 * page, size: 4 * page)
        }
        list.shuffle(using: &rng)
        entries = list
    }

    /// A table with room for every entry.
    func newTable() -> SoftTLBTable { SoftTLBTable(capacity: max(SoftTLBTable.defaultCapacity, entries.count)) }

    /// Registers every entry one at a time into a new table; returns it.
    public func registerOneAtATime() -> SoftTLBTable {
        let t = newTable()
        for e in entries { try! t.insert(e) }  // disjoint by construction
        return t
    }

    /// Registers every entry as one batch into a new table; returns it.
    public func registerBatch() -> SoftTLBTable {
        let t = newTable()
        try! t.insert(contentsOf: entries)
        return t
    }

    /// Purges every entry of `table` one at a time, by a one-byte range
    /// inside it, in registration order; returns how many were dropped.
    public func purgeOneAtATime(_ table: SoftTLBTable) -> Int {
        var dropped = 0
        for e in entries { dropped += try! table.purge(va: e.va + 100, size: 1) }
        return dropped
    }
}
