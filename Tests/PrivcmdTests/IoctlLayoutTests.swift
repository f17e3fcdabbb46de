import CXen
import Testing
@testable import Privcmd

/// The size field of each privcmd ioctl number (`_IOC_SIZE`, bits 16-29)
/// must be the size of the struct Swift passes: the C types are imported
/// from `xen/sys/privcmd.h`, never retyped.
@Suite("privcmd ioctl numbers and structs")
struct IoctlLayoutTests {
    static func size(_ request: Int32) -> Int { Int((UInt32(bitPattern: request) >> 16) & 0x3fff) }
    static func nr(_ request: Int32) -> Int { Int(UInt32(bitPattern: request) & 0xff) }

    @Test("ioctl size fields equal the imported structs' sizes")
    func sizes() {
        #expect(Self.size(PrivcmdIoctl.hypercall) == MemoryLayout<privcmd_hypercall_t>.size)
        #expect(Self.size(PrivcmdIoctl.mmapBatchV2) == MemoryLayout<privcmd_mmapbatch_v2_t>.size)
        #expect(Self.size(PrivcmdIoctl.dmOp) == MemoryLayout<privcmd_dm_op_t>.size)
        #expect(Self.size(PrivcmdIoctl.restrict) == MemoryLayout<domid_t>.size)
        #expect(Self.size(PrivcmdIoctl.mmapResource) == MemoryLayout<privcmd_mmap_resource_t>.size)
    }

    @Test("ioctl numbers are 'P' 0, 4, 5, 6, 7")
    func numbers() {
        #expect([PrivcmdIoctl.hypercall, PrivcmdIoctl.mmapBatchV2, PrivcmdIoctl.dmOp, PrivcmdIoctl.restrict,
                 PrivcmdIoctl.mmapResource].map(Self.nr) == [0, 4, 5, 6, 7])
        #expect((UInt32(bitPattern: PrivcmdIoctl.hypercall) >> 8) & 0xff == UInt32(UInt8(ascii: "P")))
        #expect(MemoryLayout<privcmd_hypercall_t>.size == 48)
    }
}
