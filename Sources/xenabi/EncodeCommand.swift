import ArgumentParser
import XenABI
import GuestPlacement
import XenModel

/// `xenabi encode HYPERCALL SUBOP [field=value...] [--flavour F] [--json]`.
struct EncodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Print the op word, argument registers and guest buffers of a typed hypercall."
    )

    @Argument(help: "Hypercall name without __HYPERVISOR_ (xen_version, memory_op, ...).")
    var hypercall: String

    @Argument(help: "Sub-op name without its prefix (version, increase_reservation, ...).")
    var subop: String

    @Argument(help: "Field values as name=value (numbers decimal or 0x hex; lists comma-separated).")
    var fields: [String] = []

    @Option(help: "Buffer flavour: linear, flat, gfnList or tagged.")
    var flavour: String = "linear"

    @Flag(help: "Print a JSON object with keys op, args, buffers.")
    var json = false

    func run() throws {
        guard let f = Flavour(name: flavour) else {
            throw ValidationError("unknown flavour '\(flavour)' (linear, flat, gfnList, tagged)")
        }
        let call: AnyHypercall
        do { call = try CallCatalog.make(hypercall, subop, try FieldValues(arguments: fields)) } catch {
            throw ValidationError(error.description)
        }
        let placed = try EncodeCommand.place(call, flavour: f)
        if json {
            print(placed.json.text)
        } else {
            print(placed.text)
        }
    }

    /// The call placed in a model guest: `linear` at the linear addresses
    /// `placeLinear` gives; a physical flavour through the flavour transform
    /// into a fresh `ModelDomain`, so handles are real GPAs and descriptors
    /// (the buffers' GPAs are printed as their addresses).
    static func place(_ call: AnyHypercall, flavour: Flavour) throws -> PlacedCall {
        var c = call.encoded
        let addresses = c.placeLinear()
        if flavour == .linear { return PlacedCall(call: c, addresses: addresses) }
        let domain = ModelDomain(frameCount: 1 << 16)
        let placed: GuestPlacedCall
        // The flavour asked for is the flavour printed: a buffer beyond its
        // reach (gfnList: 511 pages) is an error, not a silent linear call.
        do { placed = try domain.place(c, flavour: { _ in flavour }, options: GuestPlacementOptions(fallback: .refuse)) } catch {
            throw ValidationError("cannot place the call in a model guest: \(error)")
        }
        return PlacedCall(call: placed.call, addresses: placed.placed.map { $0?.gpa ?? flavour.nullHandle })
    }
}

/// An encoded call with the addresses its buffers were given.
struct PlacedCall {
    var call: EncodedCall
    var addresses: [UInt64]

    var json: JSON {
        .object([
            ("op", .uint(call.op.rawValue)),
            ("number", .int(Int64(call.op.number.rawValue))),
            ("flavour", .string(call.op.flavour.description)),
            ("args", .array(call.raw.args.array.map { .string(hex($0)) })),
            ("buffers", .array(call.buffers.enumerated().map { i, b in
                .object([
                    ("index", .int(Int64(i))),
                    ("site", .string(b.site.description)),
                    ("size", .int(Int64(b.size))),
                    ("direction", .string(b.direction.description)),
                    ("null", .bool(b.isNull)),
                    ("owner", .int(Int64(b.owner))),
                    ("handle", .string(hex(call.handle(of: i)))),
                    ("input", .string(inputHex(i))),
                ])
            })),
        ])
    }

    func inputHex(_ i: Int) -> String {
        let b = call.buffer(i)
        var s = ""
        let (bytes, marks) = (call.bytes, call.marks)
        for j in b.range { s += marks[j] == .none ? ".." : (bytes[j] < 16 ? "0" : "") + String(bytes[j], radix: 16) }
        return s
    }

    var text: String {
        var lines = ["op:   \(hex(call.op.rawValue)) (\(call.op.number) \(call.op.number.rawValue), flavour \(call.op.flavour))",
                     "args: " + call.raw.args.array.map(hex).joined(separator: " ")]
        for (i, b) in call.buffers.enumerated() {
            lines.append("buffer \(i): \(b.isNull ? "null handle" : "\(b.size) bytes \(b.direction)") at \(b.site), handle \(hex(call.handle(of: i)))")
        }
        return lines.joined(separator: "\n")
    }
}

/// `xenabi list`: the typed sub-ops of the catalog.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list-calls", abstract: "List every typed hypercall sub-op and its fields.")

    func run() {
        for e in CallCatalog.entries {
            let f = e.fields.map(\.name).joined(separator: " ")
            print("\(e.hypercall) \(e.subop)" + (f.isEmpty ? "" : "  [\(f)]"))
        }
    }
}
