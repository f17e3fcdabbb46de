import CXen
import Testing
@testable import XenABI
@testable import XenModel

/// The calls the patched Xen refuses in a flavour (`hcall_phys_enter`),
/// refused by the model with the same errno, top-level and per entry.
@Suite("flavour refusals, as the patched Xen")
struct FlavourRefusalTests {
    static let refused: [(HypercallNumber, UInt64, [Flavour])] = [
        (.vcpu_op, UInt64(VCPUOP_register_runstate_memory_area), [.flat, .gfnList, .tagged]),
        (.vcpu_op, UInt64(VCPUOP_register_vcpu_time_memory_area), [.flat, .gfnList, .tagged]),
        (.memory_op, UInt64(XENMEM_add_to_physmap_batch), [.gfnList, .tagged]),
        (.argo_op, 0, [.gfnList, .tagged]),
        (.hypfs_op, 0, [.gfnList, .tagged]),
    ]

    @Test("-EOPNOTSUPP exactly in the flavours Xen refuses", arguments: 0 ..< 5)
    func refusal(row: Int) {
        let (number, cmd, flavours) = Self.refused[row]
        for f in Flavour.allCases {
            let e = ModelHypervisor.flavourRefusal(OpWord(number, flavour: f), cmd: cmd)
            #expect(e == (flavours.contains(f) ? .EOPNOTSUPP : nil), "\(number) \(cmd) in \(f)")
        }
        // Upper register bits do not hide a command (the handlers read 32 bits).
        #expect(ModelHypervisor.flavourRefusal(OpWord(number, flavour: flavours[0]), cmd: cmd | 1 << 40) == .EOPNOTSUPP)
    }

    @Test("the multicall and grant copy run in the list flavours (by index, or resumed from the op word)")
    func notRefused() {
        for f in Flavour.allCases {
            #expect(ModelHypervisor.flavourRefusal(OpWord(.multicall, flavour: f), cmd: 0) == nil)
            #expect(ModelHypervisor.flavourRefusal(OpWord(.grant_table_op, flavour: f), cmd: UInt64(GNTTABOP_copy)) == nil)
            #expect(ModelHypervisor.flavourRefusal(OpWord(.console_io, flavour: f), cmd: UInt64(CONSOLEIO_write)) == nil)
        }
    }
}
