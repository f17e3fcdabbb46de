/// Building multicall entries inside an encoded `multicall`.
extension EncodedCall {
    /// Encodes `call` as the next entry of the call list in buffer
    /// `callList`: its op word (with `flavour`) and registers go into the
    /// entry, its buffers join this call, owned by the entry.
    @inlinable
    public mutating func appendEntry(_ call: some HypercallEncodable, flavour: Flavour, callList: Int, index: Int) {
        let site = EntrySite(buffer: callList, offset: index * MulticallLayout.size, owner: _entries.count + 1)
        precondition(site.offset + MulticallLayout.size <= _recordInPlace(callList).size, "call list too small")
        _entries.append(site)
        // The hypervisor copies the whole entry in: op and args[0..5] are inputs, result is output.
        markInput(buffer: callList, at: site.offset + MulticallLayout.op, count: 8)
        markInput(buffer: callList, at: site.offset + MulticallLayout.args, count: 8 * MulticallLayout.argCount)
        entry = site
        call.encode(into: &self)
        setEntryFlavour(flavour, site)
        entry = nil
        _checkInvariants()
    }

    @inlinable
    mutating func setEntryFlavour(_ flavour: Flavour, _ e: EntrySite) {
        let raw = load(UInt64.self, buffer: e.buffer, at: e.offset + MulticallLayout.op)
        let number = HypercallNumber(rawValue: UInt16(truncatingIfNeeded: raw & OpWord.numberMask))
        storeRaw(OpWord(number, flavour: flavour).rawValue, buffer: e.buffer, at: e.offset + MulticallLayout.op, mark: .input)
    }

    /// A multicall entry's `args[]`, at `start` of `bytes` (the entry's bytes are all there).
    @usableFromInline
    static func _loadEntryArgs(_ bytes: borrowing [UInt8], at start: Int) -> HypercallArgs {
        var a = HypercallArgs()
        bytes.withUnsafeBytes { b in
            for i in 0 ..< HypercallArgs.count { a[i] = UInt64(littleEndian: b.loadUnaligned(fromByteOffset: start + 8 * i, as: UInt64.self)) }
        }
        return a
    }

    @usableFromInline mutating func setEntryArgs(_ a: HypercallArgs) {
        let e = entry!
        for i in 0 ..< HypercallArgs.count {
            let at = e.offset + MulticallLayout.args + 8 * i
            // Keep handle slots marked as handles (they were set by addBuffer).
            let handle = _recordsMarks && _marks[_recordInPlace(e.buffer).start + at] == .handle
            storeRaw(a[i], buffer: e.buffer, at: at, mark: handle ? .handle : .input)
        }
    }
}
