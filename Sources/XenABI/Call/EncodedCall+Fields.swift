/// Reading and writing the little-endian fields of a call's buffers.
/// Every store marks its bytes as input; loads read whatever is there
/// (inputs before a call, outputs after an executor copied them back); a
/// caller reads outputs as values through `HypercallOutputs`, not here.
extension EncodedCall {
    /// Stores `value` little-endian at `offset` of buffer `buffer`, marking it input.
    @inlinable
    public mutating func store<T: FixedWidthInteger>(_ value: T, buffer: Int, at offset: Int) {
        storeRaw(value, buffer: buffer, at: offset, mark: .input)
    }

    @inlinable
    mutating func storeRaw<T: FixedWidthInteger>(_ value: T, buffer: Int, at offset: Int, mark: ByteMark) {
        if isOversized { return }  // no bytes were allocated (`EncodedCall.maxBytes`)
        let b = _recordInPlace(buffer)
        precondition(offset >= 0 && offset + MemoryLayout<T>.size <= b.size, "field outside buffer")
        let at = b.start + offset
        _bytes.withUnsafeMutableBytes { $0.storeBytes(of: value.littleEndian, toByteOffset: at, as: T.self) }
        if _recordsMarks { _marks.withUnsafeMutableBufferPointer { ($0.baseAddress! + at).update(repeating: mark, count: MemoryLayout<T>.size) } }
        _dirty(at, at + MemoryLayout<T>.size)
    }

    /// Stores raw bytes at `offset` of buffer `buffer`, marking them input.
    @inlinable
    public mutating func store(bytes source: some Collection<UInt8>, buffer: Int, at offset: Int) {
        if isOversized { return }
        let b = _recordInPlace(buffer)
        precondition(offset >= 0 && offset + source.count <= b.size, "_bytes outside buffer")
        let start = b.start + offset, count = source.count
        if count == 0 { return }
        _dirty(start, start + count)
        _bytes.withUnsafeMutableBufferPointer { dst in
            _ = UnsafeMutableBufferPointer(rebasing: dst[start ..< start + count]).initialize(from: source)
        }
        guard _recordsMarks else { return }
        _marks.withUnsafeMutableBufferPointer { ($0.baseAddress! + start).update(repeating: .input, count: count) }
    }

    /// Marks `count` bytes at `offset` of buffer `buffer` as input without
    /// changing them (a zero-filled input array, a whole-struct input).
    @inlinable
    public mutating func markInput(buffer: Int, at offset: Int, count: Int) {
        if isOversized { return }
        let b = _recordInPlace(buffer)
        precondition(offset >= 0 && offset + count <= b.size, "range outside buffer")
        if count == 0 || !_recordsMarks { return }
        _dirty(b.start + offset, b.start + offset + count)
        _marks.withUnsafeMutableBufferPointer { m in
            for i in b.start + offset ..< b.start + offset + count where m[i] == .none { m[i] = .input }
        }
    }

    /// Loads a little-endian `T` at `offset` of buffer `buffer`. Inside the
    /// package only (encoders, placement, tests of what an encoder wrote):
    /// a caller reads what a hypervisor wrote through `HypercallOutputs`.
    @inlinable
    package func load<T: FixedWidthInteger>(_: T.Type, buffer: Int, at offset: Int) -> T {
        _load(T.self, buffer: buffer, at: offset)
    }

    @inlinable
    func _load<T: FixedWidthInteger>(_: T.Type, buffer: Int, at offset: Int) -> T {
        if isOversized { return 0 }
        let b = _record(buffer)
        precondition(offset >= 0 && offset + MemoryLayout<T>.size <= b.size, "field outside buffer")
        return _bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: b.start + offset, as: T.self)) }
    }

    /// The bytes of buffer `buffer`.
    @inlinable
    public func bytes(of buffer: Int) -> ArraySlice<UInt8> { _bytes[_record(buffer).range] }

    /// Replaces the bytes of buffer `buffer` (an executor copying outputs back).
    /// `source` must be the buffer's size. Marks are left as the encoder set them.
    @inlinable
    public mutating func replaceBytes(of buffer: Int, with source: UnsafeRawBufferPointer) {
        let r = _recordInPlace(buffer).range
        precondition(source.count == r.count, "size mismatch")
        _dirty(r.lowerBound, r.upperBound)
        _bytes.withUnsafeMutableBytes { dst in
            if !r.isEmpty { (dst.baseAddress! + r.lowerBound).copyMemory(from: source.baseAddress!, byteCount: r.count) }
        }
    }

    /// Calls `body` with the bytes of buffer `buffer`, mutable.
    @inlinable
    public mutating func withMutableBytes<R>(of buffer: Int, _ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        let r = _recordInPlace(buffer).range
        _dirty(r.lowerBound, r.upperBound)
        return try _bytes.withUnsafeMutableBytes { all in
            try body(UnsafeMutableRawBufferPointer(rebasing: all[r]))
        }
    }
}

/// Stores to one buffer in a batch (`EncodedCall.storeFields`): the bytes
/// and marks are reached once for the batch, so each field costs a bounds
/// check and one or two stores, not two uniqueness checks of the call's
/// arrays. `marks` is nil in a call that does not record them.
/// Valid only inside the closure it is passed to.
@usableFromInline
struct FieldWriter {
    @usableFromInline let bytes: UnsafeMutableRawPointer
    @usableFromInline let marks: UnsafeMutablePointer<EncodedCall.ByteMark>?
    @usableFromInline let size: Int

    @inlinable
    init(bytes: UnsafeMutableRawPointer, marks: UnsafeMutablePointer<EncodedCall.ByteMark>?, size: Int) {
        self.bytes = bytes
        self.marks = marks
        self.size = size
    }

    /// As `EncodedCall.store(_:buffer:at:)`: `value` little-endian at `offset`, marked input.
    @inlinable
    func store<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        precondition(offset >= 0 && offset + MemoryLayout<T>.size <= size, "field outside buffer")
        bytes.storeBytes(of: value.littleEndian, toByteOffset: offset, as: T.self)
        if let marks { (marks + offset).update(repeating: .input, count: MemoryLayout<T>.size) }
    }

    /// The same bytes from `offset` on: one struct of an array buffer.
    @inlinable
    func advanced(by offset: Int) -> FieldWriter {
        precondition(offset >= 0 && offset <= size, "struct outside buffer")
        return FieldWriter(bytes: bytes + offset, marks: marks.map { $0 + offset }, size: size - offset)
    }
}

extension EncodedCall {
    /// Runs `body` with a writer over buffer `buffer`: the same stores as
    /// `store(_:buffer:at:)`, one access to the arrays for all of them. The
    /// whole buffer counts as written (dirty). Nothing is stored in an
    /// oversized call.
    @inlinable
    mutating func storeFields(buffer: Int, _ body: (FieldWriter) -> Void) {
        if isOversized { return }
        let b = _recordInPlace(buffer)
        if b.size == 0 { return body(FieldWriter(bytes: UnsafeMutableRawPointer(bitPattern: 1)!, marks: UnsafeMutablePointer(bitPattern: 1)!, size: 0)) }
        _dirty(b.start, b.start + b.size)
        if !_recordsMarks {
            return _bytes.withUnsafeMutableBytes { bytes in
                body(FieldWriter(bytes: bytes.baseAddress! + b.start, marks: nil, size: b.size))
            }
        }
        _bytes.withUnsafeMutableBytes { bytes in
            _marks.withUnsafeMutableBufferPointer { marks in
                body(FieldWriter(bytes: bytes.baseAddress! + b.start, marks: marks.baseAddress! + b.start, size: b.size))
            }
        }
    }
}

extension EncodedCall {
    /// `addBuffer(size:direction:site:)` followed by `storeFields`, in one
    /// access to the byte storage: a reused buffer's clearing and its field
    /// stores share one uniqueness check, as a C encoder's `memset` and
    /// stores share one pointer. For struct buffers an encoder fills
    /// (`addStruct`, the reservation), the call on the hot path. A call that
    /// records marks takes the two steps.
    @inlinable @inline(__always) @discardableResult
    mutating func addBuffer(size: Int, direction: BufferDirection, site: HandleSite, fields body: (FieldWriter) -> Void) -> Int {
        if _recordsMarks || size == 0 {
            let b = addBuffer(size: size, direction: direction, site: site)
            storeFields(buffer: b, body)
            return b
        }
        let index = _bufferCount
        guard let (start, _) = _reserve(size: size, direction: direction, site: site) else { return index }
        let end = start + size
        // No `markHandle(site)`: without marks it writes nothing (the site is
        // checked where the handle is stored, and by the invariants).
        // The buffer is zeroed whole, as a C encoder's `memset` (its size is
        // usually a constant here: a few inline stores, no call), and what a
        // bigger earlier call left dirty past it is cleared once, as
        // `_clean(from:)` would. Then the range is `min(low, start) ..< end`.
        let high = _dirtyHigh
        _dirtyLow = Swift.min(_dirtyLow, start)
        _dirtyHigh = end
        _bytes.withUnsafeMutableBytes { bytes in
            let base = bytes.baseAddress!
            _ = (base + start).initializeMemory(as: UInt8.self, repeating: 0, count: size)
            if high > end { _ = (base + end).initializeMemory(as: UInt8.self, repeating: 0, count: high &- end) }
            body(FieldWriter(bytes: base + start, marks: nil, size: size))
        }
        _checkInvariants()
        return index
    }
}
