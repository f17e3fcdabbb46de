/// Which way a guest buffer's bytes travel across the hypercall.
public enum BufferDirection: UInt8, Sendable, Hashable, CustomStringConvertible {
    /// The hypervisor only reads it (`copy_from_guest`).
    case `in` = 1
    /// The hypervisor only writes it (`copy_to_guest`).
    case out = 2
    /// Both (`xen_sysctl`, `xen_domctl` and most argument structs).
    case inOut = 3

    /// Whether the hypervisor reads it.
    @inlinable public var reads: Bool { rawValue & 1 != 0 }
    /// Whether the hypervisor writes it.
    @inlinable public var writes: Bool { rawValue & 2 != 0 }

    public var description: String {
        switch self {
        case .in: "in"
        case .out: "out"
        case .inOut: "inout"
        }
    }
}

/// Where a buffer's guest handle sits: an argument register, or a
/// `XEN_GUEST_HANDLE` field inside another buffer of the same call
/// (`xen_memory_reservation.extent_start`, `xen_sysctl_readconsole.buffer`,
/// `multicall_entry.args[i]`, `xen_dm_op_buf.h`).
public enum HandleSite: Hashable, Sendable, CustomStringConvertible {
    /// Argument register 0...4.
    case register(Int)
    /// Byte `offset` of buffer number `buffer` (an index into `EncodedCall.buffers`).
    case nested(buffer: Int, offset: Int)

    public var description: String {
        switch self {
        case .register(let r): "arg\(r)"
        case .nested(let b, let o): "buffer\(b)+\(o)"
        }
    }
}

/// One guest buffer an encoded call references.
public struct GuestBuffer: Hashable, Sendable {
    /// Where its handle sits.
    public var site: HandleSite
    /// Bytes the hypervisor may access through the handle.
    public var size: Int
    /// Which way the bytes travel.
    public var direction: BufferDirection
    /// Whether the handle is null (`size` is then 0): 0 in `linear`, ~0 in a
    /// physical flavour.
    public var isNull: Bool
    /// Which call of the batch owns the handle: 0 for the hypercall itself,
    /// `k + 1` for multicall entry `k`. The owner's flavour says how it is read.
    public var owner: Int
    /// Where its bytes start in `EncodedCall.bytes`.
    public var start: Int

    /// A buffer record (encoders use `EncodedCall.addBuffer`).
    @inlinable
    public init(site: HandleSite, size: Int, direction: BufferDirection, isNull: Bool, owner: Int, start: Int) {
        self.site = site
        self.size = size
        self.direction = direction
        self.isNull = isNull
        self.owner = owner
        self.start = start
    }

    /// Its bytes' range in `EncodedCall.bytes`.
    @inlinable public var range: Range<Int> { start ..< start + size }
}
