import CXen
import Testing
@testable import XenABI
import GuestPlacement
import XenABITestSupport

@Suite("grant_table_op encoders and decoders")
struct GrantTableOpTests {
    static func many<S>(_ rng: inout SeededRNG, _ make: (inout SeededRNG) -> S) -> [S] {
        (0 ..< Int.random(in: 0 ... 12, using: &rng)).map { _ in make(&rng) }
    }

    static func copy(_ rng: inout SeededRNG) -> GrantTableOp.Copy {
        func side(_ rng: inout SeededRNG) -> GrantTableOp.Copy.Ptr {
            .init(rng.next() & 1 == 0 ? .ref(.random(in: 0 ... .max, using: &rng)) : .gmfn(rng.next()),
                  domid: .random(in: 0 ... .max, using: &rng), offset: .random(in: 0 ... .max, using: &rng))
        }
        return .init(source: side(&rng), dest: side(&rng), len: .random(in: 0 ... .max, using: &rng),
                     flags: .random(in: 0 ... .max, using: &rng))
    }

    static func randomCalls(_ rng: inout SeededRNG) -> [GrantTableOp] {
        var setup = GrantTableOp.SetupTable.random(using: &rng)
        setup.nrFrames = .random(in: 0 ... 64, using: &rng)
        var status = GrantTableOp.GetStatusFrames.random(using: &rng)
        status.nrFrames = .random(in: 0 ... 64, using: &rng)
        return [
            .mapGrantRef(many(&rng) { .random(using: &$0) }), .unmapGrantRef(many(&rng) { .random(using: &$0) }),
            .setupTable(setup), .dumpTable(.random(using: &rng)), .transfer(many(&rng) { .random(using: &$0) }),
            .copy(many(&rng) { copy(&$0) }), .querySize(.random(using: &rng)),
            .unmapAndReplace(many(&rng) { .random(using: &$0) }), .setVersion(.random(using: &rng)),
            .getStatusFrames(status), .getVersion(.random(using: &rng)), .swapGrantRef(many(&rng) { .random(using: &$0) }),
            .cacheFlush(many(&rng) { .random(using: &$0) }, opaque: .random(in: 0 ... 1 << 20, using: &rng)),
        ]
    }

    @Test("every sub-op 0-12 round-trips with random fields")
    func roundTrips() throws {
        var rng = SeededRNG(seed: 0x6e77_0001)
        var seen = Set<Int32>()
        for _ in 0 ..< 60 {
            for c in Self.randomCalls(&rng) {
                seen.insert(c.cmd)
                let (d, same) = try roundTrip(c)
                #expect(d == c)
                #expect(same)
            }
        }
        #expect(seen == Set(0 ... 12))
    }

    @Test("copy: the union member follows the GNTCOPY_*_gref flag")
    func copyUnion() throws {
        let c = GrantTableOp.Copy(source: .init(.ref(7), domid: 1, offset: 8), dest: .init(.gmfn(0x1234_5678_9), domid: 0x7ff0, offset: 0), len: 64)
        let e = GrantTableOp.copy([c]).encoded
        let flags = e.load(UInt16.self, buffer: 0, at: GrantTableOp.CopyRaw.Offsets.flags)
        #expect(flags == UInt16(GNTCOPY_source_gref))
        #expect(e.load(UInt32.self, buffer: 0, at: GrantTableOp.CopyRaw.Offsets.sourceRef) == 7)
        #expect(e.load(UInt64.self, buffer: 0, at: GrantTableOp.CopyRaw.Offsets.destU) == 0x1234_5678_9)
        #expect(e.raw.args[2] == 1)
        let (d, _) = try roundTrip(GrantTableOp.copy([c]))
        #expect(d == .copy([c]))
    }

    @Test("setup_table nests frame_list; cache_flush keeps its continuation in cmd")
    func shapes() {
        let s = GrantTableOp.setupTable(.init(dom: 0x7ff0, nrFrames: 4)).encoded
        #expect(s.buffers.count == 2 && s.buffers[1].size == 32 && s.buffers[1].direction == .out)
        #expect(s.buffers[1].site == .nested(buffer: 0, offset: GrantTableOp.SetupTable.Offsets.frameList))
        let f = GrantTableOp.cacheFlush([.init(a: 1, offset: 0, length: 8, op: 1)], opaque: 5).encoded
        #expect(f.raw.args[0] == UInt64(GNTTABOP_cache_flush) | 5 << UInt64(XENABI_GNTTABOP_CONTINUATION_ARG_SHIFT))
    }

    func refused(_ expected: DecodeError, _ call: GrantTableOp, sourceLocation: SourceLocation = #_sourceLocation,
                 _ patch: (inout HypercallArgs, inout EncodedCall) -> Void) {
        var c = call.encoded
        let a = c.placeLinear()
        var raw = c.raw.args
        patch(&raw, &c)
        let mem = CallImageMemory(c, addresses: a)
        #expect(throws: expected, sourceLocation: sourceLocation) { try GrantTableOp.decode(RawHypercall(op: c.op, args: raw), memory: mem) }
    }

    @Test("hostile counts and commands are typed errors")
    func hostile() {
        refused(DecodeError(.invalid("count 4294967295 exceeds 524288 elements of 32 bytes"), at: "grant_table_op.map_grant_ref"), .mapGrantRef([.init()])) { r, _ in r[2] = UInt64(UInt32.max) }      // 4G entries: bounded, no allocation
        refused(DecodeError(.invalid("count 1099511627776 exceeds 419430 elements of 40 bytes"), at: "grant_table_op.copy"), .copy([])) { r, _ in r[2] = 1 << 40 }
        refused(DecodeError(.unreadable(.EFAULT), at: "grant_table_op.map_grant_ref"), .mapGrantRef([.init()])) { r, _ in r[2] = 2 }                         // beyond the buffer: EFAULT
        refused(DecodeError(.invalid("count 2 must be 1"), at: "grant_table_op.query_size.count"), .querySize(.init())) { r, _ in r[2] = 2 }                             // count must be 1
        refused(DecodeError(.invalid("count 4294967295 exceeds 2097152 elements of 8 bytes"), at: "grant_table_op.setup_table.nr_frames"), .setupTable(.init(nrFrames: 1))) { _, c in c.store(UInt32.max, buffer: 0, at: GrantTableOp.SetupTable.Offsets.nrFrames) }
        refused(DecodeError(.invalid("count 4294967295 exceeds 2097152 elements of 8 bytes"), at: "grant_table_op.get_status_frames.nr_frames"), .getStatusFrames(.init(nrFrames: 1))) { _, c in c.store(UInt32.max, buffer: 0, at: GrantTableOp.GetStatusFrames.Offsets.nrFrames) }
        refused(DecodeError(.invalid("continuation argument 1 in cmd"), at: "grant_table_op.map_grant_ref"), .mapGrantRef([])) { r, _ in r[0] |= 1 << 12 }                         // continuation only for cache_flush
        refused(DecodeError(.unknownSubop(13), at: "grant_table_op"), .mapGrantRef([])) { r, _ in r[0] = 13 }
    }

    @Test("catalog and multicall")
    func catalogAndMulticall() throws {
        #expect(CallCatalog.entries.filter { $0.hypercall == "grant_table_op" }.count == 13)
        let c = try CallCatalog.make("grant_table_op", "copy", FieldValues(arguments: ["source_ref=3", "dest_gmfn=0x100", "len=4096", "count=2"]))
        guard case .grantTableOp(.copy(let v)) = c else { Issue.record("not a copy"); return }
        #expect(v.count == 2 && v[0].source.target == .ref(3) && v[0].dest.target == .gmfn(0x100))
        var rng = SeededRNG(seed: 0x6e77_0002)
        let m = Multicall(Self.randomCalls(&rng).map { .init(.grantTableOp($0)) })
        let (d, same) = try roundTrip(m)
        #expect(d == m)
        #expect(same)
    }
}
