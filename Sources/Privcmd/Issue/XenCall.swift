import CXen
import Synchronization
import XenABI

/// Sends encoded hypercalls to Xen through privcmd, the typed counterpart of
/// libxencall's `xencall_handle`: buffers are staged in a
/// `HypercallBufferPool`, handles written by placement (linear addresses, or
/// frame-based handles in a physical flavour), outputs copied back into the
/// call, and the flavour chosen by a `FlavourPolicy`.
public final class XenCall: @unchecked Sendable {
    /// The privcmd device.
    public let privcmd: Privcmd
    /// Where buffers are staged.
    public let pool: HypercallBufferPool
    /// How flavours are chosen.
    public let policy: FlavourPolicy
    /// Told every flavour fallback (nil: nobody; `fallbacks` still records them).
    public let log: (@Sendable (String) -> Void)?

    // 0: not decided yet; else the flavour in use + 1.
    let decided = Atomic<UInt8>(0)
    // 0: not probed; else 1 << 32 | XENVER_get_features submap 0.
    let featureSubmap0 = Atomic<UInt64>(0)
    // The clean probe's verdict under .assumeSupported: 0 not run (or not
    // conclusive); 1: the hypervisor lacks the ABI; 2: it has it.
    let abiProbe = Atomic<UInt8>(0)
    let fallbackRecord = Mutex<[FlavourFallback]>([])

    /// Opens privcmd (off Xen: `PrivcmdError.notInXenDomain`) and a pool.
    public init(privcmd: Privcmd? = nil, pool: HypercallBufferPool? = nil, policy: FlavourPolicy = .automatic(.tagged),
                log: (@Sendable (String) -> Void)? = nil) throws(PrivcmdError) {
        if let privcmd { self.privcmd = privcmd } else { self.privcmd = try Privcmd() }
        if let pool { self.pool = pool } else { self.pool = try HypercallBufferPool() }
        self.policy = policy
        self.log = log
    }

    /// Every fallback so far, oldest first.
    public var fallbacks: [FlavourFallback] { fallbackRecord.withLock { $0 } }

    /// Whether a physical flavour was given up for `linear`.
    public var fellBackToLinear: Bool { !fallbacks.isEmpty }

    func recordFallback(_ f: FlavourFallback) {
        fallbackRecord.withLock { $0.append(f) }
        decided.store(Flavour.linear.rawValue + 1, ordering: .releasing)
        log?(f.description)
    }

    /// `XENVER_get_features` submap 0 (`xen_feature_info`), read once in
    /// `linear` and remembered: every feature bit the policy needs is there.
    public func featureSubmap() throws(PrivcmdError) -> UInt32 {
        let s = featureSubmap0.load(ordering: .acquiring)
        if s != 0 { return UInt32(truncatingIfNeeded: s) }
        var c = XenVersion.getFeatures(submap: 0).encoded
        _ = try issue(&c)
        let bits = XenVersion.featureSubmap(from: c)
        featureSubmap0.store(1 << 32 | UInt64(bits), ordering: .releasing)
        return bits
    }

    /// Whether Xen advertises `XENFEAT_hcall_phys_buffers` (submap 0, bit 21).
    public func physicalBuffersSupported() throws(PrivcmdError) -> Bool {
        try featureSubmap() & (1 << UInt32(XENFEAT_hcall_phys_buffers)) != 0
    }

    /// Whether this domain is translated (`XENFEAT_auto_translated_physmap`,
    /// submap 0, bit 2: HVM, PVH, Arm). Only there is the PFN
    /// `/proc/self/pagemap` gives the GFN Xen reads; a PV domain's frame
    /// numbers are MFNs, which pagemap does not show.
    public func isTranslatedDomain() throws(PrivcmdError) -> Bool {
        try featureSubmap() & (1 << UInt32(XENFEAT_auto_translated_physmap)) != 0
    }

    /// The flavour the next call goes out in.
    public func currentFlavour() throws(PrivcmdError) -> Flavour {
        let d = decided.load(ordering: .acquiring)
        if d != 0 { return Flavour(rawValue: d - 1)! }
        var f = Flavour.linear
        switch policy {
        case .linear: break
        case .automatic(let p), .assumeSupported(let p):
            f = p
            if let reason = try physicalRefusal(p) {
                recordFallback(FlavourFallback(flavour: p, reason: reason))
                f = .linear
            }
        }
        decided.store(f.rawValue + 1, ordering: .releasing)
        return f
    }

    /// Why the policy's physical flavour `p` may not be used, or nil. The
    /// ABI bit is the probe of `.automatic` only; translation and a pinned
    /// pool hold for `.assumeSupported` too, because without them a
    /// physical handle names the wrong memory whatever the hypervisor knows.
    func physicalRefusal(_ p: Flavour) throws(PrivcmdError) -> FlavourFallback.Reason? {
        guard p.isPhysical else { return nil }
        if case .automatic = policy, try !physicalBuffersSupported() { return .featureAbsent }
        if let r = try placementRefusal() {
            return r == .untranslatedDomain ? .untranslatedDomain : .poolNotPinned
        }
        return nil
    }

    /// Why no physical handle may be built from this pool's frames at all:
    /// a PV domain (pagemap's PFNs are not its MFNs), or pages that may
    /// migrate (anonymous backing), or nil.
    func placementRefusal() throws(PrivcmdError) -> PhysicalPlacementRefusal? {
        if try !isTranslatedDomain() { return .untranslatedDomain }
        if pool.backing != .hypercallDevice { return .poolNotPinned }
        return nil
    }
}
