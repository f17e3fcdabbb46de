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

    /// A little-endian field at `offset`.
    public func load<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T {
        bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: T.self)) }
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

    /// `count` raw bytes at `offset`.
    public func slice(_ offset: Int, _ count: Int) -> [UInt8] { Array(bytes[offset ..< offset + count]) }
}
