import XenABI

/// Which bytes of a call's written buffers one run changed: per buffer of
/// the encoded call (empty for a buffer the hypervisor only reads, or a
/// null one), the ranges of bytes whose value differs after the call, in
/// order. Handle slots are never counted (their value is the placement's).
///
/// A byte the encoder did not mark is poisoned before the call
/// (`poison(_:with:)`), so any value the hypervisor stores there shows,
/// unless it equals the poison: the union of two runs with different
/// poisons (`Conformance.poison`, `.secondPoison`) shows every byte stored.
/// An input byte shows only when its value changed (an in/out count).
public struct Footprint: Hashable, Sendable, CustomStringConvertible {
    /// Per encoded buffer, the changed byte ranges.
    public var buffers: [[Range<Int>]]

    /// A footprint from its ranges.
    public init(buffers: [[Range<Int>]]) { self.buffers = buffers }

    /// What changed from `before` to `after` (the same encoded call, before
    /// and after an executor ran it).
    public init(before: EncodedCall, after: EncodedCall) {
        let marks = before.marks
        buffers = before.buffers.enumerated().map { i, b in
            guard b.direction.writes, !b.isNull, b.size > 0 else { return [] }
            let x = before.bytes(of: i), y = after.bytes(of: i)
            var ranges: [Range<Int>] = []
            var start: Int?
            for j in 0 ..< b.size {
                let changed = marks[b.start + j] != .handle && x[x.startIndex + j] != y[y.startIndex + j]
                if changed, start == nil { start = j }
                if !changed, let s = start { ranges.append(s ..< j); start = nil }
            }
            if let s = start { ranges.append(s ..< b.size) }
            return ranges
        }
    }

    /// Sets every unmarked byte (output space, padding) of every written
    /// buffer of `call` to `value`; inputs and handles are left alone.
    public static func poison(_ call: inout EncodedCall, with value: UInt8) {
        let marks = call.marks
        for (i, b) in call.buffers.enumerated() where b.direction.writes && !b.isNull && b.size > 0 {
            call.withMutableBytes(of: i) { bytes in
                for j in 0 ..< b.size where marks[b.start + j] == .none { bytes[j] = value }
            }
        }
    }

    /// Bytes changed in either footprint (two runs of one call).
    public func union(_ other: Footprint) -> Footprint {
        Footprint(buffers: zip(buffers, other.buffers).map { Footprint.merge($0 + $1) })
    }

    /// The byte ranges of buffer `i` inside `window`.
    public func ranges(_ i: Int, in window: Range<Int>) -> [Range<Int>] {
        buffers[i].compactMap { r in
            let c = r.clamped(to: window)
            return c.isEmpty ? nil : c
        }
    }

    /// Sorted, overlapping or adjacent ranges joined.
    static func merge(_ ranges: [Range<Int>]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        for r in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) where !r.isEmpty {
            if let last = out.last, r.lowerBound <= last.upperBound {
                out[out.count - 1] = last.lowerBound ..< max(last.upperBound, r.upperBound)
            } else {
                out.append(r)
            }
        }
        return out
    }

    /// `buffer 0: 8..<48 64..<68; buffer 1: 0..<12` (buffers with no change left out).
    public var description: String {
        let parts = buffers.enumerated().filter { !$0.1.isEmpty }.map { i, r in
            "buffer \(i): " + r.map { "\($0.lowerBound)..<\($0.upperBound)" }.joined(separator: " ")
        }
        return parts.isEmpty ? "nothing" : parts.joined(separator: "; ")
    }
}
