/// Linear placement: give every buffer a guest linear address and write the
/// handles, as a guest kernel or privcmd caller does before issuing the call.
extension EncodedCall {
    /// Places every buffer at consecutive `alignment`-aligned linear
    /// addresses from `base`, sets all handles (null ones to 0) and the
    /// flavour of every owner to `linear`. Returns each buffer's address.
    @discardableResult
    public mutating func placeLinear(base: UInt64 = 0x7f00_0000_0000, alignment: UInt64 = 64) -> [UInt64] {
        var next = base
        var addresses: [UInt64] = []
        addresses.reserveCapacity(_buffers.count)
        for b in _buffers {
            if b.isNull { addresses.append(0); continue }
            next = (next + alignment - 1) & ~(alignment - 1)
            addresses.append(next)
            next += UInt64(b.size)
        }
        for owner in 0 ..< ownerCount { setFlavour(.linear, ofOwner: owner) }
        setHandles { i, _ in addresses[i] }
        return addresses
    }
}

/// Guest memory made of an encoded call's own buffers at the linear
/// addresses `placeLinear` gave them: what a decoder reads in round-trip
/// tests and in `xenabi encode`.
public struct CallImageMemory: GuestMemoryReader {
    let regions: [(address: UInt64, bytes: ArraySlice<UInt8>)]

    /// The buffers of `call` at `addresses` (from `placeLinear`).
    public init(_ call: EncodedCall, addresses: [UInt64]) {
        regions = zip(call.buffers, addresses).filter { !$0.0.isNull }.map { ($0.1, call.bytes[$0.0.range]) }
    }

    /// Memory made of `regions` (each one buffer's bytes at its linear
    /// address), as a file that carries placed calls stores them.
    public init(regions: [(address: UInt64, bytes: [UInt8])]) {
        self.regions = regions.map { ($0.address, $0.bytes[...]) }
    }

    public func read(handle: UInt64, flavour: Flavour, offset: Int, into: UnsafeMutableRawBufferPointer) throws(XenErrno) {
        guard flavour == .linear, offset >= 0 else { throw .EFAULT }
        let (start, overflow) = handle.addingReportingOverflow(UInt64(offset))
        guard !overflow else { throw .EFAULT }
        for r in regions where start >= r.address && start - r.address <= UInt64(r.bytes.count) {
            let from = Int(start - r.address)
            guard from + into.count <= r.bytes.count else { continue }
            r.bytes.withUnsafeBytes { src in
                if into.count > 0 { into.baseAddress!.copyMemory(from: src.baseAddress! + from, byteCount: into.count) }
            }
            return
        }
        throw .EFAULT
    }
}
