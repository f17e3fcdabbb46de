import Foundation
import Synchronization
import Testing
@testable import SoftTLB
import XenABITestSupport

/// Counters of the remote-share stress test.
final class RemoteShareState: Sendable {
    /// 2k once the sharer's k-th bind has returned, 2k+1 while bind k+1 runs.
    let phase = Atomic<UInt64>(0)
    let done = Atomic<Bool>(false)
    let lookups = Atomic<Int>(0)
    let fromA = Atomic<Int>(0)
    let fromB = Atomic<Int>(0)
    /// A GPA from neither table (a mix of the two, or garbage), or no translation.
    let garbage = Atomic<Int>(0)
    /// A GPA from the table the binding no longer held when the lookup began.
    let stale = Atomic<Int>(0)
    let binds = Atomic<Int>(0)
}

@Suite("SoftTLB remote share: re-binding a cursor another thread is translating through")
struct SoftTLBRemoteShareTests {
    static let region: UInt64 = 0x4000_0000
    static let pages: UInt64 = 128
    static let tagA: UInt64 = 0xA << 32, tagB: UInt64 = 0xB << 32

    /// Both tables cover `region` wholly, with different entry shapes (A:
    /// 4-page entries in the page hash; B: 8-page entries and one 96-page
    /// large entry), and GPAs tagged by table.
    static func tables() throws -> (SoftTLBTable, SoftTLBTable) {
        let a = SoftTLBTable(), b = SoftTLBTable()
        for i: UInt64 in 0 ..< pages / 4 {
            try a.insert(va: region + i * 4 * page, gpa: tagA + i * 4 * page, size: 4 * page)
        }
        for i: UInt64 in 0 ..< 4 {
            try b.insert(va: region + i * 8 * page, gpa: tagB + i * 8 * page, size: 8 * page)
        }
        try b.insert(va: region + 32 * page, gpa: tagB + 32 * page, size: 96 * page)  // large: binary search
        return (a, b)
    }

    /// vCPU B translates through its cursor on one thread while another
    /// thread (vCPU A's VCPUOP_share_hcall_buffers for B) binds B to A's
    /// table and back, as fast as it can. Every lookup must return a GPA of
    /// one of the two tables at the right offset, and a lookup that began
    /// after a bind returned (with no other bind started before it ended)
    /// must come from that bind's table.
    @Test("every lookup returns a GPA from one of the two tables, never a mix; a returned bind is seen")
    func remoteShare() throws {
        let (tableA, tableB) = try Self.tables()
        let binding = SoftTLBBinding(table: tableB)
        let state = RemoteShareState()
        let seconds = 1.0
        onThreads(2) { id in
            if id == 0 {
                // The sharer: another vCPU's share_hcall_buffers for B.
                let deadline = Date().addingTimeInterval(seconds)
                var k: UInt64 = 0
                while Date() < deadline {
                    for _ in 0 ..< 64 {
                        state.phase.store(2 * k + 1, ordering: .sequentiallyConsistent)
                        binding.attach(to: (k + 1) % 2 == 1 ? tableA : tableB)
                        k += 1
                        state.phase.store(2 * k, ordering: .sequentiallyConsistent)
                    }
                }
                state.binds.store(Int(k), ordering: .relaxed)
                state.done.store(true, ordering: .releasing)
                return
            }
            // vCPU B: its own cursor over the binding, never touched by the sharer.
            let cursor = SoftTLBCursor(binding: binding)
            var rng = SeededRNG(state: 11)
            var lookups = 0, a = 0, b = 0, garbage = 0, stale = 0
            var sequential: UInt64 = 0
            while !state.done.load(ordering: .acquiring) {
                for i in 0 ..< 256 {
                    // Half sequential (front-cache hits), half random (snapshot fills).
                    let off: UInt64
                    if i & 1 == 0 {
                        sequential = (sequential + 8) % (Self.pages * page)
                        off = sequential
                    } else {
                        off = UInt64.random(in: 0 ..< Self.pages * page / 8, using: &rng) * 8
                    }
                    let p1 = state.phase.load(ordering: .sequentiallyConsistent)
                    let g = cursor.translate(Self.region + off, length: 8, root: testRoot)
                    let p2 = state.phase.load(ordering: .sequentiallyConsistent)
                    lookups += 1
                    let isA = g == Self.tagA + off, isB = g == Self.tagB + off
                    if isA { a += 1 } else if isB { b += 1 } else { garbage += 1 }
                    if p1 == p2 && p1 & 1 == 0 {
                        let wantA = (p1 / 2) % 2 == 1
                        if (wantA && isB) || (!wantA && isA) { stale += 1 }
                    }
                }
            }
            state.lookups.store(lookups, ordering: .relaxed)
            state.fromA.store(a, ordering: .relaxed)
            state.fromB.store(b, ordering: .relaxed)
            state.garbage.store(garbage, ordering: .relaxed)
            state.stale.store(stale, ordering: .relaxed)
            #expect(cursor.stats.refreshes > 0)
        }
        let lookups = state.lookups.load(ordering: .relaxed)
        let binds = state.binds.load(ordering: .relaxed)
        print("remote share: \(lookups) lookups (\(state.fromA.load(ordering: .relaxed)) from A, \(state.fromB.load(ordering: .relaxed)) from B), \(binds) binds")
        #expect(state.garbage.load(ordering: .relaxed) == 0, "a GPA from neither table")
        #expect(state.stale.load(ordering: .relaxed) == 0, "a lookup after a bind returned read the table it replaced")
        #expect(lookups > 1000 && binds > 100)
        #expect(state.fromA.load(ordering: .relaxed) > 0 && state.fromB.load(ordering: .relaxed) > 0)
    }

    @Test("a bind from another thread is seen on the cursor's next lookup, A to B and back (ABA)")
    func nextLookup() throws {
        let (tableA, tableB) = try Self.tables()
        let binding = SoftTLBBinding(table: tableB)
        let cursor = SoftTLBCursor(binding: binding)
        #expect(cursor.translate(Self.region, length: 8, root: testRoot) == Self.tagB)
        binding.attach(to: tableA)
        #expect(cursor.table === tableA)
        #expect(cursor.translate(Self.region, length: 8, root: testRoot) == Self.tagA)
        binding.attach(to: tableB)
        binding.attach(to: tableA)  // back and forth between lookups
        #expect(cursor.translate(Self.region + 8, length: 8, root: testRoot) == Self.tagA + 8)
        binding.attach(to: tableB)
        #expect(cursor.translate(Self.region + 8, length: 8, root: testRoot) == Self.tagB + 8)
        // A publication to the table left behind no longer reaches the cursor.
        try tableA.purge(va: Self.region, size: page)
        #expect(cursor.translate(Self.region, length: 8, root: testRoot) == Self.tagB)
        // The cursor's own attach is immediate too, and other cursors of the
        // replaced table only refresh (the poke), keeping their table.
        let other = SoftTLBCursor(table: tableB)
        #expect(other.translate(Self.region, length: 8, root: testRoot) == Self.tagB)
        cursor.attach(to: tableA)
        #expect(other.translate(Self.region + 4096, length: 8, root: testRoot) == Self.tagB + 4096)
        #expect(other.table === tableB)
    }
}
