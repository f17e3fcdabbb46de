/// A typed hypercall whose outputs come back as a Swift value: the output
/// side of the call, as `HypercallDecodable` is its input side.
///
/// `outputs(of:result:)` reads what the hypervisor wrote into the call's
/// buffers after an executor ran it (`XenCall.send`, the model's
/// `ModelHypervisor.run`). Every byte there is guest-visible and so
/// hostile: a count, an index or a length the hypervisor wrote is checked
/// against the buffers the encoder made, and a value that does not fit is
/// a `DecodeError` (`.outOfBounds`, `.invalid`), never a trap. A caller
/// reads no buffer by index.
public protocol HypercallOutputs: HypercallEncodable {
    /// What the call returns: one Swift value mirroring the C fields the hypervisor writes.
    associatedtype Output: Sendable
    /// Reads the outputs of `call`, which this type encoded and an executor
    /// ran; `result` is the hypercall's (non-negative) return value.
    static func outputs(of call: EncodedCall, result: Int64) throws(DecodeError) -> Output
}
