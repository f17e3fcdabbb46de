/// Bounds-checked reads of what a hypervisor wrote into a call's buffers:
/// what every `HypercallOutputs` decoder reads through. Each read names
/// the field (`location`) it stands for, and one that reaches past its
/// buffer (or names a buffer the call does not have, or a null one) is a
/// `DecodeError`, in every build.
public struct OutputReader: Sendable {
    /// The call an executor ran.
    public let call: EncodedCall
    /// The call's name in errors (`sysctl.readconsole`).
    public let location: String

    /// A reader of `call`'s outputs, its errors located under `location`.
    public init(_ call: EncodedCall, location: String) {
        self.call = call
        self.location = location
    }

    func path(_ field: String) -> String { field.isEmpty ? location : location + "." + field }

    /// Buffer `index`: `.invalid` when the call has no such buffer or it was
    /// never allocated (`EncodedCall.isOversized`).
    public func buffer(_ index: Int, _ field: String = "") throws(DecodeError) -> GuestBuffer {
        guard !call.isOversized else { throw DecodeError(.invalid("oversized call: no buffer was allocated"), at: path(field)) }
        guard index >= 0 && index < call.bufferCount else {
            throw DecodeError(.invalid("no buffer \(index) in a call of \(call.bufferCount)"), at: path(field))
        }
        return call.buffer(index)
    }

    /// The index of the buffer whose handle sits at `site` (a nested
    /// handle the encoder may or may not have added), or nil.
    public func buffer(at site: HandleSite) -> Int? {
        call.buffers.firstIndex { $0.site == site }
    }

    /// Checks that `count` bytes at `offset` lie inside buffer `index`
    /// (`.outOfBounds` with the buffer's size otherwise; a null buffer has 0).
    public func check(buffer index: Int, at offset: Int, count: Int, _ field: String) throws(DecodeError) {
        let b = try buffer(index, field)
        let size = b.isNull ? 0 : b.size
        let (end, overflow) = offset.addingReportingOverflow(count)
        guard offset >= 0, count >= 0, !overflow, end <= size else {
            throw DecodeError(.outOfBounds(offset: offset, count: count, size: size), at: path(field))
        }
    }

    /// The little-endian `T` at `offset` of buffer `index` (field `field`).
    public func load<T: FixedWidthInteger>(_: T.Type, buffer index: Int, at offset: Int, _ field: String) throws(DecodeError) -> T {
        try check(buffer: index, at: offset, count: MemoryLayout<T>.size, field)
        return call._load(T.self, buffer: index, at: offset)
    }

    /// `count` bytes at `offset` of buffer `index`.
    public func bytes(buffer index: Int, at offset: Int = 0, count: Int, _ field: String) throws(DecodeError) -> [UInt8] {
        try check(buffer: index, at: offset, count: count, field)
        let start = call.buffer(index).start + offset
        return count == 0 ? [] : Array(call._bytes[start ..< start + count])
    }

    /// Every byte of buffer `index` (none for a null buffer).
    public func allBytes(buffer index: Int, _ field: String) throws(DecodeError) -> [UInt8] {
        let b = try buffer(index, field)
        return b.isNull ? [] : try bytes(buffer: index, count: b.size, field)
    }

    /// The NUL-terminated string in the `length` bytes at `offset` of buffer
    /// `index` (all of them when no NUL): `xen_extraversion_t` and kin.
    public func string(buffer index: Int, at offset: Int = 0, length: Int, _ field: String) throws(DecodeError) -> String {
        let raw = try bytes(buffer: index, at: offset, count: length, field)
        return String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
    }

    /// Checks that `count` elements of `stride` bytes from `offset` fit in
    /// buffer `index`: the bound of a hypervisor-written count
    /// (`num_domains`, `nr_counters`). `.outOfBounds` with the byte count
    /// asked (`Int.max` when it overflows) otherwise.
    public func checkArray(buffer index: Int, at offset: Int = 0, count: UInt64, stride: Int, _ field: String) throws(DecodeError) {
        let (bytes, overflow) = Int(clamping: count).multipliedReportingOverflow(by: stride)
        try check(buffer: index, at: offset, count: overflow || count > UInt64(Int.max) ? Int.max : bytes, field)
    }

    /// One field of each of `count` elements of `stride` bytes in buffer
    /// `index` (a multicall entry's `result`, a grant copy's `status`): the
    /// array is bounds-checked first (`checkArray`), then read in order.
    public func column<T: FixedWidthInteger>(_: T.Type, buffer index: Int, count: UInt64, stride: Int, field offset: Int,
                                             _ countField: String, _ field: String) throws(DecodeError) -> [T] {
        try checkArray(buffer: index, count: count, stride: stride, countField)
        var out: [T] = []
        out.reserveCapacity(Int(count))
        for k in 0 ..< Int(count) { out.append(try load(T.self, buffer: index, at: k * stride + offset, field)) }
        return out
    }
}
