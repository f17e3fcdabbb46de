/// What one publication removed, as a VA range: the footprint a cursor
/// invalidates in its front caches when it moves past that publication,
/// instead of dropping them all (Specs/softtlb.md, "Purges invalidate what
/// they removed").
@usableFromInline
struct SoftTLBRemoval: Hashable, Sendable {
    /// The generation of the snapshot that no longer has the entries.
    let generation: UInt64
    /// First byte of the range (page-aligned: entries are).
    let va: UInt64
    /// Bytes; `everything` for a purge-all.
    let size: UInt64
    /// The tag key of what was removed (a root, or `TLBEntry.globalKey`),
    /// or `anyTag` when it mixed tags: a cursor running in another root
    /// than a tagged removal's never cached it.
    let tag: UInt64

    /// `size` of a removal that covers every address.
    static var everything: UInt64 { .max }
    /// `tag` of a removal that mixed tags (no root has bits 0-11 set).
    static var anyTag: UInt64 { .max - 1 }

    /// Whether a cursor whose front caches were filled in address space
    /// `root` may hold a translation this removal dropped.
    func applies(to root: UInt64) -> Bool {
        tag == Self.anyTag || tag == TLBEntry.globalKey || tag == root
    }

    /// Whether `[start, start+length)` shares a byte with the removed range.
    func overlaps(start: UInt64, length: UInt64) -> Bool {
        size == Self.everything || TLBEntry(va: va, gpa: 0, size: size).overlaps(start: start, length: length)
    }

    /// Removals a snapshot remembers at least (up to twice as many): with a
    /// purge every 10 µs, a cursor whose thread was descheduled for 5 ms
    /// still invalidates only what was removed meanwhile.
    static let historyLimit = 512
    /// Entries a purge records one by one; beyond, one range covering them all.
    static let recordedPerPurge = 8
}

/// The removal history a snapshot carries: a persistent list, newest first,
/// so a publication adds its records in O(1) and shares the rest with the
/// snapshot before it. Past twice `historyLimit` records a writer starts a
/// new list of the newest ones (O(limit) once per `limit` records).
@usableFromInline
final class SoftTLBRemovalLog: @unchecked Sendable {
    // @unchecked Sendable: `older` is written only by `deinit`, when no
    // other reference to this node exists.

    /// The newest record of this list.
    let removal: SoftTLBRemoval
    /// The rest, older.
    private(set) var older: SoftTLBRemovalLog?
    /// Records in this list.
    let length: Int

    init(_ removal: SoftTLBRemoval, older: SoftTLBRemovalLog?) {
        self.removal = removal
        self.older = older
        length = 1 + (older?.length ?? 0)
    }

    /// Frees the nodes no other list shares one by one, not by a recursion
    /// as deep as the list.
    deinit {
        var next = older.take()
        while var node = next, isKnownUniquelyReferenced(&node) {
            next = node.older.take()
        }
    }

    /// Every record newer than generation `after`, newest first.
    func forEach(after: UInt64, _ body: (SoftTLBRemoval) -> Void) {
        var node: SoftTLBRemovalLog? = self
        while let n = node, n.removal.generation > after {
            body(n.removal)
            node = n.older
        }
    }

    /// All records, newest first.
    var all: [SoftTLBRemoval] {
        var out: [SoftTLBRemoval] = []
        forEach(after: 0) { out.append($0) }
        return out
    }
}
