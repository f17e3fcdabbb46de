#if canImport(Glibc)
import Glibc
#endif
import CXen
import XenABI

extension Privcmd {
    /// Issues one hypercall (`IOCTL_PRIVCMD_HYPERCALL`, `privcmd_hypercall_t`):
    /// the op word and five registers exactly as given; buffers the handles
    /// point at must be hypercall-safe memory (see `HypercallBufferPool`).
    /// Returns the non-negative result; a negative one is thrown as
    /// `PrivcmdError.hypercall`.
    ///
    /// Never retried, EINTR included: Linux's `privcmd_ioctl_hypercall`
    /// sleeps nowhere interruptibly (a long call is preempted inside
    /// `xen_preemptible_hcall_begin`/`_end` and resumes through Xen's
    /// continuation, not a signal), so every errno but its own EPERM and
    /// EFAULT is Xen's answer, and libxencall's `osdep_hypercall` issues
    /// the ioctl once. Sending a call again could run it twice.
    @inlinable
    public func hypercall(_ op: UInt64, _ args: HypercallArgs) throws(PrivcmdError) -> Int64 {
        var h = privcmd_hypercall_t(op: op, arg: (args.a0, args.a1, args.a2, args.a3, args.a4))
        let rc = system_ioctl(fd, UInt(UInt32(bitPattern: PrivcmdIoctl.hypercall)), &h)
        if rc < 0 { throw .hypercall(XenErrno(rawValue: system_errno.rawValue)) }
        return Int64(rc)
    }

    /// The same call, answering a negative result as `-errno` instead of
    /// throwing (the multicall and benchmark paths look at raw values).
    @inlinable
    public func hypercallResult(_ op: UInt64, _ args: HypercallArgs) -> Int64 {
        var h = privcmd_hypercall_t(op: op, arg: (args.a0, args.a1, args.a2, args.a3, args.a4))
        let rc = system_ioctl(fd, UInt(UInt32(bitPattern: PrivcmdIoctl.hypercall)), &h)
        return rc < 0 ? -Int64(system_errno.rawValue) : Int64(rc)
    }

    /// Restricts this handle to hypercalls and mappings that concern
    /// `domain` (`IOCTL_PRIVCMD_RESTRICT`). After it, `hypercall` fails
    /// with `-EPERM`; only `dmOp` for that domain and mappings remain.
    public func restrict(to domain: UInt16) throws(PrivcmdError) {
        var d = domid_t(domain)
        _ = try ioctl(PrivcmdIoctl.restrict, &d, "ioctl PRIVCMD_RESTRICT")
    }

    /// Runs a device-model op on `domain` (`IOCTL_PRIVCMD_DM_OP`,
    /// `privcmd_dm_op_t` with one `privcmd_dm_op_buf_t` per buffer; the first
    /// starts with `struct xen_dm_op`). Returns the hypercall's result.
    public func dmOp(domain: UInt16, buffers: [UnsafeMutableRawBufferPointer]) throws(PrivcmdError) -> Int64 {
        guard !buffers.isEmpty, buffers.count <= Int(UInt16.max) else {
            throw .invalidRequest("dm_op needs 1...65535 buffers, got \(buffers.count)")
        }
        var bufs = buffers.map { privcmd_dm_op_buf_t(uptr: $0.baseAddress, size: $0.count) }
        return try bufs.withUnsafeMutableBufferPointer { (b) throws(PrivcmdError) -> Int64 in
            var op = privcmd_dm_op_t(dom: domid_t(domain), num: UInt16(b.count), ubufs: UnsafePointer(b.baseAddress))
            let rc = system_ioctl(fd, UInt(UInt32(bitPattern: PrivcmdIoctl.dmOp)), &op)
            if rc < 0 { throw .hypercall(XenErrno(rawValue: system_errno.rawValue)) }
            return Int64(rc)
        }
    }
}
