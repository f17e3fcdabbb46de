import Foundation
import SoftTLB
import Synchronization

/// Another vCPU's thread purging the shared table while the measured one
/// looks up: every `interval` ns it purges one of `scratchPages` one-page
/// buffers it registered away from the workload's entries
/// (`VCPUOP_purge_hcall_buffers`, a driver retiring bounce buffers), and
/// once all are purged registers them again as one batch. It spins between
/// purges, so the interval holds at 10 µs, which a sleep could not (timer
/// slack alone is 50 µs); `stop()` gives the interval it achieved on a
/// loaded machine.
public final class SoftTLBPurgeWriter: Sendable {
    let table: SoftTLBTable
    let interval: UInt64
    let stopping = Atomic<Bool>(false)
    let finished = Atomic<Bool>(false)
    let purgeCount = Atomic<Int>(0)
    let span = Atomic<UInt64>(0)

    /// The scratch buffers' VA: well above `SoftTLBWorkload`'s entries.
    public static let scratchVA: UInt64 = 0x7f80_0000_0000
    /// Scratch buffers, one page each, two pages apart.
    public static let scratchPages = 64

    /// The scratch buffers as entries.
    static var scratch: [TLBEntry] {
        (0 ..< UInt64(scratchPages)).map { TLBEntry(va: scratchVA + 2 * $0 * TLBEntry.pageSize, gpa: 0x5000_0000 + $0 * TLBEntry.pageSize, size: TLBEntry.pageSize) }
    }

    /// A writer for `table`, not started.
    public init(table: SoftTLBTable, intervalNanoseconds: UInt64) {
        self.table = table
        interval = intervalNanoseconds
    }

    /// Starts purging on a new thread.
    public func start() {
        let scratch = Self.scratch
        try! table.insert(contentsOf: scratch)
        let thread = Thread { [self] in
            let begin = benchNow()
            var next = begin
            var n = 0
            while !stopping.load(ordering: .relaxed) {
                let now = benchNow()
                guard now >= next else { continue }
                let k = n % Self.scratchPages
                n += try! table.purge(va: scratch[k].va, size: TLBEntry.pageSize)
                if k == Self.scratchPages - 1 { try! table.insert(contentsOf: scratch) }
                // Behind schedule (descheduled): restart it rather than burst.
                next = max(next &+ interval, now)
            }
            try! table.purge(va: Self.scratchVA, size: 2 * UInt64(Self.scratchPages) * TLBEntry.pageSize)
            purgeCount.store(n, ordering: .relaxed)
            span.store(benchNow() &- begin, ordering: .relaxed)
            finished.store(true, ordering: .releasing)
        }
        thread.start()
    }

    /// Stops the thread and waits for it; returns the purges made and the
    /// mean ns between them.
    public func stop() -> (purges: Int, interval: Double) {
        stopping.store(true, ordering: .relaxed)
        while !finished.load(ordering: .acquiring) { sched_yield() }
        let n = purgeCount.load(ordering: .relaxed)
        return (n, Double(span.load(ordering: .relaxed)) / Double(max(n, 1)))
    }
}
