import Testing
import CXen
@testable import XenABI
@testable import XenModel

/// A multicall placed in a fresh guest: the batch in `flavour`, each entry
/// in its own.
func multicallGuest(_ entries: [Multicall.Entry], _ flavour: Flavour, options: GuestPlacementOptions = .init()) throws -> (ModelDomain, GuestPlacedCall) {
    let call = AnyHypercall.multicall(Multicall(entries)).encoded
    let d = ModelDomain(frameCount: 1 << 14)
    let p = try d.place(call, flavour: { $0 == 0 ? flavour : call.flavour(ofOwner: $0) }, options: options)
    return (d, p)
}

/// Word `field` (an offset in `multicall_entry`) of entry `k` as guest memory holds it.
func entryWord(_ d: ModelDomain, _ p: GuestPlacedCall, _ k: Int, _ field: Int) -> UInt64 {
    var v: UInt64 = 0
    withUnsafeMutableBytes(of: &v) { d.memory.read(gpa: gpa(p, 0, k * MulticallLayout.size + field), into: $0) }
    return UInt64(littleEndian: v)
}

/// `XENVER_version`'s answer in the model: 4.17.
let versionResult = Int64(4 << 16 | 17)

/// `do_multicall` as Xen runs it (xen/common/multicall.c).
@Suite("Multicall entries, one at a time")
struct MulticallTests {
    /// An entry that is itself a multicall re-enters `do_multicall`, which
    /// answers -EINVAL (`_MCSF_in_multicall`) without reading anything; the
    /// batch goes on with the next entry.
    @Test("a nested multicall entry fails alone with -EINVAL", arguments: Flavour.allCases)
    func nestedEntryFailsAlone(_ f: Flavour) throws {
        let (d, placed) = try multicallGuest([.init(.xenVersion(.version)), .init(.xenVersion(.version)), .init(extraversion, flavour: .flat)], f)
        var p = placed
        d.memory.store64(OpWord(.multicall, flavour: .linear).rawValue, gpa: gpa(p, 0, MulticallLayout.size + MulticallLayout.op))
        let r = ModelHypervisor(d).execute(p.raw)
        #expect(r.returnValue == 0 && r.continuation == nil)
        #expect((0 ..< 3).map { Int64(bitPattern: entryWord(d, p, $0, MulticallLayout.result)) } == [versionResult, XenErrno.EINVAL.returnValue, 0])
        #expect(r.decoded == [.xenVersion(.version), .xenVersion(.extraversion)])
        d.readBack(&p)
        let entry = try Multicall.outputs(ofEntry: 2, in: p.call, as: XenVersion.StringQuery.extraversion)
        #expect(entry.result == 0 && entry.outputs == ModelXenInfo().extraversion)
    }

    /// Entry 0's output is aimed at entry 1's `op` and `result`: entry 1 is
    /// read only after entry 0 ran and wrote, so it runs as overwritten (an
    /// op word with reserved bits: -ENOSYS), not as placed (version).
    @Test("entry i + 1 is read after entry i ran and wrote its result", arguments: Flavour.allCases)
    func readAfterThePreviousRan(_ f: Flavour) throws {
        let (d, p) = try multicallGuest([.init(extraversion, flavour: .flat), .init(.xenVersion(.version))], f)
        d.memory.store64(gpa(p, 0, MulticallLayout.size + MulticallLayout.op), gpa: gpa(p, 0, MulticallLayout.args + 8))
        let r = ModelHypervisor(d).execute(p.raw)
        #expect(r.returnValue == 0)
        #expect(Int64(bitPattern: entryWord(d, p, 0, MulticallLayout.result)) == 0)
        #expect(Int64(bitPattern: entryWord(d, p, 1, MulticallLayout.result)) == XenErrno.ENOSYS.returnValue)
        let text = cString(ModelXenInfo().extraversion, size: 16)
        #expect(entryWord(d, p, 1, MulticallLayout.op) == text.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) })
        #expect(r.decoded == [.xenVersion(.extraversion)])
    }

    /// `nr_calls` is `uint32_t` in `do_multicall`: the upper half of the register is not read.
    @Test("nr_calls is 32 bits wide")
    func nrCallsTruncated() throws {
        let (d, p) = try multicallGuest([.init(.xenVersion(.version)), .init(.xenVersion(.version))], .flat)
        var a = p.raw.args
        a[1] = 1 << 32 | 1
        #expect(ModelHypervisor(d).execute(op: p.raw.op.rawValue, args: a).returnValue == 0)
        #expect(Int64(bitPattern: entryWord(d, p, 0, MulticallLayout.result)) == versionResult)
        #expect(entryWord(d, p, 1, MulticallLayout.result) == 0)
        a[1] = 1 << 32
        let before = d.memory.digest()
        #expect(ModelHypervisor(d).execute(op: p.raw.op.rawValue, args: a).returnValue == 0)
        #expect(d.memory.digest() == before)
    }

    /// Each entry is read once per invocation: a preempted entry's slot is
    /// written back from that read (`mcs->call`), not read again. Entry 0's
    /// extents are aimed at its own slot: extents 0 and 1 land on its `op`
    /// and `result`, then the continuation restores `op` as read.
    @Test("a preempted entry is written back from its one read", arguments: Flavour.allCases)
    func writtenBackFromTheRead(_ f: Flavour) throws {
        let entries: [Multicall.Entry] = [.init(.memoryOp(.increaseReservation(.init(nrExtents: 4), wantFrames: true)), flavour: .flat),
                                          .init(.xenVersion(.version))]
        let (d, p) = try multicallGuest(entries, f)
        // The reservation struct (buffer 1): extent_start at entry 0's op field.
        d.memory.store64(gpa(p, 0, MulticallLayout.op), gpa: gpa(p, 1, ReservationLayout.extentStart))
        let op = entryWord(d, p, 0, MulticallLayout.op), structHandle = entryWord(d, p, 0, MulticallLayout.args + 8)
        var hv = ModelHypervisor(d)
        hv.extentBudget = 2
        let first = hv.execute(p.raw)
        #expect(first.continuation != nil)
        #expect(entryWord(d, p, 0, MulticallLayout.op) == op)
        #expect(entryWord(d, p, 0, MulticallLayout.result) == OpWord(.memory_op, flavour: .flat).rawValue)
        #expect(entryWord(d, p, 0, MulticallLayout.args) == 2 << UInt64(XENABI_MEMOP_EXTENT_SHIFT))
        #expect(entryWord(d, p, 0, MulticallLayout.args + 8) == structHandle)
        #expect(hv.run(try #require(first.continuation)).result.returnValue == 0)
        // Extents 2 and 3 went over args[0] and args[1] after the entry was read.
        let base = ModelXenInfo().frameBase
        #expect([entryWord(d, p, 0, MulticallLayout.op), entryWord(d, p, 0, MulticallLayout.result),
                 entryWord(d, p, 0, MulticallLayout.args), entryWord(d, p, 0, MulticallLayout.args + 8)] == [op, 4, base + 2, base + 3])
        #expect(Int64(bitPattern: entryWord(d, p, 1, MulticallLayout.result)) == versionResult)
    }

    /// An entry preempted in turn (an increase_reservation of 5 extents, 2
    /// per invocation): Xen copies its continuation into its slot (op word
    /// as written, result the continued op word, args[0] the sub-op with
    /// the next extent) and continues the batch at that entry.
    @Test("a preempted entry's continuation is written into its slot", arguments: Flavour.allCases)
    func subcallContinuation(_ f: Flavour) throws {
        let entries: [Multicall.Entry] = [.init(.xenVersion(.version)),
                                          .init(.memoryOp(.increaseReservation(.init(nrExtents: 5), wantFrames: true)), flavour: .gfnList),
                                          .init(extraversion, flavour: .tagged)]
        let (d, p) = try multicallGuest(entries, f, options: .init(scattered: true))
        let entryOp = entryWord(d, p, 1, MulticallLayout.op), entryArg1 = entryWord(d, p, 1, MulticallLayout.args + 8)
        var hv = ModelHypervisor(d)
        hv.extentBudget = 2
        let first = hv.execute(p.raw)
        let cont = try #require(first.continuation)
        #expect(first.returnValue == Int64(p.raw.op.rawValue))
        let list = p.raw.args[0]
        if f.isPhysical {
            #expect(cont.args[0] == list && cont.args[1] == 3 && cont.args[2] == 1)
        } else {
            #expect(cont.args[0] == list + UInt64(MulticallLayout.size) && cont.args[1] == 2)
        }
        #expect(entryWord(d, p, 1, MulticallLayout.op) == entryOp)
        #expect(entryWord(d, p, 1, MulticallLayout.result) == OpWord(.memory_op, flavour: .gfnList).rawValue)
        #expect(entryWord(d, p, 1, MulticallLayout.args) == UInt64(XENMEM_increase_reservation) | 2 << UInt64(XENABI_MEMOP_EXTENT_SHIFT))
        #expect(entryWord(d, p, 1, MulticallLayout.args + 8) == entryArg1)
        #expect(Int64(bitPattern: entryWord(d, p, 0, MulticallLayout.result)) == versionResult)
        #expect(entryWord(d, p, 2, MulticallLayout.result) == 0)

        // The second invocation re-reads entry 1 as continued: extents 2, 3, preempted again at it.
        let second = hv.execute(cont)
        let cont2 = try #require(second.continuation)
        #expect(cont2.args == cont.args)
        #expect(entryWord(d, p, 1, MulticallLayout.args) == UInt64(XENMEM_increase_reservation) | 4 << UInt64(XENABI_MEMOP_EXTENT_SHIFT))

        let (last, invocations) = hv.run(cont2)
        #expect(last.returnValue == 0 && invocations == 1)
        #expect((0 ..< 3).map { Int64(bitPattern: entryWord(d, p, $0, MulticallLayout.result)) } == [versionResult, 5, 0])

        // The unpreempted batch leaves the same memory but for entry 1's
        // args[0], which keeps the last continuation (as in Xen: a caller
        // may rely on `result` only).
        let (twin, q) = try multicallGuest(entries, f, options: .init(scattered: true))
        #expect(ModelHypervisor(twin).execute(q.raw).returnValue == 0)
        #expect(twin.memory.digest() != d.memory.digest())
        twin.memory.store64(UInt64(XENMEM_increase_reservation) | 4 << UInt64(XENABI_MEMOP_EXTENT_SHIFT),
                            gpa: gpa(q, 0, MulticallLayout.size + MulticallLayout.args))
        #expect(twin.memory.digest() == d.memory.digest())
    }
}
