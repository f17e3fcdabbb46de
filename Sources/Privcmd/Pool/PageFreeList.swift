import Synchronization

/// A lock-free stack of free single pages (Treiber's stack): the pool's hot
/// path. Each free page holds the next page's number in its first 8 bytes;
/// the head packs the top page's virtual page number (36 bits: x86-64 user
/// addresses are below 2^47) with a 28-bit tag bumped on every pop, so a
/// page popped and pushed back between a reader's load and its
/// compare-exchange (ABA) fails the exchange. Pages are never unmapped while
/// the pool lives, so a stale read of a link reads mapped memory; the tag
/// check discards it.
final class PageFreeList: Sendable {
    private let head = Atomic<UInt64>(0)

    static let vpnBits: UInt64 = 36
    static let vpnMask: UInt64 = (1 << vpnBits) - 1

    /// Pops a page, or nil when empty.
    @inline(__always)
    func pop() -> UnsafeMutableRawPointer? {
        var old = head.load(ordering: .acquiring)
        while true {
            let vpn = old & Self.vpnMask
            if vpn == 0 { return nil }
            let page = UnsafeMutableRawPointer(bitPattern: UInt(vpn << 12))!
            let next = page.load(as: UInt64.self) & Self.vpnMask
            let tag = (old >> Self.vpnBits) &+ 1
            let new = next | (tag << Self.vpnBits)
            let (done, seen) = head.compareExchange(expected: old, desired: new, ordering: .acquiringAndReleasing)
            if done { return page }
            old = seen
        }
    }

    /// Pushes a page-aligned page.
    @inline(__always)
    func push(_ page: UnsafeMutableRawPointer) {
        let vpn = UInt64(UInt(bitPattern: page)) >> 12
        var old = head.load(ordering: .relaxed)
        while true {
            page.storeBytes(of: old & Self.vpnMask, as: UInt64.self)
            let new = vpn | (old & ~Self.vpnMask)
            let (done, seen) = head.compareExchange(expected: old, desired: new, ordering: .releasing)
            if done { return }
            old = seen
        }
    }

    /// Pages on the list now (walks it; for tests and statistics only).
    var count: Int {
        var n = 0
        var vpn = head.load(ordering: .acquiring) & Self.vpnMask
        while vpn != 0 {
            n += 1
            vpn = UnsafeMutableRawPointer(bitPattern: UInt(vpn << 12))!.load(as: UInt64.self) & Self.vpnMask
        }
        return n
    }
}
