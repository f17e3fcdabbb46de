import Testing

/// `xenabi encode` as a user runs it.
@Suite("xenabi encode (command line)")
struct EncodeCommandTests {
    @Test("--flavour gfnList with a buffer over 511 pages is an error naming the one-level limit, not a linear call")
    func gfnListTooLarge() throws {
        let (status, out) = try TraceCommandTests.run(["encode", "console_io", "read", "count=4194304", "--flavour", "gfnList"])
        #expect(status != 0, "\(out)")
        #expect(out.contains("1024 pages exceed a one-level list (511 pages)") && !out.contains("op:"), "\(out)")
        let fits = try TraceCommandTests.run(["encode", "console_io", "read", "count=4096", "--flavour", "gfnList"])
        #expect(fits.status == 0 && fits.output.contains("flavour gfnList"), "\(fits.output)")
    }

    @Test("build_id len=4294967295 is refused before allocating (it aborted allocating 4 GiB)")
    func buildIDTooLarge() throws {
        let (status, out) = try TraceCommandTests.run(["encode", "xen_version", "build_id", "len=4294967295"])
        #expect(status != 0)
        #expect(out.contains("the call's buffers need 4294967299 bytes"), "\(out)")
    }

    @Test("unknown, duplicate and empty-element fields are errors")
    func strictFields() throws {
        #expect(try TraceCommandTests.run(["encode", "xen_version", "version", "bogus=1"]).output.contains("has no field 'bogus'"))
        #expect(try TraceCommandTests.run(["encode", "xen_version", "build_id", "len=1", "len=2"]).output.contains("given twice"))
        #expect(try TraceCommandTests.run(["encode", "memory_op", "decrease_reservation", "extents=1,,2"]).output.contains("element 1 is empty"))
    }
}
