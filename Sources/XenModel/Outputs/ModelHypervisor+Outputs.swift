import GuestPlacement
import XenABI

extension ModelHypervisor {
    /// Runs a typed call as a guest and this hypervisor would, and returns
    /// its outputs as a value: the call is encoded, placed in `domain`'s
    /// memory with every owner in `flavour` (`ModelDomain.place`), issued
    /// (continuations re-issued by `run(_:)`, as the guest's kernel does), and its
    /// buffers read back (`ModelDomain.readBack`) into
    /// `Call.outputs(of:result:)`. The model's counterpart of
    /// `XenCall.send(_:)` of a typed call: a negative result is thrown
    /// as `.hypercall`.
    public func run<Call: HypercallOutputs>(_ typed: Call, flavour: Flavour = .linear,
                                            options: GuestPlacementOptions = .init()) throws(ModelRunError) -> (result: Int64, outputs: Call.Output) {
        var placed: GuestPlacedCall
        do { placed = try domain.place(typed.encoded, flavour: { _ in flavour }, options: options, vcpu: vcpu) } catch {
            throw .placement(error)
        }
        let r = run(placed.raw).result
        if let e = r.errno { throw .hypercall(e) }
        domain.readBack(&placed)
        do throws(DecodeError) {
            return (r.returnValue, try Call.outputs(of: placed.call, result: r.returnValue))
        } catch {
            throw .outputs(error)
        }
    }
}
