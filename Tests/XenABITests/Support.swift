@testable import XenABI
import GuestPlacement
import XenABITestSupport

/// Encodes `value`, places it linearly, decodes it back and re-encodes the
/// decoded value. Returns the decoded value and whether the two encodings
/// agree on op, registers and every input byte.
func roundTrip<T: TypedHypercall>(_ value: T) throws -> (decoded: T, sameEncoding: Bool) {
    var first = EncodedCall()
    value.encode(into: &first)
    let addresses = first.placeLinear()
    let memory = CallImageMemory(first, addresses: addresses)
    let decoded = try T.decode(first.raw, memory: memory)
    var second = EncodedCall()
    decoded.encode(into: &second)
    second.placeLinear()
    return (decoded, sameInputs(first, second))
}

/// Same op word, registers, buffer shapes and input bytes (handles included,
/// since both were placed by the same linear placement).
func sameInputs(_ a: EncodedCall, _ b: EncodedCall) -> Bool {
    guard a.op == b.op, a.raw.args == b.raw.args, a.buffers == b.buffers, a.marks == b.marks else { return false }
    for i in a.bytes.indices where a.marks[i] != .none && a.bytes[i] != b.bytes[i] { return false }
    return true
}
