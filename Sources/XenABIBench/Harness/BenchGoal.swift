/// One goal of issue 15 ("hot paths against fair peers"), decided from the
/// figures of one `xenabi bench` run: the figures it reads (selected by
/// name), what each must show, and the verdict with the worst ratio and its
/// peer, so `--json` answers "met" per goal from ratios measured side by
/// side in that run.
public struct BenchGoal: Sendable {
    /// Short name (`walk`, `softtlb.purge`, ...).
    public var id: String
    /// The goal in the words.
    public var statement: String
    /// What each selected figure must show, in words.
    public var target: String
    /// Which figures of the run the goal reads.
    public var selects: @Sendable (String) -> Bool
    /// Whether one selected figure meets the goal (by default: its own `met`).
    public var holds: @Sendable (BenchFigure) -> Bool
    /// The kinds of figure the goal needs, each named: a run without a
    /// figure of one of them cannot meet it (a peer not measured yet).
    public var parts: [(name: String, selects: @Sendable (String) -> Bool)]

    /// A goal over the figures `selects` picks, each judged by `holds`,
    /// needing a figure of each of `parts` (by default one of `selects`).
    public init(id: String, statement: String, target: String, selects: @escaping @Sendable (String) -> Bool,
                holds: @escaping @Sendable (BenchFigure) -> Bool = { $0.met == true },
                parts: [(name: String, selects: @Sendable (String) -> Bool)]? = nil) {
        self.id = id
        self.statement = statement
        self.target = target
        self.selects = selects
        self.holds = holds
        self.parts = parts ?? [(id, selects)]
    }

    /// The verdict of one run.
    public struct Verdict: Sendable {
        /// The goal.
        public var goal: BenchGoal
        /// The figures it read, each with whether it holds.
        public var figures: [(figure: BenchFigure, peerValue: Double?, holds: Bool)]
        /// The parts of the goal no figure of this run measured.
        public var missing: [String]
        /// Every figure holds, and every part has one.
        public var met: Bool { !figures.isEmpty && missing.isEmpty && figures.allSatisfy(\.holds) }
        /// The figure furthest from its peer (lowest ratio, where 1 means
        /// level with the peer and above 1 better), failing ones first.
        public var worst: (figure: BenchFigure, peerValue: Double?, holds: Bool)? {
            figures.min { a, b in
                if a.holds != b.holds { return !a.holds }
                return (a.figure.ratio ?? .infinity) < (b.figure.ratio ?? .infinity)
            }
        }
    }

    /// The verdict on `figures` (one run).
    public func verdict(_ figures: [BenchFigure]) -> Verdict {
        let byName = Dictionary(figures.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let picked = figures.filter { selects($0.name) }.map { f in
            (figure: f, peerValue: f.peer.flatMap { byName[$0]?.value }, holds: holds(f))
        }
        let missing = parts.filter { part in !figures.contains { part.selects($0.name) } }.map(\.name)
        return Verdict(goal: self, figures: picked, missing: missing)
    }
}

/// Issue 15's goals, as `xenabi bench` reports them. A goal whose figures
/// this run did not produce (no peer yet, or filtered out) is not met.
public enum BenchGoals {
    /// Every goal, in the order.
    public static let all: [BenchGoal] = [
        BenchGoal(id: "encode", statement: "Warm typed encode within 3x of a minimal encoder of the same call (C peer, same run); 0 allocations",
                  target: "<= 3x the C peer's time, 0 allocs/call",
                  selects: { $0 == "encode.memory_op.increase_reservation.vs-c" }),
        BenchGoal(id: "model.call", statement: "A whole model call with 0 allocations, and a fixed overhead within 5x of a minimal C dispatch of the same call",
                  target: "0 allocs/call; <= 5x a C dispatch",
                  selects: { $0.hasPrefix("model.call.") && ($0.hasSuffix(".allocations") || $0.hasSuffix(".vs-c")) },
                  parts: [("allocations of whole calls", { $0.hasPrefix("model.call.") && $0.hasSuffix(".allocations") }),
                          ("a minimal C dispatch of the same call", { $0.hasPrefix("model.call.") && $0.hasSuffix(".vs-c") })]),
        BenchGoal(id: "model.copy.4K", statement: "Model copies of 4 KiB at or above 0.65x memcpy in every physical flavour",
                  target: ">= 0.65x memcpy",
                  selects: { n in ["flat", "one-level", "two-level", "tagged"].contains { n == "model.copy.\($0).4K" } },
                  holds: { ($0.ratio ?? 0) >= 0.65 },
                  parts: [("flat", { $0 == "model.copy.flat.4K" }), ("a GFN list", { $0 == "model.copy.one-level.4K" })]),
        BenchGoal(id: "model.copy.vs-c", statement: "Model copies within 2x of a C copy over the same frame layout at 64 B and 512 B",
                  target: "<= 2x the C copy's time",
                  selects: { $0.hasPrefix("model.copy.") && $0.contains(".vs-c.") },
                  parts: [("a C copy over the same frame layout at 64 B and 512 B", { $0.hasPrefix("model.copy.") && $0.contains(".vs-c.") })]),
        BenchGoal(id: "walk", statement: "The model's page walk within 1.5x of a C walk over the same tables",
                  target: "<= 1.5x the C walk's time",
                  selects: { $0.hasPrefix("model.walk.vs-c.") }),
        BenchGoal(id: "softtlb.register", statement: "SoftTLB registration of n entries in O(n log n) or better overall, including one at a time",
                  target: "per-entry time grows <= 2x from 1024 to 4096 entries",
                  selects: { $0 == "softtlb.register.growth" }),
        BenchGoal(id: "softtlb.purge", statement: "A purge invalidates only what it removed; the hit's median stays under 5 ns with a purge every 10 us on another thread",
                  target: "0 refills per purge; hit <= 5 ns",
                  selects: { $0 == "softtlb.hit-under-purge.64" || $0 == "softtlb.hit-under-purge.refills-per-purge" },
                  parts: [("hit under purge", { $0 == "softtlb.hit-under-purge.64" }),
                          ("refills per purge", { $0 == "softtlb.hit-under-purge.refills-per-purge" })]),
    ]
}
