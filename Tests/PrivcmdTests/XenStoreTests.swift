// Drives the mock syscalls, which exist only with ENABLE_MOCKING (debug builds).
#if ENABLE_MOCKING
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

    @Test("XS_ERROR names map to Xen errnos; an unknown name is a protocol error")
    func errors() throws {
        let (k, x) = kernel(["/a": "1"])
        x.errors["/secret"] = "EACCES"
        x.errors["/odd"] = "EWHATEVER"
        #expect(throws: PrivcmdError.xenstore(path: "/secret", .EACCES)) { try k.run { () throws in try XenStore().read("/secret") } }
        #expect(throws: PrivcmdError.xenstoreProtocol("XS_ERROR 'EWHATEVER' for /odd")) { try k.run { () throws in try XenStore().read("/odd") } }
    }

    /// Runs `fault` then a plain read of `/a` on the same connection: the
    /// fault fails only its own request.
    func faultThenRead(_ x: FakeXenstored, _ k: FakeKernel, _ fault: (XenStore) throws -> Void) throws -> String? {
        try k.run { () throws in
            let s = try XenStore()
            try fault(s)
            x.tamper = { _ in }
            return try s.read("/a")
        }
    }

    @Test("a reply with another request's id fails that request only; the next one gets its own reply")
    func wrongRequestID() throws {
        let (k, x) = kernel(["/a": "1"])
        x.tamper = { b in b[4] &+= 1 }  // the reply to request 1 claims to answer request 2
        let next = try faultThenRead(x, k) { s in
            #expect(throws: PrivcmdError.xenstoreReply(request: 1, .foreignRequestID(2))) { try s.read("/a") }
        }
        #expect(next == "1")
    }

    @Test("a stray reply ahead of the real one fails that request; the late real reply is skipped by its old id")
    func strayReply() throws {
        let (k, x) = kernel(["/a": "1", "/b": "2"])
        x.injectBefore = [FakeXenstored.message(type: XS_READ.rawValue, id: 99, Array("zz".utf8))]
        let next = try faultThenRead(x, k) { s in
            #expect(throws: PrivcmdError.xenstoreReply(request: 1, .foreignRequestID(99))) { try s.read("/b") }
        }
        #expect(next == "1")
        #expect(x.pending.isEmpty)
    }

    @Test("a reply over XENSTORE_PAYLOAD_MAX is discarded by its length and fails only its request")
    func oversizedReply() throws {
        let (k, x) = kernel(["/a": "1", "/big": String(repeating: "v", count: 5000)])
        let next = try faultThenRead(x, k) { s in
            #expect(throws: PrivcmdError.xenstoreReply(request: 1, .oversized(length: 5000))) { try s.read("/big") }
        }
        #expect(next == "1")
        #expect(x.pending.isEmpty)
    }

    @Test("a reply of the wrong type fails that request only")
    func wrongType() throws {
        let (k, x) = kernel(["/a": "1"])
        x.tamper = { b in b[0] = UInt8(XS_WRITE.rawValue) }
        let next = try faultThenRead(x, k) { s in
            #expect(throws: PrivcmdError.xenstoreReply(request: 1, .wrongType(got: XS_WRITE.rawValue, expected: XS_READ.rawValue))) { try s.read("/a") }
        }
        #expect(next == "1")
    }

    @Test("XS_WATCH_EVENTs interleaved with replies are queued, oversized ones skipped, and the replies still pair up")
    func watchEvents() throws {
        let (k, x) = kernel(["/a": "1", "/b": "2"])
        let event = { (p: String, t: String) in FakeXenstored.message(type: XS_WATCH_EVENT.rawValue, id: 0, Array(p.utf8) + [0] + Array(t.utf8) + [0]) }
        let (a, b, events) = try k.run { () throws in
            let s = try XenStore()
            x.injectBefore = [event("/local/domain/3", "tok1"),
                              FakeXenstored.message(type: XS_WATCH_EVENT.rawValue, id: 0, [UInt8](repeating: 0x41, count: 6000)),
                              event("/x", "tok2")]
            let a = try s.read("/a")
            x.injectBefore = [event("/y", "tok3")]
            let b = try s.read("/b")
            return (a, b, s.takeWatchEvents())
        }
        #expect(a == "1" && b == "2")
        #expect(events == [XenStoreWatchEvent(path: "/local/domain/3", token: "tok1"), XenStoreWatchEvent(path: "/x", token: "tok2"),
                           XenStoreWatchEvent(path: "/y", token: "tok3")])
    }

    @Test("paths over XENSTORE_ABS_PATH_MAX or with NUL are refused before any write")
    func badPaths() throws {
        let (k, x) = kernel([:])
        #expect(throws: PrivcmdError.invalidRequest("xenstore path of \(XENSTORE_ABS_PATH_MAX + 1) bytes (1 to \(XENSTORE_ABS_PATH_MAX), no NUL)")) {
            try k.run { () throws in try XenStore().read("/" + String(repeating: "a", count: Int(XENSTORE_ABS_PATH_MAX))) }
        }
        #expect(throws: PrivcmdError.invalidRequest("xenstore path of 4 bytes (1 to \(XENSTORE_ABS_PATH_MAX), no NUL)")) {
            try k.run { () throws in try XenStore().read("/a\0b") }
        }
        #expect(x.requests.isEmpty)
    }

    @Test("domain names as xl list shows them; domains without a name are left out")
    func domainNames() throws {
        let (k, _) = kernel(["/local/domain/0/name": "Domain-0", "/local/domain/7/name": "web"])
        let names = try k.run { () throws in try Toolstack.domainNames([0, 5, 7], store: try XenStore()) }
        #expect(names == [0: "Domain-0", 7: "web"])
    }
}
#endif
