import CXen

/// `__HYPERVISOR_console_io(cmd, count, buffer)` (`public/xen.h`).
public enum ConsoleIO: TypedHypercall, Hashable {
    /// `CONSOLEIO_write`: `count` bytes in.
    case write([UInt8])
    /// `CONSOLEIO_read`: up to `count` bytes out; returns the number read.
    case read(count: UInt32)

    public static var number: HypercallNumber { .console_io }

    public func encode(into call: inout EncodedCall) {
        call.reset(.console_io)
        switch self {
        case .write(let bytes):
            call.args[0] = UInt64(CONSOLEIO_write)
            call.args[1] = UInt64(bytes.count)
            let b = call.addBuffer(size: bytes.count, direction: .in, site: .register(2))
            call.store(bytes: bytes, buffer: b, at: 0)
        case .read(let n):
            call.args[0] = UInt64(CONSOLEIO_read)
            call.args[1] = UInt64(n)
            call.addBuffer(size: Int(n), direction: .out, site: .register(2))
        }
    }

    public static func decode(_ raw: RawHypercall, memory: some GuestMemoryReader) throws(DecodeError) -> ConsoleIO {
        // Xen takes `unsigned int count`: a wider value is not this call.
        guard let n = UInt32(exactly: raw.args[1]) else {
            throw DecodeError(.invalid("count \(raw.args[1]) is not an unsigned int"), at: "console_io.count")
        }
        switch raw.args[0] {
        case UInt64(CONSOLEIO_write):
            return .write(try GuestArray.bytes(count: UInt64(n), flavour: raw.op.flavour, memory: memory,
                                               handle: raw.args[2], at: "console_io.write.buffer"))
        case UInt64(CONSOLEIO_read):
            _ = try GuestArray.checkCount(UInt64(n), at: "console_io.read.count")
            return .read(count: n)
        default:
            throw DecodeError(.unknownSubop(raw.args[0]), at: "console_io")
        }
    }
}
