import CXen
import Testing
@testable import SoftTLB

let page = TLBEntry.pageSize
/// The address space the tests that do not vary it look up in (their entries are global).
let testRoot: UInt64 = 0x1000

@Suite("SoftTLB table: insert, purge, errnos")
struct SoftTLBTableTests {
    @Test("errno of each refusal comes from public/errno.h")
    func errnos() {
        #expect(SoftTLBError.invalidRange.xenErrno == Int32(XEN_EINVAL.rawValue))
        #expect(SoftTLBError.overlap.xenErrno == Int32(XEN_EEXIST.rawValue))
        #expect(SoftTLBError.tableFull.xenErrno == Int32(XEN_ENOSPC.rawValue))
    }

    @Test("EINVAL: misaligned va, gpa or size; size 0; va or gpa range wrapping",
          arguments: [
              TLBEntry(va: 0x1001, gpa: 0x2000, size: page),
              TLBEntry(va: 0x1000, gpa: 0x2008, size: page),
              TLBEntry(va: 0x1000, gpa: 0x2000, size: page + 1),
              TLBEntry(va: 0x1000, gpa: 0x2000, size: 0),
              TLBEntry(va: UInt64.max - page + 1, gpa: 0, size: page * 2),
              TLBEntry(va: 0x1000, gpa: UInt64.max - page + 1, size: page * 2),
              TLBEntry(va: 0x1000, gpa: 0x2000, size: UInt64.max & ~TLBEntry.pageMask),
          ])
    func invalid(_ e: TLBEntry) {
        let t = SoftTLBTable()
        let g = t.generation
        #expect(throws: SoftTLBError.invalidRange) { try t.insert(e) }
        #expect(t.count == 0)
        #expect(t.generation == g)
    }

    @Test("the top page's end is 2^64 and wraps (EINVAL); the page below it is fine")
    func topOfAddressSpace() throws {
        let t = SoftTLBTable()
        #expect(throws: SoftTLBError.invalidRange) { try t.insert(va: UInt64.max - page + 1, gpa: 0, size: page) }
        try t.insert(va: UInt64.max - 2 * page + 1, gpa: 0, size: page)
        #expect(t.count == 1)
    }

    @Test("EEXIST: any overlap with an entry of the same table; adjacency is fine")
    func overlap() throws {
        let t = SoftTLBTable()
        try t.insert(va: 0x10000, gpa: 0x100000, size: 4 * page)  // [0x10000, 0x14000)
        let g = t.generation
        for (va, size) in [(0x10000, page), (0xF000, 2 * page), (0x13000, 2 * page),
                           (0x11000, page), (0x8000, 0x20000), (0x10000, 4 * page)] as [(UInt64, UInt64)] {
            #expect(throws: SoftTLBError.overlap) { try t.insert(va: va, gpa: 0x900000, size: size) }
        }
        #expect(t.generation == g, "a refused insert publishes nothing")
        try t.insert(va: 0xF000, gpa: 0x200000, size: page)   // just below
        try t.insert(va: 0x14000, gpa: 0x300000, size: page)  // just above
        #expect(t.snapshot.entries.map(\.va) == [0xF000, 0x10000, 0x14000])
        // The same GPA range registered twice at different VAs is not an overlap (aliases are legal).
        try t.insert(va: 0x40000, gpa: 0x100000, size: page)
    }

    @Test("ENOSPC at capacity; a purge makes room again")
    func capacity() throws {
        let t = SoftTLBTable(capacity: 3)
        for i in 0 ..< 3 { try t.insert(va: UInt64(i) * 2 * page, gpa: UInt64(i) * page, size: page) }
        #expect(throws: SoftTLBError.tableFull) { try t.insert(va: 0x100000, gpa: 0, size: page) }
        #expect(t.count == 3)
        #expect(try t.purge(va: 0, size: 1) == 1)
        try t.insert(va: 0x100000, gpa: 0, size: page)
        #expect(t.count == 3)
        #expect(SoftTLBTable().capacity == SoftTLBTable.defaultCapacity)
    }

    @Test("EEXIST is reported before ENOSPC on a full table")
    func overlapBeforeFull() throws {
        let t = SoftTLBTable(capacity: 1)
        try t.insert(va: 0, gpa: 0, size: page)
        #expect(throws: SoftTLBError.overlap) { try t.insert(va: 0, gpa: 0, size: page) }
        #expect(throws: SoftTLBError.tableFull) { try t.insert(va: page, gpa: 0, size: page) }
    }

    @Test("purge drops exactly the entries overlapping [va, va+size), at byte granularity")
    func purgeRange() throws {
        let t = SoftTLBTable()
        for i in 0 ..< 8 { try t.insert(va: UInt64(i) * 2 * page, gpa: UInt64(i) * page, size: page) }
        // entries at 0, 2p, 4p, ..., 14p (each one page long)
        #expect(try t.purge(va: page, size: page) == 0, "the gap between two entries")
        #expect(try t.purge(va: 2 * page - 1, size: 2) == 1, "one byte into the entry at 2p")
        #expect(try t.purge(va: 4 * page + 4095, size: 6 * page - 4095) == 3, "4p, 6p, 8p; 10p starts at the end")
        #expect(t.snapshot.entries.map { $0.va / page } == [0, 10, 12, 14])
        #expect(try t.purge(va: 0, size: 0) == 0, "size 0 drops nothing")
        #expect(throws: SoftTLBError.invalidRange) { try t.purge(va: 2, size: UInt64.max - 1) }
        #expect(t.count == 4)
        #expect(try t.purge(va: 0x1234, size: SoftTLBTable.purgeAllSize) == 4, "size ~0 drops all")
        #expect(t.count == 0)
        #expect(t.purgeAll() == 0)
    }

    @Test("generation moves on every change and only then")
    func generation() throws {
        let t = SoftTLBTable()
        let g0 = t.generation
        try t.insert(va: 0, gpa: 0, size: page)
        #expect(t.generation == g0 + 1)
        try t.purge(va: page, size: page)
        #expect(t.generation == g0 + 1)
        try t.purge(va: 0, size: page)
        #expect(t.generation == g0 + 2)
        #expect(t.snapshot.generation == t.generation)
    }

    @Test("the purge-all size is VCPU_HCALL_BUFFER_PURGE_ALL")
    func purgeAllConstant() {
        #expect(SoftTLBTable.purgeAllSize == VCPU_HCALL_BUFFER_PURGE_ALL)
    }
}
