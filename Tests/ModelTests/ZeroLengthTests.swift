import Testing
import ScatterGather
@testable import XenABI
import GuestPlacement
@testable import XenModel

/// abi.md section 6: "A length of 0 reads nothing; only a list flavour's
/// handle form (null, tag, alignment) is checked", as `copy_list` does
/// (`copy_flat` checks nothing for 0 bytes). The model skipped the check.
@Suite("0-length accesses check the handle's form")
struct ZeroLengthTests {
    /// (handle, flavour, errno) of malformed handles: tag 11, a misaligned
    /// one-level list (gfnList and tagged list1), a list flavour's null
    /// handles ~0 and 0.
    static let cases: [(UInt64, Flavour, XenErrno)] = [
        (0x2000 | 3, .tagged, .EINVAL),
        (0x2004, .gfnList, .EINVAL),
        (0x2004 | 1, .tagged, .EINVAL),
        (~0, .gfnList, .EFAULT),
        (0, .tagged, .EFAULT),
    ]

    @Test("copy from and copy to of 0 bytes answer the form's errno", arguments: 0 ..< 5)
    func zeroLength(_ k: Int) throws {
        let (handle, flavour, errno) = Self.cases[k]
        let d = ModelDomain(frameCount: 64)
        #expect(throws: errno) { try d.copyFromGuest(handle, flavour: flavour, into: UnsafeMutableRawBufferPointer(start: nil, count: 0)) }
        #expect(throws: errno) { try d.copyToGuest(handle, flavour: flavour, bytes: []) }
    }

    @Test("well-formed handles, and linear and flat ones of any value, copy 0 bytes without error")
    func wellFormed() throws {
        let d = ModelDomain(frameCount: 64)
        try d.copyFromGuest(0x2008, flavour: .gfnList, into: UnsafeMutableRawBufferPointer(start: nil, count: 0))
        try d.copyToGuest(0x2000 | 1, flavour: .tagged, bytes: [])
        try d.copyToGuest(0, flavour: .linear, bytes: [])
        // copy_flat returns before it looks at the handle: ~0 (null), a wrap.
        try d.copyToGuest(~0, flavour: .flat, bytes: [])
        try d.copyFromGuest(~0 - 3, flavour: .flat, into: UnsafeMutableRawBufferPointer(start: nil, count: 0))
    }

    @Test("a buffer past gfnList's reach names the one-level limit (511 pages), not the two-level one")
    func gfnListLimitMessage() throws {
        let big = AnyHypercall.consoleIO(.write(Array(repeating: 0x41, count: 4 << 20))).encoded
        #expect(throws: PlacementError.descriptor(buffer: 0, .tooLarge(pages: 1024, limit: 511))) {
            try ModelDomain().place(big, flavour: { _ in .gfnList }, options: .init(fallback: .refuse))
        }
        let text = SGError.tooLarge(pages: 1024, limit: SGPage.maxOneLevel).description
        #expect(text == "1024 pages exceed a one-level list (511 pages)")
    }
}
