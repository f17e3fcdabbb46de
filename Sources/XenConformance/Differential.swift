import XenABI

/// What one side answered to a call in `linear`: the result and the bytes
/// it wrote (`Footprint` of two runs, one per poison).
public struct Observed: Hashable, Sendable {
    /// The result, or -errno.
    public var result: Int64
    /// The bytes written.
    public var footprint: Footprint

    /// An observation.
    public init(result: Int64, footprint: Footprint) {
        self.result = result
        self.footprint = footprint
    }
}

/// How the model's answer to a call differs from Xen's, once the host's
/// own state is set aside (`ReadClass`).
public enum ModelDifference: Hashable, Sendable, CustomStringConvertible {
    /// The results differ (for a `hostValue` class: in sign or errno).
    case result(xen: Int64, model: Int64)
    /// Encoded buffer `buffer` was written at different bytes (host fields
    /// left out; a host extent that is not whole elements from its start).
    case footprint(buffer: Int, xen: [Range<Int>], model: [Range<Int>])

    /// Which aspect of the answer differs.
    public var aspect: KnownDifference.Aspect {
        switch self {
        case .result: .result
        case .footprint: .footprint
        }
    }

    public var description: String {
        switch self {
        case .result(let x, let m): "result: Xen \(x), model \(m)"
        case .footprint(let b, let x, let m): "buffer \(b) written: Xen \(Differential.show(x)), model \(Differential.show(m))"
        }
    }
}

/// One planned call run on the real Xen in `linear` and every physical
/// flavour, and on the model in `linear`.
public struct CallDifferential: Sendable {
    /// The call.
    public var entry: ReadPlan.Entry
    /// Its class.
    public var readClass: ReadClass
    /// Xen in each physical flavour against Xen in `linear` (`Conformance.topLevel`).
    public var flavours: [(flavour: Flavour, comparison: Conformance.Comparison)]
    /// Xen in `linear`.
    public var xen: Observed
    /// The model in `linear`.
    public var model: Observed
    /// How the model differs from Xen (empty: model = Xen).
    public var modelDifferences: [ModelDifference]
}

/// The differential check: Xen `linear` = Xen in each flavour = the model,
/// per call (Specs/abi.md section 10, "Differential conformance against
/// Xen 4.17").
public enum Differential {
    /// The physical flavours each call is sent in.
    public static let flavours: [Flavour] = [.flat, .gfnList, .tagged]

    /// Runs `entry` on `xen` (linear, then each flavour with a linear run
    /// on either side, then linear with the second poison) and on `model`
    /// (linear, with each poison), and compares.
    public static func run(_ entry: ReadPlan.Entry, xen: some CallExecutor, model: some CallExecutor) -> CallDifferential {
        let readClass = ReadClass.of(entry.call) ?? ReadClass(entry.className)
        let comparisons = flavours.map { f in (flavour: f, comparison: Conformance.topLevel(entry.call, in: f, on: xen)) }
        let first = comparisons[0].comparison.linear
        let second = Conformance.run(entry.call, .linear, on: xen, poison: Conformance.secondPoison)
        let x = Observed(result: first.result, footprint: first.footprint.union(second.footprint))
        let m = observe(entry.call, on: model)
        return CallDifferential(entry: entry, readClass: readClass, flavours: comparisons, xen: x, model: m,
                                modelDifferences: compare(readClass, xen: x, model: m))
    }

    /// `call` in `linear` on `executor`, with each poison.
    public static func observe(_ call: AnyHypercall, on executor: some CallExecutor) -> Observed {
        let a = Conformance.run(call, .linear, on: executor)
        let b = Conformance.run(call, .linear, on: executor, poison: Conformance.secondPoison)
        return Observed(result: a.result, footprint: a.footprint.union(b.footprint))
    }

    /// How `model` differs from `xen` for a call of class `c`.
    public static func compare(_ c: ReadClass, xen: Observed, model: Observed) -> [ModelDifference] {
        var out: [ModelDifference] = []
        let sameResult = switch c.result {
        case .status: xen.result == model.result
        case .hostValue: xen.result == model.result || (xen.result >= 0 && model.result >= 0)
        }
        if !sameResult { out.append(.result(xen: xen.result, model: model.result)) }
        for i in 0 ..< max(xen.footprint.buffers.count, model.footprint.buffers.count) {
            let hidden = c.hostFields.filter { $0.buffer == i }.map(\.range)
            let x = subtract(i < xen.footprint.buffers.count ? xen.footprint.buffers[i] : [], hidden)
            let m = subtract(i < model.footprint.buffers.count ? model.footprint.buffers[i] : [], hidden)
            // Inside a host extent only the shape counts; outside, every byte.
            let windows = c.hostExtents.filter { $0.buffer == i }
            let outside = windows.map { $0.from ..< Int.max }
            var same = subtract(x, outside) == subtract(m, outside)
            for w in windows {
                let window = w.from ..< Int.max
                same = same && isWholeElements(clamp(x, window), w) && isWholeElements(clamp(m, window), w)
            }
            if !same { out.append(.footprint(buffer: i, xen: x, model: m)) }
        }
        return out
    }

    /// Nothing, or one run of whole elements starting at the extent's start.
    static func isWholeElements(_ ranges: [Range<Int>], _ e: ReadClass.HostExtent) -> Bool {
        guard let r = ranges.first else { return true }
        return ranges.count == 1 && r.lowerBound == e.from && r.count % e.element == 0
    }

    /// `ranges` without the bytes of `holes`.
    static func subtract(_ ranges: [Range<Int>], _ holes: [Range<Int>]) -> [Range<Int>] {
        var out = ranges
        for h in holes {
            out = out.flatMap { r -> [Range<Int>] in
                guard r.overlaps(h) else { return [r] }
                var parts: [Range<Int>] = []
                if r.lowerBound < h.lowerBound { parts.append(r.lowerBound ..< h.lowerBound) }
                if h.upperBound < r.upperBound { parts.append(h.upperBound ..< r.upperBound) }
                return parts
            }
        }
        return out
    }

    /// The parts of `ranges` inside `window`.
    static func clamp(_ ranges: [Range<Int>], _ window: Range<Int>) -> [Range<Int>] {
        ranges.map { $0.clamped(to: window) }.filter { !$0.isEmpty }
    }

    /// `8..<48 64..<68`, or `nothing`.
    static func show(_ ranges: [Range<Int>]) -> String {
        ranges.isEmpty ? "nothing" : ranges.map { "\($0.lowerBound)..<\($0.upperBound)" }.joined(separator: " ")
    }
}
