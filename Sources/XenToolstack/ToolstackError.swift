import CXen
import Privcmd
import XenABI

/// Why a toolstack operation on a domain, vCPU, scheduler or cpupool
/// failed: Xen's errno read in the context of the operation (what libxl
/// turns into ERROR_* codes and xenctrl's bindings into exceptions), with
/// the underlying `PrivcmdError` kept for everything else.
public enum ToolstackError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No domain with this id (Xen's `ESRCH`, or `getdomaininfo` answered another domain).
    case noSuchDomain(UInt16)
    /// The domain has no such vCPU (beyond `max_vcpu_id`, or Xen's `ESRCH` for a vCPU never initialised).
    case noSuchVCPU(domain: UInt16, vcpu: UInt32)
    /// No cpupool with this id (`ENOENT` from `cpupool_op`).
    case noSuchCpupool(UInt32)
    /// A cpupool with this id exists already (`EEXIST`).
    case cpupoolExists(UInt32)
    /// The cpupool still has CPUs or domains (`EBUSY`).
    case cpupoolBusy(UInt32)
    /// The cpupool has no CPU, so no domain can move in (Xen's `ENOENT`
    /// for a pool that exists).
    case cpupoolEmpty(UInt32)
    /// The domain's cpupool runs another scheduler than the one asked
    /// for (`scheduler_op`'s `EINVAL` when `sched_id` differs).
    case wrongScheduler(domain: UInt16, asked: UInt32, running: UInt32?)
    /// Refused before any call, or `EINVAL` from Xen: what was wrong.
    case invalidArgument(String)
    /// `EPERM` / `EACCES`: the caller may not do this (not dom0, XSM).
    case permissionDenied(operation: String)
    /// Any other failure of `operation`.
    case failed(operation: String, PrivcmdError)

    public var description: String {
        switch self {
        case .noSuchDomain(let d): "no domain \(d)"
        case .noSuchVCPU(let d, let v): "domain \(d) has no vCPU \(v)"
        case .noSuchCpupool(let p): "no cpupool \(p)"
        case .cpupoolExists(let p): "cpupool \(p) exists already"
        case .cpupoolBusy(let p): "cpupool \(p) still has CPUs or domains"
        case .cpupoolEmpty(let p): "cpupool \(p) has no CPU"
        case .wrongScheduler(let d, let asked, let running):
            "domain \(d) runs under \(running.map { PhysInfoLayout.schedulerName($0) } ?? "another scheduler"), not \(PhysInfoLayout.schedulerName(asked))"
        case .invalidArgument(let why): "invalid argument: \(why)"
        case .permissionDenied(let op): "\(op): permission denied"
        case .failed(let op, let e): "\(op): \(e)"
        }
    }

    /// The Xen errno this error stands for.
    public var xenErrno: XenErrno? {
        switch self {
        case .noSuchDomain: .ESRCH
        case .noSuchVCPU: .EINVAL
        case .noSuchCpupool: .ENOENT
        case .cpupoolExists: .EEXIST
        case .cpupoolBusy: .EBUSY
        case .cpupoolEmpty: .ENOENT
        case .wrongScheduler, .invalidArgument: .EINVAL
        case .permissionDenied: .EPERM
        case .failed(_, let e): e.xenErrno
        }
    }
}

extension Toolstack {
    /// Sends `typed`, reading Xen's errno in the context of `operation`:
    /// `ESRCH` names `domain`, `EPERM`/`EACCES` a denial, `EINVAL` a bad
    /// argument; `extra` maps anything more specific first.
    func call(_ typed: some HypercallEncodable, _ operation: String, domain: UInt16? = nil,
              _ extra: (XenErrno) -> ToolstackError? = { _ in nil }) throws(ToolstackError) -> (result: Int64, call: EncodedCall) {
        do {
            return try xen.send(typed)
        } catch {
            throw Toolstack.classify(error, operation, domain: domain, extra)
        }
    }

    /// As `call(_:_:domain:_:)`, for a typed call: its outputs.
    func call<Call: HypercallOutputs>(_ typed: Call, _ operation: String, domain: UInt16? = nil,
                                      _ extra: (XenErrno) -> ToolstackError? = { _ in nil }) throws(ToolstackError) -> Call.Output {
        do {
            return try xen.send(typed)
        } catch {
            throw Toolstack.classify(error, operation, domain: domain, extra)
        }
    }

    static func classify(_ error: PrivcmdError, _ operation: String, domain: UInt16?,
                         _ extra: (XenErrno) -> ToolstackError? = { _ in nil }) -> ToolstackError {
        guard case .hypercall(let e) = error else { return .failed(operation: operation, error) }
        if let mapped = extra(e) { return mapped }
        switch e {
        case .ESRCH where domain != nil: return .noSuchDomain(domain!)
        case .EPERM, .EACCES: return .permissionDenied(operation: operation)
        case .EINVAL: return .invalidArgument("\(operation): Xen answered EINVAL")
        default: return .failed(operation: operation, error)
        }
    }
}
