import Testing
@_spi(Testing) import XenABI

/// The encoded call's invariant checker: real encodings pass it, it names a
/// broken call, and a debug build traps when an encoder breaks one.
@Suite("EncodedCall invariants")
struct EncodedCallInvariantTests {
    @Test("a multicall with nested handles keeps every invariant")
    func encodingsPass() {
        let m = Multicall([.init(.xenVersion(.version)), .init(.memoryOp(.decreaseReservation(.init(nrExtents: 2), extents: [0x1000, 0x1001])))])
        #expect(m.encoded._invariantViolation() == nil)
    }

    @Test("the checker names a handle outside the registers and a gap in the bytes")
    func violationsAreNamed() {
        var c = EncodedCall()
        c.reset(.xen_version)
        c._testingAppendUnchecked(GuestBuffer(site: .register(5), size: 8, direction: .out, isNull: false, owner: 0, start: 0), bytes: 8)
        #expect(c._invariantViolation() == "buffer 0's handle in register 5 of 5")
        var gap = EncodedCall()
        gap.reset(.xen_version)
        gap._testingAppendUnchecked(GuestBuffer(site: .register(1), size: 8, direction: .out, isNull: false, owner: 0, start: 4), bytes: 12)
        #expect(gap._invariantViolation() == "buffer 0 starts at 4, not 0")
    }

    @Test("a build with internal checks traps when an encoder breaks an invariant",
          .enabled(if: EncodedCall._internalChecksEnabled, "XENABI_INTERNAL_CHECKS is defined only in debug builds"))
    func debugBuildsTrap() async {
        await #expect(processExitsWith: .failure) {
            var c = EncodedCall()
            c.reset(.xen_version)
            c.addBuffer(size: 8, direction: .out, site: .register(5))  // there are five registers, 0...4
        }
    }
}
