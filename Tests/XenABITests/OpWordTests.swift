import CXen
import Testing
@testable import XenABI

@Suite("Op word and flavours")
struct OpWordTests {
    @Test("number in bits 0-11, flavour in bits 12-13")
    func layout() {
        #expect(OpWord(.xen_version).rawValue == 17)
        #expect(OpWord(.xen_version, flavour: .flat).rawValue == 0x1011)
        #expect(OpWord(.xen_version, flavour: .gfnList).rawValue == 0x2011)
        #expect(OpWord(.xen_version, flavour: .tagged).rawValue == 0x3011)
        #expect(OpWord(.hypfs_op, flavour: .tagged).number == .hypfs_op)
    }

    @Test("every number and flavour survives a round trip", arguments: HypercallNumber.all.map(\.number))
    func roundTrip(number: HypercallNumber) throws {
        for f in Flavour.allCases {
            let w = try OpWord(validating: OpWord(number, flavour: f).rawValue)
            #expect(w.number == number)
            #expect(w.flavour == f)
        }
    }

    @Test("reserved bits 14-63 are ENOSYS, never a trap")
    func reserved() {
        for bit in 14 ..< 64 {
            #expect(throws: OpWordError.reservedBits(UInt64(17) | 1 << UInt64(bit))) {
                try OpWord(validating: UInt64(17) | 1 << UInt64(bit))
            }
        }
        #expect(OpWordError.reservedBits(1 << 14).errno == .ENOSYS)
        #expect(XenErrno.ENOSYS.rawValue == 38)
    }

    @Test("null handles: 0 for linear, all-ones for physical flavours")
    func nullHandles() {
        #expect(Flavour.linear.nullHandle == 0)
        for f in [Flavour.flat, .gfnList, .tagged] { #expect(f.nullHandle == UInt64.max) }
    }

    @Test("what reads as null: 0 everywhere, all-ones too in the physical flavours (guest_handle_is_null, patch 0003)")
    func isNull() {
        #expect(Flavour.linear.isNull(0) && !Flavour.linear.isNull(~0) && !Flavour.linear.isNull(0x1000))
        for f in [Flavour.flat, .gfnList, .tagged] {
            #expect(f.isNull(0) && f.isNull(~0) && !f.isNull(0x1000) && !f.isNull(~1), "\(f)")
        }
        #expect(Flavour.allCases.filter(\.isList) == [.gfnList, .tagged])
    }

    @Test("numbers come from the Xen headers")
    func numbers() {
        #expect(HypercallNumber.xen_version.rawValue == UInt16(__HYPERVISOR_xen_version))
        #expect(HypercallNumber(name: "hypfs_op") == .hypfs_op)
        #expect(HypercallNumber.all.count == Set(HypercallNumber.all.map(\.number)).count)
    }
}
