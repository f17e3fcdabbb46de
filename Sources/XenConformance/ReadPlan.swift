import XenABI

/// The read-only calls chosen from recorded traces for the differential
/// check: every call the allowlist admits (`ReadClass.of`), each distinct
/// typed value (which holds every input: op, sub-op, scalars, input bytes)
/// once, at most `cap` per class, in the order first seen.
public struct ReadPlan: Sendable {
    /// One chosen call.
    public struct Entry: Hashable, Sendable {
        /// Its class (`ReadClass.name`).
        public var className: String
        /// Where it was first seen (`file:line`), for the report.
        public var source: String
        /// The call.
        public var call: AnyHypercall

        /// An entry of class `className` for `call`, seen at `source`.
        public init(className: String, source: String, call: AnyHypercall) {
            self.className = className
            self.source = source
            self.call = call
        }
    }

    /// What happened to one offered call.
    public enum Verdict: Hashable, Sendable {
        /// Added.
        case added
        /// The same typed value was added before.
        case duplicate
        /// Its class already has `cap` calls.
        case capped
        /// Not on the allowlist.
        case notARead
    }

    /// The calls chosen, in order.
    public private(set) var entries: [Entry] = []
    /// Calls per verdict, over everything offered.
    public private(set) var counts: [Verdict: Int] = [:]
    /// The most calls kept per class.
    public let cap: Int

    private var seen: Set<AnyHypercall> = []
    private var perClass: [String: Int] = [:]

    /// An empty plan keeping at most `cap` calls per class.
    public init(cap: Int = 4) { self.cap = cap }

    /// Offers one decoded call seen at `source`.
    @discardableResult
    public mutating func offer(_ call: AnyHypercall, source: String) -> Verdict {
        let verdict = decide(call, source: source)
        counts[verdict, default: 0] += 1
        return verdict
    }

    private mutating func decide(_ call: AnyHypercall, source: String) -> Verdict {
        guard let c = ReadClass.of(call) else { return .notARead }
        guard !seen.contains(call) else { return .duplicate }
        guard perClass[c.name, default: 0] < cap else { return .capped }
        seen.insert(call)
        perClass[c.name, default: 0] += 1
        entries.append(Entry(className: c.name, source: source, call: call))
        return .added
    }

    /// The classes chosen, in order first seen.
    public var classNames: [String] {
        var out: [String] = []
        for e in entries where !out.contains(e.className) { out.append(e.className) }
        return out
    }
}
