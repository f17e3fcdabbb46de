import XenABI
/// Guest-physical memory of a model domain, backed by real memory: one
/// 4 KiB host allocation per frame, made on the first write (a frame never
/// written reads as zeros, as a freshly populated Xen page does).
///
/// No checks here: the P2M (`P2M`) decides what a guest or the hypervisor
/// may touch; this is the RAM behind it.
public final class GuestMemory {
    /// Bytes per frame.
    public static let pageSize = 4096
    /// Frames of guest-physical space (GFN 0 ..< frameCount).
    public let frameCount: UInt64
    /// Host memory of each frame, nil until first written.
    ///
    /// A buffer allocated once for `frameCount` slots rather than an array:
    /// the table never grows, and a `let` buffer is read by the copy path
    /// and the page walk without a retain, a release or an exclusivity
    /// check (each of which cost more than a hot walk level or a 64-byte
    /// chunk). Slots change only in `frame(_:)`, one store each.
    @usableFromInline let frames: UnsafeMutableBufferPointer<UnsafeMutableRawPointer?>

    /// `frameCount` frames, none allocated yet.
    public init(frameCount: UInt64) {
        self.frameCount = frameCount
        frames = .allocate(capacity: Int(frameCount))
        frames.initialize(repeating: nil)
    }

    deinit {
        for f in frames { f?.deallocate() }
        frames.deallocate()
    }

    /// The frame's storage, allocated zeroed on first use.
    @inlinable
    func frame(_ gfn: UInt64) -> UnsafeMutableRawPointer { GuestMemory.frame(frames.baseAddress!, gfn) }

    /// Slot `gfn` of the frame table `frames`, its 4 KiB allocated zeroed
    /// on first use (the copy path's view holds the table's address).
    @inlinable
    static func frame(_ frames: UnsafeMutablePointer<UnsafeMutableRawPointer?>, _ gfn: UInt64) -> UnsafeMutableRawPointer {
        if let f = frames[Int(gfn)] { return f }
        let f = UnsafeMutableRawPointer.allocate(byteCount: GuestMemory.pageSize, alignment: GuestMemory.pageSize)
        f.initializeMemory(as: UInt8.self, repeating: 0, count: GuestMemory.pageSize)
        frames[Int(gfn)] = f
        return f
    }

    /// Copies `into.count` bytes at `gpa` (within one frame) out.
    @inlinable
    public func read(gpa: UInt64, into: UnsafeMutableRawBufferPointer) {
        guard let dst = into.baseAddress, into.count > 0 else { return }
        if let f = frames[Int(gpa >> 12)] {
            dst.copyMemory(from: f + Int(gpa & 4095), byteCount: into.count)
        } else {
            dst.initializeMemory(as: UInt8.self, repeating: 0, count: into.count)
        }
    }

    /// Copies `from` into the frame at `gpa` (within one frame).
    @inlinable
    public func write(gpa: UInt64, from: UnsafeRawBufferPointer) {
        guard let src = from.baseAddress, from.count > 0 else { return }
        (frame(gpa >> 12) + Int(gpa & 4095)).copyMemory(from: src, byteCount: from.count)
    }

    /// The little-endian word at `gpa` (8-aligned).
    @inlinable
    public func load64(gpa: UInt64) -> UInt64 {
        guard let f = frames[Int(gpa >> 12)] else { return 0 }
        return UInt64(littleEndian: f.load(fromByteOffset: Int(gpa & 4095), as: UInt64.self))
    }

    /// Stores a little-endian word at `gpa` (8-aligned).
    @inlinable
    public func store64(_ value: UInt64, gpa: UInt64) {
        frame(gpa >> 12).storeBytes(of: value.littleEndian, toByteOffset: Int(gpa & 4095), as: UInt64.self)
    }

    /// A 64-bit FNV-1a digest of every frame's contents (frames all zero,
    /// allocated or not, count as absent): equal digests before and after a
    /// failed call show no byte was written.
    public func digest() -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for (gfn, f) in frames.enumerated() {
            guard let f else { continue }
            let words = f.assumingMemoryBound(to: UInt64.self)
            var any = false
            for i in 0 ..< GuestMemory.pageSize / 8 where words[i] != 0 { any = true; break }
            if !any { continue }
            h = (h ^ UInt64(gfn)) &* 0x0000_0100_0000_01b3
            for i in 0 ..< GuestMemory.pageSize / 8 { h = (h ^ words[i]) &* 0x0000_0100_0000_01b3 }
        }
        return h
    }
}
