import Testing
import CXen
@testable import XenABI
@testable import XenModel

/// Null handles as the patched Xen reads them (patch 0003,
/// `arch_guest_handle_is_null`): 0 in every flavour, and ~0 too in the
/// physical ones; a list flavour's copy refuses both (`copy_list`), a flat
/// copy refuses neither (`copy_flat`: the caller checks for null first).
@Suite("Null handles: 0 and ~0")
struct NullHandleTests {
    /// `XENVER_pagesize` answers only a null handle (-EINVAL otherwise).
    @Test("XENVER_pagesize: 0 is null in every flavour, ~0 in the physical ones", arguments: Flavour.allCases)
    func pagesize(_ f: Flavour) {
        let hv = ModelHypervisor(ModelDomain(frameCount: 64))
        let op = OpWord(.xen_version, flavour: f).rawValue
        func answer(_ h: UInt64) -> Int64 { hv.execute(op: op, args: HypercallArgs([UInt64(XENVER_pagesize), h])).returnValue }
        #expect(answer(0) == 4096)
        #expect(answer(~0) == (f.isPhysical ? 4096 : XenErrno.EINVAL.returnValue))
        #expect(answer(0x1000) == XenErrno.EINVAL.returnValue)
    }

    /// `XENVER_build_id` with a null handle answers the id's size and reads nothing.
    @Test("XENVER_build_id: handle 0 asks for the size", arguments: Flavour.allCases)
    func buildIDSize(_ f: Flavour) {
        let hv = ModelHypervisor(ModelDomain(frameCount: 64))
        let r = hv.execute(op: OpWord(.xen_version, flavour: f).rawValue, args: HypercallArgs([UInt64(XENVER_build_id), 0]))
        #expect(r.returnValue == Int64(ModelXenInfo().buildID.count))
        #expect(r.decoded == [.xenVersion(.buildID(length: 0))])
    }

    /// A buffer at handle 0 or ~0: -EFAULT in the list flavours (null), in
    /// `flat` GPA 0 is written like any GPA and ~0 wraps (-EINVAL).
    @Test("an output at handle 0 or ~0")
    func outputAtNull() throws {
        for f in [Flavour.gfnList, .tagged] {
            for h in [0, ~0] as [UInt64] {
                let d = ModelDomain(frameCount: 64)
                let r = ModelHypervisor(d).execute(op: OpWord(.xen_version, flavour: f).rawValue, args: HypercallArgs([UInt64(XENVER_extraversion), h]))
                #expect(r.returnValue == XenErrno.EFAULT.returnValue, "\(f) \(h)")
            }
        }
        let d = ModelDomain(frameCount: 64)
        let hv = ModelHypervisor(d)
        let op = OpWord(.xen_version, flavour: .flat).rawValue
        #expect(hv.execute(op: op, args: HypercallArgs([UInt64(XENVER_extraversion), 0])).returnValue == 0)
        var got = [UInt8](repeating: 0, count: 16)
        got.withUnsafeMutableBytes { d.memory.read(gpa: 0, into: $0) }
        #expect(got == cString(ModelXenInfo().extraversion, size: 16))
        #expect(hv.execute(op: op, args: HypercallArgs([UInt64(XENVER_extraversion), ~0])).returnValue == XenErrno.EINVAL.returnValue)
    }
}
