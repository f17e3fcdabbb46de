import XenABI

/// The differential check's report: one row per call class with counts of
/// calls where Xen in each flavour equals Xen in `linear`, and where the
/// model equals Xen, and for every row that differs the known differences
/// that explain it or what is unexplained.
public struct DifferentialTable: Sendable {
    /// One class.
    public struct Row: Sendable {
        /// `ReadClass.name`.
        public var className: String
        /// Calls run.
        public var calls = 0
        /// Per physical flavour (in `Differential.flavours` order): calls equal to `linear`.
        public var flavourEqual = [Int](repeating: 0, count: Differential.flavours.count)
        /// Calls where the model equals Xen.
        public var modelEqual = 0
        /// The known differences that explain the other calls.
        public var explained: [String] = []
        /// Xen in a flavour against Xen in `linear`, per differing call:
        /// `source: what` (never explained: the series must make them equal).
        public var flavourDifferences: [String] = []
        /// Model against Xen, per call no known difference explains: `source: what`.
        public var unexplained: [String] = []
    }

    /// The rows, in order first seen.
    public private(set) var rows: [Row] = []
    /// The known differences in use, by id.
    public private(set) var used: [String: KnownDifference] = [:]
    /// The table the rows are explained with.
    public let known: [KnownDifference]

    /// An empty table explained with `known`.
    public init(known: [KnownDifference] = KnownDifference.table) { self.known = known }

    /// Adds one call's outcome.
    public mutating func add(_ d: CallDifferential) {
        let i = rows.firstIndex { $0.className == d.readClass.name } ?? {
            rows.append(Row(className: d.readClass.name))
            return rows.count - 1
        }()
        rows[i].calls += 1
        for (k, f) in d.flavours.enumerated() {
            if f.comparison.equal {
                rows[i].flavourEqual[k] += 1
            } else {
                rows[i].flavourDifferences.append("\(d.entry.source): Xen \(f.flavour) differs from linear: \(f.comparison.why)")
            }
        }
        if d.modelDifferences.isEmpty {
            rows[i].modelEqual += 1
        } else if let k = KnownDifference.explaining(d.readClass.name, d.modelDifferences, in: known) {
            if !rows[i].explained.contains(k.id) { rows[i].explained.append(k.id) }
            used[k.id] = k
        } else {
            rows[i].unexplained.append("\(d.entry.source): model differs: " + d.modelDifferences.map(\.description).joined(separator: "; "))
        }
    }

    /// Calls whose model answer no known difference explains, over all rows.
    public var unexplainedCount: Int { rows.reduce(0) { $0 + $1.unexplained.count } }

    /// Flavour runs that differ from `linear`, over all rows.
    public var flavourDifferenceCount: Int { rows.reduce(0) { $0 + $1.flavourDifferences.count } }

    /// Calls run.
    public var calls: Int { rows.reduce(0) { $0 + $1.calls } }

    /// The table as text: a header, one line per class, then the known
    /// differences used and every unexplained one.
    public var lines: [String] {
        let names = Differential.flavours.map { "linear=\($0)" }
        let width = max(24, rows.map(\.className.count).max() ?? 0)
        func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
        var out = [pad("class", width) + " calls " + names.map { pad($0, 15) }.joined(separator: " ") + " model=xen explanation"]
        for r in rows {
            let counts = r.flavourEqual.enumerated().map { pad("\($1)/\(r.calls)", max(15, names[$0].count)) }.joined(separator: " ")
            let why = r.unexplained.isEmpty && r.flavourDifferences.isEmpty ? (r.explained.isEmpty ? "-" : r.explained.joined(separator: ", ")) : "UNEXPLAINED"
            out.append(pad(r.className, width) + " " + pad("\(r.calls)", 5) + " " + counts + " " + pad("\(r.modelEqual)/\(r.calls)", 9) + " " + why)
        }
        for k in known where used[k.id] != nil { out.append("known \(k.id): \(k.reason) [\(k.spec)]") }
        for r in rows { for u in r.flavourDifferences + r.unexplained { out.append("unexplained \(r.className) \(u)") } }
        return out
    }
}
