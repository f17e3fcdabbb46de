import Testing
@testable import XenABI
@testable import XenModel

/// A write to read-only RAM (`p2m_ram_ro`) is discarded and the copy
/// succeeds: `__hvm_copy` skips it (`p2m_is_discard_write`) for linear and
/// guest-physical copies alike, and the list walker's `check_frame` lets
/// such a frame through (it refuses only `p2m_ioreq_server` for writes).
@Suite("Read-only RAM takes writes without a fault")
struct ReadOnlyRAMTests {
    /// `XENVER_commandline` (1024 bytes) straddling two pages, both filled
    /// with 0xEE, the first read-only: success; the first page keeps its
    /// 0xEE, the second gets the output's bytes (zeros past the string).
    @Test("an output over a read-only page succeeds; only that page is skipped", arguments: Flavour.allCases)
    func outputSkipsReadOnlyPage(_ f: Flavour) throws {
        let d = ModelDomain(frameCount: 1 << 14)
        let p = try d.place(AnyHypercall.xenVersion(.commandline).encoded, flavour: { _ in f },
                            options: .init(offsets: .straddle, scattered: true))
        let b = p.placed[0]!
        #expect(b.gfns.count == 2)
        Array(repeating: UInt8(0xee), count: 1024).withUnsafeBytes { d.writeGuest(b, from: $0) }
        d.p2m.setType(.ramRO, of: b.gfns[0])
        let r = ModelHypervisor(d).execute(p.raw)
        #expect(r.returnValue == 0)
        let got = d.readGuest(b)
        let split = 4096 - Int(b.offset)
        let want = cString(ModelXenInfo().commandline, size: 1024)
        #expect(Array(got[..<split]) == Array(repeating: 0xee, count: split))
        #expect(Array(got[split...]) == Array(want[split...]))
    }

    /// The same output with no read-only page: the control.
    @Test("control: the output written whole", arguments: Flavour.allCases)
    func control(_ f: Flavour) throws {
        let d = ModelDomain(frameCount: 1 << 14)
        let p = try d.place(AnyHypercall.xenVersion(.commandline).encoded, flavour: { _ in f },
                            options: .init(offsets: .straddle, scattered: true))
        Array(repeating: UInt8(0xee), count: 1024).withUnsafeBytes { d.writeGuest(p.placed[0]!, from: $0) }
        #expect(ModelHypervisor(d).execute(p.raw).returnValue == 0)
        #expect(d.readGuest(p.placed[0]!) == cString(ModelXenInfo().commandline, size: 1024))
    }

    /// List pages are only read: read-only RAM serves as a list.
    @Test("a list page in read-only RAM is read as any list")
    func readOnlyList() throws {
        let d = ModelDomain(frameCount: 1 << 14)
        let p = try d.place(extraversion.encoded, flavour: { _ in .gfnList })
        d.p2m.setType(.ramRO, of: p.raw.args[1] >> 12)
        #expect(ModelHypervisor(d).execute(p.raw).returnValue == 0)
        #expect(d.readGuest(p.placed[0]!) == cString(ModelXenInfo().extraversion, size: 16))
    }

    /// A long list copy with one read-only page in its middle: no error,
    /// every other page written (the batch is not abandoned).
    @Test("a 20-page list copy skips its read-only page and writes the rest")
    func longCopy() throws {
        let d = ModelDomain(frameCount: 1 << 14)
        let (h, gfns) = try placedBuffer(d, pages: 20, .gfnList, scattered: true)
        d.p2m.setType(.ramRO, of: gfns[5])
        try d.copyToGuest(h, flavour: .gfnList, bytes: pagePattern(20))
        let got: [UInt8] = gfns.map { firstByte(d, $0) }
        let want: [UInt8] = (0 ..< 20).map { k -> UInt8 in k == 5 ? 0x41 : UInt8(k + 1) }
        #expect(got == want)
    }
}
