/// Read access to guest memory through guest handles, as a decoder needs it.
///
/// The reader resolves `handle` according to `flavour`: a trace replays
/// linear addresses against recorded regions; the hypervisor model resolves
/// every flavour through its P2M, page tables and descriptors.
public protocol GuestMemoryReader {
    /// Copies `into.count` bytes starting `offset` bytes past the start of
    /// the buffer named by `handle`. Throws the errno Xen would return
    /// (`-EFAULT` for an unreadable byte) and fills nothing useful then.
    func read(handle: UInt64, flavour: Flavour, offset: Int, into: UnsafeMutableRawBufferPointer) throws(XenErrno)
}

extension GuestMemoryReader {
    /// Reads `count` bytes at `offset` of the buffer named by `handle`.
    public func bytes(handle: UInt64, flavour: Flavour, offset: Int = 0, count: Int) throws(XenErrno) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        if count == 0 { return out }
        var failure: XenErrno?
        out.withUnsafeMutableBytes { buf in
            do throws(XenErrno) { try read(handle: handle, flavour: flavour, offset: offset, into: buf) } catch { failure = error }
        }
        if let failure { throw failure }
        return out
    }

    /// Reads a little-endian integer at `offset` of the buffer named by `handle`.
    public func load<T: FixedWidthInteger>(_: T.Type, handle: UInt64, flavour: Flavour, offset: Int) throws(XenErrno) -> T {
        var v = T.zero
        var failure: XenErrno?
        withUnsafeMutableBytes(of: &v) { buf in
            do throws(XenErrno) { try read(handle: handle, flavour: flavour, offset: offset, into: buf) } catch { failure = error }
        }
        if let failure { throw failure }
        return T(littleEndian: v)
    }
}

/// A struct read from guest memory for decoding: its bytes plus the handle
/// and flavour it came through, so nested handles can be followed.
public struct GuestStruct: Sendable {
    /// The handle it was read through.
    public let handle: UInt64
    /// The flavour of that handle.
    public let flavour: Flavour
    /// Its bytes.
    public let bytes: [UInt8]
    /// A name for error messages (`xen_memory_reservation`).
    public let name: String

    /// Reads `size` bytes through `handle`; a failed read is a `DecodeError` naming `name`.
    public init(_ name: String, handle: UInt64, flavour: Flavour, size: Int, memory: some GuestMemoryReader) throws(DecodeError) {
        self.name = name
        self.handle = handle
        self.flavour = flavour
        do { bytes = try memory.bytes(handle: handle, flavour: flavour, count: size) } catch {
            throw DecodeError(.unreadable(error), at: name)
        }
    }

    /// A little-endian field at a layout `offset` (a C `offsetof`, fixed by
    /// the struct, never by the guest). Bounds-checked in every build: an
    /// offset past `bytes` is a bug in the decoder, and traps rather than
    /// read past the buffer (`loadUnaligned` checks only in debug builds).
    /// Offsets the guest chooses go through `checkedLoad`, which throws.
    public func load<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T {
        precondition(offset >= 0 && offset <= bytes.count - MemoryLayout<T>.size,
                     "\(name): layout offset \(offset) outside its \(bytes.count) bytes")
        return bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: T.self)) }
    }

    /// A little-endian field at an `offset` the guest chose (an element of a
    /// guest-sized array): `.outOfBounds` if it is not wholly inside `bytes`.
    public func checkedLoad<T: FixedWidthInteger>(_: T.Type, at offset: Int) throws(DecodeError) -> T {
        try checkBounds(offset, MemoryLayout<T>.size)
        return bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: T.self)) }
    }

    /// `count` raw bytes at `offset`, either chosen by the guest:
    /// `.outOfBounds` if they are not wholly inside `bytes`.
    public func checkedSlice(_ offset: Int, _ count: Int) throws(DecodeError) -> [UInt8] {
        try checkBounds(offset, count)
        return Array(bytes[offset ..< offset + count])
    }

    /// Throws `.outOfBounds` at `name` unless `[offset, offset + count)` lies in `bytes`.
    func checkBounds(_ offset: Int, _ count: Int) throws(DecodeError) {
        guard offset >= 0, count >= 0, count <= bytes.count, offset <= bytes.count - count else {
            throw DecodeError(.outOfBounds(offset: offset, count: count, size: bytes.count), at: name)
        }
    }

    /// Checks the `uint32_t interface_version` field at `offset` of a tools
    /// interface struct (`xen_sysctl`, `xen_domctl`, `xen_flask_op`,
    /// `xen_platform_op`) against its header constant `expected`, named
    /// `constant`; a mismatch is `.invalid` at `<hypercall>.interface_version`.
    public func checkInterfaceVersion(at offset: Int, expected: UInt32, constant: String, hypercall: String) throws(DecodeError) {
        let version = load(UInt32.self, at: offset)
        guard version == expected else {
            throw DecodeError(.invalid("interface_version 0x\(String(version, radix: 16)) is not \(constant) 0x\(String(expected, radix: 16))"),
                              at: hypercall + ".interface_version")
        }
    }

    /// `count` raw bytes at a layout `offset` (traps past `bytes`, like `load`).
    public func slice(_ offset: Int, _ count: Int) -> [UInt8] { Array(bytes[offset ..< offset + count]) }
}
