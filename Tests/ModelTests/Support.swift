import ScatterGather
@testable import XenABI
import XenABITestSupport

/// A list allocator over a plain dictionary of pages, for walker tests
/// without a domain.
struct DictMemory: SGMemory, SGListAllocator {
    var pages: [UInt64: [UInt64]] = [:]
    var next: UInt64 = 0x1000
    var frameLimit: UInt64 = 1 << 20
    var notRAM: Set<UInt64> = []

    mutating func allocateListPage() throws(SGError) -> UInt64 {
        next += 1
        pages[next] = Array(repeating: 0, count: 512)
        return next
    }
    mutating func storeListWord(_ value: UInt64, at gpa: UInt64) {
        pages[gpa >> 12, default: Array(repeating: 0, count: 512)][Int(gpa & 4095) / 8] = value
    }
    func listWord(at gpa: UInt64) -> UInt64? {
        if notRAM.contains(gpa >> 12) { return nil }
        return pages[gpa >> 12]?[Int(gpa & 4095) / 8] ?? 0
    }
}

/// Collects the chunks a walk yields.
func chunks(_ handle: UInt64, _ f: SGFlavour, _ offset: UInt64, _ length: UInt64, _ m: some SGMemory) throws(SGError) -> [(UInt64, Int)] {
    var out: [(UInt64, Int)] = []
    try SGWalker.walk(handle: handle, flavour: f, offset: offset, length: length, memory: m) { g, n in out.append((g, n)); return true }
    return out
}

/// The GPA of byte `i` of a buffer at `offset` in its first page over `gfns`.
func expectedGPA(_ gfns: [UInt64], _ offset: UInt64, _ i: UInt64) -> UInt64 {
    let pos = offset + i
    return gfns[Int(pos >> 12)] << 12 | (pos & 4095)
}
