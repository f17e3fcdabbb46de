/// Typed-encode figures of `xenabi bench` (issue 7): ns per call into a
/// reused (warm) `EncodedCall`, against the same call into a fresh one, and
/// heap allocations per call in the steady state (target: 0); the
/// reservation encode also against its minimal C and Swift peers
/// (`EncodePeers`: target within 3x of the C peer).
public enum EncodeFigures {
    /// Measures every encode figure with `sampler`.
    public static func run(_ sampler: BenchSampler) -> [BenchFigure] {
        let w = EncodeWorkload()
        var out: [BenchFigure] = []
        let cases: [(String, (Int) -> UInt64, (Int) -> UInt64)] = [
            ("memory_op.increase_reservation", w.runReservation, w.runReservationCold),
            ("grant_table_op.copy16", w.runCopies, w.runCopiesCold),
            ("multicall32", w.runMulticall, w.runMulticallCold),
        ]
        for (name, warm, cold) in cases {
            let c = sampler.measure(cold).median
            let h = sampler.measure(warm).median
            out.append(BenchFigure(name: "encode.\(name).fresh", value: c, unit: "ns"))
            out.append(BenchFigure(name: "encode.\(name)", value: h, unit: "ns",
                                   peer: "encode.\(name).fresh", ratio: speedup(h, over: c)))
            // Allocation counts: over 1000 calls after the warm-up above.
            let allocations = BenchAllocations.perCall(1000, warm)
            if let a = allocations {
                out.append(BenchFigure(name: "encode.\(name).allocations", value: a, unit: "allocs/call",
                                       target: "0 allocs/call", met: a == 0))
            }
            if name == "memory_op.increase_reservation" {
                // The peers do the same work: the struct's fields past the
                // handle as the typed encode writes them.
                _ = warm(1)
                let typed = Array(Array(w.call.bytes(of: 0)).dropFirst(8))
                precondition(EncodePeerWorkload().reservationFields(c: true).map { $0 == typed } ?? true
                             && EncodePeerWorkload().reservationFields(c: false) == typed,
                             "the encode peers write other xen_memory_reservation fields than the typed encode")
                out += peerFigures(name, warm: warm, allocations: allocations, sampler)
            }
            if let a = BenchAllocations.perCall(1000, cold) {
                out.append(BenchFigure(name: "encode.\(name).fresh.allocations", value: a, unit: "allocs/call"))
            }
        }
        withExtendedLifetime(w) {}
        return out
    }

    /// The minimal peers of the reservation encode (`EncodePeers`), each
    /// measured in interleaved pairs with the warm typed encode `warm` (as
    /// the model call's C dispatch): each peer's time, then the typed
    /// encode against it (`.vs-c`, `.vs-swift`: ratio = the median of the
    /// per-pair peer / typed, so 0.33 is "3x the peer's time"). The goal:
    /// the warm typed encode within 3x of the C peer, with 0 allocations.
    static func peerFigures(_ name: String, warm: (Int) -> UInt64, allocations: Double?, _ sampler: BenchSampler) -> [BenchFigure] {
        let p = EncodePeerWorkload()
        var out: [BenchFigure] = []
        let base = "encode.\(name)"
        if let runC = p.runC {
            let pair = sampler.compare(warm, with: runC)
            out.append(BenchFigure(name: "\(base).peer.c", value: pair.peer.median, unit: "ns"))
            out.append(BenchFigure(name: "\(base).vs-c", value: pair.body.median, unit: "ns", peer: "\(base).peer.c",
                                   ratio: pair.ratio, target: "<= 3x C peer (interleaved pairs), 0 allocs/call",
                                   met: pair.ratio >= 1.0 / 3 && allocations.map { $0 == 0 } ?? true))
        }
        let pair = sampler.compare(warm, with: p.runSwift)
        out.append(BenchFigure(name: "\(base).peer.swift", value: pair.peer.median, unit: "ns"))
        out.append(BenchFigure(name: "\(base).vs-swift", value: pair.body.median, unit: "ns", peer: "\(base).peer.swift",
                               ratio: pair.ratio))
        withExtendedLifetime(p) {}
        return out
    }
}
