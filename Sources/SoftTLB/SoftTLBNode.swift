/// One entry in a persistent (path-copying) treap: the ordered index a
/// `SoftTLBSnapshot` keeps of its entries. Never changed after `init`, so
/// any number of snapshots share a node and any thread may read it; a
/// writer that changes a tree copies only the O(log n) nodes on the paths it
/// touches and shares the rest with the snapshot it started from. That is
/// what makes a registration or a purge O(log n) instead of a rebuild of
/// every entry (Specs/softtlb.md, "Publication cost").
///
/// The heap order is on `priority`, a hash of the key and the table's random
/// seed (a randomized binary search tree, Seidel and Aragon's treap): the
/// expected depth is O(log n) whatever VAs a guest registers. `count` (for
/// rank and select) and `maxEnd` (for overlap queries on a VA-ordered tree)
/// summarize the subtree.
@usableFromInline
final class SoftTLBNode: Sendable {
    /// `TLBEntry.va`.
    @usableFromInline let va: UInt64
    /// `TLBEntry.size`.
    @usableFromInline let size: UInt64
    /// `TLBEntry.gpa`.
    @usableFromInline let gpa: UInt64
    /// `TLBEntry.tagKey`: the root, or `TLBEntry.globalKey`.
    @usableFromInline let tagKey: UInt64
    /// Whether the entry's pages are in the snapshot's page index (else the
    /// fill path finds it in the unhashed tree).
    let hashed: Bool
    /// Heap key: a parent's priority is >= its children's.
    let priority: UInt64
    @usableFromInline let left: SoftTLBNode?
    @usableFromInline let right: SoftTLBNode?
    /// Nodes in this subtree.
    let count: Int
    /// The largest `va + size` in this subtree.
    let maxEnd: UInt64

    init(va: UInt64, size: UInt64, gpa: UInt64, tagKey: UInt64, hashed: Bool, priority: UInt64,
         left: SoftTLBNode?, right: SoftTLBNode?) {
        self.va = va
        self.size = size
        self.gpa = gpa
        self.tagKey = tagKey
        self.hashed = hashed
        self.priority = priority
        self.left = left
        self.right = right
        count = 1 + (left?.count ?? 0) + (right?.count ?? 0)
        maxEnd = max(va &+ size, left?.maxEnd ?? 0, right?.maxEnd ?? 0)
    }

    /// A leaf for `entry`, with the priority `seed` gives it.
    convenience init(_ entry: TLBEntry, hashed: Bool, seed: UInt64) {
        self.init(va: entry.va, size: entry.size, gpa: entry.gpa, tagKey: entry.tagKey, hashed: hashed,
                  priority: SoftTLBNode.priority(tagKey: entry.tagKey, va: entry.va, seed: seed), left: nil, right: nil)
    }

    /// This node with other children (a path copy).
    func with(left: SoftTLBNode?, right: SoftTLBNode?) -> SoftTLBNode {
        SoftTLBNode(va: va, size: size, gpa: gpa, tagKey: tagKey, hashed: hashed, priority: priority, left: left, right: right)
    }

    /// A node's fields without its children: what a bulk build starts from.
    struct Spec {
        let va, size, gpa, tagKey: UInt64
        let hashed: Bool
        let priority: UInt64

        /// `node`'s fields.
        init(_ node: SoftTLBNode) {
            (va, size, gpa, tagKey, hashed, priority) = (node.va, node.size, node.gpa, node.tagKey, node.hashed, node.priority)
        }

        /// `entry`'s, with the priority `seed` gives it.
        init(_ entry: TLBEntry, hashed: Bool, seed: UInt64) {
            (va, size, gpa, tagKey) = (entry.va, entry.size, entry.gpa, entry.tagKey)
            self.hashed = hashed
            priority = SoftTLBNode.priority(tagKey: tagKey, va: va, seed: seed)
        }

        /// The key in `order`.
        func key(_ order: SoftTLBOrder) -> SoftTLBKey {
            order == .byTag ? SoftTLBKey(tagKey, va) : SoftTLBKey(va, tagKey)
        }

        /// The node, with these children.
        func node(left: SoftTLBNode?, right: SoftTLBNode?) -> SoftTLBNode {
            SoftTLBNode(va: va, size: size, gpa: gpa, tagKey: tagKey, hashed: hashed, priority: priority, left: left, right: right)
        }
    }

    /// The entry this node holds.
    var entry: TLBEntry { TLBEntry(va: va, gpa: gpa, size: size, root: tagKey == TLBEntry.globalKey ? nil : tagKey) }

    /// One past the last byte (no entry ends at 2^64: `TLBEntry.validate`).
    @usableFromInline var end: UInt64 { va &+ size }

    /// murmur3's fmix64 of the key and the seed: a guest cannot choose VAs
    /// that make the tree degenerate without knowing the seed.
    static func priority(tagKey: UInt64, va: UInt64, seed: UInt64) -> UInt64 {
        var z = va ^ (tagKey &* 0x9E37_79B9_7F4A_7C15) ^ seed
        z = (z ^ (z >> 33)) &* 0xFF51_AFD7_ED55_8CCD
        z = (z ^ (z >> 33)) &* 0xC4CE_B9FE_1A85_EC53
        return z ^ (z >> 33)
    }
}

/// The two orders a snapshot keeps trees in.
@usableFromInline
enum SoftTLBOrder: Sendable {
    /// (tag key, va): every root's entries together, global ones last; the
    /// snapshot's order (`entries`, `subscript`), and the order of lookups
    /// and of writers' checks within one address space.
    case byTag
    /// (va, tag key): tagged entries of every root by address, for the
    /// questions that cross roots (does a global entry overlap any tagged
    /// one; which tagged entries does an unscoped purge drop).
    case byVA
}

/// A key in one of the two orders, compared lexicographically.
@usableFromInline
struct SoftTLBKey: Comparable, Hashable, Sendable {
    @usableFromInline let hi: UInt64
    @usableFromInline let lo: UInt64

    @inlinable init(_ hi: UInt64, _ lo: UInt64) {
        self.hi = hi
        self.lo = lo
    }

    /// `node`'s key in `order`.
    @inlinable init(_ node: SoftTLBNode, _ order: SoftTLBOrder) {
        switch order {
        case .byTag: self.init(node.tagKey, node.va)
        case .byVA: self.init(node.va, node.tagKey)
        }
    }

    @inlinable static func < (a: SoftTLBKey, b: SoftTLBKey) -> Bool { a.hi < b.hi || (a.hi == b.hi && a.lo < b.lo) }
}
