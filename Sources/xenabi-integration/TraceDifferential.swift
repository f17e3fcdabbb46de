import Privcmd
import XenABI
import XenConformance

/// The pvh lane's differential conformance (Specs/abi.md section 10): every
/// read-only call of the bundled real traces (the plan `run.sh` writes with
/// `xenabi trace reads`) sent on this Xen in `linear` and in each physical
/// flavour, and run on the model; one table row per call class.
enum TraceDifferential {
    /// Where the initramfs carries the plan.
    static let plan = "/etc/xenabi-reads.plan"

    static func run(_ r: Report) {
        let entries: [ReadPlan.Entry]
        do {
            guard let text = readFile(plan) else {
                r.check("pvh.differential.plan", false, "no plan at \(plan)")
                return
            }
            entries = try ReadPlan.entries(parsing: text)
            let linear = try XenCall(policy: .linear)
            var table = DifferentialTable()
            let start = nowNanoseconds()
            for e in entries { table.add(Differential.run(e, xen: XenExecutor(xen: linear), model: ModelExecutor())) }
            let ms = (nowNanoseconds() - start) / 1_000_000
            for line in table.lines { r.info("differential \(line)") }
            let everyFlavour = table.rows.filter { row in row.flavourEqual.allSatisfy { $0 == row.calls } }.count
            r.check("pvh.differential.flavours", !entries.isEmpty && table.flavourDifferenceCount == 0,
                    "\(table.calls) read-only calls of \(table.rows.count) classes from the bundled traces, each in linear and "
                        + Differential.flavours.map { "\($0)" }.joined(separator: ", ")
                        + ": \(everyFlavour)/\(table.rows.count) classes equal to linear in every flavour (\(ms) ms)")
            let unexplained = table.rows.filter { !$0.unexplained.isEmpty }.map(\.className)
            r.check("pvh.differential.model", !entries.isEmpty && table.unexplainedCount == 0,
                    "model = Xen in \(table.rows.map(\.modelEqual).reduce(0, +))/\(table.calls) calls; the rest explained by \(table.used.keys.sorted())"
                        + (unexplained.isEmpty ? "" : "; unexplained rows: \(unexplained)"))
        } catch {
            r.check("pvh.differential.plan", false, "\(error)")
        }
    }
}
