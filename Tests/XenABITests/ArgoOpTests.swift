import CXen
import Testing
@testable import XenABI
import GuestPlacement
import XenABITestSupport

@Suite("argo_op encoders and decoders")
struct ArgoOpTests {
    static func bytes(_ n: Int, _ rng: inout SeededRNG) -> [UInt8] { (0 ..< n).map { _ in UInt8.random(in: 0 ... .max, using: &rng) } }

    static func randomCalls(_ rng: inout SeededRNG) -> [ArgoOp] {
        let iovs = (0 ..< Int.random(in: 0 ... ArgoOp.maxIOV, using: &rng)).map { _ in bytes(Int.random(in: 0 ... 100, using: &rng), &rng) }
        let ents = (0 ..< Int.random(in: 0 ... 10, using: &rng)).map { _ in ArgoOp.RingDataEnt.random(using: &rng) }
        return [
            .registerRing(.random(using: &rng), gfns: (0 ..< Int.random(in: 0 ... 16, using: &rng)).map { _ in rng.next() }, flags: rng.next()),
            .unregisterRing(.random(using: &rng)),
            .sendv(.random(using: &rng), iovs: iovs, messageType: .random(in: 0 ... .max, using: &rng)),
            .notify(ents), .notify(nil),
        ]
    }

    @Test("every XEN_ARGO_OP round-trips with random fields")
    func roundTrips() throws {
        var rng = SeededRNG(seed: 0xa290_0001)
        for _ in 0 ..< 100 {
            for c in Self.randomCalls(&rng) {
                let (d, same) = try roundTrip(c)
                #expect(d == c)
                #expect(same)
            }
        }
    }

    @Test("sendv nests each iov's bytes; notify appends entries after the header")
    func shapes() {
        let s = ArgoOp.sendv(.init(dstAport: 7, dstDomainID: 0), iovs: [[1, 2], [3]], messageType: 9).encoded
        #expect(s.raw.args[3] == 2 && s.raw.args[4] == 9)
        #expect(s.buffers[2].site == .nested(buffer: 1, offset: ArgoOp.IOVRaw.Offsets.iovHnd))
        #expect(s.buffers[3].site == .nested(buffer: 1, offset: ArgoOp.IOVRaw.size + ArgoOp.IOVRaw.Offsets.iovHnd))
        let n = ArgoOp.notify([.init(aport: 1)]).encoded
        #expect(n.buffers[0].size == ArgoOp.ringDataOffset + ArgoOp.RingDataEnt.size)
    }

    @Test("hostile counts and unused arguments are typed errors")
    func hostile() {
        func refused(_ expected: DecodeError, _ c: ArgoOp, sourceLocation: SourceLocation = #_sourceLocation,
                     _ patch: (inout HypercallArgs, inout EncodedCall) -> Void) {
            var e = c.encoded
            let a = e.placeLinear()
            var r = e.raw.args
            patch(&r, &e)
            let mem = CallImageMemory(e, addresses: a)
            #expect(throws: expected, sourceLocation: sourceLocation) { try ArgoOp.decode(RawHypercall(op: e.op, args: r), memory: mem) }
        }
        refused(DecodeError(.invalid("niov 9 exceeds XEN_ARGO_MAXIOV"), at: "argo_op.sendv.arg3"), .sendv(.init(), iovs: [[1]], messageType: 0)) { r, _ in r[3] = 9 }
        refused(DecodeError(.invalid("count 4294967295 exceeds 16777216 elements of 1 bytes"), at: "argo_op.sendv.iov[0]"), .sendv(.init(), iovs: [[1]], messageType: 0)) { _, e in e.store(UInt32.max, buffer: 1, at: ArgoOp.IOVRaw.Offsets.iovLen) }
        refused(DecodeError(.invalid("count 1099511627776 exceeds 2097152 elements of 8 bytes"), at: "argo_op.register_ring.arg2"), .registerRing(.init(), gfns: [1], flags: 0)) { r, _ in r[3] = 1 << 40 }
        refused(DecodeError(.invalid("nent 4294967295 exceeds 4096"), at: "argo_op.notify.nent"), .notify([.init()])) { _, e in e.store(UInt32.max, buffer: 0, at: ArgoOp.RingDataHeader.Offsets.nent) }
        refused(DecodeError(.invalid("arg2 must be NULL and arg3, arg4 zero"), at: "argo_op.notify"), .notify(nil)) { r, _ in r[3] = 1 }
        refused(DecodeError(.invalid("arg2 must be NULL and arg3, arg4 zero"), at: "argo_op.unregister_ring"), .unregisterRing(.init())) { r, _ in r[4] = 1 }
    }

    @Test("catalog and multicall")
    func catalogAndMulticall() throws {
        #expect(try CallCatalog.make("argo_op", "sendv", FieldValues(arguments: ["dst.aport=5", "text=hi"]))
            == .argoOp(.sendv(.init(dstAport: 5), iovs: [[0x68, 0x69]], messageType: 0)))
        var rng = SeededRNG(seed: 0xa290_0002)
        let m = Multicall(Self.randomCalls(&rng).map { .init(.argoOp($0)) })
        let (d, same) = try roundTrip(m)
        #expect(d == m && same)
    }
}
