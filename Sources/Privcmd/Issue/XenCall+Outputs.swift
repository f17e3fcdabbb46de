import XenABI

extension XenCall {
    /// Encodes `typed`, sends it (as `send(_:)` sends an `EncodedCall`:
    /// the policy's flavour, a negative result thrown as `.hypercall`) and
    /// returns its outputs as a value: `try xen.send(Sysctl.PhysInfoQuery())`
    /// is a `PhysInfo`. What Xen wrote that breaks the call's output layout
    /// is `.outputs(DecodeError)`.
    public func send<Call: HypercallOutputs>(_ typed: Call) throws(PrivcmdError) -> Call.Output {
        try sendWithResult(typed).outputs
    }

    /// As `send(_:)` of a typed call, with the hypercall's return value too.
    public func sendWithResult<Call: HypercallOutputs>(_ typed: Call) throws(PrivcmdError) -> (result: Int64, outputs: Call.Output) {
        var c = typed.encoded
        let r = try send(&c)
        do throws(DecodeError) {
            return (r, try Call.outputs(of: c, result: r))
        } catch {
            throw .outputs(error)
        }
    }
}
