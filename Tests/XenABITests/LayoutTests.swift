import CXen
import Testing
@testable import XenABI

@Suite("Struct layouts pinned to the C compiler")
struct LayoutTests {
    /// The C side: `offsetof`/`sizeof` as compiled in Sources/CXen/layout.c.
    static var cRows: [String: (offset: Int, size: Int)] {
        var rows: [String: (Int, Int)] = [:]
        for i in 0 ..< xenabi_layout_row_count {
            let r = xenabi_layout_row_at(i)!.pointee
            rows[String(cString: r.type) + "." + String(cString: r.field)] = (Int(r.offset), Int(r.size))
        }
        return rows
    }

    @Test("every Swift layout row equals the C compiler's")
    func swiftMatchesC() {
        let c = Self.cRows
        #expect(!Layout.rows.isEmpty)
        for row in Layout.rows {
            let key = row.type + "." + row.field
            guard let cRow = c[key] else {
                Issue.record("\(key) is used in Swift but has no row in layout_rows.inc")
                continue
            }
            #expect(row.offset == cRow.offset, "\(key): Swift offset \(row.offset), C offset \(cRow.offset)")
            #expect(row.size == cRow.size, "\(key): Swift size \(row.size), C size \(cRow.size)")
        }
    }

    @Test("every C layout row is used by the Swift side")
    func cRowsAreUsed() {
        let swift = Set(Layout.rows.map { $0.type + "." + $0.field })
        for key in Self.cRows.keys.sorted() {
            #expect(swift.contains(key), "\(key) is in layout_rows.inc but no Swift layout uses it")
        }
    }

    @Test("multicall_entry is 64 bytes with six argument slots on 64-bit")
    func multicallEntry() {
        #expect(MulticallLayout.size == 64)
        #expect(MulticallLayout.argCount == 6)
        #expect(MulticallLayout.args == 16)
    }
}
