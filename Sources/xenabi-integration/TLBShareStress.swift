#if canImport(Glibc)
import Glibc
#endif
import CXen
import Privcmd
import Synchronization
import XenABI
import XenToolstack

/// Remote register, purge and share of the patched Xen's software TLB
/// (patch 0010) while the target vCPU translates, on a dom0 of two vCPUs
/// (issue 17 item 6, Specs/softtlb.md "In Xen").
///
/// One page `P` of the pool is the target: dom0's page tables map its
/// address `va` to `P`'s frame. Two other pool pages, `X` and `Y`, are the
/// frames the registrations name for that same `va`. Thread A, pinned to
/// vCPU 1, poisons the 16 bytes at `va + 256` in all three pages, runs
/// `xen_version(XENVER_extraversion, va + 256)` (one page chunk, copied
/// out through the linear handle, so through vCPU 1's table) and looks
/// where Xen wrote: in `X` or `Y` (a hit on one registration), in `P` (a
/// miss, walked), never in none of them or in two. Thread B, pinned to
/// vCPU 0, cycles vCPU 1's table through every state, from vCPU 0, each
/// step replacing (and so freeing, after an RCU grace period) something
/// vCPU 1 may be translating through at that moment:
///
///   1. register `va -> X` in vCPU 1's own table      (A hits X)
///   2. purge all of vCPU 1's table: the snapshot
///      holding X is freed                             (A walks P)
///   3. register `va -> X` in vCPU 1's table again     (A hits X)
///   4. register `va -> Y` in vCPU 0's table           (A still hits X)
///   5. share vCPU 0's table with vCPU 1: vCPU 1's own
///      table, holding X, loses its last user, freed   (A hits Y)
///   6. purge all of vCPU 0's table, which vCPU 1 uses:
///      the snapshot holding Y is freed                (A walks P)
///   7. register `va -> Y` in vCPU 0's table again     (A hits Y)
///   8. share vCPU 1 with itself: a new, empty table;
///      vCPU 1 leaves the shared one                   (A walks P)
///   9. purge all of vCPU 0's table
///
/// A seqlock of B's calls also orders A's against them: a call of A that
/// ran wholly between two calls of B (B's counter even and unchanged from
/// just before A's hypercall to just after it) must reach exactly the frame
/// B's last returned call left (Specs/softtlb.md, "Purge visibility": once
/// a purge or share has returned, no later lookup uses what it replaced).
/// A written elsewhere is "wrong", a frame other than that one "stale".
///
/// Every registration is tagged with this process's address space, so no
/// other dom0 process sees it.
enum TLBShareStress {
    static let seconds: UInt64 = 15
    static let offset = 256
    static let length = 16

    /// glibc's `sched_setaffinity` and `sched_getcpu`, which Swift's Glibc
    /// module does not import (they need `_GNU_SOURCE`): looked up by name.
    nonisolated(unsafe) static let setAffinity = unsafeBitCast(dlsym(nil, "sched_setaffinity"),
        to: (@convention(c) (pid_t, Int, UnsafeRawPointer) -> Int32)?.self)
    nonisolated(unsafe) static let getCPU = unsafeBitCast(dlsym(nil, "sched_getcpu"),
        to: (@convention(c) () -> Int32)?.self)
    static func currentCPU() -> Int32 { getCPU?() ?? -1 }

    /// Pins the calling thread to dom0's CPU `cpu` (its vCPU `cpu`).
    static func pin(_ cpu: Int) -> Bool {
        var set = [UInt64](repeating: 0, count: 16)  // a cpu_set_t, 1024 bits
        set[0] = UInt64(1) << UInt64(cpu)
        guard let f = setAffinity, set.withUnsafeBytes({ f(0, $0.count, $0.baseAddress!) }) == 0 else { return false }
        return currentCPU() == Int32(cpu)
    }

    /// Runs `body` on a new thread; `join` waits for it.
    final class Thread: @unchecked Sendable {
        let body: () -> Void
        var tid = pthread_t()
        init(_ body: @escaping () -> Void) {
            self.body = body
            let me = Unmanaged.passRetained(self).toOpaque()
            pthread_create(&tid, nil, { ctx in
                let t = Unmanaged<Thread>.fromOpaque(ctx!).takeRetainedValue()
                t.body()
                return nil
            }, me)
        }
        func join() { pthread_join(tid, nil) }
    }

    /// What thread A saw, and what thread B did.
    final class Tally: @unchecked Sendable {
        var calls = 0, inX = 0, inY = 0, inP = 0, wrong = 0, failed = 0, changes = 0
        var firstWrong = ""
        var cycles = 0, ops = 0, opsFailed = 0, firstOpFailure = ""
        var pinnedA = false, pinnedB = false
        let stop = Atomic<Bool>(false)
        /// Thread B's seqlock: odd while one of its calls runs; even, it is
        /// 4 x (calls returned) + the frame vCPU 1 must reach (0 P, 1 X, 2 Y).
        let state = Atomic<Int>(0)
        /// Calls of A that ran wholly between two calls of B, so whose frame
        /// is known, and those of them that wrote elsewhere (stale).
        var ordered = 0, stale = 0
        var firstStale = ""
    }

    static func run(_ r: Report) {
        let cpus = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        guard cpus >= 2 else {
            r.check("pvh.tlb.remote_share_stress", false, "dom0 has \(cpus) vCPU: the stress needs 2 (run.sh: dom0_max_vcpus=2, -smp 2)")
            return
        }
        let xc: XenCall, ts: Toolstack, buffer: HypercallBuffer, gfns: [UInt64], pA: Privcmd, pB: Privcmd
        do {
            xc = try XenCall(policy: .automatic(.tagged))
            ts = try Toolstack(xen: xc)
            buffer = try xc.pool.allocate(pages: 5)
            gfns = try xc.pool.frameNumbers(of: buffer)
            pA = try Privcmd()
            pB = try Privcmd()
        } catch {
            r.check("pvh.tlb.remote_share_stress", false, "setup: \(error)")
            return
        }
        defer { xc.pool.free(buffer) }
        let base = buffer.address
        let va = buffer.linearHandle
        let page = 4096
        // Pages 0 (P, the target), 1 (X), 2 (Y); page 3 takes the expected
        // bytes, page 4 thread B's struct.
        let gX = gfns[1] << 12, gY = gfns[2] << 12
        let target = va + UInt64(offset)
        func extraversion(_ at: UInt64) -> Int64 {
            pA.hypercallResult(UInt64(HypercallNumber.xen_version.rawValue), HypercallArgs([UInt64(XENVER_extraversion), at]))
        }
        // The bytes Xen writes, into page 3 (never registered: walked).
        let expectedAt = base + 3 * page + offset
        memset(expectedAt, 0xA5, length)
        guard extraversion(va + UInt64(3 * page + offset)) == 0 else {
            r.check("pvh.tlb.remote_share_stress", false, "xen_version(XENVER_extraversion) failed on an unregistered page")
            return
        }
        let expected = Array(UnsafeRawBufferPointer(start: expectedAt, count: length))
        let poison = [UInt8](repeating: 0xA5, count: length)
        guard expected != poison else {
            r.check("pvh.tlb.remote_share_stress", false, "extraversion is the poison pattern")
            return
        }

        let tally = Tally()
        // Thread B's calls: raw `linear` VCPUOP 16-18 with the struct the
        // library's `VCPUOp.HcallBuffer` builds in page 4 (never registered,
        // so walked): a send through `XenCall` stages its struct each time
        // and was the slower side by far (74 cycles in 15 s).
        let structVA = va + UInt64(4 * page)
        // Where vCPU 1's lookup of `va` must lead once B's call returned.
        var frame = 0
        func op(_ cmd: Int32, _ vcpu: UInt32, _ b: VCPUOp.HcallBuffer, _ what: String, then next: Int) {
            let seq = tally.state.load(ordering: .sequentiallyConsistent) / 4
            tally.state.store(seq * 4 + 3, ordering: .sequentiallyConsistent)
            let at = base + 4 * page
            at.storeBytes(of: b.va, toByteOffset: 0, as: UInt64.self)
            at.storeBytes(of: b.gpa, toByteOffset: 8, as: UInt64.self)
            at.storeBytes(of: b.size, toByteOffset: 16, as: UInt64.self)
            at.storeBytes(of: b.flags, toByteOffset: 24, as: UInt32.self)
            at.storeBytes(of: b.source, toByteOffset: 28, as: UInt32.self)
            let rc = pB.hypercallResult(UInt64(HypercallNumber.vcpu_op.rawValue),
                                        HypercallArgs([UInt64(UInt32(bitPattern: cmd)), UInt64(vcpu), structVA]))
            tally.ops += 1
            if rc == 0 { frame = next }
            tally.state.store((seq + 1) * 4 + frame, ordering: .sequentiallyConsistent)
            if rc != 0 {
                tally.opsFailed += 1
                if tally.firstOpFailure.isEmpty { tally.firstOpFailure = "\(what): \(rc)" }
            }
        }
        func reg(_ vcpu: UInt32, _ gpa: UInt64, _ what: String, then next: Int) {
            op(VCPUOP_register_hcall_buffer, vcpu, .register(va: va, gpa: gpa, size: UInt64(page), addressSpace: true), what, then: next)
        }
        func purge(_ vcpu: UInt32, _ what: String, then next: Int) {
            op(VCPUOP_purge_hcall_buffers, vcpu, .purge(va: 0, size: VCPUOp.HcallBuffer.purgeAll, addressSpace: true), what, then: next)
        }
        func share(_ vcpu: UInt32, from source: UInt32, _ what: String, then next: Int) {
            op(VCPUOP_share_hcall_buffers, vcpu, .share(source: source), what, then: next)
        }

        let c0: XenCounters
        do { c0 = try XenCounters.read(ts) } catch {
            r.check("pvh.tlb.remote_share_stress", false, "perf counters: \(error)")
            return
        }
        let t0 = nowNanoseconds()
        let threadA = Thread {
            tally.pinnedA = pin(1)
            var onA = 0, last = 0
            while !tally.stop.load(ordering: .relaxed) {
                if currentCPU() != 1 { onA += 1 }
                for p in 0 ..< 3 { memset(base + p * page + offset, 0xA5, length) }
                let before = tally.state.load(ordering: .sequentiallyConsistent)
                let rc = extraversion(target)
                let after = tally.state.load(ordering: .sequentiallyConsistent)
                tally.calls += 1
                if rc != 0 { tally.failed += 1; continue }
                let got = (0 ..< 3).map { p in Array(UnsafeRawBufferPointer(start: base + p * page + offset, count: length)) }
                let written = got.map { $0 == expected }, untouched = got.map { $0 == poison }
                let n = written.filter { $0 }.count
                if n == 1 && (0 ..< 3).allSatisfy({ written[$0] || untouched[$0] }) {
                    let at = written.firstIndex(of: true)!
                    if at != last { tally.changes += 1; last = at }
                    // No call of B ran during any of this one: Xen's state
                    // was the one B's last returned call left.
                    if before == after && before % 4 != 3 {
                        tally.ordered += 1
                        if at != before % 4 {
                            tally.stale += 1
                            if tally.firstStale.isEmpty { tally.firstStale = "call \(tally.calls): frame \(at), expected \(before % 4) after B's call \(before / 4)" }
                        }
                    }
                    if at == 0 { tally.inP += 1 } else if at == 1 { tally.inX += 1 } else { tally.inY += 1 }
                } else {
                    tally.wrong += 1
                    if tally.firstWrong.isEmpty {
                        tally.firstWrong = "call \(tally.calls): P \(got[0]) X \(got[1]) Y \(got[2])"
                    }
                }
            }
            if onA > 0 { tally.pinnedA = false }
        }
        let threadB = Thread {
            tally.pinnedB = pin(0)
            while nowNanoseconds() - t0 < seconds * 1_000_000_000 {
                reg(1, gX, "register X on vCPU 1", then: 1)
                purge(1, "purge vCPU 1", then: 0)
                reg(1, gX, "register X on vCPU 1 again", then: 1)
                reg(0, gY, "register Y on vCPU 0", then: 1)
                share(1, from: 0, "share vCPU 0's table with vCPU 1", then: 2)
                purge(0, "purge vCPU 0 (shared)", then: 0)
                reg(0, gY, "register Y on vCPU 0 again", then: 2)
                share(1, from: 1, "share vCPU 1 with itself", then: 0)
                purge(0, "purge vCPU 0", then: 0)
                tally.cycles += 1
            }
            tally.stop.store(true, ordering: .relaxed)
        }
        threadB.join()
        threadA.join()
        let elapsedMs = (nowNanoseconds() - t0) / 1_000_000
        let c1 = try? XenCounters.read(ts)
        // Leave the tables empty, each vCPU its own.
        purge(1, "final purge of vCPU 1", then: 0)
        purge(0, "final purge of vCPU 0", then: 0)
        let healthy = PreemptionChecks.dom0Healthy()
        let hits = c1?.delta(XenCounters.tlbHits, since: c0) ?? 0
        let misses = c1?.delta(XenCounters.tlbMisses, since: c0) ?? 0
        let t = tally
        let ok = t.pinnedA && t.pinnedB && t.wrong == 0 && t.stale == 0 && t.ordered > 0 && t.failed == 0 && t.opsFailed == 0 && healthy
            && t.inX > 0 && t.inY > 0 && t.inP > 0 && hits > 0 && misses > 0
        var detail = "\(elapsedMs / 1000).\(elapsedMs % 1000 / 100) s: "
            + "vCPU 1 ran \(t.calls) xen_version calls: \(t.inX) written to X (hit), \(t.inY) to Y (hit, shared table), \(t.inP) to P (walked), \(t.wrong) elsewhere, \(t.failed) failed, \(t.changes) changes of frame; \(t.ordered) calls between two of B's, \(t.stale) of them stale; "
            + "vCPU 0 ran \(t.cycles) cycles of 9 remote ops, \(t.ops) calls (\(t.opsFailed) failed); Xen counted \(hits) hits, \(misses) misses; dom0 healthy: \(healthy)"
        if !t.pinnedA || !t.pinnedB { detail += "; pinning failed (A \(t.pinnedA), B \(t.pinnedB))" }
        if !t.firstWrong.isEmpty { detail += "; first wrong: \(t.firstWrong)" }
        if !t.firstStale.isEmpty { detail += "; first stale: \(t.firstStale)" }
        if !t.firstOpFailure.isEmpty { detail += "; first op failure: \(t.firstOpFailure)" }
        r.check("pvh.tlb.remote_share_stress", ok, detail)
    }
}
