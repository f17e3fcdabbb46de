/// Purges invalidate what they removed: a cursor moving to a newer snapshot
/// of the same table drops only the front entries whose entry a publication
/// in between removed, so a purge of one buffer does not make every vCPU
/// refill every page of every other buffer (Specs/softtlb.md).
extension SoftTLBCursor {
    /// Brings the front caches, filled from the snapshot of generation
    /// `old`, up to `snap`: applies every removal `snap` records after
    /// `old`, or drops everything when its history does not reach back
    /// that far. Inserts need nothing: front caches hold only translations
    /// of entries that exist, and an insert never changes one.
    func invalidate(since old: UInt64, in snap: SoftTLBSnapshot) {
        guard old >= snap.state.historyFloor else {
            front.pointee.stats.drops &+= 1
            dropFront()
            return
        }
        let root = front.pointee.root
        snap.state.removals?.forEach(after: old) { r in
            if r.applies(to: root) { invalidate(r) }
        }
    }

    /// Drops the last entry if it overlaps `r`, and every live slot of a
    /// page inside `r`: by the pages' own slots when `r` spans fewer pages
    /// than there are slots, else by a pass over the slots.
    private func invalidate(_ r: SoftTLBRemoval) {
        let f = front
        if f.pointee.lastSize > 0 && r.overlaps(start: f.pointee.lastVA, length: f.pointee.lastSize) {
            f.pointee.lastVA = 0
            f.pointee.lastSize = 0
            f.pointee.lastGPA = 0
            f.pointee.stats.invalidated &+= 1
        }
        let epoch = f.pointee.epoch
        let first = r.size == SoftTLBRemoval.everything ? 0 : r.va >> Self.pageShift
        let pages = r.size == SoftTLBRemoval.everything ? UInt64.max : ((r.size &- 1) >> Self.pageShift) &+ 1
        if pages < UInt64(Self.slotCount) {
            for vpn in first ..< first &+ pages {
                let s = slots + Int(truncatingIfNeeded: vpn & Self.slotMask)
                if s.pointee.tag == vpn | epoch {
                    s.pointee = .empty
                    f.pointee.stats.invalidated &+= 1
                }
            }
        } else {
            let vpnMask: UInt64 = (1 << 52) - 1
            for i in 0 ..< Self.slotCount {
                let tag = slots[i].tag
                guard tag != Slot.empty.tag, tag & ~vpnMask == epoch, (tag & vpnMask) &- first < pages else { continue }
                slots[i] = .empty
                f.pointee.stats.invalidated &+= 1
            }
        }
    }
}

extension SoftTLBCursor {
    /// Drops every front entry now, as every refresh did before purges
    /// invalidated only what they removed: the peer `xenabi bench` measures
    /// the selective invalidation against (`softtlb.hit-under-purge-drop`).
    @_spi(Bench) public func _dropFrontCaches() {
        dropFront()
    }
}
