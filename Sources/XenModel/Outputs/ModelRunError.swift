import GuestPlacement
import XenABI

/// Why `ModelHypervisor.run` returned no outputs.
public enum ModelRunError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The guest could not place the call's buffers (`GuestPlacement`).
    case placement(PlacementError)
    /// The hypercall answered `-errno`.
    case hypercall(XenErrno)
    /// What the model wrote back breaks the call's output layout
    /// (`HypercallOutputs`): a model bug, or a hostile hypervisor's answer.
    case outputs(DecodeError)

    /// The Xen errno this stands for.
    public var errno: XenErrno {
        switch self {
        case .placement(let e): e.errno
        case .hypercall(let e): e
        case .outputs(let e): e.errno
        }
    }

    public var description: String {
        switch self {
        case .placement(let e): "placement: \(e)"
        case .hypercall(let e): "hypercall failed: \(e)"
        case .outputs(let e): "outputs: \(e)"
        }
    }
}
