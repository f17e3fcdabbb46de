/// A typed hypercall that can write itself into an `EncodedCall`.
///
/// `encode(into:)` calls `reset` first, sets the registers, adds every
/// buffer with its site and direction, and stores every input field. It
/// leaves handle values to placement (they depend on the flavour).
public protocol HypercallEncodable: Sendable {
    /// Writes this call into `call`, replacing what it held.
    func encode(into call: inout EncodedCall)
}

extension HypercallEncodable {
    /// This call encoded into a fresh `EncodedCall` (allocates; hot paths reuse one).
    public var encoded: EncodedCall {
        var c = EncodedCall()
        encode(into: &c)
        return c
    }
}

/// A typed hypercall that can be read back from an op word, registers and
/// guest memory: the decoder of the same call.
public protocol HypercallDecodable: Sendable {
    /// The hypercall number this type decodes.
    static var number: HypercallNumber { get }
    /// Reads the typed call; every guest read goes through `memory`, which
    /// resolves handles in the flavour it is given.
    static func decode(_ raw: RawHypercall, memory: some GuestMemoryReader) throws(DecodeError) -> Self
}

/// Both directions.
public typealias TypedHypercall = HypercallEncodable & HypercallDecodable & Equatable
