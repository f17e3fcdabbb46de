import ScatterGather
import XenABI

/// Where a guest puts a call's buffers: its pool pages, known by linear
/// address and frame number. `FlavourTransform.place` asks it for every
/// non-null buffer in order and takes descriptor pages from it, so the
/// rest of placement (reach, fallback, descriptors, handles, bytes) is
/// written once for every guest: the model's, `Privcmd`'s staging region,
/// and the linear image a decoder reads.
public protocol GuestBufferSpace {
    /// The allocator `SGBuilder` takes GFN-list pages from.
    associatedtype ListPages: SGListAllocator
    /// The frame numbers of a placed buffer's pages.
    associatedtype Frames: RandomAccessCollection<UInt64>

    /// Pages for buffer `index` of `size` bytes, starting `offset` bytes into
    /// its first page and spanning `pages` pages, for an owner sent in
    /// `flavour`. Returns the linear address of its first byte and, for a
    /// physical flavour, the GFN of every page (consecutive ones where
    /// `flavour` is `flat`, or the descriptor build reports `notContiguous`).
    mutating func place(buffer index: Int, size: Int, offset: UInt64, pages: Int,
                        flavour: Flavour) throws(PlacementError) -> (va: UInt64, frames: Frames)

    /// The allocator descriptor pages come from.
    var listPages: ListPages { get set }

    /// Records the descriptor built for buffer `index` (a space that keeps
    /// descriptors, such as the model's guest, stores it; the default drops it).
    mutating func built(_ descriptor: SGDescriptor, buffer index: Int)

    /// Writes buffer `index`'s bytes (its nested handles already rewritten)
    /// where `place` put it.
    mutating func write(buffer index: Int, bytes: UnsafeRawBufferPointer)
}

extension GuestBufferSpace {
    /// Drops the descriptor: the handle in the call is all most spaces need.
    @inlinable public mutating func built(_ descriptor: SGDescriptor, buffer index: Int) {}
}
