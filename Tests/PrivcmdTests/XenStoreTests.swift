#if canImport(Glibc)
import Glibc
#endif
import CXen
import Testing
@_spi(Testing) @testable import Privcmd
import XenABI
import XenToolstack

@Suite("xenstore over the xenbus device")
struct XenStoreTests {
    func kernel(_ store: [String: String]) -> (FakeKernel, FakeXenstored) {
        let k = FakeKernel()
        let x = FakeXenstored()
        x.store = store
        k.xenstored = x
        return (k, x)
    }

    @Test("XS_READ and XS_DIRECTORY: values, children, ENOENT as nil; one request per call, ids increasing")
    func readAndDirectory() throws {
        let (k, x) = kernel(["/local/domain/0/name": "Domain-0", "/local/domain/3/name": "guest", "/local/domain/3/vm": "/vm/x"])
        let (a, b, c, d) = try k.run { () throws in
            let s = try XenStore()
            return (try s.read("/local/domain/0/name"), try s.read("/nope"), try s.directory("/local/domain"), try s.directory("/none"))
        }
        #expect(a == "Domain-0" && b == nil && c == ["0", "3"] && d == nil)
        #expect(x.requests.map(\.type) == [XS_READ.rawValue, XS_READ.rawValue, XS_DIRECTORY.rawValue, XS_DIRECTORY.rawValue])
        #expect(x.requests.map(\.id) == [1, 2, 3, 4])
    }

    @Test("a reply split over many short reads is reassembled")
    func shortReads() throws {
        let (k, x) = kernel(["/a": String(repeating: "v", count: 300)])
        x.readLimit = 3
        let v = try k.run { () throws in try XenStore().read("/a") }
        #expect(v?.count == 300)
    }

    @Test("XS_ERROR names map to Xen errnos; hostile replies are typed protocol errors")
    func errors() throws {
        let (k, x) = kernel(["/a": "1"])
        x.errors["/secret"] = "EACCES"
        x.errors["/odd"] = "EWHATEVER"
        #expect(throws: PrivcmdError.xenstore(path: "/secret", .EACCES)) { try k.run { () throws in try XenStore().read("/secret") } }
        #expect(throws: PrivcmdError.self) { try k.run { () throws in try XenStore().read("/odd") } }
        // Length beyond XENSTORE_PAYLOAD_MAX, a foreign request id, a wrong type.
        for (what, tamper) in [("len", { (b: inout [UInt8]) in b[12] = 0xff; b[13] = 0xff }),
                               ("req_id", { (b: inout [UInt8]) in b[4] &+= 1 }),
                               ("type", { (b: inout [UInt8]) in b[0] = UInt8(XS_WATCH_EVENT.rawValue) })] {
            x.tamper = tamper
            var caught: PrivcmdError?
            do { _ = try k.run { () throws in try XenStore().read("/a") } } catch let e as PrivcmdError { caught = e }
            guard case .xenstoreProtocol = caught else { Issue.record("\(what): \(String(describing: caught))"); continue }
            x.pending.removeAll()
        }
    }

    @Test("paths over XENSTORE_ABS_PATH_MAX or with NUL are refused before any write")
    func badPaths() throws {
        let (k, x) = kernel([:])
        #expect(throws: PrivcmdError.self) { try k.run { () throws in try XenStore().read("/" + String(repeating: "a", count: Int(XENSTORE_ABS_PATH_MAX))) } }
        #expect(throws: PrivcmdError.self) { try k.run { () throws in try XenStore().read("/a\0b") } }
        #expect(x.requests.isEmpty)
    }

    @Test("domain names as xl list shows them; domains without a name are left out")
    func domainNames() throws {
        let (k, _) = kernel(["/local/domain/0/name": "Domain-0", "/local/domain/7/name": "web"])
        let names = try k.run { () throws in try Toolstack.domainNames([0, 5, 7], store: try XenStore()) }
        #expect(names == [0: "Domain-0", 7: "web"])
    }
}
