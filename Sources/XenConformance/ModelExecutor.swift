import XenABI
import GuestPlacement
import XenModel

/// The hypervisor model as a `CallExecutor`: each call runs in a fresh
/// `ModelDomain`, its buffers on scattered frames at page offsets, every
/// owner in the flavour the call carries (no fallback to `linear`), and is
/// run to completion (continuations included). What the guest's buffers
/// hold afterwards is copied back, as `XenCall.issue` does.
public struct ModelExecutor: CallExecutor {
    /// The host the model's hypervisor reports (`ModelHypervisor.host`).
    public var host = ModelHostInfo()
    /// The values `xen_version` reports (`ModelHypervisor.info`).
    public var info = ModelXenInfo()

    /// A model executor with the default host and version.
    public init() {}

    public func execute(_ call: inout EncodedCall) -> Int64 {
        guard !call.isOversized else { return XenErrno.E2BIG.returnValue }
        // Room for every buffer scattered, its lists and page tables; small
        // enough that a fresh domain per call stays cheap.
        let pages = call.buffers.reduce(0) { $0 + $1.size / 4096 + 2 }
        let domain = ModelDomain(frameCount: ModelDomain.firstAllocatable + 256 + 4 * UInt64(pages))
        let flavours = (0 ..< call.ownerCount).map(call.flavour(ofOwner:))
        var placed: GuestPlacedCall
        do {
            placed = try domain.place(call, flavour: { flavours[$0] },
                                      options: GuestPlacementOptions(offsets: .pageAligned, scattered: true, fallback: .refuse))
        } catch {
            return Int64.min
        }
        var hypervisor = ModelHypervisor(domain)
        hypervisor.host = host
        hypervisor.info = info
        let (result, _) = hypervisor.run(placed.raw)
        domain.readBack(&placed)
        for (i, b) in call.buffers.enumerated() where b.direction.writes && !b.isNull && b.size > 0 {
            let bytes = placed.call.bytes(of: i)
            bytes.withUnsafeBytes { call.replaceBytes(of: i, with: $0) }
        }
        return result.returnValue
    }
}
