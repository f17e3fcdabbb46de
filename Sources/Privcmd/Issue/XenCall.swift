#if canImport(Glibc)
import Glibc
#endif
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

    /// `XENVER_get_features` submap 0 (`xen_feature_info`), read once and
    /// remembered: every feature bit the policy needs is there. Asked in
    /// `flat` first (`physicalFeatureProbe`), then in `linear`.
    public func featureSubmap() throws(PrivcmdError) -> UInt32 {
        let s = featureSubmap0.load(ordering: .acquiring)
        if s != 0 { return UInt32(truncatingIfNeeded: s) }
        let bits: UInt32
        if let b = try physicalFeatureProbe() {
            bits = b
        } else {
            var c = XenVersion.FeaturesQuery(submap: 0).encoded
            let r = try issue(&c)
            do throws(DecodeError) { bits = try XenVersion.FeaturesQuery.outputs(of: c, result: r) } catch { throw .outputs(error) }
        }
        featureSubmap0.store(1 << 32 | UInt64(bits), ordering: .releasing)
        return bits
    }

    /// `XENVER_get_features` submap 0 in `flat`, from a pinned pool page.
    /// A guest whose page tables Xen cannot walk (SEV, TDX, or the patched
    /// Xen's `hcall-nowalk`) can ask no other way: its `linear` probe
    /// fails. A hypervisor without the ABI answers `-ENOSYS` before reading
    /// anything (the flavoured op word is a number above `NR_hypercalls`), as
    /// Xen does for a PV or 32-bit caller, whose op word is never split: so
    /// the probe is safe everywhere. Nil when it is not answered (or the
    /// pool's frames may move).
    func physicalFeatureProbe() throws(PrivcmdError) -> UInt32? {
        // Only where Linux says the domain is translated: in a PV domain a
        // pagemap PFN is not the MFN a (future) PV flavour would read.
        guard pool.backing == .hypercallDevice, let type = Self.guestType(), type == "PVH" || type == "HVM" else { return nil }
        let page = try pool.allocatePage()
        defer { pool.freePage(page) }
        let gfn = try pool.frameNumber(of: page)
        guard gfn != 0 else { return nil }  // GPA 0 is a null handle in the physical flavours
        let idx = Layout.offset(\xen_feature_info.submap_idx), map = Layout.offset(\xen_feature_info.submap)
        page.storeBytes(of: 0 as UInt32, toByteOffset: idx, as: UInt32.self)
        page.storeBytes(of: 0 as UInt32, toByteOffset: map, as: UInt32.self)
        let r = privcmd.hypercallResult(OpWord(.xen_version, flavour: .flat).rawValue,
                                        HypercallArgs([UInt64(XENVER_get_features), gfn << 12]))
        guard r == 0 else { return nil }
        return page.load(fromByteOffset: map, as: UInt32.self)
    }

    /// `/sys/hypervisor/guest_type` ("PV", "PVH", "HVM"; Linux's sysfs
    /// for Xen guests), or nil where it cannot be read.
    static func guestType() -> String? {
        let fd = system_open("/sys/hypervisor/guest_type", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { _ = system_close(fd) }
        var buf = [UInt8](repeating: 0, count: 16)
        let n = buf.withUnsafeMutableBytes { system_read(fd, $0.baseAddress!, $0.count) }
        guard n > 0 else { return nil }
        return String(decoding: buf[..<n].prefix { $0 != 0x0a && $0 != 0 }, as: UTF8.self)
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
