/// The encoded call's invariants, checked after every buffer and multicall
/// entry is added in builds with XENABI_INTERNAL_CHECKS (Package.swift
/// defines it for debug builds, so every test run exercises them), the way
/// swift-collections checks `_checkInvariants()` under
/// COLLECTIONS_INTERNAL_CHECKS. Release builds skip the check: it is
/// O(buffers) per addition, and encoding into a warm value must stay cheap.
extension EncodedCall {
    /// Whether this build checks invariants (XENABI_INTERNAL_CHECKS).
    @_spi(Testing) public static var _internalChecksEnabled: Bool {
        #if XENABI_INTERNAL_CHECKS
        true
        #else
        false
        #endif
    }

    /// Traps on the first broken invariant; nothing without XENABI_INTERNAL_CHECKS.
    @usableFromInline
    func _checkInvariants() {
        #if XENABI_INTERNAL_CHECKS
        if let broken = _invariantViolation() { preconditionFailure("EncodedCall invariant: \(broken)") }
        #endif
    }

    /// The first broken invariant, or nil. The invariants:
    /// - `bytes` and `marks` have one element per byte, in storage at least
    ///   as long as the buffers, and the dirty range lies inside it;
    /// - buffers lie back to back in `bytes`, in the order added, and cover it;
    /// - a null buffer has no bytes;
    /// - every owner is the call (0) or one of its multicall entries;
    /// - a register site names one of the five argument registers; a nested
    ///   site lies, 8 bytes marked `.handle`, inside an earlier non-null buffer
    ///   (Xen reads the parent before it can follow the handle);
    /// - every multicall entry lies inside its call list and owns `k + 1`.
    @_spi(Testing) public func _invariantViolation() -> String? {
        if _recordsMarks ? _marks.count != _bytes.count : !_marks.isEmpty {
            return "\(_marks.count) marks for \(_bytes.count) bytes (recording: \(_recordsMarks))"
        }
        let stored = GuestBufferList.inlineCount + _overflowRecords.count
        if _bufferCount < 0 || _bufferCount > stored { return "\(_bufferCount) buffers of \(stored) records stored" }
        if _used < 0 || _used > _bytes.count { return "\(_used) bytes used of \(_bytes.count) stored" }
        if _dirtyLow < _dirtyHigh && (_dirtyLow < 0 || _dirtyHigh > _bytes.count) {
            return "dirty range \(_dirtyLow) ..< \(_dirtyHigh) outside \(_bytes.count) bytes"
        }
        var end = 0
        for (i, b) in buffers.enumerated() {
            if b.start != end { return "buffer \(i) starts at \(b.start), not \(end)" }
            if b.size < 0 || (b.isNull && b.size != 0) { return "buffer \(i) has size \(b.size)\(b.isNull ? " but is null" : "")" }
            end += b.size
            if b.owner < 0 || b.owner >= ownerCount { return "buffer \(i) owned by \(b.owner) of \(ownerCount) calls" }
            switch b.site {
            case .register(let r):
                if r < 0 || r >= HypercallArgs.count { return "buffer \(i)'s handle in register \(r) of \(HypercallArgs.count)" }
            case .nested(let parent, let offset):
                guard parent >= 0, parent < i, !_record(parent).isNull else { return "buffer \(i)'s handle in buffer \(parent), not an earlier one" }
                let p = _record(parent)
                guard offset >= 0, offset + 8 <= p.size else { return "buffer \(i)'s handle at \(offset) outside buffer \(parent) of \(p.size) bytes" }
                if _recordsMarks, _marks[p.start + offset ..< p.start + offset + 8].contains(where: { $0 != .handle }) {
                    return "buffer \(i)'s handle bytes in buffer \(parent) not marked .handle"
                }
            }
        }
        if end != _used { return "buffers cover \(end) of \(_used) bytes" }
        for (k, e) in _entries.enumerated() {
            guard e.buffer >= 0, e.buffer < _bufferCount, e.offset >= 0,
                  e.offset + MulticallLayout.size <= _record(e.buffer).size else { return "entry \(k) outside its call list" }
            if e.owner != k + 1 { return "entry \(k) owns \(e.owner)" }
        }
        return nil
    }

    /// Appends `buffer` and `size` unmarked bytes with no check, so a test
    /// can build a call that breaks an invariant and see it caught.
    @_spi(Testing) public mutating func _testingAppendUnchecked(_ buffer: GuestBuffer, bytes size: Int) {
        _appendRecord(buffer)
        _claim(size)
    }
}
