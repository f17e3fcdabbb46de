import ScatterGather
import SoftTLB

extension XenErrno {
    /// The errno a descriptor error carries (`SGError.errno`: -EFAULT,
    /// -EINVAL or -E2BIG, as the patched Xen's list walker returns).
    @inlinable public init(_ e: SGError) { self.init(rawValue: e.errno) }

    /// The errno a software-TLB refusal returns (EINVAL, EEXIST, ENOSPC),
    /// as `VCPUOP_register_hcall_buffer` does in the patched Xen.
    public init(_ error: SoftTLBError) { self.init(rawValue: error.xenErrno) }
}
