import CXen

/// `__HYPERVISOR_set_trap_table(traps)` (`public/arch-x86/xen.h`): an array of
/// `trap_info` ended by an entry whose `address` is 0; a null handle clears
/// the table.
public struct SetTrapTable: TypedHypercall, Hashable {
    /// The entries before the terminator, or nil for a null handle. Each
    /// `address` must be non-zero: the encoder stops at the first zero one.
    public var traps: [TrapInfo]?

    /// A table.
    public init(_ traps: [TrapInfo]?) { self.traps = traps }

    public static var number: HypercallNumber { .set_trap_table }

    /// The most entries a decoder reads before its terminator: one per vector.
    public static let maxEntries = 256

    public func encode(into call: inout EncodedCall) {
        call.reset(.set_trap_table)
        guard let traps else { call.addNullHandle(site: .register(0)); return }
        // An entry with address 0 would end the table: nothing from it on is sent.
        let n = traps.firstIndex { $0.address == 0 } ?? traps.count
        let b = call.addBuffer(size: (n + 1) * TrapInfo.size, direction: .in, site: .register(0))
        for i in 0 ..< n { traps[i].store(into: &call, buffer: b, at: i * TrapInfo.size) }
        // The zero terminator (already zero) is an input too.
        call.markInput(buffer: b, at: n * TrapInfo.size, count: TrapInfo.size)
    }

    public static func decode(_ raw: RawHypercall, memory: some GuestMemoryReader) throws(DecodeError) -> SetTrapTable {
        let h = raw.args[0], f = raw.op.flavour
        if f.isNull(h) { return SetTrapTable(nil) }
        var traps: [TrapInfo] = []
        for i in 0 ... maxEntries {
            let s = try GuestStruct("set_trap_table.traps[\(i)]", handle: h, flavour: f, offset: i * TrapInfo.size,
                                    size: TrapInfo.size, memory: memory)
            let t = TrapInfo(loading: s, at: 0)
            if t.address == 0 { return SetTrapTable(traps) }
            traps.append(t)
        }
        throw DecodeError(.invalid("no terminator within \(maxEntries) entries"), at: "set_trap_table.traps")
    }

    static var layoutRows: [Layout.Row] { structLayoutRows }
}

/// `__HYPERVISOR_set_gdt(frame_list, entries)`: `ceil(entries / 512)` frames in.
public struct SetGDT: TypedHypercall, Hashable {
    /// `frame_list`: the GDT's frames.
    public var frames: [UInt64]
    /// `entries`: descriptors in the table.
    public var entries: UInt32

    /// A GDT of `entries` descriptors in `frames` (cut or zero-padded to the count `entries` needs).
    public init(frames: [UInt64], entries: UInt32) {
        self.frames = frames
        self.entries = entries
    }

    /// Descriptors per frame: `XENABI_PAGE_SIZE` over the 8-byte x86 segment descriptor.
    public static let entriesPerFrame = Int(XENABI_PAGE_SIZE) / MemoryLayout<UInt64>.size

    /// Frames `entries` descriptors occupy.
    public static func frameCount(_ entries: UInt32) -> Int { (Int(entries) + entriesPerFrame - 1) / entriesPerFrame }

    public static var number: HypercallNumber { .set_gdt }

    public func encode(into call: inout EncodedCall) {
        call.reset(.set_gdt)
        call.addArray(MemoryOp.fit(frames, SetGDT.frameCount(entries)), site: .register(0))
        call.args[1] = UInt64(entries)
    }

    public static func decode(_ raw: RawHypercall, memory: some GuestMemoryReader) throws(DecodeError) -> SetGDT {
        guard let n = UInt32(exactly: raw.args[1]) else {
            throw DecodeError(.invalid("entries \(raw.args[1]) is not an unsigned int"), at: "set_gdt.entries")
        }
        let frames = try GuestArray.integers(UInt64.self, count: UInt64(frameCount(n)), flavour: raw.op.flavour, memory: memory,
                                             handle: raw.args[0], at: "set_gdt.frame_list")
        return SetGDT(frames: frames, entries: n)
    }
}
