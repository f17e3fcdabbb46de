import ScatterGather
import XenABI

/// What a guest does when a buffer is beyond the reach of its owner's
/// flavour (`SGBuilder.reaches`: 511 pages for `gfnList`, 511 x 512 for
/// `tagged`).
public enum LinearFallback: Hashable, Sendable {
    /// Send that owner (the call, or one multicall entry) `linear`: its op
    /// word says so, and Xen walks its handles as today.
    case allow
    /// Fail the placement with `PlacementError.descriptor(_, .tooLarge)`,
    /// -E2BIG: for a caller that must not fall back (an encrypted guest,
    /// whose memory Xen cannot walk, or a check of one flavour).
    case refuse
}

/// The guest side of the ABI, written once: an encoded call rewritten into
/// the flavour of each of its owners (the call, each multicall entry) and
/// placed in a `GuestBufferSpace`. Every handle, in the registers and nested
/// in buffers, becomes a linear address, a GPA, or a GFN-list descriptor
/// built by `SGBuilder` in the space's pages; null buffers get their
/// flavour's null handle (`Flavour.nullHandle`). The model's guest,
/// `Privcmd`'s `XenCall`, the trace checker and the linear image that
/// decoders read all go through here.
public enum FlavourTransform {
    /// Settles each owner's flavour before anything is placed: an owner with
    /// a buffer beyond its flavour's reach goes `linear` (`.allow`) or the
    /// placement fails (`.refuse`). `offset(i)` is buffer `i`'s byte offset in
    /// its first page. Returns the number of owners that fell back. Nothing
    /// is allocated.
    @inlinable
    public static func settleFlavours(_ call: inout EncodedCall, offset: (Int) -> UInt64,
                                      fallback: LinearFallback) throws(PlacementError) -> Int {
        var fellBack = 0
        for i in 0 ..< call.bufferCount {
            let b = call.buffer(i)
            if b.isNull { continue }
            guard let sg = call.flavour(ofOwner: b.owner).sgFlavour else { continue }
            let pages = SGBuilder.pageCount(offset: offset(i), size: UInt64(b.size))
            if SGBuilder.reaches(pages: pages, flavour: sg) { continue }
            guard fallback == .allow else {
                throw .descriptor(buffer: i, .tooLarge(pages: pages, limit: SGBuilder.reach(of: sg)))
            }
            call.setFlavour(.linear, ofOwner: b.owner)
            fellBack += 1
        }
        return fellBack
    }

    /// Places every buffer of `call` in `space` and rewrites its handles in
    /// each owner's flavour (settle them first: `settleFlavours`), then has
    /// the space write each buffer's bytes, nested handles included.
    /// `offset(i)` is buffer `i`'s byte offset in its first page, as given
    /// to `settleFlavours`. Allocates nothing itself.
    @inlinable
    public static func place<S: GuestBufferSpace>(_ call: inout EncodedCall, offset: (Int) -> UInt64,
                                                  into space: inout S) throws(PlacementError) {
        for i in 0 ..< call.bufferCount {
            let b = call.buffer(i)
            let flavour = call.flavour(ofOwner: b.owner)
            if b.isNull {
                call.setHandle(of: i, to: flavour.nullHandle)
                continue
            }
            let o = offset(i)
            let pages = Int(SGBuilder.pageCount(offset: o, size: UInt64(b.size)))
            let (va, frames) = try space.place(buffer: i, size: b.size, offset: o, pages: pages, flavour: flavour)
            guard let sg = flavour.sgFlavour else {
                call.setHandle(of: i, to: va)
                continue
            }
            if frames.contains(0) { throw .frameZero(buffer: i) }
            let d: SGDescriptor
            do { d = try SGBuilder.build(offset: o, gfns: frames, flavour: sg, allocator: &space.listPages) } catch {
                throw .descriptor(buffer: i, error)
            }
            space.built(d, buffer: i)
            call.setHandle(of: i, to: d.handle)
        }
        for i in 0 ..< call.bufferCount where !call.buffer(i).isNull {
            call.bytes(of: i).withUnsafeBytes { space.write(buffer: i, bytes: $0) }
        }
    }

    /// `settleFlavours` then `place`: the whole transform for a space that
    /// needs no sizing between the two.
    @inlinable
    @discardableResult
    public static func apply<S: GuestBufferSpace>(_ call: inout EncodedCall, offset: (Int) -> UInt64,
                                                  fallback: LinearFallback, into space: inout S) throws(PlacementError) -> Int {
        let fellBack = try settleFlavours(&call, offset: offset, fallback: fallback)
        try place(&call, offset: offset, into: &space)
        return fellBack
    }
}
