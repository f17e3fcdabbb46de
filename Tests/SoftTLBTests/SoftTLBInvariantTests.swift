import Testing
@_spi(Testing) import SoftTLB

/// The snapshot invariant checker: it holds after every kind of publication,
/// it names each kind of violation, and a debug build traps on one.
@Suite("SoftTLB snapshot invariants")
struct SoftTLBInvariantTests {
    @Test("inserts, batches, purges and large entries keep every invariant")
    func validTablesPass() throws {
        let t = SoftTLBTable()
        try t.insert(va: 0x10_0000, gpa: 0x20_0000, size: 0x3000)
        try t.insert(contentsOf: [.init(va: 0x1000, gpa: 0x5000, size: 0x1000), .init(va: 0x4000_0000, gpa: 0x8000_0000, size: 1 << 30)])
        #expect(t.snapshot._invariantViolation() == nil)
        try t.purge(va: 0x10_1000, size: 1)
        #expect(t.snapshot._invariantViolation() == nil)
        t.purgeAll()
        #expect(t.snapshot._invariantViolation() == nil)
    }

    @Test("the checker names overlapping, invalid and misindexed entries")
    func violationsAreNamed() {
        let overlapping = SoftTLBSnapshot._testing(
            sortedEntries: [.init(va: 0x1000, gpa: 0x10000, size: 0x2000), .init(va: 0x2000, gpa: 0x20000, size: 0x1000)],
            checkingInvariants: false)
        #expect(overlapping._invariantViolation() == "entries 0 and 1 unsorted or overlapping")
        let misaligned = SoftTLBSnapshot._testing(sortedEntries: [.init(va: 0x1001, gpa: 0x2000, size: 0x1000)], checkingInvariants: false)
        #expect(misaligned._invariantViolation()?.hasPrefix("entry 0 invalid") == true)
    }

    @Test("a build with internal checks traps on a broken snapshot",
          .enabled(if: SoftTLBSnapshot._internalChecksEnabled, "XENABI_INTERNAL_CHECKS is defined only in debug builds"))
    func debugBuildsTrap() async {
        await #expect(processExitsWith: .failure) {
            _ = SoftTLBSnapshot._testing(
                sortedEntries: [.init(va: 0x1000, gpa: 0x10000, size: 0x2000), .init(va: 0x2000, gpa: 0x20000, size: 0x1000)],
                checkingInvariants: true)
        }
    }
}
