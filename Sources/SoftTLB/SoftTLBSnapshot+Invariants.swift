/// The snapshot's invariants, checked after every publication in builds
/// with XENABI_INTERNAL_CHECKS (Package.swift defines it for debug builds,
/// so every test run exercises them), the way swift-collections checks its
/// `_checkInvariants()` under COLLECTIONS_INTERNAL_CHECKS. Release builds
/// skip the check: it is O(entries + indexed pages) per publication.
extension SoftTLBSnapshot {
    /// Whether this build checks invariants (XENABI_INTERNAL_CHECKS).
    @_spi(Testing) public static var _internalChecksEnabled: Bool {
        #if XENABI_INTERNAL_CHECKS
        true
        #else
        false
        #endif
    }

    /// Traps on the first broken invariant; nothing without XENABI_INTERNAL_CHECKS.
    @inline(__always)
    func _checkInvariants() {
        #if XENABI_INTERNAL_CHECKS
        if let broken = _invariantViolation() { preconditionFailure("SoftTLBSnapshot invariant: \(broken)") }
        #endif
    }

    /// The first broken invariant, or nil. The invariants: every entry is
    /// valid (`TLBEntry.validate`); entries ascend by (tag key, `va`), the
    /// tagged ones before the global ones (`taggedCount`), and no two
    /// conflict (`TLBEntry.conflicts(with:)`); each is either in the large
    /// index (same order, same fields) or has every page in the page hash
    /// under its tag key with its GPA and pages-to-end; the hash holds no
    /// other page, and its tagged/global flags say what it holds.
    @_spi(Testing) public func _invariantViolation() -> String? {
        var indexedPages: UInt64 = 0
        var largeSeen = 0
        var hashedTagged = false, hashedGlobal = false
        let all = entries
        for i in 0 ..< count {
            let e = all[i]
            if (try? e.validate()) == nil { return "entry \(i) invalid: \(e)" }
            if i > 0, (all[i - 1].tagKey, all[i - 1].va) >= (e.tagKey, e.va) { return "entries \(i - 1) and \(i) unsorted" }
            if (e.root == nil) != (i >= taggedCount) { return "entry \(i) on the wrong side of taggedCount \(taggedCount)" }
        }
        if let (a, b) = Self.firstConflict(in: all) { return "entries \(a) and \(b) conflict" }
        for i in 0 ..< count {
            let e = all[i]
            if largeSeen < largeCount, large[largeSeen] == e.va, large[3 * largeCount + largeSeen] == e.tagKey {
                guard large[largeCount + largeSeen] == e.size, large[2 * largeCount + largeSeen] == e.gpa else {
                    return "large entry \(largeSeen) differs from entry \(i)"
                }
                if (e.root == nil) != (largeSeen >= largeTaggedCount) { return "large entry \(largeSeen) on the wrong side of largeTaggedCount" }
                largeSeen += 1
                continue
            }
            let pages = e.size >> 12
            guard pages <= Self.smallEntryPages else { return "entry \(i) of \(pages) pages is neither large nor hashable" }
            for p in 0 ..< pages {
                guard let v = bucketValue(vpn: (e.va >> 12) + p, tag: e.tagKey) else { return "page \(p) of entry \(i) missing from the page hash" }
                guard v == (e.gpa + (p << 12)) | (pages - p) else { return "page \(p) of entry \(i) hashed to 0x\(String(v, radix: 16))" }
            }
            indexedPages += pages
            if e.root == nil { hashedGlobal = true } else { hashedTagged = true }
        }
        if largeSeen != largeCount { return "\(largeCount - largeSeen) large entries match no entry" }
        if hashedTagged != hashesTagged || hashedGlobal != hashesGlobal { return "page hash tagged/global flags wrong" }
        var used: UInt64 = 0
        for b in 0 ... bucketMask where buckets[b].vpn != Self.emptyKey { used += 1 }
        if used != indexedPages { return "page hash holds \(used) pages, the small entries \(indexedPages)" }
        return nil
    }

    /// The page hash's value for page `vpn` of tag key `tag`, or nil (the probe of `range(containing:length:root:)`).
    private func bucketValue(vpn: UInt64, tag: UInt64) -> UInt64? {
        var b = bucketIndex(vpn: vpn, tag: tag)
        for _ in 0 ... bucketMask {
            if buckets[b].vpn == vpn && buckets[b].tag == tag { return buckets[b].value }
            if buckets[b].vpn == Self.emptyKey { return nil }
            b = (b + 1) & bucketMask
        }
        return nil
    }

    /// A snapshot of `entries` exactly as given, for tests of the checker:
    /// with `checkingInvariants` true it is checked as every published one
    /// is (and traps if broken, in builds with XENABI_INTERNAL_CHECKS).
    @_spi(Testing) public static func _testing(sortedEntries entries: [TLBEntry], checkingInvariants: Bool) -> SoftTLBSnapshot {
        SoftTLBSnapshot(sortedEntries: entries, generation: 1, checkingInvariants: checkingInvariants)
    }
}
