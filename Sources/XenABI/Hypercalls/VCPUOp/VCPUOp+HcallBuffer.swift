import CXen

/// `vcpu_hcall_buffer_t` (`xenabi_ext.h`), the input of VCPUOP 16-18: how
/// each sub-op fills it, and the field rules the hypervisor checks after
/// reading it (-EINVAL; Specs/abi.md section 9). The struct, not registers,
/// because `do_vcpu_op(cmd, vcpuid, arg)` has only three arguments.
extension VCPUOp.HcallBuffer {
    /// `VCPU_HCALL_BUFFER_ADDRESS_SPACE`: the entry belongs to the calling
    /// vCPU's current address space (its page-table root); for a purge, only
    /// entries of that address space are dropped.
    public static let addressSpaceFlag = UInt32(VCPU_HCALL_BUFFER_ADDRESS_SPACE)
    /// `VCPU_HCALL_BUFFER_PURGE_ALL`: the purge size that drops every entry
    /// (of the caller's address space, with `addressSpaceFlag`).
    public static let purgeAll: UInt64 = VCPU_HCALL_BUFFER_PURGE_ALL
    /// `XENABI_PAGE_SIZE - 1`: va, gpa and size of a registration are multiples of the page.
    static let pageMask = UInt64(XENABI_PAGE_SIZE) - 1

    /// The `VCPUOP_register_hcall_buffer` input: `size` bytes at `va` backed
    /// by `gpa`, in the calling vCPU's address space only when `addressSpace`.
    public static func register(va: UInt64, gpa: UInt64, size: UInt64, addressSpace: Bool = false) -> Self {
        Self(va: va, gpa: gpa, size: size, flags: addressSpace ? addressSpaceFlag : 0)
    }

    /// The `VCPUOP_purge_hcall_buffers` input: entries sharing a byte with
    /// `[va, va+size)` (`purgeAll`: every entry), of every address space, or
    /// only of the caller's when `addressSpace`.
    public static func purge(va: UInt64, size: UInt64, addressSpace: Bool = false) -> Self {
        Self(va: va, size: size, flags: addressSpace ? addressSpaceFlag : 0)
    }

    /// The `VCPUOP_share_hcall_buffers` input: use vCPU `source`'s table.
    public static func share(source: UInt32) -> Self { Self(source: source) }

    /// Whether `VCPU_HCALL_BUFFER_ADDRESS_SPACE` is set.
    public var addressSpace: Bool { flags & Self.addressSpaceFlag != 0 }

    /// `VCPUOP_register_hcall_buffer`'s field checks: flags other than
    /// `VCPU_HCALL_BUFFER_ADDRESS_SPACE`, a nonzero source, va, gpa or size
    /// not a multiple of 4096, size 0, or `va + size` / `gpa + size` wrapping
    /// (an end of exactly 2^64 counts as a wrap): `.invalid` (-EINVAL).
    public func validateRegister() throws(DecodeError) {
        let at = "vcpu_op.register_hcall_buffer."
        try checkFlags(at)
        try Self.zero(UInt64(source), "source", at)
        try Self.pageAligned(va, "va", at)
        try Self.pageAligned(gpa, "gpa", at)
        try Self.pageAligned(size, "size", at)
        if size == 0 { throw DecodeError(.invalid("size is 0"), at: at + "size") }
        if va.addingReportingOverflow(size).overflow {
            throw DecodeError(.invalid("va + size wraps past 2^64"), at: at + "size")
        }
        if gpa.addingReportingOverflow(size).overflow {
            throw DecodeError(.invalid("gpa + size wraps past 2^64"), at: at + "size")
        }
    }

    /// `VCPUOP_purge_hcall_buffers`' field checks: flags other than
    /// `VCPU_HCALL_BUFFER_ADDRESS_SPACE`, a nonzero gpa or source, or
    /// `va + size` wrapping unless size is `purgeAll`: `.invalid` (-EINVAL).
    /// Any byte alignment; size 0 is valid (drops nothing).
    public func validatePurge() throws(DecodeError) {
        let at = "vcpu_op.purge_hcall_buffers."
        try checkFlags(at)
        try Self.zero(gpa, "gpa", at)
        try Self.zero(UInt64(source), "source", at)
        if size != Self.purgeAll && va.addingReportingOverflow(size).overflow {
            throw DecodeError(.invalid("va + size wraps past 2^64"), at: at + "size")
        }
    }

    /// `VCPUOP_share_hcall_buffers`' field checks: va, gpa, size or flags
    /// nonzero: `.invalid` (-EINVAL). Whether `source` is a vCPU is the
    /// hypervisor's check (-ENOENT), not the decoder's.
    public func validateShare() throws(DecodeError) {
        let at = "vcpu_op.share_hcall_buffers."
        try Self.zero(va, "va", at)
        try Self.zero(gpa, "gpa", at)
        try Self.zero(size, "size", at)
        try Self.zero(UInt64(flags), "flags", at)
    }

    private static func pageAligned(_ value: UInt64, _ name: String, _ at: String) throws(DecodeError) {
        if value & pageMask != 0 { throw DecodeError(.invalid("\(name) 0x\(String(value, radix: 16)) is not page-aligned"), at: at + name) }
    }

    private static func zero(_ value: UInt64, _ name: String, _ at: String) throws(DecodeError) {
        if value != 0 { throw DecodeError(.invalid("\(name) 0x\(String(value, radix: 16)) is not 0"), at: at + name) }
    }

    private func checkFlags(_ at: String) throws(DecodeError) {
        if flags & ~Self.addressSpaceFlag != 0 {
            throw DecodeError(.invalid("flags 0x\(String(flags, radix: 16)) has bits other than VCPU_HCALL_BUFFER_ADDRESS_SPACE"),
                              at: at + "flags")
        }
    }
}

extension VCPUOp {
    /// `VCPUOP_register_hcall_buffer` for `vcpu` (`HcallBuffer.register`).
    public static func registerHcallBuffer(vcpu: UInt32, va: UInt64, gpa: UInt64, size: UInt64, addressSpace: Bool = false) -> VCPUOp {
        .registerHcallBuffer(vcpu: vcpu, .register(va: va, gpa: gpa, size: size, addressSpace: addressSpace))
    }

    /// `VCPUOP_purge_hcall_buffers` for `vcpu` (`HcallBuffer.purge`).
    public static func purgeHcallBuffers(vcpu: UInt32, va: UInt64, size: UInt64, addressSpace: Bool = false) -> VCPUOp {
        .purgeHcallBuffers(vcpu: vcpu, .purge(va: va, size: size, addressSpace: addressSpace))
    }

    /// `VCPUOP_share_hcall_buffers`: `vcpu` uses `source`'s table (`HcallBuffer.share`).
    public static func shareHcallBuffers(vcpu: UInt32, source: UInt32) -> VCPUOp {
        .shareHcallBuffers(vcpu: vcpu, .share(source: source))
    }
}
