import Testing
import XenABITestSupport
import XenABI

/// One warm call slot encoding call after call, as a kernel's per-CPU slot
/// or `xenabi bench` does, against a fresh `EncodedCall` per call: the same
/// op word, registers, buffers and bytes every time, whatever the slot held
/// before (a big call's stale bytes are cleared, an output-only buffer
/// reads as zero), and a slot that records no marks writes the same bytes.
@Suite("EncodedCall reuse")
struct EncodedCallReuseTests {
    /// Every catalog entry with random fields (buffers up to about 9000
    /// bytes), in catalog order and then reversed, so each call follows
    /// both smaller and bigger ones.
    static func calls() throws -> [AnyHypercall] {
        var rng = SeededRNG(seed: 0x5107)
        var out: [AnyHypercall] = []
        for e in CallCatalog.entries {
            do { out.append(try e.make(randomFields(e, &rng, maxBytes: 9000))) } catch { out.append(try e.make(FieldValues())) }
        }
        return out + out.reversed()
    }

    @Test("a warm slot, with or without marks, encodes every catalog call as a fresh one does")
    func warmSlotsMatchFreshCalls() throws {
        let calls = try Self.calls()
        #expect(calls.count == 2 * CallCatalog.entries.count)
        var marked = EncodedCall()
        var unmarked = EncodedCall(recordingMarks: false)
        #expect(marked.recordsMarks && !unmarked.recordsMarks)
        for (k, call) in calls.enumerated() {
            let fresh = call.encoded
            call.encode(into: &marked)
            call.encode(into: &unmarked)
            for (name, slot) in [("marked", marked), ("unmarked", unmarked)] {
                #expect(slot.op == fresh.op && slot.raw == fresh.raw, "call \(k) (\(name)): op word or registers")
                #expect(slot.buffers == fresh.buffers, "call \(k) (\(name)): buffers")
                #expect(slot.bytes == fresh.bytes, "call \(k) (\(name)): bytes")
                #expect(slot.entries == fresh.entries, "call \(k) (\(name)): multicall entries")
            }
            #expect(marked.marks == fresh.marks, "call \(k): marks")
        }
    }

    @Test("an output-only buffer claimed after a bigger call's bytes reads as zero")
    func staleTailIsCleared() {
        var slot = EncodedCall(recordingMarks: false)
        // 4096 bytes of console text, then a reservation whose 64-frame
        // output list lies where the text was.
        ConsoleIO.write(Array(repeating: 0x41, count: 4096)).encode(into: &slot)
        let reservation = MemoryOp.increaseReservation(.init(nrExtents: 64), wantFrames: true)
        for _ in 0 ..< 3 {
            reservation.encode(into: &slot)
            #expect(slot.bytes(of: 1).allSatisfy { $0 == 0 })
            #expect(slot.bytes == reservation.encoded.bytes)
        }
    }

    @Test("buffer records past the inline four: a warm slot, the list a value of its own, buffer(_:) as buffers[_:]")
    func recordsPastTheInlineTable() {
        // Six entries of two buffers each: records 0...3 inline, the rest spilled.
        let big = Multicall((0 ..< 6).map { _ in
            Multicall.Entry(.memoryOp(.increaseReservation(.init(nrExtents: 2), wantFrames: true)))
        })
        let small = MemoryOp.increaseReservation(.init(nrExtents: 1), wantFrames: true)
        let fresh = big.encoded
        #expect(fresh.bufferCount == 13 && fresh.bufferCount > GuestBufferList.inlineCount)
        var slot = EncodedCall(recordingMarks: false)
        for _ in 0 ..< 2 {
            big.encode(into: &slot)
            #expect(slot.buffers == fresh.buffers && slot.bytes == fresh.bytes)
            #expect((0 ..< slot.bufferCount).map { slot.buffer($0) } == Array(fresh.buffers))
            let kept = slot.buffers
            small.encode(into: &slot)
            #expect(slot.bufferCount == 2 && slot.buffers == small.encoded.buffers)
            #expect(kept == fresh.buffers && kept.count == 13, "the list is unchanged by the call's reuse")
            #expect(kept.hashValue == fresh.buffers.hashValue)
        }
    }
}
