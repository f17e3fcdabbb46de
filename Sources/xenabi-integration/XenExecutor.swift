import Privcmd
import XenABI
import XenConformance

/// The real Xen as a `CallExecutor` for `Conformance` and `Differential`:
/// `XenCall.issue`, each owner in the flavour the call carries, a failure
/// as -errno (`Int64.min` when the call never reached Xen).
struct XenExecutor: CallExecutor {
    let xen: XenCall

    func execute(_ call: inout EncodedCall) -> Int64 {
        do { return try xen.issue(&call) } catch {
            return error.xenErrno?.returnValue ?? Int64.min
        }
    }
}
