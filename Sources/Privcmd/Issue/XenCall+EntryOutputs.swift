import XenABI

extension XenCall.EntryOutcome {
    /// The entry's outputs as `Call` reads them (the entry must have been
    /// sent as what `Call` encodes, e.g. `.xenVersion(.extraversion)` read
    /// as `XenVersion.StringQuery`): a failed entry (`result` < 0) is
    /// `.hypercall`, outputs that break the layout `.outputs`.
    public func outputs<Call: HypercallOutputs>(as _: Call.Type) throws(PrivcmdError) -> Call.Output {
        if result < 0 { throw .hypercall(XenErrno(rawValue: Int32(truncatingIfNeeded: -result))) }
        do throws(DecodeError) { return try Call.outputs(of: call, result: result) } catch { throw .outputs(error) }
    }
}
