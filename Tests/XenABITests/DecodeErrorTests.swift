import Testing
@testable import XenABI

/// `DecodeError`'s kinds and the bounds check every build makes on offsets
/// and sizes the guest chooses.
@Suite("DecodeError kinds and guest-chosen bounds")
struct DecodeErrorTests {
    @Test("kinds compare by value, say whether the call is untyped, and map to Xen's errno")
    func kinds() {
        #expect(DecodeError.Kind.unknownSubop(3) == .unknownSubop(3))
        #expect(DecodeError.Kind.unknownSubop(3) != .unknownSubop(4))
        #expect(DecodeError(.unknownHypercall(.xen_version), at: "x").isUnknown)
        #expect(!DecodeError(.unreadable(.EFAULT), at: "x").isUnknown)
        #expect(DecodeError(.outOfBounds(offset: 8, count: 4, size: 10), at: "x").errno == .EINVAL)
        #expect(DecodeError(.unknownSubop(9), at: "hypfs_op").description == "hypfs_op: unknown sub-op 9")
    }

    @Test("an offset or size the guest chose past the bytes read is .outOfBounds, in every build")
    func guestChosenBounds() throws {
        let s = GuestStruct(name: "extents", bytes: [1, 2, 3, 4, 5, 6])
        #expect(try s.checkedLoad(UInt16.self, at: 4) == 0x0605)
        #expect(throws: DecodeError(.outOfBounds(offset: 4, count: 4, size: 6), at: "extents")) { try s.checkedLoad(UInt32.self, at: 4) }
        #expect(throws: DecodeError(.outOfBounds(offset: -1, count: 1, size: 6), at: "extents")) { try s.checkedLoad(UInt8.self, at: -1) }
        #expect(throws: DecodeError(.outOfBounds(offset: 2, count: Int.max, size: 6), at: "extents")) { try s.checkedSlice(2, Int.max) }
        #expect(try s.checkedSlice(6, 0) == [])
    }
}
