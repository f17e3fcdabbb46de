/// The snapshot's invariants, checked after every publication in builds
/// with XENABI_INTERNAL_CHECKS (Package.swift defines it for debug builds,
/// so every test run exercises them), the way swift-collections checks its
/// `_checkInvariants()` under COLLECTIONS_INTERNAL_CHECKS. Release builds
/// skip the check: it is O(entries + index buckets) per publication.
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
    /// conflict (`TLBEntry.conflicts(with:)`); every tree keeps its heap
    /// order, counts and end maxima; the (va, tag) tree holds exactly the
    /// tagged entries and the unhashed tree exactly the entries not in the
    /// page hash, each in its order; every page of every hashed entry is in
    /// the page hash, as of this generation, under its tag key with its GPA
    /// and pages-to-end, and the hash shows this generation no other page;
    /// the counts and the removal history agree.
    @_spi(Testing) public func _invariantViolation() -> String? {
        let all = nodes(state.byTag)
        for (i, n) in all.enumerated() {
            if (try? n.entry.validate()) == nil { return "entry \(i) invalid: \(n.entry)" }
            if i > 0, SoftTLBKey(all[i - 1], .byTag) >= SoftTLBKey(n, .byTag) { return "entries \(i - 1) and \(i) unsorted" }
        }
        for (i, n) in all.enumerated() where (n.tagKey == TLBEntry.globalKey) != (i >= taggedCount) {
            return "entry \(i) on the wrong side of taggedCount \(taggedCount)"
        }
        if let (a, b) = Self.firstConflict(in: all.map(\.entry)) { return "entries \(a) and \(b) conflict" }
        for (name, root) in [("byTag", state.byTag), ("taggedByVA", state.taggedByVA), ("unhashed", state.unhashed)] {
            if let broken = treeViolation(root) { return "\(name) tree: \(broken)" }
        }
        let tagged = all.filter { $0.tagKey != TLBEntry.globalKey }.sorted { SoftTLBKey($0, .byVA) < SoftTLBKey($1, .byVA) }
        if nodes(state.taggedByVA).map(\.entry) != tagged.map(\.entry) { return "the (va, tag) tree does not hold exactly the tagged entries" }
        let unhashed = all.filter { !$0.hashed }
        if nodes(state.unhashed).map(\.entry) != unhashed.map(\.entry) || nodes(state.unhashed).contains(where: \.hashed) {
            return "the unhashed tree does not hold exactly the unhashed entries"
        }
        if state.unhashedTagged != unhashed.filter({ $0.tagKey != TLBEntry.globalKey }).count
            || state.unhashedGlobal != unhashed.filter({ $0.tagKey == TLBEntry.globalKey }).count {
            return "unhashed counts wrong"
        }
        var indexedPages: UInt64 = 0
        var hashedTagged = 0, hashedGlobal = 0
        for (i, n) in all.enumerated() where n.hashed {
            let pages = n.size >> 12
            guard pages <= Self.smallEntryPages else { return "entry \(i) of \(pages) pages is hashed" }
            for p in 0 ..< pages {
                guard let v = state.index.value(vpn: (n.va >> 12) + p, tag: n.tagKey, at: relative) else {
                    return "page \(p) of entry \(i) missing from the page hash"
                }
                guard v == (n.gpa + (p << 12)) | (pages - p) else { return "page \(p) of entry \(i) hashed to 0x\(String(v, radix: 16))" }
            }
            indexedPages += pages
            if n.tagKey == TLBEntry.globalKey { hashedGlobal += 1 } else { hashedTagged += 1 }
        }
        if indexedPages > Self.maxIndexedPages { return "\(indexedPages) pages hashed, more than \(Self.maxIndexedPages)" }
        if hashedTagged != state.hashedTagged || hashedGlobal != state.hashedGlobal || indexedPages != state.hashedPages {
            return "page hash counts wrong"
        }
        var visible: UInt64 = 0
        state.index.forEachVisible(at: relative) { _, _, _ in visible += 1 }
        if visible != indexedPages { return "page hash shows \(visible) pages, the hashed entries have \(indexedPages)" }
        if 2 * state.indexUsed > state.index.capacity { return "page hash more than half full" }
        // The newest records only: the list's older part is shared with the
        // snapshots before this one, which were checked when they were made.
        var history: [SoftTLBRemoval] = []
        var node = state.removals
        while let n = node, history.count <= 2 * SoftTLBRemoval.recordedPerPurge {
            history.append(n.removal)
            node = n.older
        }
        if state.historyFloor > generation || history.contains(where: { $0.generation <= state.historyFloor || $0.generation > generation }) {
            return "removal history outside (\(state.historyFloor), \(generation)]"
        }
        if zip(history, history.dropFirst()).contains(where: { $0.generation < $1.generation }) { return "removal history not newest first" }
        return nil
    }

    /// The nodes of a tree in order.
    func nodes(_ root: SoftTLBNode?) -> [SoftTLBNode] { Self.sortedNodes(root) }

    /// The nodes of a tree in order.
    static func sortedNodes(_ root: SoftTLBNode?) -> [SoftTLBNode] {
        var out: [SoftTLBNode] = []
        SoftTLBTree.forEach(root) { out.append($0) }
        return out
    }

    /// A broken heap order, count or end maximum in the tree at `node`, or nil.
    func treeViolation(_ node: SoftTLBNode?) -> String? {
        guard let node else { return nil }
        for child in [node.left, node.right] {
            guard let child else { continue }
            if child.priority > node.priority { return "heap order broken at va 0x\(String(child.va, radix: 16))" }
            if let broken = treeViolation(child) { return broken }
        }
        if node.count != 1 + (node.left?.count ?? 0) + (node.right?.count ?? 0) { return "count wrong at va 0x\(String(node.va, radix: 16))" }
        if node.maxEnd != max(node.end, node.left?.maxEnd ?? 0, node.right?.maxEnd ?? 0) {
            return "maxEnd wrong at va 0x\(String(node.va, radix: 16))"
        }
        return nil
    }

    /// A snapshot of `entries` exactly as given (their order is kept even if
    /// it is not sorted), for tests of the checker: with `checkingInvariants`
    /// true it is checked as every published one is (and traps if broken, in
    /// builds with XENABI_INTERNAL_CHECKS).
    @_spi(Testing) public static func _testing(sortedEntries entries: [TLBEntry], checkingInvariants: Bool) -> SoftTLBSnapshot {
        var state = SoftTLBState(generation: 1)
        var hashedPages: UInt64 = 0
        let all = entries.map { e in
            let pages = e.size >> 12
            let hashed = pages <= smallEntryPages && hashedPages + pages <= maxIndexedPages
            if hashed { hashedPages += pages }
            return SoftTLBNode.Spec(e, hashed: hashed, seed: 0)
        }
        state.byTag = SoftTLBTree.build(all)
        state.taggedByVA = SoftTLBTree.build(all.filter { $0.tagKey != TLBEntry.globalKey }.sorted { $0.key(.byVA) < $1.key(.byVA) })
        let unhashed = all.filter { !$0.hashed }
        state.unhashed = SoftTLBTree.build(unhashed)
        state.unhashedTagged = unhashed.filter { $0.tagKey != TLBEntry.globalKey }.count
        state.unhashedGlobal = unhashed.count - state.unhashedTagged
        state.index = SoftTLBPageIndex(capacity: SoftTLBPageIndex.capacity(forLive: hashedPages), base: 1)
        for n in all where n.hashed {
            let pages = n.size >> 12
            for p in 0 ..< pages { state.index.add(vpn: (n.va >> 12) + p, tag: n.tagKey, value: (n.gpa + (p << 12)) | (pages - p), at: 0) }
            if n.tagKey == TLBEntry.globalKey { state.hashedGlobal += 1 } else { state.hashedTagged += 1 }
        }
        state.hashedPages = hashedPages
        state.indexUsed = Int(hashedPages)
        return SoftTLBSnapshot(state, checkingInvariants: checkingInvariants)
    }
}

/// What a publication cost, for tests that check it is O(log n) per entry
/// without timing anything.
extension SoftTLBSnapshot {
    /// Nodes of this snapshot's trees that `other`'s trees do not share (by
    /// identity): what deriving this snapshot from `other` allocated.
    @_spi(Testing) public func _nodesNotShared(with other: SoftTLBSnapshot) -> Int {
        var theirs = Set<ObjectIdentifier>()
        for root in [other.state.byTag, other.state.taggedByVA, other.state.unhashed] {
            SoftTLBTree.forEach(root) { theirs.insert(ObjectIdentifier($0)) }
        }
        var mine = 0
        for root in [state.byTag, state.taggedByVA, state.unhashed] {
            SoftTLBTree.forEach(root) { if !theirs.contains(ObjectIdentifier($0)) { mine += 1 } }
        }
        return mine
    }

    /// The page index this snapshot reads: the same object from one
    /// publication to the next until a writer rebuilds it.
    @_spi(Testing) public var _pageIndexIdentity: ObjectIdentifier { ObjectIdentifier(state.index) }
}
