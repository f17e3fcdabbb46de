/// A documented difference between the model and Xen 4.17 on a read-only
/// call: which classes, which aspects of the answer, why, and where Specs
/// states it. The differential check fails on any difference no entry
/// explains; Xen `linear` against Xen in a flavour has no entries (a
/// difference there is the patch series' to fix).
public struct KnownDifference: Hashable, Sendable, CustomStringConvertible {
    /// What differs.
    public enum Aspect: Hashable, Sendable {
        /// The result.
        case result
        /// Which bytes are written.
        case footprint
    }

    /// A short stable name, shown in the table.
    public var id: String
    /// The classes it covers: a class name, or a prefix ending in `.` or `[`.
    public var classes: [String]
    /// The aspects that may differ.
    public var aspects: Set<Aspect>
    /// Why.
    public var reason: String
    /// Where Specs says so.
    public var spec: String

    /// An entry.
    public init(_ id: String, classes: [String], aspects: Set<Aspect>, reason: String, spec: String) {
        self.id = id
        self.classes = classes
        self.aspects = aspects
        self.reason = reason
        self.spec = spec
    }

    /// Whether it covers class `name`.
    public func covers(_ name: String) -> Bool {
        classes.contains { c in c == name || ((c.hasSuffix(".") || c.hasSuffix("[")) && name.hasPrefix(c)) }
    }

    /// The entry explaining every difference of a call of class `name`, if one does.
    public static func explaining(_ name: String, _ differences: [ModelDifference], in table: [KnownDifference] = table) -> KnownDifference? {
        guard !differences.isEmpty else { return nil }
        let aspects = Set(differences.map(\.aspect))
        return table.first { $0.covers(name) && aspects.isSubset(of: $0.aspects) }
    }

    public var description: String { "\(id) (\(spec))" }

    /// The known differences (Specs/abi.md section 10, "Differential
    /// conformance against Xen 4.17", one paragraph each).
    public static let table: [KnownDifference] = [
        KnownDifference(
            "xsm-no-flask", classes: ["xsm_op."], aspects: [.result, .footprint],
            reason: "this Xen runs the XSM dummy (no FLASK policy): every xsm_op is -ENOSYS; the model keeps generic semantics for FLASK ops, so the flavour-equivalence tests still cover their encoders",
            spec: "Specs/abi.md §10, differential: xsm-no-flask"),
    ]
}
