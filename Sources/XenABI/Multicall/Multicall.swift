import CXen

/// `__HYPERVISOR_multicall` (`public/xen.h`): `multicall(call_list, nr_calls)`,
/// a batch of `multicall_entry` (64 bytes each). The multicall's own flavour
/// says how `call_list` is read; each entry's op word carries its own.
/// In every physical flavour the list is read by index and a third
/// argument gives the index of the first entry still to run (a
/// continuation's progress; the patched Xen's `multicall_by_index()`);
/// `linear` continues as Xen 4.17 does, with `call_list` advanced and
/// `nr_calls` reduced, and has no third argument.
public struct Multicall: TypedHypercall, Hashable {
    /// One entry: a typed call and the flavour its handles are in.
    public struct Entry: Hashable, Sendable {
        /// The call.
        public var call: AnyHypercall
        /// The flavour of the entry's op word and handles.
        public var flavour: Flavour

        /// An entry running `call` with its handles in `flavour`.
        public init(_ call: AnyHypercall, flavour: Flavour = .linear) {
            self.call = call
            self.flavour = flavour
        }
    }

    /// The entries, in order.
    public var entries: [Entry]
    /// Index of the first entry to run (a continuation in a physical
    /// flavour); 0 from a guest.
    public var startIndex: UInt64

    /// A batch of `entries`.
    public init(_ entries: [Entry], startIndex: UInt64 = 0) {
        self.entries = entries
        self.startIndex = startIndex
    }

    public static var number: HypercallNumber { .multicall }

    public func encode(into call: inout EncodedCall) {
        call.reset(.multicall)
        let list = call.addBuffer(size: entries.count * MulticallLayout.size, direction: .inOut, site: .register(0))
        call.args[1] = UInt64(entries.count)
        call.args[2] = startIndex
        for (i, e) in entries.enumerated() {
            call.appendEntry(e.call, flavour: e.flavour, callList: list, index: i)
        }
    }

    /// The most entries a decoder reads from a guest list (a bound against hostile counts).
    public static let maxEntries = 1 << 16

    /// The most guest bytes the entries of one batch may make a decoder read
    /// in all: each entry's own lists are capped (`GuestArray.maxBytes`), and
    /// this caps their sum, so many entries naming one huge list cannot make
    /// one decode allocate gigabytes. Past it the decode fails with `E2BIG`.
    public static let maxBatchBytes = 64 << 20

    public static func decode(_ raw: RawHypercall, memory: some GuestMemoryReader) throws(DecodeError) -> Multicall {
        try decode(raw, memory: memory, byteBudget: maxBatchBytes)
    }

    /// `decode` with another batch budget (tests use a small one).
    static func decode(_ raw: RawHypercall, memory: some GuestMemoryReader, byteBudget: Int) throws(DecodeError) -> Multicall {
        let n = raw.args[1]
        guard n <= UInt64(maxEntries) else {
            throw DecodeError(.invalid("nr_calls \(n) exceeds \(maxEntries)"), at: "multicall.nr_calls")
        }
        let start = raw.op.flavour.isPhysical ? UInt64(UInt32(truncatingIfNeeded: raw.args[2])) : 0
        let list = try GuestStruct("multicall.call_list", handle: raw.args[0], flavour: raw.op.flavour,
                                   size: Int(n) * MulticallLayout.size, memory: memory)
        var entries: [Entry] = []
        entries.reserveCapacity(Int(n))
        let budgeted = BudgetedReader(memory, budget: byteBudget)
        for i in 0 ..< Int(n) {
            let base = i * MulticallLayout.size
            let where_ = "multicall.call_list[\(i)]"
            let op: OpWord
            do throws(OpWordError) { op = try OpWord(validating: list.load(UInt64.self, at: base + MulticallLayout.op)) } catch {
                throw DecodeError(.badOpWord(error), at: where_ + ".op")
            }
            if op.number == .multicall { throw DecodeError(.nestedMulticall, at: where_) }
            var args = HypercallArgs()
            for r in 0 ..< HypercallArgs.count { args[r] = list.load(UInt64.self, at: base + MulticallLayout.args + 8 * r) }
            do throws(DecodeError) {
                let inner = try AnyHypercall.decode(RawHypercall(op: op, args: args), memory: budgeted)
                entries.append(Entry(inner, flavour: op.flavour))
            } catch {
                throw DecodeError(error.kind, at: where_ + "." + error.location)
            }
        }
        return Multicall(entries, startIndex: start)
    }

    /// The `result` field of entry `k` after an executor ran the batch.
    package static func result(of k: Int, in call: EncodedCall) -> Int64 {
        Int64(bitPattern: call.load(UInt64.self, buffer: 0, at: k * MulticallLayout.size + MulticallLayout.result))
    }
}

/// A reader that refuses, with `E2BIG`, once its reads add up past a budget.
final class BudgetedReader<Base: GuestMemoryReader>: GuestMemoryReader {
    let base: Base
    var remaining: Int

    init(_ base: Base, budget: Int) {
        self.base = base
        remaining = budget
    }

    func read(handle: UInt64, flavour: Flavour, offset: Int, into: UnsafeMutableRawBufferPointer) throws(XenErrno) {
        guard into.count <= remaining else { throw .E2BIG }
        remaining -= into.count
        try base.read(handle: handle, flavour: flavour, offset: offset, into: into)
    }
}
