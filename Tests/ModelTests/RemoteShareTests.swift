import CXen
import Foundation
import SoftTLB
import Synchronization
import Testing
@testable import XenABI
@testable import XenModel

/// Counters of the model's remote-share stress test.
final class ModelShareState: Sendable {
    /// 2k after the sharer's k-th call returned, 2k+1 while call k+1 runs.
    let phase = Atomic<UInt64>(0)
    let done = Atomic<Bool>(false)
    let reads = Atomic<Int>(0)
    let wrong = Atomic<Int>(0)
    let stale = Atomic<Int>(0)
    let failed = Atomic<Int>(0)
    let calls = Atomic<Int>(0)
}

/// The domain the test's two vCPU threads run on. `ModelDomain` is not
/// `Sendable`: its memory, P2M and frame allocator are not locked. This test
/// keeps to what the model does support across threads, as Xen does: one
/// thread per vCPU, every frame made before the threads start, and only the
/// vCPUs' software TLB bindings (RCU-published) changed by one thread while
/// the other translates.
struct VCPUThreadsDomain: @unchecked Sendable {
    let domain: ModelDomain
}

@Suite("vcpu_op 16-18 for another vCPU while it translates")
struct RemoteShareTests {
    /// vCPU 1 reads its buffer pages (linear) on one thread; on another,
    /// vCPU 0 issues, over and over: share(1, source 0) (vCPU 1 uses vCPU
    /// 0's table: pages translate to the A frames), share(1, source 1) (a new
    /// empty table: pages are walked, W frames), and register(vcpu 1) of
    /// each page against the B frames. vCPU 1 never issued a call: its cursor
    /// is installed by its own first copy. Every read must return a W, A or
    /// B frame of the right page, and a read that began after a share
    /// returned (no later call started before it ended) must see that share.
    @Test("remote share and register: every read is a frame of one of the tables or the walk; a returned share is seen")
    func remoteShareStress() throws {
        let pages = 4
        let (d, walked) = mappedDomain(vcpus: 2, pages: pages)
        func frames() -> [UInt64] {
            (0 ..< pages).map { _ in
                let g = d.allocateFrame()!
                d.memory.store64(g, gpa: g << 12)
                return g
            }
        }
        let fa = frames(), fb = frames()
        let argFrame = d.allocateFrame()!  // vCPU 0's calls' struct, rewritten per call
        // Its storage is made on first write: make it now, not while vCPU 1 reads (GuestMemory's frame table is not locked).
        d.memory.store64(0, gpa: argFrame << 12)
        for p in 0 ..< pages {
            #expect(issue(d, .registerHcallBuffer(vcpu: 0, va: bufVA + UInt64(p) * 4096, gpa: fa[p] << 12, size: 4096)) == 0)
        }
        #expect(d.vcpus[1].tlb == nil)
        let state = ModelShareState()
        let shared = VCPUThreadsDomain(domain: d)
        onThreads(2) { id in
            let d = shared.domain
            if id == 0 {
                let h = ModelHypervisor(d, vcpu: 0)
                func call(_ op: VCPUOp) {
                    if issueFlat(h, op, argFrame: argFrame) != 0 { state.failed.add(1, ordering: .relaxed) }
                }
                let deadline = Date().addingTimeInterval(1.0)
                var k: UInt64 = 0
                while Date() < deadline {
                    // Call k+1: (k+1) % 3 == 1 share onto 0, == 2 own empty table, == 0 register B.
                    state.phase.store(2 * k + 1, ordering: .sequentiallyConsistent)
                    switch (k + 1) % 3 {
                    case 1: call(.shareHcallBuffers(vcpu: 1, source: 0))
                    case 2: call(.shareHcallBuffers(vcpu: 1, source: 1))
                    default:
                        for p in 0 ..< pages {
                            call(.registerHcallBuffer(vcpu: 1, va: bufVA + UInt64(p) * 4096, gpa: fb[p] << 12, size: 4096))
                        }
                    }
                    k += 1
                    state.phase.store(2 * k, ordering: .sequentiallyConsistent)
                }
                state.calls.store(Int(k), ordering: .relaxed)
                state.done.store(true, ordering: .releasing)
                return
            }
            var reads = 0, wrong = 0, stale = 0, p = 0
            while !state.done.load(ordering: .acquiring) {
                p = (p + 1) % pages
                let p1 = state.phase.load(ordering: .sequentiallyConsistent)
                let g = try? firstWord(d, bufVA + UInt64(p) * 4096, vcpu: 1)
                let p2 = state.phase.load(ordering: .sequentiallyConsistent)
                reads += 1
                guard let g, g == walked[p] || g == fa[p] || g == fb[p] else { wrong += 1; continue }
                if p1 == p2 && p1 & 1 == 0 && p1 > 0 {
                    switch (p1 / 2) % 3 {
                    case 1: if g != fa[p] { stale += 1 }
                    case 2: if g != walked[p] { stale += 1 }
                    default: if g != fb[p] { stale += 1 }
                    }
                }
            }
            state.reads.store(reads, ordering: .relaxed)
            state.wrong.store(wrong, ordering: .relaxed)
            state.stale.store(stale, ordering: .relaxed)
        }
        let reads = state.reads.load(ordering: .relaxed), calls = state.calls.load(ordering: .relaxed)
        print("model remote share: \(reads) reads on vCPU 1, \(calls) calls from vCPU 0")
        #expect(state.failed.load(ordering: .relaxed) == 0)
        #expect(state.wrong.load(ordering: .relaxed) == 0, "a frame of neither table nor the walk")
        #expect(state.stale.load(ordering: .relaxed) == 0, "a read after a share returned used the table it replaced")
        #expect(reads > 100 && calls > 30)
        #expect(d.vcpus[1].softTLB != nil, "vCPU 1 installed its cursor itself")
        #expect(d.vcpus[1].tlbHits > 0 && d.vcpus[1].walks > 0)
    }
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
