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
        // Two roots over the same VAs, one small (hashed), one large.
        try t.insert(contentsOf: [.init(va: 1 << 32, gpa: 0x30_0000, size: 0x1000, root: 0x7000),
                                  .init(va: 1 << 32, gpa: 0x4000_0000, size: 1 << 30, root: 0x9000)])
        #expect(t.snapshot._invariantViolation() == nil)
        try t.purge(va: 1 << 32, size: 1, addressSpace: 0x7000)
        #expect(t.snapshot._invariantViolation() == nil)
        t.purgeAll()
        #expect(t.snapshot._invariantViolation() == nil)
    }

    @Test("the checker names overlapping, invalid and misindexed entries")
    func violationsAreNamed() {
        let overlapping = SoftTLBSnapshot._testing(
            sortedEntries: [.init(va: 0x1000, gpa: 0x10000, size: 0x2000), .init(va: 0x2000, gpa: 0x20000, size: 0x1000)],
            checkingInvariants: false)
        #expect(overlapping._invariantViolation() == "entries 0 and 1 conflict")
        // Tagged entries of different roots may overlap; a global one overlapping a tagged one may not.
        let twoRoots = SoftTLBSnapshot._testing(
            sortedEntries: [.init(va: 0x1000, gpa: 0x10000, size: 0x2000, root: 0x5000), .init(va: 0x1000, gpa: 0x20000, size: 0x1000, root: 0x7000)],
            checkingInvariants: false)
        #expect(twoRoots._invariantViolation() == nil)
        let globalOverTagged = SoftTLBSnapshot._testing(
            sortedEntries: [.init(va: 0x1000, gpa: 0x10000, size: 0x2000, root: 0x5000), .init(va: 0x2000, gpa: 0x20000, size: 0x1000)],
            checkingInvariants: false)
        #expect(globalOverTagged._invariantViolation() == "entries 0 and 1 conflict")
        let globalFirst = SoftTLBSnapshot._testing(
            sortedEntries: [.init(va: 0x1000, gpa: 0x10000, size: 0x1000), .init(va: 0x8000, gpa: 0x20000, size: 0x1000, root: 0x5000)],
            checkingInvariants: false)
        #expect(globalFirst._invariantViolation() == "entries 0 and 1 unsorted")
        let badRoot = SoftTLBSnapshot._testing(sortedEntries: [.init(va: 0x1000, gpa: 0x2000, size: 0x1000, root: 0x5001)], checkingInvariants: false)
        #expect(badRoot._invariantViolation()?.hasPrefix("entry 0 invalid") == true)
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
