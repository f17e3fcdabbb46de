/// One figure's workload alone, for a profiler (`xenabi bench --profile
/// NAME --iterations N`): no sampling, no other figures. Running it at N
/// and 2N iterations under `valgrind --tool=callgrind` and subtracting
/// gives the instructions of one iteration, a figure that load on the
/// machine does not move.
public enum BenchProfiles {
    /// The workloads a profile can run, by figure name.
    public static var names: [String] {
        var out = encodeNames.map { "encode.\($0)" } + ["encode.memory_op.increase_reservation.peer.c",
                                                         "encode.memory_op.increase_reservation.peer.swift"]
        for (name, _) in ModelCallFigures.calls {
            out += ModelCallWorkload.Naming.allCases.map { "model.call.\(name).\($0.rawValue)" }
            out += ["model.call.\(name).flat.execute", "model.call.\(name).c"]
        }
        return out
    }

    static let encodeNames = ["memory_op.increase_reservation", "grant_table_op.copy16", "multicall32"]

    /// The loop of figure `name` (nil for an unknown name, or a C peer not linked).
    public static func workload(_ name: String) -> ((Int) -> UInt64)? {
        switch name {
        case "encode.memory_op.increase_reservation": return EncodeWorkload().runReservation
        case "encode.grant_table_op.copy16": return EncodeWorkload().runCopies
        case "encode.multicall32": return EncodeWorkload().runMulticall
        case "encode.memory_op.increase_reservation.peer.c": return EncodePeerWorkload().runC
        case "encode.memory_op.increase_reservation.peer.swift": return EncodePeerWorkload().runSwift
        default: break
        }
        for (call, value) in ModelCallFigures.calls where name.hasPrefix("model.call.\(call).") {
            let rest = name.dropFirst("model.call.\(call).".count)
            switch rest {
            case "flat.execute": return ModelCallWorkload(value, naming: .flat).runExecute
            case "c":
                // The C loop borrows the workload's argument block: keep it alive.
                let w = ModelCallWorkload(value, naming: .flat)
                guard let c = w.runCExecute else { return nil }
                return { n in withExtendedLifetime(w) { c(n) } }
            default:
                guard let naming = ModelCallWorkload.Naming(rawValue: String(rest)) else { return nil }
                return ModelCallWorkload(value, naming: naming).run
            }
        }
        return nil
    }
}
