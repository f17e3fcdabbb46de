// Drives the mock syscalls, which exist only with ENABLE_MOCKING (debug builds).
#if ENABLE_MOCKING
#if canImport(Glibc)
import Glibc
#endif
import CXen
import Foundation
import Testing
@_spi(Testing) @testable import Privcmd
import XenABI

/// README's "Using the library" snippet, line for line between the markers:
/// what a toolstack developer writes first.
func usingTheLibrary() throws {
    // README snippet begin
    // Opens /dev/xen/privcmd and the hypercall buffer pool (off Xen: PrivcmdError.notInXenDomain).
    let xen = try XenCall()

    // xen_version(XENVER_version): the result register, major << 16 | minor, as a value.
    let version = try xen.send(XenVersion.VersionQuery())
    print("Xen \(version.major).\(version.minor)")

    // sysctl(XEN_SYSCTL_physinfo): the struct Xen fills, read back as a PhysInfo.
    let physinfo = try xen.send(Sysctl.PhysInfoQuery())
    print("\(physinfo.nrCPUs) CPUs, \(physinfo.totalPages / 256) MiB, \(physinfo.freePages / 256) MiB free")
    // README snippet end
}

/// Keeps README's "Using the library" honest: the snippet compiles (it is
/// `usingTheLibrary()` above), runs against a mock Xen 4.17, and is the
/// same text as in README.md.
@Suite("README: using the library")
struct UsingTheLibraryTests {
    @Test("the snippet runs against a mock Xen: xen_version, then physinfo")
    func snippetRuns() throws {
        let k = FakeKernel()
        let toolstack = FakeToolstackXen()
        k.ioctl = { req, arg in
            guard req == ioctlHypercall else { return .failure(.notTTY) }
            let h = hypercallArgument(arg)
            switch HypercallNumber(rawValue: UInt16(h.op)) {
            case .xen_version:
                switch Int32(h.arg.0) {
                case XENVER_version: return .value(0x40011)  // 4.17
                case XENVER_get_features:  // the flavour probe: no XENFEAT_hcall_phys_buffers
                    UnsafeMutableRawPointer(bitPattern: UInt(h.arg.1))!.storeBytes(of: UInt32(0), toByteOffset: 4, as: UInt32.self)
                    return .value(0)
                default: return .failure(Errno(rawValue: ENOSYS))
                }
            case .sysctl: return toolstack.sysctl(UnsafeMutableRawPointer(bitPattern: UInt(h.arg.0))!)
            default: return .failure(Errno(rawValue: ENOSYS))
            }
        }
        try k.run { try usingTheLibrary() }
        #expect(k.mock.log.contains("ioctl"))
    }

    @Test("README.md's snippet is the code above")
    func snippetMatchesReadme() throws {
        let here = URL(fileURLWithPath: #filePath)
        let root = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let source = try String(contentsOf: here, encoding: .utf8)
        // The README's block after "## Using the library" that imports Privcmd, without its imports.
        let section = try #require(readme.components(separatedBy: "## Using the library").dropFirst().first)
        let block = try #require(section.components(separatedBy: "```swift\nimport Privcmd\n").dropFirst().first?
            .components(separatedBy: "```").first)
        let fromReadme = Self.lines(block).filter { !$0.hasPrefix("import ") }
        let marked = try #require(source.components(separatedBy: "// README snippet begin\n").dropFirst().first?
            .components(separatedBy: "// README snippet end").first)
        #expect(Self.lines(marked) == fromReadme)
    }

    /// Non-empty lines, indentation removed.
    static func lines(_ text: String) -> [String] {
        text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
#endif
