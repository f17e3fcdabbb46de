/// A hypercall ready to be issued or resolved: its op word, its five
/// argument registers, and every guest buffer it references with their
/// input bytes. Flavour-independent until its handles are set: a handle's
/// value depends on where the buffer lands and on the flavour, so encoders
/// leave handle slots at zero and record their *site* instead.
///
/// An `EncodedCall` is meant to be reused: `reset` keeps every array's
/// capacity, so encoding into a warm value allocates nothing. Its buffer
/// records, bytes and marks are kept at their high-water size across
/// `reset` (which only sets counts back to zero), with the
/// range that may hold non-zero bytes or marks (`_dirty`): a new buffer
/// clears what is dirty from its start on, so a buffer nobody wrote since
/// the storage was last cleared (an output-only frame list, call after
/// call) costs nothing to add, and still reads as zero.
///
/// Per-byte marks (`marks`: what the encoder wrote where) serve the trace
/// re-encoder, conformance footprints and `xenabi encode`. A call slot
/// reused on a hot path that only issues calls (a guest kernel's per-CPU
/// slot, `xenabi bench`'s workloads) is created with
/// `recordingMarks: false` and pays nothing for them.
public struct EncodedCall: Sendable {
    /// The op word: number and flavour.
    public var op: OpWord
    /// Argument registers. Inside a multicall entry (see `Multicall`), reads
    /// and writes go to the entry's `args[]` in the call list instead.
    @inlinable public var args: HypercallArgs {
        @inline(__always) get {
            guard let e = entry else { return registers }
            // Static over the byte storage: a getter on `self` would copy the whole call first.
            return EncodedCall._loadEntryArgs(_bytes, at: _record(e.buffer).start + e.offset + MulticallLayout.args)
        }
        @inline(__always) set { if entry == nil { registers = newValue } else { setEntryArgs(newValue) } }
    }
    /// The buffers, in the order the encoder added them (indices from 0).
    @inlinable public var buffers: GuestBufferList {
        GuestBufferList(inline: _inlineRecords, overflow: _overflowRecords, count: _bufferCount)
    }
    /// The number of buffers (`buffers.count`).
    @inlinable public var bufferCount: Int { _bufferCount }
    /// Buffer `index` (`buffers[index]`, without making the list).
    @inlinable public func buffer(_ index: Int) -> GuestBuffer { _record(index) }
    /// Every buffer's bytes, concatenated (`GuestBuffer.range`). Before a
    /// call: its input image; executors copy outputs back here.
    @inlinable public var bytes: [UInt8] { _bytes.count == _used ? _bytes : Array(_bytes[..<_used]) }
    /// Per byte of `bytes`: what the encoder put there (`ByteMark`). Only in
    /// a call created with `recordingMarks: true` (the default).
    @inlinable public var marks: [ByteMark] {
        precondition(_recordsMarks, "EncodedCall.marks of a call created with recordingMarks: false")
        return _marks.count == _used ? _marks : Array(_marks[..<_used])
    }
    /// Whether this call records `marks` (`init(recordingMarks:)`).
    @inlinable public var recordsMarks: Bool { _recordsMarks }
    /// Multicall entries: where each entry's op word sits in the call list.
    @inlinable public var entries: [EntrySite] { _entries }

    /// The records of the first `GuestBufferList.inlineCount` buffers, in
    /// the call itself: most calls have at most four buffers, and a record
    /// stored here costs no uniqueness check of a heap array. A tuple, read
    /// and written one element at a time (`InlineArray`'s subscript copies
    /// the whole array to read one element).
    @usableFromInline var _inlineRecords: GuestBufferList.InlineRecords
    /// The records past those: `_bufferCount - inlineCount` of them, then
    /// records of earlier calls (`reset` keeps them, so a warm call
    /// overwrites records in place and never shrinks the array).
    @usableFromInline var _overflowRecords: [GuestBuffer]
    /// How many buffers the call has (`buffers.count`).
    @usableFromInline var _bufferCount = 0
    /// Byte storage: `bytes` is its first `_used` bytes; past them, storage
    /// kept from earlier calls (`reset` does not shrink it).
    @usableFromInline var _bytes: [UInt8]
    /// Mark storage, as long as `_bytes` when `_recordsMarks`, else empty.
    @usableFromInline var _marks: [ByteMark]
    /// Whether stores write `_marks` (fixed at `init`).
    @usableFromInline var _recordsMarks: Bool
    @usableFromInline var _entries: [EntrySite]
    /// How many bytes of `_bytes` the buffers cover (`bytes.count`).
    @usableFromInline var _used = 0
    /// Every byte of `_bytes` outside `_dirtyLow ..< _dirtyHigh` is 0 and
    /// every mark there `.none` (empty: low >= high). Writes widen it,
    /// `addBuffer` clears the part of it the new buffer covers.
    @usableFromInline var _dirtyLow = Int.max
    @usableFromInline var _dirtyHigh = 0
    /// `isOversized`, kept as a flag so stores test one stored Bool.
    @usableFromInline var _oversized = false

    @usableFromInline var registers: HypercallArgs
    @usableFromInline var entry: EntrySite?
    /// `requestedBytes` once the call is oversized (until then it is `_used`).
    @usableFromInline var _requestedBytes = 0

    /// The most bytes of buffers one call may hold: `Multicall.maxBatchBytes`
    /// (64 MiB, the most guest memory a decoder lets one call reference)
    /// plus a full call list (`Multicall.maxEntries` x 64 bytes). A typed
    /// value asking for more (a hostile `len`, a huge count typed at the
    /// command line) gets no bytes at all: `isOversized` is set and every
    /// store is skipped, so encoding never allocates beyond this.
    public static let maxBytes = Multicall.maxBatchBytes + Multicall.maxEntries * MulticallLayout.size

    /// The buffer bytes the encoder asked for, allocated or not.
    @inlinable public var requestedBytes: Int { _oversized ? _requestedBytes : _used }
    /// Whether the buffers asked for more than `maxBytes`: nothing was
    /// allocated past that point, and the call must not be issued or read.
    @inlinable public var isOversized: Bool { _oversized }

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

    /// An empty call (`set_trap_table`, no buffers); `reset` makes it a real
    /// one. With `recordingMarks: false` no store writes `marks`, and reading
    /// them traps: for call slots on the issue path, which never read them.
    public init(recordingMarks: Bool = true) {
        _recordsMarks = recordingMarks
        op = OpWord(.set_trap_table)
        registers = HypercallArgs()
        _inlineRecords = (.unused, .unused, .unused, .unused)
        _overflowRecords = []
        _bytes = []
        _marks = []
        _entries = []
        entry = nil
    }

    /// Starts a new call `number` in `flavour`, forgetting the old one but
    /// keeping storage. Inside a multicall entry, sets the entry's op instead.
    @inlinable @inline(__always)
    public mutating func reset(_ number: HypercallNumber, flavour: Flavour = .linear) {
        if let e = entry {
            storeRaw(OpWord(number, flavour: flavour).rawValue, buffer: e.buffer, at: e.offset + MulticallLayout.op, mark: .input)
            return
        }
        op = OpWord(number, flavour: flavour)
        registers = HypercallArgs()
        // Records, bytes and marks keep their storage: `addBuffer` overwrites
        // records past the count and clears the bytes it reuses.
        _bufferCount = 0
        if !_entries.isEmpty { _entries.removeAll(keepingCapacity: true) }
        _used = 0
        _oversized = false
    }

    /// Adds a guest buffer of `size` bytes whose handle sits at `site`, and
    /// returns its index. Its bytes start zero and unmarked.
    @inlinable @inline(__always) @discardableResult
    public mutating func addBuffer(size: Int, direction: BufferDirection, site: HandleSite) -> Int {
        let index = _bufferCount
        guard let (start, site) = _reserve(size: size, direction: direction, site: site) else { return index }
        if start < _dirtyHigh { _clean(from: start) }
        #if XENABI_INTERNAL_CHECKS
        precondition(_bytes[start ..< _used].allSatisfy { $0 == 0 } && (!_recordsMarks || _marks[start ..< _used].allSatisfy { $0 == .none }),
                     "EncodedCall invariant: a new buffer's bytes are not zero and unmarked")
        #endif
        markHandle(site)
        _checkInvariants()
        return index
    }

    /// What both forms of `addBuffer` share: the record, and `size` bytes
    /// reserved at the end of `bytes` (storage grown, not cleared). Returns
    /// where the bytes start and the resolved site, or nil when the call is
    /// oversized: then nothing is reserved and `requestedBytes` counts on.
    @inlinable @inline(__always)
    mutating func _reserve(size: Int, direction: BufferDirection, site: HandleSite) -> (start: Int, site: HandleSite)? {
        precondition(size >= 0, "negative buffer size")
        let (site, owner) = resolve(site)
        let start = _used
        _appendRecord(site: site, size: size, direction: direction, isNull: false, owner: owner, start: start)
        // Until the call is oversized the bytes requested are the bytes used: one bound here.
        if _oversized || size > EncodedCall.maxBytes &- start {
            _requestBeyondMaxBytes(size)
            return nil
        }
        let end = start &+ size  // <= maxBytes
        _used = end
        if end > _bytes.count { _grow(to: end) }
        return (start, site)
    }

    /// Counts a request no bytes are reserved for (`isOversized`).
    @usableFromInline @inline(never)
    mutating func _requestBeyondMaxBytes(_ size: Int) {
        if !_oversized {
            _requestedBytes = _used
            _oversized = true
        }
        let (sum, overflow) = _requestedBytes.addingReportingOverflow(size)
        _requestedBytes = overflow ? .max : sum
    }

    /// Appends a buffer record: inline for the first four, then over a
    /// stale overflow record when there is one (a warm call), else at the end.
    @inlinable @inline(__always)
    mutating func _appendRecord(_ record: GuestBuffer) {
        _appendRecord(site: record.site, size: record.size, direction: record.direction,
                      isNull: record.isNull, owner: record.owner, start: record.start)
    }

    /// `_appendRecord(_:)` from its fields, each stored where the record
    /// lies: a whole `GuestBuffer` is built on the stack and copied with
    /// 16-byte loads that straddle the stores building it, a
    /// store-forwarding stall per load (half the reservation encode's time).
    @inlinable @inline(__always)
    mutating func _appendRecord(site: HandleSite, size: Int, direction: BufferDirection, isNull: Bool, owner: Int, start: Int) {
        let index = _bufferCount
        if index < GuestBufferList.inlineCount {
            withUnsafeMutablePointer(to: &_inlineRecords) {
                let r = UnsafeMutableRawPointer($0).assumingMemoryBound(to: GuestBuffer.self) + index
                r.pointee.site = site
                r.pointee.size = size
                r.pointee.direction = direction
                r.pointee.isNull = isNull
                r.pointee.owner = owner
                r.pointee.start = start
            }
        } else {
            _appendOverflowRecord(GuestBuffer(site: site, size: size, direction: direction, isNull: isNull, owner: owner, start: start),
                                  at: index &- GuestBufferList.inlineCount)
        }
        _bufferCount = index &+ 1
    }

    @usableFromInline @inline(never)
    mutating func _appendOverflowRecord(_ record: GuestBuffer, at k: Int) {
        if k < _overflowRecords.count { _overflowRecords[k] = record } else { _overflowRecords.append(record) }
    }

    /// `_record(index)` from a mutating method: read where it lies, not
    /// from a copy of the inline table.
    @inlinable @inline(__always)
    mutating func _recordInPlace(_ index: Int) -> GuestBuffer {
        precondition(index >= 0 && index < _bufferCount, "no buffer \(index) in a call of \(_bufferCount)")
        if index < GuestBufferList.inlineCount {
            return withUnsafeMutablePointer(to: &_inlineRecords) {
                UnsafeMutableRawPointer($0).assumingMemoryBound(to: GuestBuffer.self)[index]
            }
        }
        return _overflowRecords[index &- GuestBufferList.inlineCount]
    }

    /// Buffer `index`'s record; traps past the count (a stale record is not a buffer).
    @inlinable @inline(__always)
    func _record(_ index: Int) -> GuestBuffer {
        precondition(index >= 0 && index < _bufferCount, "no buffer \(index) in a call of \(_bufferCount)")
        return GuestBufferList._record(index, _inlineRecords, _overflowRecords)
    }

    /// Appends `size` bytes to `bytes`, all 0 and marked `.none` (the
    /// invariant tests' hook; `addBuffer` reserves and clears the same way).
    @usableFromInline
    mutating func _claim(_ size: Int) {
        let start = _used
        let end = start + size
        _used = end
        if end > _bytes.count { _grow(to: end) }
        if start < _dirtyHigh { _clean(from: start) }
    }

    /// Grows byte (and mark) storage to `end`, zero-filled: only until the
    /// call slot reaches its high-water size.
    @usableFromInline @inline(never)
    mutating func _grow(to end: Int) {
        let count = _bytes.count
        _bytes.append(contentsOf: repeatElement(0, count: end - count))
        if _recordsMarks { _marks.append(contentsOf: repeatElement(.none, count: end - count)) }
    }

    /// Clears every dirty byte at or past `start` and ends the dirty range
    /// there. Buffers are claimed front to back from `_used`, so nothing
    /// from `start` on belongs to this call yet: the stale tail a bigger
    /// earlier call left is cleared once, here, rather than at every later
    /// claim it overlaps (a single dirty range cannot shrink from the
    /// middle, so the reservation's output frame list, claimed between the
    /// struct it writes and such a tail, would otherwise be cleared on
    /// every call).
    @inlinable @inline(__always)
    mutating func _clean(from start: Int) {
        let a = Swift.max(start, _dirtyLow), b = _dirtyHigh
        guard a < b else { return }
        _bytes.withUnsafeMutableBytes { _ = ($0.baseAddress! + a).initializeMemory(as: UInt8.self, repeating: 0, count: b - a) }
        if _recordsMarks { _marks.withUnsafeMutableBufferPointer { ($0.baseAddress! + a).update(repeating: .none, count: b - a) } }
        if _dirtyLow >= start {
            _dirtyLow = .max
            _dirtyHigh = 0
        } else {
            _dirtyHigh = start
        }
    }

    /// Widens the dirty range to cover `start ..< end` (bytes or marks written there).
    @inlinable
    mutating func _dirty(_ start: Int, _ end: Int) {
        if start < _dirtyLow { _dirtyLow = start }
        if end > _dirtyHigh { _dirtyHigh = end }
    }

    /// Adds a null handle at `site` (no bytes): 0 in `linear`, ~0 in a physical flavour.
    @inlinable @discardableResult
    public mutating func addNullHandle(site: HandleSite) -> Int {
        let (site, owner) = resolve(site)
        let index = _bufferCount
        _appendRecord(site: site, size: 0, direction: .in, isNull: true, owner: owner, start: _used)
        markHandle(site)
        _checkInvariants()
        return index
    }

    /// Inside a multicall entry, register sites move into the entry's `args[]`.
    @inlinable @inline(__always)
    func resolve(_ site: HandleSite) -> (HandleSite, Int) {
        guard let e = entry else { return (site, 0) }
        if case .register(let r) = site {
            return (.nested(buffer: e.buffer, offset: e.offset + MulticallLayout.args + 8 * r), e.owner)
        }
        return (site, e.owner)
    }

    @inlinable @inline(__always)
    mutating func markHandle(_ site: HandleSite) {
        // Without marks nothing is written here: the site is checked where
        // the handle is written (`setHandle`'s store) and, in builds with
        // XENABI_INTERNAL_CHECKS, by `_checkInvariants` right after.
        guard !isOversized, _recordsMarks, case .nested(let parent, let offset) = site else { return }
        let p = _recordInPlace(parent)
        let start = p.start + offset
        precondition(offset >= 0 && offset + 8 <= p.size, "nested handle outside its parent buffer")
        _marks.withUnsafeMutableBufferPointer { ($0.baseAddress! + start).update(repeating: .handle, count: 8) }
        _dirty(start, start + 8)
    }
}
