import CXen
import Testing
@testable import XenABI
import GuestPlacement
import XenABITestSupport

@Suite("console_io encoders and decoders")
struct ConsoleIOTests {
    @Test("write and read round-trip with random contents and counts")
    func roundTrips() throws {
        var rng = SeededRNG(seed: 0xc0e1_0001)
        for _ in 0 ..< 100 {
            let bytes = (0 ..< Int.random(in: 0 ... 300, using: &rng)).map { _ in UInt8.random(in: 0 ... .max, using: &rng) }
            for c in [ConsoleIO.write(bytes), .read(count: .random(in: 0 ... 8192, using: &rng))] {
                let (d, same) = try roundTrip(c)
                #expect(d == c)
                #expect(same)
            }
        }
    }

    @Test("count in arg1, handle in arg2")
    func shape() {
        let w = ConsoleIO.write(Array("hello\n".utf8)).encoded
        #expect(w.raw.args[0] == UInt64(CONSOLEIO_write) && w.raw.args[1] == 6)
        #expect(Array(w.buffers) == [GuestBuffer(site: .register(2), size: 6, direction: .in, isNull: false, owner: 0, start: 0)])
        let r = ConsoleIO.read(count: 4096).encoded
        #expect(r.raw.args[0] == UInt64(CONSOLEIO_read) && r.buffers[0].direction == .out && r.buffers[0].size == 4096)
    }

    @Test("hostile counts and commands are typed errors")
    func hostile() {
        let mem = CallImageMemory(EncodedCall(), addresses: [])
        let hostile: [([UInt64], DecodeError)] = [
            ([0, UInt64(UInt32.max), 0x1000], DecodeError(.invalid("count 4294967295 exceeds 16777216 elements of 1 bytes"), at: "console_io.write.buffer")),
            ([1, UInt64(UInt32.max), 0x1000], DecodeError(.invalid("count 4294967295 exceeds 16777216 elements of 1 bytes"), at: "console_io.read.count")),
            ([0, 1 << 32, 0], DecodeError(.invalid("count 4294967296 is not an unsigned int"), at: "console_io.count")),
            ([2, 0, 0], DecodeError(.unknownSubop(2), at: "console_io")),
            ([0, 16, 0x1000], DecodeError(.unreadable(.EFAULT), at: "console_io.write.buffer")),
        ]
        for (args, expected) in hostile {
            #expect(throws: expected) { try ConsoleIO.decode(.init(op: OpWord(.console_io), args: .init(args)), memory: mem) }
        }
    }

    @Test("catalog and multicall")
    func catalogAndMulticall() throws {
        #expect(try CallCatalog.make("console_io", "write", FieldValues(arguments: ["text=hi"])) == .consoleIO(.write([0x68, 0x69])))
        let m = Multicall([.init(.consoleIO(.write([1, 2, 3]))), .init(.consoleIO(.read(count: 64)))])
        let (d, same) = try roundTrip(m)
        #expect(d == m)
        #expect(same)
    }
}
