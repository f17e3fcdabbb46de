import CXen
import Privcmd
import XenABI

/// One cpupool as `XEN_SYSCTL_CPUPOOL_OP_INFO` reports it (`xl cpupool-list`).
public struct CpupoolInfo: Hashable, Sendable {
    /// `cpupool_id`
    public var id: UInt32
    /// `sched_id` (`XEN_SCHEDULER_*`)
    public var schedulerID: UInt32
    /// `n_dom`: domains in the pool.
    public var domainCount: UInt32
    /// The pool's CPUs.
    public var cpus: CPUMap
    /// xenstore `/local/pool/<id>/name`, when read.
    public var name: String?

    /// As given.
    public init(id: UInt32, schedulerID: UInt32, domainCount: UInt32, cpus: CPUMap, name: String? = nil) {
        self.id = id; self.schedulerID = schedulerID; self.domainCount = domainCount; self.cpus = cpus; self.name = name
    }

    /// `credit2`, `credit`, ... as `xl` prints it.
    public var schedulerName: String { PhysInfoLayout.schedulerName(schedulerID) }
}

/// Cpupools (libxc's `xc_cpupool_*`, libxl's `libxl_list_cpupool`,
/// `libxl_cpupool_create`, `libxl_cpupool_destroy`, `libxl_cpupool_movedomain`).
extension Toolstack {
    /// The first pool whose id is at least `from` (Xen's INFO walks upward), or nil past the last.
    public func cpupool(from id: UInt32) throws(ToolstackError) -> CpupoolInfo? {
        let n = try cpumapBytes()
        let p: Sysctl.CpupoolInfo
        do {
            p = try xen.send(Sysctl.CpupoolInfoQuery(cpupoolID: id, cpumapBits: UInt32(n * 8)))
        } catch {
            if case .hypercall(let e) = error, e == .ENOENT { return nil }
            throw Toolstack.classify(error, "cpupool_op info", domain: nil)
        }
        return CpupoolInfo(id: p.id, schedulerID: p.schedulerID, domainCount: p.domainCount, cpus: CPUMap(bytes: p.cpumap), name: nil)
    }

    /// Every cpupool, ascending, with names from `store` when given.
    public func cpupools(store: XenStore? = nil) throws(ToolstackError) -> [CpupoolInfo] {
        var out: [CpupoolInfo] = []
        var next: UInt32 = 0
        while out.count < 4096, var p = try cpupool(from: next) {
            if let store { p.name = try? store.read("/local/pool/\(p.id)/name") }
            out.append(p)
            guard p.id < UInt32.max else { break }
            next = p.id + 1
        }
        return out
    }

    /// Creates an empty pool running `scheduler` (`XEN_SCHEDULER_*`) with id
    /// `id`, or the next free id when nil (`XEN_SYSCTL_CPUPOOL_PAR_ANY`);
    /// names it in xenstore when `name` and `store` are given (libxl writes
    /// `/local/pool/<id>/name`). Returns the new pool's id.
    @discardableResult
    public func createCpupool(id: UInt32? = nil, scheduler: UInt32, name: String? = nil, store: XenStore? = nil) throws(ToolstackError) -> UInt32 {
        let want = id ?? UInt32(truncatingIfNeeded: XEN_SYSCTL_CPUPOOL_PAR_ANY)
        let got = try call(Sysctl.CpupoolCreateQuery(cpupoolID: want, schedID: scheduler), "cpupool_op create") { e in
            switch e {
            case .EEXIST: .cpupoolExists(want)
            case .EINVAL, .ENOENT: .invalidArgument("no scheduler \(scheduler) (\(PhysInfoLayout.schedulerName(scheduler))) in this Xen")
            default: nil
            }
        }
        if let name, let store {
            do throws(PrivcmdError) { try store.write("/local/pool/\(got)/name", name) } catch { throw .failed(operation: "xenstore write /local/pool/\(got)/name", error) }
        }
        return got
    }

    /// Destroys an empty pool (`XEN_SYSCTL_CPUPOOL_OP_DESTROY`); `cpupoolBusy`
    /// while it has CPUs or domains. Removes its xenstore entry when `store` is given.
    public func destroyCpupool(_ id: UInt32, store: XenStore? = nil) throws(ToolstackError) {
        _ = try call(Sysctl(.cpupoolOp(.destroy(cpupoolID: id))), "cpupool_op destroy") { e in
            switch e {
            case .ENOENT: .noSuchCpupool(id)
            case .EBUSY: .cpupoolBusy(id)
            default: nil
            }
        }
        if let store { _ = try? store.remove("/local/pool/\(id)") }
    }

    /// Moves `domain` into pool `id` (`XEN_SYSCTL_CPUPOOL_OP_MOVEDOMAIN`,
    /// `xl cpupool-migrate`). Xen refuses dom0 and a pool without CPUs
    /// (`EBUSY`/`EINVAL`/`ENOENT` as the pool and domain stand).
    public func moveDomain(_ domain: UInt16, toCpupool id: UInt32) throws(ToolstackError) {
        do {
            _ = try xen.send(Sysctl(.cpupoolOp(.moveDomain(cpupoolID: id, domid: UInt32(domain)))))
        } catch {
            // Xen says ENOENT both for a missing pool and for one without CPUs.
            if case .hypercall(let e) = error, e == .ENOENT {
                throw (try? cpupool(from: id))??.id == id ? .cpupoolEmpty(id) : .noSuchCpupool(id)
            }
            throw Toolstack.classify(error, "cpupool_op movedomain", domain: domain)
        }
    }
}
