// The read observer exists where the model checks its invariants: debug
// builds (XENABI_INTERNAL_CHECKS), which every `swift test` run is.
#if XENABI_INTERNAL_CHECKS
import CXen
import GuestPlacement
import Testing
@testable import XenABI
@testable import XenModel
import XenABITestSupport

/// The model reads each guest byte of a call once: the decoder's copy, as
/// Xen's `copy_from_guest` into its own struct. Its semantics take nested
/// handles from what the decoder read (`CallReads`) and never read guest
/// memory again (a double fetch: a guest changing a word between two reads
/// could make the hypervisor act on two values, XSA-155's class).
@Suite("No double fetch: every guest data byte is read at most once per invocation")
struct DoubleFetchTests {
    /// Runs one invocation of `call` placed in `flavour` and returns the
    /// guest bytes read more than once (GPA to count) and the answer.
    static func reads(_ call: EncodedCall, flavour: Flavour) throws -> (twice: [UInt64: Int], result: Int64) {
        let d = ModelDomain(frameCount: 1 << 14)
        let placed = try d.place(call, flavour: { _ in flavour }, options: .init(offsets: .random, scattered: true, seed: 7))
        var count: [UInt64: Int] = [:]
        d.dataReadObserver = { gpa, n in for b in gpa ..< gpa + UInt64(n) { count[b, default: 0] += 1 } }
        let r = ModelHypervisor(d).execute(placed.raw)
        d.dataReadObserver = nil
        return (count.filter { $0.value > 1 }, r.returnValue)
    }

    /// Every catalog entry, in every flavour: the decoder reads each input
    /// once, and the semantics (the generic ones included, which find every
    /// nested handle) read nothing the decoder read.
    @Test(arguments: CallCatalog.entries.indices)
    func everyEntry(_ index: Int) throws {
        let entry = CallCatalog.entries[index]
        var rng = SeededRNG(seed: 0xdf &+ UInt64(index))
        let call: AnyHypercall
        do { call = try entry.make(randomFields(entry, &rng, maxBytes: 9000)) } catch { call = try entry.make(FieldValues()) }
        for f in Flavour.allCases {
            let (twice, rv) = try Self.reads(call.encoded, flavour: f)
            #expect(twice.count == 0, "\(entry.hypercall).\(entry.subop) in \(f) (returned \(rv)): \(twice.count) bytes read twice, first at GPA 0x\(String(twice.keys.min() ?? 0, radix: 16))")
        }
    }

    /// The case the issue named: a sysctl whose semantics need a nested
    /// handle (getdomaininfolist's buffer) and a domctl with nested bitmaps
    /// (getvcpuaffinity) read the struct once; before `CallReads`, each
    /// re-read its handle slot from the guest.
    @Test func nestedHandlesComeFromTheDecodersCopy() throws {
        let calls: [AnyHypercall] = [
            .sysctl(Sysctl(.getDomainInfoList(firstDomain: 0, maxDomains: 4, buffer: .buffer))),
            .domctl(Domctl(domain: 0, .getVCPUAffinity(vcpu: 0, flags: UInt32(XEN_VCPUAFFINITY_HARD | XEN_VCPUAFFINITY_SOFT),
                                                       hard: .init(nrBits: 64), soft: .init(nrBits: 64)))),
        ]
        for c in calls {
            for f in Flavour.allCases {
                let (twice, rv) = try Self.reads(c.encoded, flavour: f)
                #expect(rv == 0, "\(c) in \(f)")
                #expect(twice.count == 0, "\(c) in \(f): bytes read twice")
            }
        }
    }
}
#endif
