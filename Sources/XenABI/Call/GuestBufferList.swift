/// The buffers of an `EncodedCall` (`EncodedCall.buffers`), in the order
/// the encoder added them: a random-access collection indexed from 0. A
/// value of its own: it stays as it was when the call changes. Loops over
/// a call's buffers on a hot path read `EncodedCall.buffer(_:)` and
/// `bufferCount` instead, which copy no record table.
public struct GuestBufferList: RandomAccessCollection, Hashable, Sendable, CustomStringConvertible {
    /// The records an `EncodedCall` holds in itself before it spills to a heap array.
    @usableFromInline typealias InlineRecords = (GuestBuffer, GuestBuffer, GuestBuffer, GuestBuffer)
    /// How many records an `EncodedCall` holds in itself (the arity of `InlineRecords`).
    public static let inlineCount = 4

    @usableFromInline let _inline: InlineRecords
    @usableFromInline let _overflow: [GuestBuffer]
    @usableFromInline let _count: Int

    @inlinable
    init(inline: InlineRecords, overflow: [GuestBuffer], count: Int) {
        _inline = inline
        _overflow = overflow
        _count = count
    }

    /// 0.
    @inlinable public var startIndex: Int { 0 }
    /// The number of buffers.
    @inlinable public var endIndex: Int { _count }

    /// Buffer `index`.
    @inlinable public subscript(index: Int) -> GuestBuffer {
        precondition(index >= 0 && index < _count, "no buffer \(index) in a call of \(_count)")
        return Self._record(index, _inline, _overflow)
    }

    /// Record `index` of an inline table and its overflow, one element read.
    @inlinable @inline(__always)
    static func _record(_ index: Int, _ inline: InlineRecords, _ overflow: [GuestBuffer]) -> GuestBuffer {
        switch index {
        case 0: inline.0
        case 1: inline.1
        case 2: inline.2
        case 3: inline.3
        default: overflow[index - inlineCount]
        }
    }

    /// The same buffers, in the same order.
    public static func == (a: GuestBufferList, b: GuestBufferList) -> Bool { a.elementsEqual(b) }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(_count)
        for b in self { hasher.combine(b) }
    }

    public var description: String { Array(self).description }
}

extension GuestBuffer {
    /// What an `EncodedCall` holds in a record slot no buffer uses yet.
    @usableFromInline static var unused: GuestBuffer {
        GuestBuffer(site: .register(0), size: 0, direction: .in, isNull: true, owner: 0, start: 0)
    }
}
