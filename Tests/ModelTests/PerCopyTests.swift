import Testing
@testable import XenABI
@testable import XenModel

/// A buffer of `pages` pages placed by the guest in `flavour` (the handle
/// the call would carry, and its frames), filled with 0x41.
func placedBuffer(_ d: ModelDomain, pages: Int, _ flavour: Flavour, scattered: Bool) throws -> (handle: UInt64, gfns: [UInt64]) {
    let p = try d.place(AnyHypercall.consoleIO(.write(Array(repeating: 0x41, count: pages * 4096))).encoded,
                        flavour: { _ in flavour }, options: .init(scattered: scattered))
    return (p.raw.args[2], p.placed[0]!.gfns)
}

/// Source bytes whose page k is all `k + 1`.
func pagePattern(_ pages: Int) -> [UInt8] {
    (0 ..< pages * 4096).map { UInt8(truncatingIfNeeded: $0 / 4096 + 1) }
}

/// The first byte of frame `gfn`.
func firstByte(_ d: ModelDomain, _ gfn: UInt64) -> UInt8 {
    var b: UInt8 = 0
    withUnsafeMutableBytes(of: &b) { d.memory.read(gpa: gfn << 12, into: $0) }
    return b
}

/// What one failed copy to the guest wrote (Specs/abi.md section 6): the
/// patched Xen's `copy_list` checks the frames of each batch of 16 pages
/// before writing the batch; `__hvm_copy` (linear, and flat through
/// `copy_flat`) checks each page just before writing it.
@Suite("What a failed copy wrote")
struct PerCopyTests {
    /// 20 pages, a frame that is not RAM at page `bad`: pages of the batches
    /// before the failing batch are written, none of it or after.
    @Test("list kinds: whole batches of 16 before the failing one", arguments: [Flavour.gfnList, .tagged], [3, 15, 16, 19])
    func listBatches(_ f: Flavour, _ bad: Int) throws {
        let d = ModelDomain(frameCount: 1 << 14)
        let (h, gfns) = try placedBuffer(d, pages: 20, f, scattered: true)
        #expect(h & 3 == (f == .tagged ? 1 : 0), "a one-level list")
        d.p2m.setType(.notPresent, of: gfns[bad])
        #expect(throws: XenErrno.EFAULT) { try d.copyToGuest(h, flavour: f, bytes: pagePattern(20)) }
        let written = bad < 16 ? 0 : 16
        for (k, g) in gfns.enumerated() where k != bad {
            #expect(firstByte(d, g) == (k < written ? UInt8(k + 1) : 0x41), "page \(k), bad page \(bad)")
        }
    }

    /// The same through a hand-made two-level list (level-1 slots read once per access).
    @Test("two-level list: whole batches of 16 before the failing one")
    func twoLevelBatches() throws {
        let d = ModelDomain(frameCount: 1 << 14)
        let gfns = (0 ..< 20).map { _ in d.allocateFrame()! }
        let top = craftList2(d, offset: 0, gfns: gfns) | 2
        d.p2m.setType(.pagedOut, of: gfns[17])
        #expect(throws: XenErrno.EFAULT) { try d.copyToGuest(top, flavour: .tagged, bytes: pagePattern(20)) }
        let got: [UInt8] = gfns.map { firstByte(d, $0) }
        let want: [UInt8] = (0 ..< 20).map { k -> UInt8 in k < 16 ? UInt8(k + 1) : 0 }
        #expect(got == want)
    }

    /// `linear` and `flat` (and `tagged` of kind flat): page by page, so the
    /// pages before the failing one are written.
    @Test("linear and flat: the pages before the failing one", arguments: [Flavour.linear, .flat, .tagged])
    func pageByPage(_ f: Flavour) throws {
        let d = ModelDomain(frameCount: 1 << 14)
        let (h, gfns) = try placedBuffer(d, pages: 3, f, scattered: false)
        #expect(f != .tagged || h & 3 == 0, "contiguous pages: a flat kind")
        d.p2m.setType(.notPresent, of: gfns[1])
        #expect(throws: XenErrno.EFAULT) { try d.copyToGuest(h, flavour: f, bytes: pagePattern(3)) }
        #expect([firstByte(d, gfns[0]), firstByte(d, gfns[2])] == [1, 0x41])
    }

    /// `copy_list` reads a batch's list slots after the previous batch was
    /// written, and slot 0 (the offset) once per access: a copy whose first
    /// data page is its own list page rewrites the slots of its second batch.
    @Test("a batch's slots are read after the previous batch is written")
    func slotsReadPerBatch() throws {
        let d = ModelDomain(frameCount: 1 << 14)
        let list = d.allocateFrame()!
        let listed = [list] + (1 ..< 20).map { _ in d.allocateFrame()! }
        let targets = (0 ..< 4).map { _ in d.allocateFrame()! }
        d.memory.store64(0, gpa: list << 12)
        for (k, g) in listed.enumerated() { d.memory.store64(g, gpa: list << 12 + 8 * UInt64(k + 1)) }
        var source = pagePattern(20)
        // Page 0 of the data lands on the list: its slots 17-20 (pages 16-19) name the targets.
        for (k, t) in targets.enumerated() {
            withUnsafeBytes(of: t.littleEndian) { source.replaceSubrange(8 * (17 + k) ..< 8 * (18 + k), with: $0) }
        }
        try d.copyToGuest(list << 12, flavour: .gfnList, bytes: source)
        #expect(targets.map { firstByte(d, $0) } == [17, 18, 19, 20])
        #expect(listed[16...].map { firstByte(d, $0) } == [0, 0, 0, 0])
        #expect(listed[1 ..< 16].map { firstByte(d, $0) } == (2 ... 16).map { UInt8($0) })
    }
}
