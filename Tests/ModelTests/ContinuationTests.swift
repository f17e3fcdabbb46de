import Testing
import CXen
@testable import XenABI
@testable import XenModel

/// Runs `raw` to completion, checking each continuation with `check`
/// before issuing it; returns the last result (with every invocation's
/// decoded calls) and the invocations.
func runChecked(_ hv: ModelHypervisor, _ raw: RawHypercall, _ check: (RawHypercall, RawHypercall) -> Void) -> (ModelCallResult, Int) {
    var r = hv.execute(raw)
    var issued = raw
    var decoded = r.decoded
    var n = 1
    while let c = r.continuation {
        #expect(r.returnValue == Int64(issued.op.rawValue), "a preempted call returns its op word")
        check(issued, c)
        issued = c
        r = hv.execute(c)
        decoded += r.decoded
        n += 1
    }
    r.decoded = decoded
    return (r, n)
}

/// Every continuation the model makes uses Xen's encoding (Specs/abi.md
/// section 7), and running a call through its continuations leaves guest
/// memory byte-identical to the unpreempted run.
@Suite("Continuations mirror Xen's")
struct ContinuationTests {
    /// memory_op: the next extent in `cmd` above `XENABI_MEMOP_EXTENT_SHIFT`,
    /// the sub-op below it, every other register (the handle) unchanged.
    @Test("reservation sub-ops: the extent in cmd, memory as unpreempted", arguments: Flavour.allCases)
    func reservations(_ f: Flavour) throws {
        let extents = (0 ..< 600).map { UInt64($0) * 5 }
        let calls: [MemoryOp] = [.increaseReservation(.init(nrExtents: 1024, extentOrder: 2), wantFrames: true),
                                 .decreaseReservation(.init(nrExtents: 600), extents: extents),
                                 .populatePhysmap(.init(nrExtents: 600), extents: extents)]
        for call in calls {
            let (whole, p) = try reservationGuest(call, f)
            let (r0, n0) = ModelHypervisor(whole).run(p.raw)
            let (stepped, q) = try reservationGuest(call, f)
            var hv = ModelHypervisor(stepped)
            hv.extentBudget = 7
            var done: UInt64 = 0
            let (r, n) = runChecked(hv, q.raw) { issued, c in
                done += 7
                #expect(c.op == issued.op)
                #expect(c.args[0] == UInt64(call.subop) | done << UInt64(XENABI_MEMOP_EXTENT_SHIFT), "\(call.subop) \(f)")
                for k in 1 ..< HypercallArgs.count { #expect(c.args[k] == q.raw.args[k]) }
            }
            let nr = call.subop == XENMEM_increase_reservation ? 1024 : 600
            #expect(r0.returnValue == Int64(nr) && n0 == 1)
            #expect(r.returnValue == Int64(nr) && n == (nr + 6) / 7)
            #expect(stepped.memory.digest() == whole.memory.digest(), "\(call.subop) \(f)")
            // What was read, invocation by invocation, adds up to the list, each extent once.
            let read = r.decoded.flatMap { d -> [UInt64] in
                switch d {
                case .memoryOp(.decreaseReservation(_, let e)), .memoryOp(.populatePhysmap(_, let e)): e
                default: []
                }
            }
            #expect(r.decoded.count == n)
            if call.subop != XENMEM_increase_reservation { #expect(read == extents) }
        }
    }

    /// multicall: in `linear` and `flat` call_list advanced past the entries
    /// done and nr_calls reduced by as many; in the list flavours the same
    /// call_list and nr_calls with the next index in the third argument.
    @Test("multicall: Xen's registers per flavour, memory as unpreempted", arguments: Flavour.allCases, [1, 2, 4])
    func multicall(_ f: Flavour, _ budget: Int) throws {
        let entries: [Multicall.Entry] = [.init(.xenVersion(.version)), .init(extraversion, flavour: .tagged),
                                          .init(.memoryOp(.increaseReservation(.init(nrExtents: 5), wantFrames: true)), flavour: .gfnList),
                                          .init(.xenVersion(.compileInfo), flavour: .flat), .init(.xenVersion(.pagesize)),
                                          .init(.consoleIO(.read(count: 6)), flavour: .linear), .init(.xenVersion(.capabilities), flavour: .flat)]
        let options = GuestPlacementOptions(offsets: .straddle, scattered: true)
        let (whole, p) = try multicallGuest(entries, f, options: options)
        #expect(ModelHypervisor(whole).execute(p.raw).returnValue == 0)
        let (stepped, q) = try multicallGuest(entries, f, options: options)
        var hv = ModelHypervisor(stepped)
        hv.multicallBudget = budget
        var next = 0
        let (r, n) = runChecked(hv, q.raw) { issued, c in
            next += budget
            #expect(c.op == q.raw.op)
            if f.isPhysical {
                #expect(c.args[0] == q.raw.args[0] && c.args[1] == 7 && c.args[2] == UInt64(next))
            } else {
                #expect(c.args[0] == issued.args[0] + UInt64(budget * MulticallLayout.size) && c.args[1] == issued.args[1] - UInt64(budget))
            }
        }
        #expect(r.returnValue == 0 && n == (entries.count + budget - 1) / budget)
        #expect(stepped.memory.digest() == whole.memory.digest())
        #expect(stepped.consoleInput == whole.consoleInput)
    }
}
