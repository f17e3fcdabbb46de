import CXen

/// `__HYPERVISOR_hypfs_op` (`public/hypfs.h`): `hypfs_op(cmd, arg1, arg2, arg3, arg4)`.
/// Paths are NUL-terminated, at most `XEN_HYPFS_MAX_PATHLEN` bytes.
public enum HypfsOp: TypedHypercall, Hashable {
    /// `XEN_HYPFS_OP_get_version`: no arguments; returns `XEN_HYPFS_VERSION`.
    case getVersion
    /// `XEN_HYPFS_OP_read`: `path` (with its NUL) in; a `size`-byte
    /// `xen_hypfs_direntry` plus data out.
    case read(path: [UInt8], size: UInt64)
    /// `XEN_HYPFS_OP_write_contents`: `path` and the new `contents` in.
    case writeContents(path: [UInt8], contents: [UInt8])

    public static var number: HypercallNumber { .hypfs_op }

    /// The `XEN_HYPFS_OP_*` command.
    public var cmd: UInt64 {
        switch self {
        case .getVersion: UInt64(XEN_HYPFS_OP_get_version)
        case .read: UInt64(XEN_HYPFS_OP_read)
        case .writeContents: UInt64(XEN_HYPFS_OP_write_contents)
        }
    }

    /// A path as the ABI passes it: the bytes of `path` and a trailing NUL.
    public static func path(_ path: String) -> [UInt8] { Array(path.utf8) + [0] }

    public func encode(into call: inout EncodedCall) {
        call.reset(.hypfs_op)
        call.args[0] = cmd
        switch self {
        case .getVersion:
            break
        case .read(let path, let size):
            let p = call.addBuffer(size: path.count, direction: .in, site: .register(1))
            call.store(bytes: path, buffer: p, at: 0)
            call.args[2] = UInt64(path.count)
            call.addBuffer(size: Int(size), direction: .out, site: .register(3))
            call.args[4] = size
        case .writeContents(let path, let contents):
            let p = call.addBuffer(size: path.count, direction: .in, site: .register(1))
            call.store(bytes: path, buffer: p, at: 0)
            call.args[2] = UInt64(path.count)
            let c = call.addBuffer(size: contents.count, direction: .in, site: .register(3))
            call.store(bytes: contents, buffer: c, at: 0)
            call.args[4] = UInt64(contents.count)
        }
    }

    public static func decode(_ raw: RawHypercall, memory: some GuestMemoryReader) throws(DecodeError) -> HypfsOp {
        let f = raw.op.flavour
        func path() throws(DecodeError) -> [UInt8] {
            let n = raw.args[2]
            guard n >= 1, n <= UInt64(XEN_HYPFS_MAX_PATHLEN) else {
                throw DecodeError(.invalid("path length \(n) outside 1...\(XEN_HYPFS_MAX_PATHLEN)"), at: "hypfs_op.arg2")
            }
            return try GuestStruct("hypfs_op.path", handle: raw.args[1], flavour: f, size: Int(n), memory: memory).bytes
        }
        switch raw.args[0] {
        case UInt64(XEN_HYPFS_OP_get_version):
            return .getVersion
        case UInt64(XEN_HYPFS_OP_read):
            let p = try path()
            let size = try GuestStruct.size(count: raw.args[4], element: 1, at: "hypfs_op.arg4")
            return .read(path: p, size: UInt64(size))
        case UInt64(XEN_HYPFS_OP_write_contents):
            let p = try path()
            let size = try GuestStruct.size(count: raw.args[4], element: 1, at: "hypfs_op.arg4")
            let c = size == 0 ? [] : try GuestStruct("hypfs_op.contents", handle: raw.args[3], flavour: f, size: size, memory: memory).bytes
            return .writeContents(path: p, contents: c)
        default:
            throw DecodeError(.unknownSubop(raw.args[0]), at: "hypfs_op")
        }
    }
}
