import CXen

/// The envelope Xen's four versioned toolstack hypercalls share: `sysctl`
/// (`struct xen_sysctl`), `domctl` (`struct xen_domctl`), `platform_op`
/// (`struct xen_platform_op`) and `xsm_op` (`struct xen_flask_op`) each take
/// one in/out struct through arg0 that starts with `cmd` and
/// `interface_version` and holds the command's fields in a union `u`. Xen
/// refuses a version other than its own; the decoder does the same with a
/// typed error naming the constant. Encoding and decoding the envelope is
/// written here once.
public struct VersionedEnvelope: Sendable {
    /// The hypercall (`__HYPERVISOR_sysctl`, ...).
    public let number: HypercallNumber
    /// Its name (`sysctl`), for error locations.
    public let name: String
    /// The struct's C name (`xen_sysctl`), for error locations.
    public let cName: String
    /// `sizeof` the struct.
    public let size: Int
    /// `offsetof(..., cmd)`.
    public let cmd: Int
    /// `offsetof(..., interface_version)`.
    public let interfaceVersion: Int
    /// `offsetof(..., u)`.
    public let union: Int
    /// The version Xen 4.17 expects (`XEN_SYSCTL_INTERFACE_VERSION`, ...).
    public let version: UInt32
    /// The version constant's name, for the decoder's error.
    public let versionName: String

    /// An envelope of `size` bytes with its fields at the given offsets.
    public init(_ number: HypercallNumber, cName: String, size: Int, cmd: Int, interfaceVersion: Int, union: Int,
                version: UInt32, versionName: String) {
        self.number = number
        self.name = number.name
        self.cName = cName
        self.size = size
        self.cmd = cmd
        self.interfaceVersion = interfaceVersion
        self.union = union
        self.version = version
        self.versionName = versionName
    }

    /// Resets `call` to the hypercall and adds the struct as an in/out
    /// buffer through arg0, `cmd` and the interface version stored; returns
    /// the buffer, whose union the caller fills.
    @inlinable
    public func begin(_ command: UInt32, into call: inout EncodedCall) -> Int {
        call.reset(number)
        let b = call.addBuffer(size: size, direction: .inOut, site: .register(0))
        call.store(command, buffer: b, at: cmd)
        call.store(version, buffer: b, at: interfaceVersion)
        return b
    }

    /// Reads the struct through arg0 and checks its interface version:
    /// the `cmd` and the union to decode it from.
    public func open(_ raw: RawHypercall, memory: some GuestMemoryReader) throws(DecodeError) -> (cmd: UInt32, u: EnvelopeUnion) {
        let s = try GuestStruct("\(name).\(cName)", handle: raw.args[0], flavour: raw.op.flavour, size: size, memory: memory)
        try s.checkInterfaceVersion(at: interfaceVersion, expected: version, constant: versionName, hypercall: name)
        return (s.load(UInt32.self, at: cmd), EnvelopeUnion(fields: s, base: union, hypercall: name))
    }
}

/// A versioned toolstack hypercall: its envelope and its command.
public protocol VersionedHypercall: TypedHypercall {
    /// Where `cmd`, `interface_version` and `u` sit, and the version Xen expects.
    static var envelope: VersionedEnvelope { get }
    /// The `cmd` this call carries (`XEN_SYSCTL_*`, `XEN_DOMCTL_*`, `XENPF_*`, `FLASK_*`).
    var cmd: UInt32 { get }
}

extension VersionedHypercall {
    /// The envelope's hypercall number.
    public static var number: HypercallNumber { envelope.number }
}
