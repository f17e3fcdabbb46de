import ScatterGather
import XenABI

/// Linear placement: every buffer at a guest linear address, as a guest
/// kernel or privcmd caller gives it, through the one flavour transform.
extension EncodedCall {
    /// Places every buffer at consecutive `alignment`-aligned linear
    /// addresses from `base`, sets every owner's flavour to `linear` and all
    /// handles (null ones to 0). Returns each buffer's address (0 for null).
    @discardableResult
    public mutating func placeLinear(base: UInt64 = 0x7f00_0000_0000, alignment: UInt64 = 64) -> [UInt64] {
        for owner in 0 ..< ownerCount { setFlavour(.linear, ofOwner: owner) }
        var space = LinearAddressSpace(next: base, alignment: alignment, count: buffers.count)
        // Linear owners have no reach to settle, and a linear space fails nothing.
        try! FlavourTransform.place(&self, offset: { _ in 0 }, into: &space)
        return space.addresses
    }
}

/// Consecutive aligned linear addresses, no frames: the space `placeLinear`
/// places in (linear owners only).
struct LinearAddressSpace: GuestBufferSpace {
    /// No list pages: a linear handle needs none.
    struct NoListPages: SGListAllocator {
        mutating func allocateListPage() throws(SGError) -> UInt64 { throw .noListPage }
        mutating func storeListWord(_ value: UInt64, at gpa: UInt64) {}
    }

    var next: UInt64
    let alignment: UInt64
    var addresses: [UInt64]
    var listPages = NoListPages()

    init(next: UInt64, alignment: UInt64, count: Int) {
        self.next = next
        self.alignment = alignment
        addresses = Array(repeating: 0, count: count)
    }

    mutating func place(buffer index: Int, size: Int, offset: UInt64, pages: Int,
                        flavour: Flavour) throws(PlacementError) -> (va: UInt64, frames: EmptyCollection<UInt64>) {
        next = (next + alignment - 1) & ~(alignment - 1)
        addresses[index] = next
        next += UInt64(size)
        return (addresses[index], EmptyCollection())
    }

    /// The bytes stay in the call: `CallImageMemory` reads them there.
    mutating func write(buffer index: Int, bytes: UnsafeRawBufferPointer) {}
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
