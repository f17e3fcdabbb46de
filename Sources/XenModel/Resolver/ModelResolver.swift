import XenABI
/// Guest memory as a decoder reads it through the hypervisor model: every
/// handle resolved in its flavour by `copyFromGuestOffset` on one vCPU.
public struct ModelResolver: GuestMemoryReader {
    /// The domain read.
    public let domain: ModelDomain
    /// The vCPU whose CR3 and software TLB resolve linear handles.
    public let vcpu: Int

    /// Reads `domain` as vCPU `vcpu` would.
    public init(_ domain: ModelDomain, vcpu: Int = 0) {
        self.domain = domain
        self.vcpu = vcpu
    }

    public func read(handle: UInt64, flavour: Flavour, offset: Int, into: UnsafeMutableRawBufferPointer) throws(XenErrno) {
        try domain.copyFromGuestOffset(handle, flavour: flavour, offset: offset, into: into, vcpu: vcpu)
    }
}
