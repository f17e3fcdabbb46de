/// Handle values: where the flavour transform and executors write them.
extension EncodedCall {
    /// The handle value now stored at buffer `index`'s site.
    @inlinable
    public func handle(of index: Int) -> UInt64 {
        switch _record(index).site {
        case .register(let r): registers[r]
        case .nested(let parent, let offset): load(UInt64.self, buffer: parent, at: offset)
        }
    }

    /// Writes `value` as the handle of buffer `index`, in a register or in
    /// its parent buffer's bytes (which stay marked `.handle`).
    @inlinable
    public mutating func setHandle(of index: Int, to value: UInt64) {
        switch _recordInPlace(index).site {
        case .register(let r): registers[r] = value
        case .nested(let parent, let offset): storeRaw(value, buffer: parent, at: offset, mark: .handle)
        }
    }

    /// The flavour of call `owner` (0: the hypercall, k + 1: multicall entry k).
    @inlinable
    public func flavour(ofOwner owner: Int) -> Flavour {
        owner == 0 ? op.flavour : entryOp(owner - 1).flavour
    }

    /// The op word of multicall entry `k`.
    @inlinable
    public func entryOp(_ k: Int) -> OpWord {
        let e = _entries[k]
        let raw = load(UInt64.self, buffer: e.buffer, at: e.offset + MulticallLayout.op)
        return OpWord(HypercallNumber(rawValue: UInt16(truncatingIfNeeded: raw & OpWord.numberMask)),
                      flavour: Flavour(rawValue: UInt8((raw >> OpWord.flavourShift) & OpWord.flavourMask))!)
    }

    /// Sets the flavour of call `owner` (0: the hypercall itself; k + 1:
    /// multicall entry k's op word in the call list). Handles are not
    /// rewritten: that is the flavour transform's job.
    @inlinable
    public mutating func setFlavour(_ flavour: Flavour, ofOwner owner: Int) {
        if owner == 0 {
            op = op.with(flavour: flavour)
        } else {
            let e = _entries[owner - 1]
            storeRaw(entryOp(owner - 1).with(flavour: flavour).rawValue, buffer: e.buffer,
                     at: e.offset + MulticallLayout.op, mark: .input)
        }
    }

    /// The number of calls whose handles this value holds: 1 + multicall entries.
    @inlinable public var ownerCount: Int { 1 + _entries.count }

    /// Writes every handle with `value(index, buffer)` (a placement).
    @inlinable
    public mutating func setHandles(_ value: (Int, GuestBuffer) throws -> UInt64) rethrows {
        for i in 0 ..< _bufferCount { setHandle(of: i, to: try value(i, _recordInPlace(i))) }
    }

    /// Sets every null handle to its owner's null value (0 or ~0).
    @inlinable
    public mutating func setNullHandles() {
        for i in 0 ..< _bufferCount where _recordInPlace(i).isNull {
            setHandle(of: i, to: flavour(ofOwner: _recordInPlace(i).owner).nullHandle)
        }
    }

    /// The register arguments as issued.
    @inlinable public var raw: RawHypercall { RawHypercall(op: op, args: registers) }
}

/// An op word and its argument registers, as a guest issues them (and as a
/// trace records them), before anything is read from guest memory.
public struct RawHypercall: Hashable, Sendable {
    /// The op word.
    public var op: OpWord
    /// The argument registers.
    public var args: HypercallArgs
    /// Wraps an op word and registers.
    @inlinable public init(op: OpWord, args: HypercallArgs) { self.op = op; self.args = args }
}
