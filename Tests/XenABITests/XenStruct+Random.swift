@testable import XenABI
import XenABITestSupport

/// A generated struct with every input field random (the round-trip tests).
extension XenStruct {
    static func random(using rng: inout SeededRNG) -> Self {
        var filler = RandomFieldFiller(rng: rng)
        var value = Self()
        value.visitFields(&filler)
        // A struct with no inputs still takes one value, so adding one does
        // not shift every later draw.
        if !filler.drew { _ = filler.rng.next() }
        rng = filler.rng
        return value
    }
}

/// Sets each input to a uniformly random value of its type.
private struct RandomFieldFiller: XenFieldVisitor {
    var rng: SeededRNG
    var drew = false

    mutating func input<T: FixedWidthInteger>(_ value: inout T, at offset: Int, _ path: String) {
        value = .random(in: .min ... .max, using: &rng)
        drew = true
    }
}
