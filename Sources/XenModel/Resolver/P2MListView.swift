import XenABI
import ScatterGather

/// The descriptor walker's view of a domain: list pages are read only when
/// the P2M says the hypervisor may read them (RAM, and shared when the
/// guest is encrypted).
public struct P2MListView: SGMemory {
    @usableFromInline let domain: ModelDomain
    /// A view of `domain`.
    @inlinable public init(_ domain: ModelDomain) { self.domain = domain }

    @inlinable public var frameLimit: UInt64 { domain.frameCount }

    @inlinable
    public func listWord(at gpa: UInt64) -> UInt64? {
        guard domain.p2m.check(gpa >> 12, encrypted: domain.encrypted) == nil else { return nil }
        return domain.memory.load64(gpa: gpa)
    }
}
