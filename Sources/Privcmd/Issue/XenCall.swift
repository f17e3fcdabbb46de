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
    // 0: not probed; 1: absent; 2: present.
    let feature = Atomic<UInt8>(0)
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

    /// Whether Xen advertises `XENFEAT_hcall_phys_buffers` (submap 0, bit 21),
    /// probed once with `XENVER_get_features` in `linear`.
    public func physicalBuffersSupported() throws(PrivcmdError) -> Bool {
        switch feature.load(ordering: .acquiring) {
        case 1: return false
        case 2: return true
        default: break
        }
        var c = XenVersion.getFeatures(submap: 0).encoded
        _ = try issue(&c)
        let bits = XenVersion.featureSubmap(from: c)
        let present = bits & (1 << UInt32(XENFEAT_hcall_phys_buffers)) != 0
        feature.store(present ? 2 : 1, ordering: .releasing)
        return present
    }

    /// The flavour the next call goes out in.
    public func currentFlavour() throws(PrivcmdError) -> Flavour {
        let d = decided.load(ordering: .acquiring)
        if d != 0 { return Flavour(rawValue: d - 1)! }
        let f: Flavour
        switch policy {
        case .linear: f = .linear
        case .assumeSupported(let p): f = p
        case .automatic(let p):
            let supported = p == .linear ? true : try physicalBuffersSupported()
            if supported {
                f = p
            } else {
                recordFallback(FlavourFallback(flavour: p, reason: .featureAbsent))
                f = .linear
            }
        }
        decided.store(f.rawValue + 1, ordering: .releasing)
        return f
    }
}
