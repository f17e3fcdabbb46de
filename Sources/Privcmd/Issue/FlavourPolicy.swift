import XenABI

/// How `XenCall` picks the buffer flavour of the calls it sends.
public enum FlavourPolicy: Hashable, Sendable {
    /// Always `linear` (today's ABI).
    case linear
    /// Probe `XENVER_get_features` submap 0 for `XENFEAT_hcall_phys_buffers`
    /// once; use the flavour where the bit is set, `linear` where it is not.
    case automatic(Flavour)
    /// Send the flavour without probing; where the hypervisor (or privcmd)
    /// rejects it, fall back to `linear` and remember.
    case assumeSupported(Flavour)
}

/// A time `XenCall` gave up a physical flavour for `linear`.
public struct FlavourFallback: Hashable, Sendable, CustomStringConvertible {
    /// Why.
    public enum Reason: Hashable, Sendable {
        /// `XENFEAT_hcall_phys_buffers` is clear in `XENVER_get_features` submap 0.
        case featureAbsent
        /// The hypervisor answered -ENOSYS to this flavoured op word.
        case hypervisorENOSYS(OpWord)
        /// Linux privcmd refused the op word before Xen saw it: it indexes the
        /// 128-entry hypercall page with the whole op (-EINVAL for >= 128).
        case privcmdRefusedOpWord(OpWord)
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
        case .hypervisorENOSYS(let op):
            "hypervisor answered -ENOSYS to \(op): \(flavour) -> linear from now on"
        case .privcmdRefusedOpWord(let op):
            "privcmd refused op word \(op) (-EINVAL, beyond the hypercall page): \(flavour) -> linear from now on"
        case .frameNumbersUnavailable(let why):
            "\(why): \(flavour) -> linear from now on"
        }
    }
}
