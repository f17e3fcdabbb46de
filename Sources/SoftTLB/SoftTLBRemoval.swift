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

    /// Removals kept in a snapshot: with a purge every 10 µs a cursor that
    /// looks up at least every 300 µs never has to drop its front caches.
    static let historyLimit = 32
    /// Entries a purge records one by one; beyond, one range covering them all.
    static let recordedPerPurge = 8
}
