/// One registered hypercall buffer: `size` bytes at guest linear address `va`
/// backed by guest-physical `gpa` (the `vcpu_hcall_buffer_t` fields of
/// `VCPUOP_register_hcall_buffer`), in one address space (`root`) or in all
/// of them (`root == nil`). va, gpa and size are page-aligned; the range is
/// physically contiguous, so `va + k` translates to `gpa + k`.
public struct TLBEntry: Hashable, Sendable, CustomStringConvertible {
    /// Guest linear (virtual) start address.
    public var va: UInt64
    /// Guest-physical start address.
    public var gpa: UInt64
    /// Length in bytes, > 0.
    public var size: UInt64
    /// The address space the entry belongs to: the page-table root
    /// (`CR3 & XENABI_HCALL_BUFFER_ROOT_MASK`) of the vCPU that registered it
    /// with `VCPU_HCALL_BUFFER_ADDRESS_SPACE`; nil for a global entry (no
    /// flag), which applies in every address space.
    public var root: UInt64?

    /// An entry; `SoftTLBTable.insert` validates it.
    @inlinable
    public init(va: UInt64, gpa: UInt64, size: UInt64, root: UInt64? = nil) {
        self.va = va
        self.gpa = gpa
        self.size = size
        self.root = root
    }

    /// One past the last byte (may be 2^64 only for an entry ending at the top, which `validated` refuses).
    @inlinable public var end: UInt64 { va &+ size }

    /// The page size every field must be a multiple of (x86-64 and arm64 4 KiB pages).
    @inlinable public static var pageSize: UInt64 { 4096 }
    /// `pageSize - 1`.
    @inlinable public static var pageMask: UInt64 { 4095 }

    /// Throws `.invalidRange` (EINVAL) unless va, gpa and size are page-aligned,
    /// size > 0, neither range wraps past 2^64 (an end of exactly 2^64
    /// counts as a wrap), and `root` has only root bits
    /// (`TLBEntry.isRoot`; `TLBEntry.root(cr3:)` makes one).
    @inlinable
    public func validate() throws(SoftTLBError) {
        guard size > 0, (va | gpa | size) & Self.pageMask == 0 else { throw .invalidRange }
        let (_, vaWraps) = va.addingReportingOverflow(size)
        let (_, gpaWraps) = gpa.addingReportingOverflow(size)
        guard !vaWraps, !gpaWraps else { throw .invalidRange }
        if let root, !Self.isRoot(root) { throw .invalidRange }
    }

    /// Whether `[va, va+size)` shares a byte with `[start, start+length)`.
    @inlinable
    public func overlaps(start: UInt64, length: UInt64) -> Bool {
        guard length > 0 else { return false }
        // Half-open intervals, written without forming an end that could wrap.
        return start &- va < size || va &- start < length
    }

    public var description: String {
        let space = root.map { "root=0x\(String($0, radix: 16))" } ?? "global"
        return "va=0x\(String(va, radix: 16)) gpa=0x\(String(gpa, radix: 16)) size=0x\(String(size, radix: 16)) \(space)"
    }
}
