import Foundation
import Synchronization
import Testing
@testable import SoftTLB
import XenABITestSupport

/// Shared counters of the stress test.
final class StressState: Sendable {
    /// The last epoch whose purge has *returned* (stored by the writer after `purge` returns).
    let purgedEpoch = Atomic<UInt64>(0)
    let done = Atomic<Bool>(false)
    let violations = Atomic<Int>(0)
    let wrongOffsets = Atomic<Int>(0)
    let hits = Atomic<Int>(0)
    let lookups = Atomic<Int>(0)
}

/// Runs `body` on `count` new threads and waits for all of them.
func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let finished = DispatchSemaphore(value: 0)
    for i in 0 ..< count {
        let t = Thread {
            body(i)
            finished.signal()
        }
        t.start()
    }
    for _ in 0 ..< count { finished.wait() }
}

@Suite("SoftTLB sharing: purge visibility under concurrency")
struct SoftTLBSharingTests {
    /// Reader threads, each with its own cursor on one shared table (the
    /// VCPUOP_share_hcall_buffers case), translate while one writer registers
    /// and purges. Every epoch's GPAs carry the epoch number in bits 32+, so a
    /// reader can tell a translation that was purged: the rule is that a
    /// reader that has observed epoch k's purge completing never afterwards
    /// gets a translation from epoch <= k.
    @Test("no lookup returns a purged translation once the purge has returned")
    func purgeVisibility() throws {
        let table = SoftTLBTable()
        let state = StressState()
        let epochs: UInt64 = 1500
        let region: UInt64 = 0x7f00_0000_0000
        let pages: UInt64 = 32
        // A few entries that stay, so readers also hit through the front caches.
        for i: UInt64 in 0 ..< 16 {
            try table.insert(va: 0x1000_0000 + i * 2 * page, gpa: 0xF_0000_0000 + i * page, size: page)
        }
        let readers = 3
        onThreads(readers + 1) { id in
            if id == 0 {
                for k in 1 ... epochs {
                    let gpaBase = k << 32
                    // Epoch k: four 8-page entries, or one 32-page entry every third epoch.
                    if k % 3 == 0 {
                        try! table.insert(va: region, gpa: gpaBase, size: pages * page)
                    } else {
                        for j: UInt64 in 0 ..< 4 {
                            try! table.insert(va: region + j * 8 * page, gpa: gpaBase + j * 8 * page, size: 8 * page)
                        }
                    }
                    // Purge: by range (whole region, or piecewise), or everything.
                    switch k % 4 {
                    case 0: try! table.purge(va: region, size: pages * page)
                    case 1:
                        for j: UInt64 in 0 ..< 4 { try! table.purge(va: region + j * 8 * page + 5, size: 1) }
                    case 2:
                        table.purgeAll()
                        for i: UInt64 in 0 ..< 16 {
                            try! table.insert(va: 0x1000_0000 + i * 2 * page, gpa: 0xF_0000_0000 + i * page, size: page)
                        }
                    default: try! table.purge(va: region - 1, size: pages * page)  // unaligned, overlaps all
                    }
                    state.purgedEpoch.store(k, ordering: .releasing)
                }
                state.done.store(true, ordering: .releasing)
                return
            }
            let cursor = SoftTLBCursor(table: table)
            var rng = SeededRNG(state: UInt64(id))
            var hits = 0, lookups = 0
            while !state.done.load(ordering: .acquiring) {
                for _ in 0 ..< 64 {
                    let observed = state.purgedEpoch.load(ordering: .acquiring)
                    let p = UInt64.random(in: 0 ..< pages, using: &rng)
                    let a = region + p * page + UInt64.random(in: 0 ..< 4000, using: &rng)
                    lookups += 1
                    if let g = cursor.translate(a, length: 64, root: testRoot) {
                        hits += 1
                        let epoch = g >> 32
                        if epoch <= observed { state.violations.add(1, ordering: .relaxed) }
                        if g & 0xFFFF_FFFF != a - region { state.wrongOffsets.add(1, ordering: .relaxed) }
                    }
                    let s = UInt64.random(in: 0 ..< 16, using: &rng)
                    if let g = cursor.translate(0x1000_0000 + s * 2 * page + 8, length: 8, root: testRoot) {
                        if g != 0xF_0000_0000 + s * page + 8 { state.wrongOffsets.add(1, ordering: .relaxed) }
                    }
                }
            }
            state.hits.add(hits, ordering: .relaxed)
            state.lookups.add(lookups, ordering: .relaxed)
        }
        #expect(state.violations.load(ordering: .relaxed) == 0)
        #expect(state.wrongOffsets.load(ordering: .relaxed) == 0)
        #expect(state.lookups.load(ordering: .relaxed) > 0)
        #expect(state.hits.load(ordering: .relaxed) > 0, "readers must have seen live translations too")
        #expect(table.count == 16)
    }
}
