import XenABI

/// How `XenCall` picks the buffer flavour of the calls it sends.
public enum FlavourPolicy: Hashable, Sendable {
    /// Always `linear` (today's ABI).
    case linear
    /// Probe `XENVER_get_features` submap 0 once; use the flavour where
    /// `XENFEAT_hcall_phys_buffers` and `XENFEAT_auto_translated_physmap`
    /// are both set and the pool is `/dev/xen/hypercall`, else `linear`.
    case automatic(Flavour)
    /// Send the flavour without probing `XENFEAT_hcall_phys_buffers` (the
    /// domain must still be translated and the pool pinned). A -ENOSYS to a
    /// flavoured op word is then decided by one clean probe, a flavoured
    /// `xen_version(XENVER_version)`: -ENOSYS there too means the hypervisor
    /// lacks the ABI, so `linear` from then on and the call re-sent once;
    /// any other answer means the -ENOSYS was the call's own.
    case assumeSupported(Flavour)
}

/// A time `XenCall` gave up a physical flavour for `linear`.
public struct FlavourFallback: Hashable, Sendable, CustomStringConvertible {
    /// Why.
    public enum Reason: Hashable, Sendable {
        /// `XENFEAT_hcall_phys_buffers` is clear in `XENVER_get_features` submap 0.
        case featureAbsent
        /// `XENFEAT_auto_translated_physmap` is clear: a PV domain, whose
        /// frame numbers (MFNs) pagemap does not give.
        case untranslatedDomain
        /// The pool's pages are anonymous memory, which may migrate: no
        /// `/dev/xen/hypercall` (privcmd-buf) to pin them.
        case poolNotPinned
        /// The hypervisor answered -ENOSYS to this flavoured op word and to
        /// the clean probe (`.assumeSupported` only): it lacks the ABI.
        case hypervisorENOSYS(OpWord)
        /// Pool frame numbers are unreadable (not root), so no physical handle.
        case frameNumbersUnavailable(String)
    }

    /// The flavour given up.
    public var flavour: Flavour
    /// Why.
    public var reason: Reason

    public var description: String {
        switch reason {
        case .featureAbsent:
            "XENFEAT_hcall_phys_buffers absent: \(flavour) -> linear"
        case .untranslatedDomain:
            "\(PhysicalPlacementRefusal.untranslatedDomain): \(flavour) -> linear"
        case .poolNotPinned:
            "\(PhysicalPlacementRefusal.poolNotPinned): \(flavour) -> linear"
        case .hypervisorENOSYS(let op):
            "hypervisor answered -ENOSYS to \(op): \(flavour) -> linear from now on"
        case .frameNumbersUnavailable(let why):
            "\(why): \(flavour) -> linear from now on"
        }
    }
}
