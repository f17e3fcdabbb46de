import CXen
import Testing
@testable import XenABI
import GuestPlacement
import XenABITestSupport

@Suite("kexec_op encoders and decoders")
struct KexecOpTests {
    static func randomCalls(_ rng: inout SeededRNG) -> [KexecOp] {
        var h = KexecOp.LoadHeader.random(using: &rng)
        h.nrSegments = 0
        let segs = (0 ..< Int.random(in: 0 ... 4, using: &rng)).map { _ in
            KexecOp.Segment(bytes: (0 ..< Int.random(in: 0 ... 200, using: &rng)).map { _ in UInt8.random(in: 0 ... .max, using: &rng) },
                            destMaddr: rng.next(), destSize: rng.next())
        }
        return [.exec(.random(using: &rng)), .getRange(.random(using: &rng)), .load(h, segments: segs),
                .unload(.random(using: &rng)), .status(.random(using: &rng))]
    }

    @Test("every interface-4.4 command round-trips with random fields")
    func roundTrips() throws {
        var rng = SeededRNG(seed: 0x6ec0_0001)
        for _ in 0 ..< 100 {
            for c in Self.randomCalls(&rng) {
                let (d, same) = try roundTrip(c)
                #expect(d == c)
                #expect(same)
            }
        }
    }

    @Test("kexec_load nests segments, each nesting its image")
    func nesting() {
        let e = KexecOp.load(.init(type: UInt8(KEXEC_TYPE_CRASH), arch: 62), segments: [.init(bytes: [1, 2, 3], destMaddr: 0x100_0000, destSize: 4096)]).encoded
        #expect(e.buffers.count == 3)
        #expect(e.buffers[1].site == .nested(buffer: 0, offset: KexecOp.LoadHeader.Offsets.segments))
        #expect(e.buffers[2].site == .nested(buffer: 1, offset: KexecOp.SegmentRaw.Offsets.buf) && e.buffers[2].size == 3)
        #expect(e.load(UInt32.self, buffer: 0, at: KexecOp.LoadHeader.Offsets.nrSegments) == 1)
    }

    @Test("hostile segment counts and sizes are typed errors")
    func hostile() {
        func refused(_ expected: DecodeError, sourceLocation: SourceLocation = #_sourceLocation, _ patch: (inout EncodedCall) -> Void) {
            var e = KexecOp.load(.init(), segments: [.init(bytes: [1], destMaddr: 0, destSize: 1)]).encoded
            let a = e.placeLinear()
            patch(&e)
            #expect(throws: expected, sourceLocation: sourceLocation) { try KexecOp.decode(e.raw, memory: CallImageMemory(e, addresses: a)) }
        }
        refused(DecodeError(.invalid("nr_segments 4294967295 exceeds 16"), at: "kexec_op.load.nr_segments")) { $0.store(UInt32.max, buffer: 0, at: KexecOp.LoadHeader.Offsets.nrSegments) }
        refused(DecodeError(.unreadable(.EFAULT), at: "kexec_op.load.segments")) { $0.store(UInt32(2), buffer: 0, at: KexecOp.LoadHeader.Offsets.nrSegments) }
        refused(DecodeError(.invalid("count 18446744073709551615 exceeds 16777216 elements of 1 bytes"), at: "kexec_op.load.segments[0].buf_size")) { $0.store(UInt64.max, buffer: 1, at: KexecOp.SegmentRaw.Offsets.bufSize) }
        refused(DecodeError(.unreadable(.EFAULT), at: "kexec_op.load.segments[0].buf")) { $0.store(UInt64(2), buffer: 1, at: KexecOp.SegmentRaw.Offsets.bufSize) }
    }

    @Test("catalog and multicall")
    func catalogAndMulticall() throws {
        let c = try CallCatalog.make("kexec_op", "kexec_load", FieldValues(arguments: ["type=1", "image=1,2", "dest_maddr=0x1000"]))
        #expect(c == .kexecOp(.load(.init(type: 1), segments: [.init(bytes: [1, 2], destMaddr: 0x1000, destSize: 2)])))
        var rng = SeededRNG(seed: 0x6ec0_0002)
        let m = Multicall(Self.randomCalls(&rng).map { .init(.kexecOp($0)) })
        let (d, same) = try roundTrip(m)
        #expect(d == m && same)
    }
}
