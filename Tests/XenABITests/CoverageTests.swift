import Foundation
import Testing
@testable import XenABI

@Suite("Typed coverage: every number accounted for, every catalog entry round-trips")
struct CoverageTests {
    /// Specs/coverage.md, found from this file's path.
    static var coverage: String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("Specs/coverage.md"), encoding: .utf8)) ?? ""
    }

    /// The families another helper types (sysctl, domctl, xsm_op, dm_op,
    /// hypfs_op, platform_op): their rows are checked where they are typed.
    static let elsewhere: Set<String> = ["sysctl", "domctl", "xsm_op", "dm_op", "hypfs_op", "platform_op"]

    @Test("every hypercall number 0-42, mca and arch_1 has a coverage row")
    func everyNumberHasARow() {
        let text = Self.coverage
        #expect(!text.isEmpty)
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("| ") }
        for (name, number) in HypercallNumber.all where !Self.elsewhere.contains(name) {
            let hit = rows.contains { row in
                let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
                return cells.count >= 2 && cells[0].hasPrefix(name) && cells[1] == String(number.rawValue)
            }
            #expect(hit, "no coverage row for \(name) (\(number.rawValue))")
        }
        #expect(rows.contains { $0.contains("| 11 |") }, "the unassigned number 11 is not accounted for")
    }

    static let mine: Set<String> = [
        "memory_op", "vcpu_op", "grant_table_op", "event_channel_op", "event_channel_op_compat", "sched_op", "sched_op_compat",
        "console_io", "physdev_op", "physdev_op_compat", "hvm_op", "callback_op", "nmi_op", "mmu_update", "mmuext_op",
        "set_trap_table", "set_gdt", "set_timer_op", "vm_assist", "fpu_taskswitch", "set_debugreg", "get_debugreg",
        "update_descriptor", "set_segment_base", "stack_switch", "set_callbacks", "iret", "update_va_mapping",
        "update_va_mapping_otherdomain", "xenpmu_op", "kexec_op", "argo_op",
    ]

    @Test("every guest-side catalog entry builds from defaults, encodes, decodes and re-encodes identically")
    func catalogRoundTrips() throws {
        let entries = CallCatalog.entries.filter { Self.mine.contains($0.hypercall) }
        #expect(entries.count >= 160)
        for e in entries {
            let call = try e.make(FieldValues())
            #expect(call.number.name == e.hypercall, "\(e.hypercall) \(e.subop) built a \(call.number.name)")
            let (d, same) = try roundTrip(call)
            #expect(d == call, "\(e.hypercall) \(e.subop)")
            #expect(same, "\(e.hypercall) \(e.subop)")
        }
        // No two entries share a name.
        let names = entries.map { $0.hypercall + " " + $0.subop }
        #expect(Set(names).count == names.count)
    }
}
