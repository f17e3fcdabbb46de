import CXen
import Privcmd
import XenABI

/// Domain life cycle and memory (libxc's `xc_domain_pause`,
/// `xc_domain_unpause`, `xc_domain_destroy`, `xc_domain_getinfo_single`,
/// `xc_domain_setmaxmem`; libxl's `libxl_set_memory_target`).
extension Toolstack {
    /// `XEN_DOMCTL_getdomaininfo` for exactly `domain`. Xen 4.17 answers the
    /// next domain at or after the id when `domain` is gone: that is
    /// `noSuchDomain` here, as libxc's `xc_domain_getinfo_single` says.
    public func domainInfo(_ domain: UInt16) throws(ToolstackError) -> DomainInfo {
        let info = try call(Domctl.DomainInfoQuery(domain: domain), "getdomaininfo", domain: domain)
        guard info.domain == domain else { throw .noSuchDomain(domain) }
        return info
    }

    /// Every domain (`XEN_SYSCTL_getdomaininfolist` in batches, as `domains`),
    /// with the toolstack's typed error.
    public func domainList(from first: UInt16 = 0, batch: UInt32 = 64) throws(ToolstackError) -> [DomainInfo] {
        do { return try domains(from: first, batch: batch) } catch { throw Toolstack.classify(error, "getdomaininfolist", domain: nil) }
    }

    /// Pauses every vCPU of `domain` (`XEN_DOMCTL_pausedomain`, `xl pause`).
    /// Pausing is counted: each pause needs its unpause.
    public func pause(_ domain: UInt16) throws(ToolstackError) {
        _ = try call(Domctl(domain: domain, .pauseDomain), "pausedomain", domain: domain)
    }

    /// Undoes one pause (`XEN_DOMCTL_unpausedomain`, `xl unpause`). Xen
    /// answers `EINVAL` for a domain not paused by the toolstack.
    public func unpause(_ domain: UInt16) throws(ToolstackError) {
        _ = try call(Domctl(domain: domain, .unpauseDomain), "unpausedomain", domain: domain) { e in
            e == .EINVAL ? .invalidArgument("domain \(domain) is not paused by the toolstack") : nil
        }
    }

    /// Most retries of one destroy (each a slice of Xen's preemptible teardown).
    public static let destroyRetries = 10_000

    /// Destroys `domain` (`XEN_DOMCTL_destroydomain`). Xen tears a domain
    /// down in preemptible steps: inside the hypervisor -ERESTART becomes a
    /// continuation, and what reaches the caller as `EAGAIN` (or, where
    /// hypercall buffers may fault, `EFAULT`) is re-issued, as libxc's
    /// `xc_domain_destroy` does. Returns how many calls it took. The
    /// domain may linger as a zombie until its last page reference goes
    /// (what `xl list` shows as state `d`).
    @discardableResult
    public func destroy(_ domain: UInt16) throws(ToolstackError) -> Int {
        guard domain != 0 else { throw .invalidArgument("refusing to destroy domain 0") }
        for attempt in 1 ... Toolstack.destroyRetries {
            do {
                _ = try xen.send(Domctl(domain: domain, .destroyDomain))
                return attempt
            } catch {
                if case .hypercall(let e) = error, e == .EAGAIN || e.rawValue == 85 /* ERESTART, should it leak */ || (e == .EFAULT && attempt <= 2) {
                    continue
                }
                throw Toolstack.classify(error, "destroydomain", domain: domain)
            }
        }
        throw .failed(operation: "destroydomain", .hypercall(.EAGAIN))
    }

    /// Sets the most memory `domain` may own (`XEN_DOMCTL_max_mem`,
    /// `xl mem-max`), in KiB; Xen keeps `max_pages` = KiB / 4. A value under
    /// the current allocation makes further allocations fail until the
    /// domain balloons down to it.
    public func setMaxMemory(_ domain: UInt16, kib: UInt64) throws(ToolstackError) {
        guard kib <= UInt64.max >> 12 else { throw .invalidArgument("\(kib) KiB") }
        _ = try call(Domctl(domain: domain, .maxMem(maxKB: kib)), "max_mem", domain: domain)
    }

    /// What `setMemoryTarget` did.
    public struct MemoryTarget: Hashable, Sendable {
        /// The new target (xenstore `memory/target`), KiB: the size asked for less the video RAM.
        public var targetKiB: UInt64
        /// The maximum sent to Xen (`XEN_DOMCTL_max_mem`), KiB: target + video RAM + slack.
        public var maxKiB: UInt64
        /// As given.
        public init(targetKiB: UInt64, maxKiB: UInt64) { self.targetKiB = targetKiB; self.maxKiB = maxKiB }
    }

    /// `LIBXL_MAXMEM_CONSTANT`: the KiB libxl 4.17 gives Xen's maximum on
    /// top of the target when the domain's maxmem exceeds it (measured: `xl
    /// create` of a PV guest with memory 96 MiB, maxmem 128 MiB sent
    /// max_mem 99328 KiB, and `xl mem-set 80m` sent 82944 KiB).
    public static let libxlMaxmemSlackKiB: UInt64 = 1024

    /// Sets `domain`'s balloon target as `xl mem-set` does for a PV guest
    /// (libxl's `libxl_set_memory_target`, absolute and enforced), in one
    /// xenstore transaction retried on conflict: reads `memory/static-max`
    /// and `memory/videoram`; the target is `kib` less the video RAM and may
    /// not exceed static-max (`invalidArgument`, libxl's ERROR_INVAL); Xen's
    /// maximum becomes `kib` plus `slackKiB` (`XEN_DOMCTL_max_mem`; by
    /// default libxl's 1024 KiB while static-max exceeds the target, else
    /// 0); then `memory/target` and `/vm/<uuid>/memory` (MiB) are written.
    /// The guest's balloon driver follows the target. (An HVM guest's
    /// populate-on-demand target, which libxl also sets, is not handled.)
    @discardableResult
    public func setMemoryTarget(_ domain: UInt16, kib: UInt64, slackKiB: UInt64? = nil, store: XenStore) throws(ToolstackError) -> MemoryTarget {
        guard domain != 0 else { throw .invalidArgument("dom0's target is the balloon's business: use setMaxMemory") }
        let path = "/local/domain/\(domain)/memory"
        let info = try domainInfo(domain)
        for _ in 0 ..< 16 {
            let t: XenStoreTransaction
            do { t = try store.startTransaction() } catch { throw .failed(operation: "xenstore transaction", error) }
            func number(_ key: String) throws(ToolstackError) -> UInt64? {
                let v: String?
                do { v = try store.read("\(path)/\(key)", transaction: t) } catch { throw .failed(operation: "xenstore read \(path)/\(key)", error) }
                guard let v else { return nil }
                guard let n = UInt64(v) else { throw .invalidArgument("\(path)/\(key) is '\(v)', not a number") }
                return n
            }
            func abort() { _ = try? store.endTransaction(t, commit: false) }
            let staticMax: UInt64?, video: UInt64
            do { staticMax = try number("static-max"); video = try number("videoram") ?? 0 } catch { abort(); throw error }
            guard kib >= video else { abort(); throw .invalidArgument("target \(kib) KiB below the video RAM \(video) KiB") }
            let target = kib - video
            if let staticMax, target > staticMax {
                abort()
                throw .invalidArgument("target \(target) KiB above memory/static-max \(staticMax) KiB")
            }
            let slack = slackKiB ?? (staticMax.map { $0 > target } == true ? Toolstack.libxlMaxmemSlackKiB : 0)
            let max = target + video + slack
            do { try setMaxMemory(domain, kib: max) } catch { abort(); throw error }
            do throws(PrivcmdError) {
                try store.write("\(path)/target", "\(target)", transaction: t)
                try store.write("/vm/\(info.uuidString)/memory", "\(target / 1024)", transaction: t)
                if try store.endTransaction(t) { return MemoryTarget(targetKiB: target, maxKiB: max) }
            } catch {
                abort()
                throw .failed(operation: "xenstore write \(path)/target", error)
            }
        }
        throw .failed(operation: "xenstore transaction", .xenstore(path: path, .EAGAIN))
    }
}

extension DomainInfo {
    /// `handle` as `xl list -l` prints the UUID (8-4-4-4-12 lower-case hex).
    public var uuidString: String {
        let hex = handle.map { b -> String in
            let s = String(b, radix: 16)
            return s.count == 1 ? "0" + s : s
        }.joined()
        guard hex.count == 32 else { return hex }
        let c = Array(hex)
        return [0 ..< 8, 8 ..< 12, 12 ..< 16, 16 ..< 20, 20 ..< 32].map { String(c[$0]) }.joined(separator: "-")
    }

    /// Maximum memory as `xl list -l` / libxl count it (`max_pages` in KiB).
    public var maxMemoryKiB: UInt64 { maxPages &* 4 }
}
