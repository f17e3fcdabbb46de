#if canImport(Glibc)
import Glibc
#endif
import CXen
import XenABI

/// Linux's event-channel device (`drivers/xen/evtchn.c`, `/dev/xen/evtchn`),
/// as libxenevtchn uses it: ioctls bind ports to this file descriptor,
/// `read()` returns the ports that fired (each masked until written back),
/// `write()` unmasks them.
///
/// Every syscall goes through the module's funnel, so tests mock it.
/// Not `Sendable`: pending ports are read from one descriptor.
public final class EventChannelDevice {
    /// The file descriptor.
    public let fd: Int32
    /// The path that opened.
    public let path: String

    /// `/dev/xen/evtchn`
    public static let devicePath = "/dev/xen/evtchn"

    /// Opens `path` (default `/dev/xen/evtchn`; missing: `notInXenDomain`,
    /// or the `xen-evtchn` module is not loaded).
    public init(path: String? = nil) throws(PrivcmdError) {
        (fd, self.path) = try openXenDevice([path ?? EventChannelDevice.devicePath])
    }

    deinit { _ = system_close(fd) }

    /// Runs one evtchn ioctl on `arg`; the result is the port for binds.
    func ioctl<T>(_ request: EventChannelIoctl, _ arg: inout T) throws(PrivcmdError) -> UInt32 {
        let rc = withUnsafeMutableBytes(of: &arg) { system_ioctl(fd, request.number, $0.baseAddress) }
        if rc < 0 { throw .system(operation: "ioctl \(request.name)", system_errno) }
        return UInt32(rc)
    }

    /// A new port waiting for `remoteDomain` to bind (`IOCTL_EVTCHN_BIND_UNBOUND_PORT`,
    /// `EVTCHNOP_alloc_unbound` underneath); returns the local port.
    public func bindUnboundPort(remoteDomain: UInt16) throws(PrivcmdError) -> UInt32 {
        var a = ioctl_evtchn_bind_unbound_port(remote_domain: UInt32(remoteDomain))
        return try ioctl(.bindUnboundPort, &a)
    }

    /// Binds a local port to `remotePort` of `remoteDomain` (`IOCTL_EVTCHN_BIND_INTERDOMAIN`);
    /// returns the local port.
    public func bindInterdomain(remoteDomain: UInt16, remotePort: UInt32) throws(PrivcmdError) -> UInt32 {
        var a = ioctl_evtchn_bind_interdomain(remote_domain: UInt32(remoteDomain), remote_port: remotePort)
        return try ioctl(.bindInterdomain, &a)
    }

    /// Binds virtual IRQ `virq` (`VIRQ_*`) of the current vCPU (`IOCTL_EVTCHN_BIND_VIRQ`).
    public func bindVirq(_ virq: UInt32) throws(PrivcmdError) -> UInt32 {
        var a = ioctl_evtchn_bind_virq(virq: virq)
        return try ioctl(.bindVirq, &a)
    }

    /// Sends an event on `port` (`IOCTL_EVTCHN_NOTIFY`, `EVTCHNOP_send`).
    public func notify(_ port: UInt32) throws(PrivcmdError) {
        var a = ioctl_evtchn_notify(port: port)
        _ = try ioctl(.notify, &a)
    }

    /// Closes `port` (`IOCTL_EVTCHN_UNBIND`).
    public func unbind(_ port: UInt32) throws(PrivcmdError) {
        var a = ioctl_evtchn_unbind(port: port)
        _ = try ioctl(.unbind, &a)
    }

    /// Clears the device's ring of pending ports (`IOCTL_EVTCHN_RESET`).
    public func reset() throws(PrivcmdError) {
        let rc = system_ioctl(fd, EventChannelIoctl.reset.number, nil)
        if rc < 0 { throw .system(operation: "ioctl \(EventChannelIoctl.reset.name)", system_errno) }
    }

    /// Ports that fired, read within `timeoutMilliseconds` (negative: wait
    /// for ever); empty when none came. Each is masked until `unmask`.
    public func wait(timeoutMilliseconds: Int32, max: Int = 64) throws(PrivcmdError) -> [UInt32] {
        guard max > 0, max <= 4096 else { throw .invalidRequest("read of \(max) ports") }
        guard try waitReadable(fd, timeoutMilliseconds: timeoutMilliseconds, name: path) else { return [] }
        var ports = [UInt32](repeating: 0, count: max)
        while true {
            let n = ports.withUnsafeMutableBytes { system_read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if system_errno == .interrupted { continue }
                throw .system(operation: "read \(path)", system_errno)
            }
            guard n % 4 == 0, n <= max * 4 else { throw .invalidRequest("read \(n) bytes from \(path), not whole ports") }
            return Array(ports.prefix(n / 4))
        }
    }

    /// Unmasks `ports` so they can fire again (one `write()` of the port numbers).
    public func unmask(_ ports: [UInt32]) throws(PrivcmdError) {
        guard !ports.isEmpty else { return }
        let n = ports.withUnsafeBytes { system_write(fd, $0.baseAddress!, $0.count) }
        if n < 0 { throw .system(operation: "write \(path)", system_errno) }
        guard n == ports.count * 4 else { throw .invalidRequest("unmask wrote \(n) of \(ports.count * 4) bytes") }
    }
}

/// The `/dev/xen/evtchn` ioctl numbers (`xen/sys/evtchn.h`, through
/// `XENABI_IOCTL_EVTCHN_*`): `_IOC(_IOC_NONE, 'E', nr, sizeof(arg))`.
public enum EventChannelIoctl: UInt32, CaseIterable, Sendable {
    case bindVirq = 0, bindInterdomain = 1, bindUnboundPort = 2, unbind = 3, notify = 4, reset = 5, restrictDomid = 6

    /// The request number as the C header builds it.
    public var number: UInt {
        let n: Int = switch self {
        case .bindVirq: XENABI_IOCTL_EVTCHN_BIND_VIRQ
        case .bindInterdomain: XENABI_IOCTL_EVTCHN_BIND_INTERDOMAIN
        case .bindUnboundPort: XENABI_IOCTL_EVTCHN_BIND_UNBOUND_PORT
        case .unbind: XENABI_IOCTL_EVTCHN_UNBIND
        case .notify: XENABI_IOCTL_EVTCHN_NOTIFY
        case .reset: XENABI_IOCTL_EVTCHN_RESET
        case .restrictDomid: XENABI_IOCTL_EVTCHN_RESTRICT_DOMID
        }
        return UInt(UInt32(truncatingIfNeeded: n))
    }

    /// `IOCTL_EVTCHN_*`
    public var name: String {
        switch self {
        case .bindVirq: "EVTCHN_BIND_VIRQ"
        case .bindInterdomain: "EVTCHN_BIND_INTERDOMAIN"
        case .bindUnboundPort: "EVTCHN_BIND_UNBOUND_PORT"
        case .unbind: "EVTCHN_UNBIND"
        case .notify: "EVTCHN_NOTIFY"
        case .reset: "EVTCHN_RESET"
        case .restrictDomid: "EVTCHN_RESTRICT_DOMID"
        }
    }
}
