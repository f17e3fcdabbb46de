import XenABI

/// What the decoder read of one call, kept for its semantics: each read's
/// handle, flavour, offset and bytes. Xen copies a guest struct into its
/// own memory once (`copy_from_guest`) and takes nested handles from that
/// copy; a handler that read a guest word again could act on a value the
/// guest changed between the two reads (the double fetch of XSA-155). So
/// the model's semantics take every nested handle from these bytes, and
/// read guest memory only for a word the decoder never read, once.
final class CallReads: GuestMemoryReader {
    /// One read: the buffer named by `handle` in `flavour`, `bytes` from `offset`.
    struct Read {
        let handle: UInt64
        let flavour: Flavour
        let offset: Int
        let bytes: [UInt8]
    }

    let resolver: ModelResolver
    private(set) var reads: [Read] = []

    init(_ resolver: ModelResolver) { self.resolver = resolver }

    func read(handle: UInt64, flavour: Flavour, offset: Int, into: UnsafeMutableRawBufferPointer) throws(XenErrno) {
        try resolver.read(handle: handle, flavour: flavour, offset: offset, into: into)
        reads.append(Read(handle: handle, flavour: flavour, offset: offset, bytes: Array(into)))
    }

    /// The little-endian word at `offset` of the buffer `handle` names, from
    /// the call's earlier reads (the latest that covers it); a word no read
    /// covered is read now, and recorded, so it too is read only once.
    func word(handle: UInt64, flavour: Flavour, offset: Int) throws(XenErrno) -> UInt64 {
        for r in reads.reversed() where r.handle == handle && r.flavour == flavour
            && offset >= r.offset && offset - r.offset <= r.bytes.count - 8 {
            return r.bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: offset - r.offset, as: UInt64.self)) }
        }
        return try load(UInt64.self, handle: handle, flavour: flavour, offset: offset)
    }
}
