import CXen

/// Bounds on guest-controlled counts: a decoder never sizes a nested buffer
/// past these, whatever a (hostile) struct says.
public enum ToolstackLimits {
    /// The most bytes one nested buffer of a toolstack call may span (64 MiB).
    public static let maxNestedBytes = 64 << 20
}

/// A nested `XEN_GUEST_HANDLE_64` array the hypervisor writes (or reads)
/// whose length another field gives: either a null handle or room for
/// the elements. The element count itself is a separate (input) field.
public enum NestedHandle: Hashable, Sendable {
    /// A null handle (libxc's `HYPERCALL_BUFFER_NULL`; Xen then only reports sizes).
    case null
    /// A buffer.
    case buffer

    /// Whether the handle is non-null.
    @inlinable public var isPresent: Bool { self == .buffer }

    /// `.buffer` when `present`.
    @inlinable public init(present: Bool) { self = present ? .buffer : .null }
}

/// `struct xenctl_bitmap` (`public/xen.h`) whose bits the hypervisor writes
/// (`cpumask_to_xenctl_bitmap`): `nr_bits` is an input, the bitmap an output
/// of `(nr_bits + 7) / 8` bytes.
public struct OutBitmap: Hashable, Sendable {
    /// `nr_bits`.
    public var nrBits: UInt32
    /// The `bitmap` handle.
    public var handle: NestedHandle
    /// A bitmap of `nrBits` bits written back through a non-null handle.
    public init(nrBits: UInt32, handle: NestedHandle = .buffer) {
        self.nrBits = nrBits
        self.handle = handle
    }
}

/// `struct xenctl_bitmap` the hypervisor reads (`xenctl_bitmap_to_bitmap`)
/// and may write back (`inOut`): the bits are inputs.
public struct InBitmap: Hashable, Sendable {
    /// `nr_bits`.
    public var nrBits: UInt32
    /// The `(nr_bits + 7) / 8` bitmap bytes.
    public var bits: [UInt8]
    /// A bitmap of `nrBits` bits; `bits` is padded or cut to `(nrBits + 7) / 8` bytes.
    public init(nrBits: UInt32, bits: [UInt8]) {
        self.nrBits = nrBits
        let n = (Int(nrBits) + 7) / 8
        self.bits = Array(bits.prefix(n)) + Array(repeating: 0, count: max(0, n - bits.count))
    }
}

/// `struct xenctl_bitmap` field offsets.
public enum XenctlBitmapLayout {
    /// `offsetof(xenctl_bitmap_t, bitmap)`
    public static let bitmap = Layout.offset(\xenctl_bitmap_t.bitmap)
    /// `offsetof(xenctl_bitmap_t, nr_bits)`
    public static let nrBits = Layout.offset(\xenctl_bitmap_t.nr_bits)
    static var rows: [Layout.Row] {
        [
            .type("xenctl_bitmap_t", xenctl_bitmap_t.self),
            .field("xenctl_bitmap_t", \xenctl_bitmap_t.bitmap, "bitmap"),
            .field("xenctl_bitmap_t", \xenctl_bitmap_t.nr_bits, "nr_bits"),
        ]
    }
}

extension EncodedCall {
    /// Adds the buffer behind the nested handle at `offset` of `parent`
    /// (or a null handle), returning its index.
    @inlinable @discardableResult
    public mutating func addNested(_ handle: NestedHandle, size: Int, direction: BufferDirection,
                                   parent: Int, offset: Int) -> Int {
        let site = HandleSite.nested(buffer: parent, offset: offset)
        return handle.isPresent ? addBuffer(size: size, direction: direction, site: site) : addNullHandle(site: site)
    }

    /// Encodes an output `xenctl_bitmap` at `offset` of `parent`.
    @inlinable
    public mutating func encode(_ map: OutBitmap, parent: Int, at offset: Int) {
        store(map.nrBits, buffer: parent, at: offset + XenctlBitmapLayout.nrBits)
        addNested(map.handle, size: (Int(map.nrBits) + 7) / 8, direction: .out, parent: parent,
                  offset: offset + XenctlBitmapLayout.bitmap)
    }

    /// Encodes an input (or in/out) `xenctl_bitmap` at `offset` of `parent`.
    @inlinable
    public mutating func encode(_ map: InBitmap, direction: BufferDirection = .in, parent: Int, at offset: Int) {
        store(map.nrBits, buffer: parent, at: offset + XenctlBitmapLayout.nrBits)
        let b = addBuffer(size: map.bits.count, direction: direction,
                          site: .nested(buffer: parent, offset: offset + XenctlBitmapLayout.bitmap))
        store(bytes: map.bits, buffer: b, at: 0)
    }

    /// Stores an input byte array in a new nested buffer at `offset` of `parent`.
    @inlinable @discardableResult
    public mutating func addNestedInput(_ bytes: [UInt8], parent: Int, offset: Int) -> Int {
        let b = addBuffer(size: bytes.count, direction: .in, site: .nested(buffer: parent, offset: offset))
        store(bytes: bytes, buffer: b, at: 0)
        return b
    }
}

/// Decoding helpers over a struct read from the guest.
extension GuestStruct {
    /// The nested handle at `offset`: null or present.
    public func nested(at offset: Int) -> NestedHandle {
        NestedHandle(present: !flavour.isNull(load(UInt64.self, at: offset)))
    }

    /// `count * element` as a buffer size, or a typed error past `ToolstackLimits.maxNestedBytes`.
    public static func size(count: UInt64, element: Int, at location: String) throws(DecodeError) -> Int {
        let (bytes, overflow) = count.multipliedReportingOverflow(by: UInt64(element))
        guard !overflow, bytes <= UInt64(ToolstackLimits.maxNestedBytes) else {
            throw DecodeError(.invalid("\(count) elements of \(element) bytes exceed \(ToolstackLimits.maxNestedBytes) bytes"), at: location)
        }
        return Int(bytes)
    }

    /// Reads the input bytes behind the nested handle at `offset` (`count` bytes).
    public func nestedBytes(at offset: Int, count: Int, memory: some GuestMemoryReader, name: String) throws(DecodeError) -> [UInt8] {
        let h = load(UInt64.self, at: offset)
        guard !flavour.isNull(h) || count == 0 else { throw DecodeError(.unreadable(.EFAULT), at: name) }
        if count == 0 { return [] }
        return try GuestStruct(name, handle: h, flavour: flavour, size: count, memory: memory).bytes
    }

    /// An output `xenctl_bitmap` at `offset`.
    public func outBitmap(at offset: Int, name: String) throws(DecodeError) -> OutBitmap {
        let n = load(UInt32.self, at: offset + XenctlBitmapLayout.nrBits)
        _ = try GuestStruct.size(count: (UInt64(n) + 7) / 8, element: 1, at: name + ".nr_bits")
        return OutBitmap(nrBits: n, handle: nested(at: offset + XenctlBitmapLayout.bitmap))
    }

    /// An input `xenctl_bitmap` at `offset`, with its bits read from the guest.
    public func inBitmap(at offset: Int, memory: some GuestMemoryReader, name: String) throws(DecodeError) -> InBitmap {
        let n = load(UInt32.self, at: offset + XenctlBitmapLayout.nrBits)
        let size = try GuestStruct.size(count: (UInt64(n) + 7) / 8, element: 1, at: name + ".nr_bits")
        let bits = try nestedBytes(at: offset + XenctlBitmapLayout.bitmap, count: size, memory: memory, name: name + ".bitmap")
        return InBitmap(nrBits: n, bits: bits)
    }
}

extension GuestStruct {
    /// Bytes already read (a nested array), to load fields from.
    init(name: String, bytes: [UInt8]) {
        self.name = name
        self.handle = 0
        self.flavour = .linear
        self.bytes = bytes
    }
}
