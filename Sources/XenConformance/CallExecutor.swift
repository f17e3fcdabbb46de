import XenABI

/// Something that issues an encoded call as it stands, each owner (the
/// call, each multicall entry) in the flavour it carries: the real Xen
/// through privcmd (`XenCall.issue`, in the integration test) or the
/// hypervisor model (`ModelExecutor`). What `Conformance` and
/// `Differential` run their calls on.
public protocol CallExecutor {
    /// Issues `call`; every buffer the hypervisor may write is copied back
    /// into it, also when the call fails. Returns the hypercall's result:
    /// -errno on failure, `Int64.min` when the call could not be issued.
    func execute(_ call: inout EncodedCall) -> Int64
}
