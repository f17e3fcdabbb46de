/// Operations on persistent treaps of `SoftTLBNode`s. Every change returns
/// a new root and leaves the old tree intact (readers of older snapshots may
/// be walking it); it allocates only the nodes on the paths it touches.
/// Expected costs: insert, remove, split O(log n); range queries
/// O(log n + k) for k results.
enum SoftTLBTree {
    /// `a` then `b` (every key of `a` below every key of `b`).
    static func merge(_ a: SoftTLBNode?, _ b: SoftTLBNode?) -> SoftTLBNode? {
        guard let a else { return b }
        guard let b else { return a }
        if a.priority >= b.priority { return a.with(left: a.left, right: merge(a.right, b)) }
        return b.with(left: merge(a, b.left), right: b.right)
    }

    /// The nodes whose key is below `key` (or at most `key` when
    /// `inclusive`), and the rest.
    static func split(_ node: SoftTLBNode?, _ key: SoftTLBKey, _ order: SoftTLBOrder,
                      inclusive: Bool) -> (SoftTLBNode?, SoftTLBNode?) {
        guard let node else { return (nil, nil) }
        let k = SoftTLBKey(node, order)
        if inclusive ? k <= key : k < key {
            let (l, r) = split(node.right, key, order, inclusive: inclusive)
            return (node.with(left: node.left, right: l), r)
        }
        let (l, r) = split(node.left, key, order, inclusive: inclusive)
        return (l, node.with(left: r, right: node.right))
    }

    /// `root` with `leaf` (no children) added; its key must not be in
    /// `root`. Descends to where the leaf's priority puts it and splits only
    /// the subtree there: expected O(log n) copies, O(1) of them for the split.
    static func insert(_ leaf: SoftTLBNode, into root: SoftTLBNode?, _ order: SoftTLBOrder) -> SoftTLBNode {
        guard let root else { return leaf }
        if leaf.priority > root.priority {
            let (l, r) = split(root, SoftTLBKey(leaf, order), order, inclusive: false)
            return leaf.with(left: l, right: r)
        }
        if SoftTLBKey(leaf, order) < SoftTLBKey(root, order) {
            return root.with(left: insert(leaf, into: root.left, order), right: root.right)
        }
        return root.with(left: root.left, right: insert(leaf, into: root.right, order))
    }

    /// `root` without the node of key `key` (unchanged if there is none):
    /// the path to it copied, its two subtrees merged (expected O(1) copies).
    static func remove(_ key: SoftTLBKey, from root: SoftTLBNode?, _ order: SoftTLBOrder) -> SoftTLBNode? {
        guard let root else { return nil }
        let k = SoftTLBKey(root, order)
        if key == k { return merge(root.left, root.right) }
        if key < k {
            let l = remove(key, from: root.left, order)
            return l === root.left ? root : root.with(left: l, right: root.right)
        }
        let r = remove(key, from: root.right, order)
        return r === root.right ? root : root.with(left: root.left, right: r)
    }

    /// A child of `node`, unretained (the caller holds the tree): the
    /// descents below walk without a retain and a release per level.
    @inline(__always)
    static func child(_ node: Unmanaged<SoftTLBNode>, right: Bool) -> Unmanaged<SoftTLBNode>? {
        node._withUnsafeGuaranteedRef { n in (right ? n.right : n.left).map { .passUnretained($0) } }
    }

    /// The last node whose key is at most `key` (`strict`: below it).
    @usableFromInline
    static func floor(_ root: SoftTLBNode?, _ key: SoftTLBKey, _ order: SoftTLBOrder, strict: Bool = false) -> SoftTLBNode? {
        guard let root else { return nil }
        return withExtendedLifetime(root) {
            var node: Unmanaged<SoftTLBNode>? = .passUnretained(root)
            var best: Unmanaged<SoftTLBNode>?
            while let u = node {
                let k = u._withUnsafeGuaranteedRef { SoftTLBKey($0, order) }
                let goRight = strict ? k < key : k <= key
                if goRight { best = u }
                node = child(u, right: goRight)
            }
            return best?.takeUnretainedValue()
        }
    }

    /// The first node whose key is at least `key`.
    static func ceiling(_ root: SoftTLBNode?, _ key: SoftTLBKey, _ order: SoftTLBOrder) -> SoftTLBNode? {
        guard let root else { return nil }
        return withExtendedLifetime(root) {
            var node: Unmanaged<SoftTLBNode>? = .passUnretained(root)
            var best: Unmanaged<SoftTLBNode>?
            while let u = node {
                let goLeft = u._withUnsafeGuaranteedRef { SoftTLBKey($0, order) } >= key
                if goLeft { best = u }
                node = child(u, right: !goLeft)
            }
            return best?.takeUnretainedValue()
        }
    }

    /// The number of nodes whose key is below `key`.
    static func rank(_ root: SoftTLBNode?, _ key: SoftTLBKey, _ order: SoftTLBOrder) -> Int {
        guard let root else { return 0 }
        return withExtendedLifetime(root) {
            var node: Unmanaged<SoftTLBNode>? = .passUnretained(root)
            var below = 0
            while let u = node {
                let goRight = u._withUnsafeGuaranteedRef { SoftTLBKey($0, order) } < key
                if goRight { below += 1 + u._withUnsafeGuaranteedRef { $0.left?.count ?? 0 } }
                node = child(u, right: goRight)
            }
            return below
        }
    }

    /// The `i`-th node in key order (0-based); `i` must be below the count.
    static func select(_ root: SoftTLBNode?, _ i: Int) -> SoftTLBNode {
        var node = root!
        var i = i
        while true {
            let l = node.left?.count ?? 0
            if i < l {
                node = node.left!
            } else if i == l {
                return node
            } else {
                i -= l + 1
                node = node.right!
            }
        }
    }

    /// Calls `body` on every node in key order.
    static func forEach(_ node: SoftTLBNode?, _ body: (SoftTLBNode) -> Void) {
        guard let node else { return }
        forEach(node.left, body)
        body(node)
        forEach(node.right, body)
    }

    /// Whether a node of a `.byVA` tree shares a byte with `[start, start+length)`
    /// (`length` > 0): the interval-tree search (CLRS 14.3) on `maxEnd`.
    static func anyOverlap(_ root: SoftTLBNode?, start: UInt64, length: UInt64) -> Bool {
        guard let root else { return false }
        return withExtendedLifetime(root) {
            var node: Unmanaged<SoftTLBNode>? = .passUnretained(root)
            while let u = node {
                let (hit, leftReaches) = u._withUnsafeGuaranteedRef { n in
                    (n.entry.overlaps(start: start, length: length), (n.left?.maxEnd ?? 0) > start)
                }
                if hit { return true }
                // If the left subtree reaches past `start`, an overlap is there
                // or nowhere: every node to the right starts after the left
                // subtree's node that ends past `start` starts (Theorem 14.2).
                node = child(u, right: !leftReaches)
            }
            return false
        }
    }

    /// Every node of a `.byVA` tree that shares a byte with
    /// `[start, start+length)` (`length` > 0), in VA order.
    static func overlapping(_ node: SoftTLBNode?, start: UInt64, length: UInt64, into out: inout [SoftTLBNode]) {
        guard let node, node.maxEnd > start else { return }
        overlapping(node.left, start: start, length: length, into: &out)
        if node.va &- start < length || node.va < start {
            if node.entry.overlaps(start: start, length: length) { out.append(node) }
            overlapping(node.right, start: start, length: length, into: &out)
        }
    }

    /// A treap whose in-order sequence is `specs` exactly as given (sorted
    /// or not: the invariant checker must be able to see an unsorted one),
    /// built in O(n) as a Cartesian tree on the priorities, one node each.
    static func build(_ specs: [SoftTLBNode.Spec]) -> SoftTLBNode? {
        // The right spine of the tree built so far, bottom last; the
        // immutable nodes are made bottom-up once every link is known.
        var left = [Int](repeating: -1, count: specs.count)
        var right = [Int](repeating: -1, count: specs.count)
        var spine: [Int] = []
        for i in specs.indices {
            var last = -1
            while let top = spine.last, specs[top].priority < specs[i].priority {
                last = spine.removeLast()
            }
            left[i] = last
            if let top = spine.last { right[top] = i }
            spine.append(i)
        }
        func make(_ i: Int) -> SoftTLBNode? {
            guard i >= 0 else { return nil }
            return specs[i].node(left: make(left[i]), right: make(right[i]))
        }
        return make(spine.first ?? -1)
    }
}
