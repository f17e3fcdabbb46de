import CXen
import Privcmd
import XenABI

/// Per-domain scheduler parameters (libxc's `xc_sched_credit2_domain_get/set`,
/// libxl's `libxl_domain_sched_params_get/set`).
extension Toolstack {
    func schedulerMismatch(_ domain: UInt16, asked: UInt32) -> ToolstackError {
        // Which scheduler the domain's pool runs, if the pools say.
        let pool = try? domainInfo(domain).cpupool
        let running = pool.flatMap { p in (try? cpupools())?.first { $0.id == p }?.schedulerID }
        return .wrongScheduler(domain: domain, asked: asked, running: running)
    }

    /// `XEN_DOMCTL_SCHEDOP_getinfo` with `XEN_SCHEDULER_CREDIT2`.
    public func credit2Params(_ domain: UInt16) throws(ToolstackError) -> Credit2Params {
        let asked = UInt32(XEN_SCHEDULER_CREDIT2)
        do {
            return try xen.send(Domctl.Credit2Query(domain: domain))
        } catch {
            if case .hypercall(let e) = error, e == .EINVAL { throw schedulerMismatch(domain, asked: asked) }
            throw Toolstack.classify(error, "scheduler_op getinfo", domain: domain)
        }
    }

    /// Sets credit2 weight and/or cap (nil keeps the current value, read
    /// first as libxl does) and returns what Xen then reports. A weight of 0
    /// is refused (Xen would ignore it); a cap above 100 per vCPU is Xen's
    /// `EINVAL`.
    @discardableResult
    public func setCredit2Params(_ domain: UInt16, weight: UInt16? = nil, cap: UInt16? = nil) throws(ToolstackError) -> Credit2Params {
        if weight == 0 { throw .invalidArgument("credit2 weight must be 1-65535") }
        let now = try credit2Params(domain)
        let asked = UInt32(XEN_SCHEDULER_CREDIT2)
        let w = weight ?? now.weight, cp = cap ?? now.cap
        do {
            _ = try xen.send(Domctl(domain: domain, .schedulerOp(.putCredit(schedID: asked, weight: w, cap: cp))))
        } catch {
            if case .hypercall(let e) = error, e == .EINVAL { throw .invalidArgument("credit2 weight \(w) cap \(cp) for domain \(domain)") }
            throw Toolstack.classify(error, "scheduler_op putinfo", domain: domain)
        }
        return try credit2Params(domain)
    }
}
