import XenABI

/// Whole-hypercall figures of `xenabi bench` (issue 7): ns per call in the
/// hypervisor model, per flavour, against `linear` with page walks (today's
/// ABI): the table the 2022 thread never had.
public enum ModelCallFigures {
    /// The calls measured.
    public static let calls: [(String, AnyHypercall)] = [
        ("xen_version.extraversion", .xenVersion(.extraversion)),
        ("memory_op.increase_reservation64", .memoryOp(.increaseReservation(.init(nrExtents: 64), wantFrames: true))),
    ]

    /// Measures every whole-call figure with `sampler`.
    public static func run(_ sampler: BenchSampler) -> [BenchFigure] {
        var out: [BenchFigure] = []
        for (name, value) in calls {
            let peer = "model.call.\(name).linear.walk"
            var peerTime = 0.0
            for naming in ModelCallWorkload.Naming.allCases {
                let w = ModelCallWorkload(value, naming: naming)
                // The call must succeed in every flavour (a failing one would be fast).
                let rv = Int64(bitPattern: w.run(1))
                precondition(rv >= 0, "\(name) in \(naming.rawValue) failed: \(rv)")
                let t = sampler.measure(w.run).median
                if naming == .linearWalk { peerTime = t }
                let fig = "model.call.\(name).\(naming.rawValue)"
                out.append(naming == .linearWalk
                    ? BenchFigure(name: fig, value: t, unit: "ns")
                    : BenchFigure(name: fig, value: t, unit: "ns", peer: peer, ratio: speedup(t, over: peerTime)))
                // Whole warm calls (guest encode, execute, read-back), counted.
                if let a = BenchAllocations.perCall(100, w.run) {
                    out.append(BenchFigure(name: "\(fig).allocations", value: a, unit: "allocs/call",
                                           target: "0 allocs/call", met: a == 0))
                }
                if naming == .flat, let runC = w.runCExecute {
                    // The hypervisor side alone against a minimal C dispatch
                    // of the same call: the same return value and the same
                    // guest memory after, then samples interleaved.
                    let model = Int64(bitPattern: w.runExecute(1)), digest = w.domain.memory.digest()
                    let c = Int64(bitPattern: runC(1))
                    precondition(model == c && w.domain.memory.digest() == digest,
                                 "\(name): the C dispatch returned \(c) against the model's \(model), or wrote other bytes")
                    let pair = sampler.compare(w.runExecute, with: runC)
                    out.append(BenchFigure(name: "model.call.\(name).flat.execute", value: pair.body.median, unit: "ns"))
                    out.append(BenchFigure(name: "model.call.\(name).c", value: pair.peer.median, unit: "ns"))
                    out.append(BenchFigure(name: "model.call.\(name).vs-c", value: pair.body.median, unit: "ns",
                                           peer: "model.call.\(name).c", ratio: pair.ratio,
                                           target: "<= 5x the C dispatch (interleaved pairs)", met: pair.ratio >= 1.0 / 5))
                    if let a = BenchAllocations.perCall(100, w.runExecute) {
                        out.append(BenchFigure(name: "model.call.\(name).flat.execute.allocations", value: a, unit: "allocs/call",
                                               target: "0 allocs/call", met: a == 0))
                    }
                }
            }
        }
        return out
    }
}
