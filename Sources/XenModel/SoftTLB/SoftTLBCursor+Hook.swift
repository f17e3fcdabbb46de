import XenABI
import SoftTLB

/// A vCPU's `SoftTLBCursor` is the model's linear-translation hook: the
/// linear copy path asks it per page chunk before walking the page tables.
extension SoftTLBCursor: LinearTranslationHook {
    /// `translate(_:length:root:)` with the hook's argument types.
    @inlinable
    public func translate(va: UInt64, length: Int, root: UInt64) -> UInt64? {
        translate(va, length: UInt64(truncatingIfNeeded: length), root: root)
    }
}

extension ModelVCPU {
    /// The vCPU's software TLB cursor, when its hook is one (VCPUOP 16-18 install it).
    public var softTLB: SoftTLBCursor? { tlb as? SoftTLBCursor }
}
