import Testing

#if !ENABLE_MOCKING
/// Stands in, in a build without ENABLE_MOCKING (`swift test -c release`),
/// for the suites that drive `MockSyscalls`: they are compiled out with the
/// mock, as in apple/swift-system, and this says so in the test report
/// instead of letting them vanish silently.
@Suite("Privcmd mock-driven suites")
struct MockingDisabledTests {
    @Test(.disabled("MockSyscalls exists only with ENABLE_MOCKING (debug builds): run `swift test` in debug (or set XENABI_MOCKING=1) for the device, pool, XenCall, fallback, placement, flat staging, retry, XenStore and toolstack suites"))
    func mockDrivenSuites() {}
}
#endif
