/// One measured figure, optionally compared with a peer measured in the same run.
public struct BenchFigure: Sendable {
    /// Dotted name, e.g. `softtlb.hit.64`.
    public var name: String
    /// The value (for time figures: median ns per operation).
    public var value: Double
    /// Unit of `value` (`ns`, `GB/s`, ...).
    public var unit: String
    /// Name of the figure this one is compared with, if any.
    public var peer: String?
    /// `peer.value / value` for times (how many times faster this is), or
    /// `value / peer.value` for rates: above 1 means better than the peer.
    public var ratio: Double?
    /// The project's target for this figure, in words (`<= 5 ns`, `>= 20x`).
    public var target: String?
    /// Whether the target is met (nil when there is no target).
    public var met: Bool?

    /// A figure.
    public init(name: String, value: Double, unit: String, peer: String? = nil, ratio: Double? = nil,
                target: String? = nil, met: Bool? = nil) {
        self.name = name
        self.value = value
        self.unit = unit
        self.peer = peer
        self.ratio = ratio
        self.target = target
        self.met = met
    }

    /// `name: value unit (ratio vs peer)`, plus the target when there is one.
    public var line: String {
        var s = "\(name): \(BenchFigure.format(value)) \(unit)"
        if let peer, let ratio { s += " (\(BenchFigure.format(ratio))x vs \(peer))" }
        if let target, let met { s += " [target \(target): \(met ? "met" : "MISSED")]" }
        return s
    }

    /// Three significant digits, no exponent for the ranges we print.
    public static func format(_ v: Double) -> String {
        guard v.isFinite else { return "\(v)" }
        let a = abs(v)
        let decimals = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3
        var scale = 1.0
        for _ in 0 ..< decimals { scale *= 10 }
        let r = (v * scale).rounded() / scale
        var s = String(r)
        if decimals == 0, s.hasSuffix(".0") { s.removeLast(2) }
        return s
    }
}

/// Speed-up of a time `t` over a peer time `peer` (how many times faster).
@inlinable
public func speedup(_ t: Double, over peer: Double) -> Double { peer / max(t, 1e-9) }
