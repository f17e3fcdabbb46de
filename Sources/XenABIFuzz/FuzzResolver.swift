import XenABI

/// libFuzzer entry point over the hypervisor model's resolver and
/// dispatcher: places a typed call in a model guest in some flavour, lets
/// the input corrupt registers, the op word, descriptors, buffers and the
/// P2M, then executes it. Invariants: nothing traps, and a failed
/// (non-multicall) call leaves guest memory byte-identical.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    var input = FuzzInput(UnsafeBufferPointer(start: data, count: size))
    FuzzCase.run(&input)
    return 0
}

struct FuzzInput {
    let bytes: UnsafeBufferPointer<UInt8>
    var at = 0
    init(_ b: UnsafeBufferPointer<UInt8>) { bytes = b }
    var isEmpty: Bool { at >= bytes.count }
    mutating func byte() -> UInt8 {
        defer { at += 1 }
        return at < bytes.count ? bytes[at] : 0
    }
    mutating func word() -> UInt64 {
        var v: UInt64 = 0
        for i in 0 ..< 8 { v |= UInt64(byte()) << (8 * UInt64(i)) }
        return v
    }
}

enum FuzzCase {
    static let entries = CallCatalog.entries

    static func run(_ input: inout FuzzInput) {
        // Two bytes: the catalog has more than 256 entries, and one byte
        // never reached those after the 256th.
        let pick = Int(input.byte()) | Int(input.byte()) << 8
        let entry = entries[pick % entries.count]
        let flavour = Flavour(rawValue: input.byte() & 3)!
        let shape = input.byte()
        var fields: [String: String] = [:]
        for f in entry.fields {
            switch f.name {
            case "extents": fields[f.name] = (0 ..< Int(input.byte() % 9) + 1).map { String($0 * 7) }.joined(separator: ",")
            case "domid", "start_extent": break
            default: fields[f.name] = String(input.byte() % 40)
            }
        }
        guard let call = try? entry.make(FieldValues(fields)) else { return }
        let d = ModelDomain(frameCount: 1 << 12)
        let options = GuestPlacementOptions(offsets: [.pageAligned, .random, .straddle][Int(shape % 3)],
                                            scattered: shape & 4 != 0, seed: UInt64(shape) + 1)
        guard var placed = try? d.place(call.encoded, flavour: { _ in flavour }, options: options) else { return }
        var op = placed.raw.op.rawValue
        var args = placed.raw.args
        var hv = ModelHypervisor(d)
        if shape & 8 != 0 { hv.multicallBudget = 1 }
        // Corruptions: (kind, index, value) triples until the input runs out.
        while !input.isEmpty {
            let kind = input.byte(), index = Int(input.byte()), value = input.word()
            switch kind % 9 {
            case 0: args[index % 5] = value
            case 1: op ^= value
            case 2: // a descriptor word (list pages) or a handle's neighbourhood
                let ds = placed.descriptors.compactMap { $0 }
                if let desc = ds.isEmpty ? nil : ds[index % ds.count] {
                    let gpa = (desc.handle & ~3 & ~4095) | UInt64(index * 8 % 4096)
                    if gpa >> 12 < d.frameCount { d.memory.store64(value, gpa: gpa) }
                }
            case 3: // a byte of a placed buffer (nested handles, sizes, counts)
                let bs = placed.placed.compactMap { $0 }
                if let b = bs.isEmpty ? nil : bs[index % bs.count], b.size > 0 {
                    let o = Int(value % UInt64(b.size))
                    let g = b.gfns[Int((b.offset + UInt64(o)) >> 12)] << 12 | ((b.offset + UInt64(o)) & 4095)
                    let one = UInt8(truncatingIfNeeded: value >> 56)
                    withUnsafeBytes(of: one) { d.memory.write(gpa: g, from: $0) }
                }
            case 4: d.p2m.setType(P2MType(rawValue: UInt8(index % 4))!, of: value % d.frameCount)
            case 5: d.encrypted.toggle()
            case 6: d.p2m.setShared(false, value % d.frameCount)
            case 7: d.vcpus[0].userMode.toggle()
            default: args[index % 5] ^= 1 << (value % 64)
            }
        }
        let multicall = op & 0xfff == UInt64(HypercallNumber.multicall.rawValue)
        let before = d.memory.digest()
        var r = hv.execute(op: op, args: args)
        var rounds = 0
        while let c = r.continuation, rounds < 64 {
            r = hv.execute(c)
            rounds += 1
        }
        if r.returnValue < 0 && !multicall && d.memory.digest() != before {
            fatalError("failed call \(r.returnValue) wrote guest memory")
        }
        d.readBack(&placed)
    }
}

/// libFuzzer's driver (`FuzzerInterface.h`), for the `main` SwiftPM links in.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32
) -> Int32

/// SwiftPM renames an executable's `main` to `<target>_main`; run libFuzzer from it.
@_cdecl("XenABIFuzz_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var c = argc
    var v = argv
    return LLVMFuzzerRunDriver(&c, &v) { data, size in fuzzOne(data, size) }
}
