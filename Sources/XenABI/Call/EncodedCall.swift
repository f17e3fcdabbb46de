/// A hypercall ready to be issued or resolved: its op word, its five
/// argument registers, and every guest buffer it references with their
/// input bytes. Flavour-independent until its handles are set: a handle's
/// value depends on where the buffer lands and on the flavour, so encoders
/// leave handle slots at zero and record their *site* instead.
///
/// An `EncodedCall` is meant to be reused: `reset` keeps every array's
/// capacity, so encoding into a warm value allocates nothing.
public struct EncodedCall: Sendable {
    /// The op word: number and flavour.
    public var op: OpWord
    /// Argument registers. Inside a multicall entry (see `Multicall`), reads
    /// and writes go to the entry's `args[]` in the call list instead.
    public var args: HypercallArgs {
        get { entry == nil ? registers : entryArgs }
        set { if entry == nil { registers = newValue } else { setEntryArgs(newValue) } }
    }
    /// The buffers, in the order the encoder added them.
    @inlinable public var buffers: [GuestBuffer] { _buffers }
    /// Every buffer's bytes, concatenated (`GuestBuffer.range`). Before a
    /// call: its input image; executors copy outputs back here.
    @inlinable public var bytes: [UInt8] { _bytes }
    /// Per byte of `bytes`: what the encoder put there (`ByteMark`).
    @inlinable public var marks: [ByteMark] { _marks }
    /// Multicall entries: where each entry's op word sits in the call list.
    @inlinable public var entries: [EntrySite] { _entries }

    @usableFromInline var _buffers: [GuestBuffer]
    @usableFromInline var _bytes: [UInt8]
    @usableFromInline var _marks: [ByteMark]
    @usableFromInline var _entries: [EntrySite]

    @usableFromInline var registers: HypercallArgs
    @usableFromInline var entry: EntrySite?
    @usableFromInline var _requestedBytes = 0

    /// The most bytes of buffers one call may hold: `Multicall.maxBatchBytes`
    /// (64 MiB, the most guest memory a decoder lets one call reference)
    /// plus a full call list (`Multicall.maxEntries` x 64 bytes). A typed
    /// value asking for more (a hostile `len`, a huge count typed at the
    /// command line) gets no bytes at all: `isOversized` is set and every
    /// store is skipped, so encoding never allocates beyond this.
    public static let maxBytes = Multicall.maxBatchBytes + Multicall.maxEntries * MulticallLayout.size

    /// The buffer bytes the encoder asked for, allocated or not.
    @inlinable public var requestedBytes: Int { _requestedBytes }
    /// Whether the buffers asked for more than `maxBytes`: nothing was
    /// allocated past that point, and the call must not be issued or read.
    @inlinable public var isOversized: Bool { _requestedBytes > EncodedCall.maxBytes }

    /// What an encoder wrote at a byte.
    public enum ByteMark: UInt8, Sendable {
        /// Not written: output space or padding; its input value is undefined.
        case none = 0
        /// A field the hypervisor reads.
        case input = 1
        /// Part of a nested guest handle; its value depends on placement and flavour.
        case handle = 2
    }

    /// Where a multicall entry lives in the call list buffer.
    public struct EntrySite: Hashable, Sendable {
        /// The call-list buffer's index.
        public var buffer: Int
        /// Byte offset of the `multicall_entry` in it.
        public var offset: Int
        /// The owner number of the entry's buffers (`GuestBuffer.owner`).
        public var owner: Int

        /// An entry at `offset` of buffer `buffer`, owning handles as `owner`.
        @inlinable public init(buffer: Int, offset: Int, owner: Int) {
            self.buffer = buffer
            self.offset = offset
            self.owner = owner
        }
    }

    /// An empty call (`set_trap_table`, no buffers); `reset` makes it a real one.
    public init() {
        op = OpWord(.set_trap_table)
        registers = HypercallArgs()
        _buffers = []
        _bytes = []
        _marks = []
        _entries = []
        entry = nil
    }

    /// Starts a new call `number` in `flavour`, forgetting the old one but
    /// keeping storage. Inside a multicall entry, sets the entry's op instead.
    @inlinable
    public mutating func reset(_ number: HypercallNumber, flavour: Flavour = .linear) {
        if let e = entry {
            storeRaw(OpWord(number, flavour: flavour).rawValue, buffer: e.buffer, at: e.offset + MulticallLayout.op, mark: .input)
            return
        }
        op = OpWord(number, flavour: flavour)
        registers = HypercallArgs()
        _buffers.removeAll(keepingCapacity: true)
        _bytes.removeAll(keepingCapacity: true)
        _marks.removeAll(keepingCapacity: true)
        _entries.removeAll(keepingCapacity: true)
        _requestedBytes = 0
    }

    /// Adds a guest buffer of `size` bytes whose handle sits at `site`, and
    /// returns its index. Its bytes start zero and unmarked.
    @inlinable @discardableResult
    public mutating func addBuffer(size: Int, direction: BufferDirection, site: HandleSite) -> Int {
        precondition(size >= 0, "negative buffer size")
        let (site, owner) = resolve(site)
        let index = _buffers.count
        let (sum, overflow) = _requestedBytes.addingReportingOverflow(size)
        _requestedBytes = overflow ? .max : sum
        _buffers.append(GuestBuffer(site: site, size: size, direction: direction, isNull: false,
                                   owner: owner, start: _bytes.count))
        if isOversized { return index }
        _bytes.append(contentsOf: repeatElement(0, count: size))
        _marks.append(contentsOf: repeatElement(.none, count: size))
        markHandle(site)
        _checkInvariants()
        return index
    }

    /// Adds a null handle at `site` (no bytes): 0 in `linear`, ~0 in a physical flavour.
    @inlinable @discardableResult
    public mutating func addNullHandle(site: HandleSite) -> Int {
        let (site, owner) = resolve(site)
        let index = _buffers.count
        _buffers.append(GuestBuffer(site: site, size: 0, direction: .in, isNull: true,
                                   owner: owner, start: _bytes.count))
        markHandle(site)
        _checkInvariants()
        return index
    }

    /// Inside a multicall entry, register sites move into the entry's `args[]`.
    @inlinable
    func resolve(_ site: HandleSite) -> (HandleSite, Int) {
        guard let e = entry else { return (site, 0) }
        if case .register(let r) = site {
            return (.nested(buffer: e.buffer, offset: e.offset + MulticallLayout.args + 8 * r), e.owner)
        }
        return (site, e.owner)
    }

    @inlinable
    mutating func markHandle(_ site: HandleSite) {
        guard !isOversized, case .nested(let parent, let offset) = site else { return }
        let start = _buffers[parent].start + offset
        precondition(offset >= 0 && offset + 8 <= _buffers[parent].size, "nested handle outside its parent buffer")
        for i in start ..< start + 8 { _marks[i] = .handle }
    }
}
