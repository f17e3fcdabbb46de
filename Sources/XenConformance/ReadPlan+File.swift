import XenABI
import GuestPlacement

/// Why a plan file line was refused.
public struct ReadPlanError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The 1-based line.
    public var line: Int
    /// What was wrong with it.
    public var reason: String

    /// An error at `line`.
    public init(line: Int, _ reason: String) {
        self.line = line
        self.reason = reason
    }

    public var description: String { "plan line \(line): \(reason)" }
}

/// The plan as a text file, what the integration test's initramfs carries
/// into dom0 (where there is no trace reader): a header line, then one line
/// per call, its typed value encoded and placed linearly (`placeLinear`):
///
///     CLASS SOURCE OP A0 A1 A2 A3 A4 [ADDR:HEX ...]
///
/// with every number in hex and one `ADDR:HEX` per buffer the hypervisor
/// reads (what a decoder reads; output-only buffers carry no input). The
/// reader decodes each line back to its typed value with the library's
/// decoder and checks the class, so a line means exactly one call.
extension ReadPlan {
    /// Line 1.
    public static let header = "# xenabi read plan v1"

    /// The file's text.
    public var text: String {
        var lines = [ReadPlan.header]
        for e in entries {
            var c = e.call.encoded
            let addresses = c.placeLinear()
            var fields = [e.className, e.source, hex(c.op.rawValue)]
            fields += (0 ..< HypercallArgs.count).map { hex(c.raw.args[$0]) }
            for (i, b) in c.buffers.enumerated() where b.direction.reads && !b.isNull && b.size > 0 {
                fields.append(hex(addresses[i]) + ":" + c.bytes(of: i).map(hexByte).joined())
            }
            lines.append(fields.joined(separator: " "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The entries of a plan file's `text`, in order.
    public static func entries(parsing text: String) throws(ReadPlanError) -> [Entry] {
        var out: [Entry] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first.map(String.init) == header else { throw ReadPlanError(line: 1, "not a read plan (expected '\(header)')") }
        for (k, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            out.append(try entry(parsing: line, line: k + 1))
        }
        return out
    }

    static func entry(parsing line: Substring, line n: Int) throws(ReadPlanError) -> Entry {
        let f = line.split(separator: " ")
        guard f.count >= 8 else { throw ReadPlanError(line: n, "\(f.count) fields, expected at least 8") }
        func number(_ s: Substring, _ what: String) throws(ReadPlanError) -> UInt64 {
            guard let v = UInt64(s, radix: 16) else { throw ReadPlanError(line: n, "\(what) '\(s)' is not hex") }
            return v
        }
        let op: OpWord, word = try number(f[2], "op")
        do throws(OpWordError) { op = try OpWord(validating: word) } catch {
            throw ReadPlanError(line: n, "op: \(error)")
        }
        var args: [UInt64] = []
        for r in 0 ..< HypercallArgs.count { args.append(try number(f[3 + r], "arg\(r)")) }
        var regions: [(address: UInt64, bytes: [UInt8])] = []
        for field in f.dropFirst(8) {
            let parts = field.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, let bytes = bytes(parts[1]) else { throw ReadPlanError(line: n, "region '\(field.prefix(40))' is not ADDR:HEX") }
            regions.append((try number(parts[0], "region address"), bytes))
        }
        let call: AnyHypercall
        do throws(DecodeError) {
            call = try AnyHypercall.decode(RawHypercall(op: op, args: HypercallArgs(args)), memory: CallImageMemory(regions: regions))
        } catch {
            throw ReadPlanError(line: n, "does not decode: \(error)")
        }
        guard let c = ReadClass.of(call), c.name == f[0] else {
            throw ReadPlanError(line: n, "decodes to \(ReadClass.of(call)?.name ?? "a call off the allowlist"), not \(f[0])")
        }
        return Entry(className: c.name, source: String(f[1]), call: call)
    }

    static func bytes(_ s: Substring) -> [UInt8]? {
        let u = Array(s.utf8)
        guard u.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(u.count / 2)
        var i = 0
        while i < u.count {
            guard let hi = nibble(u[i]), let lo = nibble(u[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0") ... UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a") ... UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}

private func hex(_ v: UInt64) -> String { String(v, radix: 16) }
private let hexDigits = Array("0123456789abcdef")
private func hexByte(_ b: UInt8) -> String { String([hexDigits[Int(b >> 4)], hexDigits[Int(b & 15)]]) }
