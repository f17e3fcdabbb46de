import Testing
@testable import XenABI

/// `xenabi encode`'s field parsing: what the user typed is what is encoded,
/// or an error naming the field.
@Suite("Catalog fields are strict")
struct CatalogStrictTests {
    func make(_ h: String, _ s: String, _ args: [String]) throws(CatalogError) -> AnyHypercall {
        try CallCatalog.make(h, s, try FieldValues(arguments: args))
    }

    @Test("a field the sub-op does not read is an error naming its fields")
    func unknownField() {
        #expect(throws: CatalogError.unknownField("bogus", subop: "xen_version version", known: [])) { try make("xen_version", "version", ["bogus=1"]) }
        #expect(throws: CatalogError.unknownField("length", subop: "xen_version build_id", known: ["len"])) { try make("xen_version", "build_id", ["length=20"]) }
    }

    @Test("a field given twice is an error")
    func duplicateField() {
        #expect(throws: CatalogError.duplicateField("len")) { try make("xen_version", "build_id", ["len=1", "len=2"]) }
    }

    @Test("an empty list element is an error, not skipped")
    func emptyListElement() {
        #expect(throws: CatalogError.badField("extents", "element 1 is empty")) { try make("memory_op", "decrease_reservation", ["extents=1,,2"]) }
        #expect(throws: CatalogError.badField("extents", "element 2 is empty")) { try make("memory_op", "decrease_reservation", ["extents=1,2,"]) }
    }

    @Test("a size beyond what one call may hold is a typed error before any buffer is allocated")
    func tooLarge() {
        #expect(throws: CatalogError.tooLarge(bytes: 4 + 0xffff_ffff, limit: EncodedCall.maxBytes)) {
            try make("xen_version", "build_id", ["len=4294967295"])
        }
    }

    @Test("well-formed fields still build")
    func good() throws {
        #expect(try make("xen_version", "build_id", ["len=20"]) == .xenVersion(.buildID(length: 20)))
        _ = try make("memory_op", "decrease_reservation", ["extents=0x1000,0x1001"])
    }
}
