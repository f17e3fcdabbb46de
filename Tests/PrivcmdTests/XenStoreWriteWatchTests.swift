// Drives the mock syscalls, which exist only with ENABLE_MOCKING (debug builds).
#if ENABLE_MOCKING
#if canImport(Glibc)
import Glibc
#endif
import CXen
import Testing
@_spi(Testing) @testable import Privcmd
import XenABI

/// A fake xenstored with writes, permissions, transactions and watches,
/// behind the xenbus device (each open is its own connection, fds 60...).
final class FakeXenstoreRW: @unchecked Sendable {
    var nodes: [String: String] = [:]
    var perms: [String: [String]] = [:]
    var transactions: [UInt32: [String: String?]] = [:]
    var nextTransaction: UInt32 = 7
    /// Transaction ids whose end answers EAGAIN (a conflicting writer).
    var conflicting: Set<UInt32> = []
    /// Per connection: pending bytes, watches (path, token).
    var pending: [Int32: [UInt8]] = [:]
    var watches: [Int32: [(String, String)]] = [:]
    var nextFD: Int32 = 60
    var requests: [(fd: Int32, type: UInt32, tx: UInt32)] = []

    func install(on k: FakeKernel) {
        let inner = k.mock.handler
        k.mock.handler = { [unowned self] call in
            switch call {
            case .open(let path, _) where path == XenStore.devicePath:
                let fd = self.nextFD
                self.nextFD += 1
                self.pending[fd] = []
                return .value(Int(fd))
            case .write(let fd, let buffer, let count) where self.pending[fd] != nil:
                self.receive(fd, Array(UnsafeRawBufferPointer(start: buffer, count: count)))
                return .value(count)
            case .read(let fd, let buffer, let count) where self.pending[fd] != nil:
                let n = min(count, self.pending[fd]!.count)
                guard n > 0 else { return .failure(Errno(rawValue: EAGAIN)) }
                self.pending[fd]!.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress!, byteCount: n) }
                self.pending[fd]!.removeFirst(n)
                return .value(n)
            case .poll(let fd, _, _) where self.pending[fd] != nil:
                return .value(self.pending[fd]!.isEmpty ? 0 : 1)
            case .close(let fd) where self.pending[fd] != nil:
                self.pending[fd] = nil
                return .value(0)
            default: return inner(call)
            }
        }
    }

    func message(_ type: xsd_sockmsg_type, id: UInt32, tx: UInt32 = 0, _ body: [UInt8]) -> [UInt8] {
        var h = xsd_sockmsg(type: type.rawValue, req_id: id, tx_id: tx, len: UInt32(body.count))
        return withUnsafeBytes(of: &h) { Array($0) } + body
    }

    /// Fires every watch (on any connection) at or above `path`.
    func fire(_ path: String) {
        for (fd, ws) in watches {
            for (w, token) in ws where path == w || path.hasPrefix(w + "/") {
                pending[fd]! += message(XS_WATCH_EVENT, id: 0, Array(path.utf8) + [0] + Array(token.utf8) + [0])
            }
        }
    }

    func receive(_ fd: Int32, _ m: [UInt8]) {
        let h = m.withUnsafeBytes { $0.loadUnaligned(as: xsd_sockmsg.self) }
        requests.append((fd, h.type, h.tx_id))
        let strings = m[16...].split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        let path = strings.first ?? ""
        func reply(_ body: [UInt8]) { pending[fd]! += message(xsd_sockmsg_type(h.type), id: h.req_id, tx: h.tx_id, body) }
        func error(_ name: String) { pending[fd]! += message(XS_ERROR, id: h.req_id, tx: h.tx_id, Array(name.utf8) + [0]) }
        func ok() { reply(Array("OK".utf8) + [0]) }
        func value(_ p: String) -> String? {
            if h.tx_id != 0, let t = transactions[h.tx_id], let v = t[p] { return v }
            return nodes[p]
        }
        func set(_ p: String, _ v: String?) {
            if h.tx_id != 0 { transactions[h.tx_id]![p] = .some(v) } else { nodes[p] = v; fire(p) }
        }
        switch xsd_sockmsg_type(h.type) {
        case XS_READ: if let v = value(path) { reply(Array(v.utf8)) } else { error("ENOENT") }
        case XS_WRITE:
            let v = m[(16 + path.utf8.count + 1)...]
            set(path, String(decoding: v, as: UTF8.self)); ok()
        case XS_MKDIR: if value(path) == nil { set(path, "") }; ok()
        case XS_RM:
            guard value(path) != nil else { return error("ENOENT") }
            for k in nodes.keys where k == path || k.hasPrefix(path + "/") { set(k, nil) }
            ok()
        case XS_GET_PERMS:
            guard value(path) != nil else { return error("ENOENT") }
            reply((perms[path] ?? ["n0"]).flatMap { Array($0.utf8) + [0] })
        case XS_SET_PERMS:
            guard value(path) != nil else { return error("ENOENT") }
            perms[path] = Array(strings.dropFirst().filter { !$0.isEmpty }); ok()
        case XS_TRANSACTION_START:
            let t = nextTransaction
            nextTransaction += 1
            transactions[t] = [:]
            reply(Array("\(t)".utf8) + [0])
        case XS_TRANSACTION_END:
            guard let t = transactions.removeValue(forKey: h.tx_id) else { return error("ENOENT") }
            if conflicting.contains(h.tx_id) { return error("EAGAIN") }
            if strings.first == "T" { for (k, v) in t { nodes[k] = v; fire(k) } }
            ok()
        case XS_WATCH:
            watches[fd, default: []].append((path, strings[1]))
            ok()
            pending[fd]! += message(XS_WATCH_EVENT, id: 0, Array(path.utf8) + [0] + Array(strings[1].utf8) + [0])
        case XS_UNWATCH:
            watches[fd]?.removeAll { $0 == (path, strings[1]) }
            ok()
        default: error("EINVAL")
        }
    }
}

@Suite("xenstore writes, permissions, transactions and watches over the xenbus device")
struct XenStoreWriteWatchTests {
    func make() -> (FakeKernel, FakeXenstoreRW) {
        let k = FakeKernel()
        let x = FakeXenstoreRW()
        x.install(on: k)
        return (k, x)
    }

    @Test("write, mkdir, rm: the wire payloads and their effect; rm of a missing node answers false")
    func writeMkdirRm() throws {
        let (k, x) = make()
        try k.run { () throws in
            let s = try XenStore()
            try s.write("/a/b", "hello")
            try s.write("/a/raw", bytes: [1, 2, 0, 3])
            try s.mkdir("/a/dir")
            #expect(try s.read("/a/b") == "hello")
            #expect(x.nodes["/a/raw"] == String(decoding: [1, 2, 0, 3] as [UInt8], as: UTF8.self) && x.nodes["/a/dir"] == "")
            #expect(try s.remove("/a/b") && x.nodes["/a/b"] == nil)
            #expect(try s.remove("/a/b") == false)
            #expect(throws: PrivcmdError.invalidRequest("xenstore path of 0 bytes (1 to \(XENSTORE_ABS_PATH_MAX), no NUL)")) { try s.write("", "x") }
        }
        #expect(x.requests.map(\.type).prefix(3) == [XS_WRITE.rawValue, XS_WRITE.rawValue, XS_MKDIR.rawValue])
    }

    @Test("permissions: get and set round-trip as n0 r5; a missing node is nil; garbage is a protocol error")
    func permissions() throws {
        let (k, x) = make()
        x.nodes["/p"] = "v"
        try k.run { () throws in
            let s = try XenStore()
            #expect(try s.permissions("/p") == [XenStorePermission(.none, 0)])
            try s.setPermissions("/p", [XenStorePermission(.none, 0), XenStorePermission(.read, 5), XenStorePermission(.both, 7)])
            #expect(x.perms["/p"] == ["n0", "r5", "b7"])
            #expect(try s.permissions("/p")?.map(\.description) == ["n0", "r5", "b7"])
            #expect(try s.permissions("/missing") == nil)
            #expect(throws: PrivcmdError.xenstore(path: "/missing", .ENOENT)) { try s.setPermissions("/missing", [XenStorePermission(.none, 0)]) }
            x.perms["/p"] = ["q9"]
            #expect(throws: PrivcmdError.xenstoreProtocol("permission 'q9' of /p")) { try s.permissions("/p") }
            #expect(throws: PrivcmdError.invalidRequest("a permission list needs its owner entry")) { try s.setPermissions("/p", []) }
        }
        #expect(XenStorePermission("w12") == XenStorePermission(.write, 12) && XenStorePermission("x1") == nil)
    }

    @Test("transactions: writes invisible outside until committed, abort drops them, EAGAIN answers false")
    func transactions() throws {
        let (k, x) = make()
        try k.run { () throws in
            let s = try XenStore()
            let t = try s.startTransaction()
            #expect(t.id == 7)
            try s.write("/t", "in", transaction: t)
            #expect(try s.read("/t") == nil && (try s.read("/t", transaction: t)) == "in")
            #expect(try s.endTransaction(t))
            #expect(try s.read("/t") == "in")
            let a = try s.startTransaction()
            try s.write("/t", "aborted", transaction: a)
            #expect(try s.endTransaction(a, commit: false))
            #expect(try s.read("/t") == "in")
            let c = try s.startTransaction()
            x.conflicting.insert(c.id)
            try s.write("/t", "lost", transaction: c)
            #expect(try s.endTransaction(c) == false)
            #expect(x.nodes["/t"] == "in")
        }
        #expect(x.requests.contains { $0.type == XS_WRITE.rawValue && $0.tx == 7 })
    }

    @Test("watches: the registration event, a write from another connection, unwatch stops them, a timeout answers nil")
    func watches() throws {
        let (k, x) = make()
        try k.run { () throws in
            let w = try XenStoreWatcher()
            let other = try XenStore()
            try w.watch("/w", token: "tok")
            #expect(try w.next(timeoutMilliseconds: 0) == XenStoreWatchEvent(path: "/w", token: "tok"))
            #expect(try w.next(timeoutMilliseconds: 0) == nil)
            try other.write("/w/child", "1")
            try other.write("/elsewhere", "1")
            #expect(try w.next(timeoutMilliseconds: 0) == XenStoreWatchEvent(path: "/w/child", token: "tok"))
            // An event that arrives while the watcher waits for a reply is kept for later.
            try other.write("/w", "2")
            try w.watch("/v", token: "t2")
            #expect(try w.wait(for: "/v", token: "t2", timeoutMilliseconds: 0) == XenStoreWatchEvent(path: "/v", token: "t2"))
            try w.unwatch("/w", token: "tok")
            try other.write("/w", "3")
            #expect(try w.next(timeoutMilliseconds: 0) == nil)
            #expect(throws: PrivcmdError.invalidRequest("watch token with a NUL")) { try w.watch("/w", token: "a\u{0}b") }
        }
        #expect(x.watches.values.flatMap { $0 }.map(\.0) == ["/v"])
    }
}

@Suite("/dev/xen/evtchn: ioctl numbers, binds, notify, pending ports, unmask")
struct EventChannelDeviceTests {
    /// `_IOC(_IOC_NONE, 'E', nr, size)` as Linux's asm-generic/ioctl.h builds it.
    static func ioc(_ nr: UInt, _ size: Int) -> UInt { (UInt(size) << 16) | (UInt(UInt8(ascii: "E")) << 8) | nr }

    @Test("ioctl numbers equal _IOC(_IOC_NONE, 'E', nr, sizeof(struct)) with the C structs' sizes")
    func numbers() {
        #expect(EventChannelIoctl.bindVirq.number == Self.ioc(0, MemoryLayout<ioctl_evtchn_bind_virq>.size))
        #expect(EventChannelIoctl.bindInterdomain.number == Self.ioc(1, MemoryLayout<ioctl_evtchn_bind_interdomain>.size))
        #expect(EventChannelIoctl.bindUnboundPort.number == Self.ioc(2, MemoryLayout<ioctl_evtchn_bind_unbound_port>.size))
        #expect(EventChannelIoctl.unbind.number == Self.ioc(3, MemoryLayout<ioctl_evtchn_unbind>.size))
        #expect(EventChannelIoctl.notify.number == Self.ioc(4, MemoryLayout<ioctl_evtchn_notify>.size))
        #expect(EventChannelIoctl.reset.number == Self.ioc(5, 0))
        #expect(EventChannelIoctl.restrictDomid.number == Self.ioc(6, MemoryLayout<ioctl_evtchn_restrict_domid>.size))
        #expect(MemoryLayout<ioctl_evtchn_bind_interdomain>.size == 8 && MemoryLayout<ioctl_evtchn_notify>.size == 4)
        #expect(EventChannelIoctl.bindInterdomain.number == 0x0008_4501)
    }

    /// A fake evtchn driver: ports bound on fd 70, a loop of two ports within dom0.
    final class FakeEvtchn: @unchecked Sendable {
        var nextPort: UInt32 = 5
        var peers: [UInt32: UInt32] = [:]
        var bound: Set<UInt32> = []
        var fired: [UInt32] = []
        var masked: Set<UInt32> = []
        var log: [String] = []

        func handler(_ call: MockSyscalls.Call) -> MockSyscalls.Answer {
            switch call {
            case .open(let path, _): return path == EventChannelDevice.devicePath ? .value(70) : .failure(.noSuchFileOrDirectory)
            case .close: return .value(0)
            case .ioctl(_, let request, let arg):
                switch request {
                case EventChannelIoctl.bindUnboundPort.number:
                    let a = arg!.load(as: ioctl_evtchn_bind_unbound_port.self)
                    log.append("unbound remote \(a.remote_domain)")
                    let p = nextPort; nextPort += 1; bound.insert(p)
                    return .value(Int(p))
                case EventChannelIoctl.bindInterdomain.number:
                    let a = arg!.load(as: ioctl_evtchn_bind_interdomain.self)
                    log.append("interdomain \(a.remote_domain):\(a.remote_port)")
                    guard bound.contains(a.remote_port), peers[a.remote_port] == nil else { return .failure(Errno(rawValue: EINVAL)) }
                    let p = nextPort; nextPort += 1; bound.insert(p)
                    peers[p] = a.remote_port; peers[a.remote_port] = p
                    return .value(Int(p))
                case EventChannelIoctl.notify.number:
                    let port = arg!.load(as: ioctl_evtchn_notify.self).port
                    guard bound.contains(port), let peer = peers[port] else { return .failure(Errno(rawValue: EINVAL)) }
                    if !masked.contains(peer) { fired.append(peer); masked.insert(peer) }
                    return .value(0)
                case EventChannelIoctl.unbind.number:
                    let port = arg!.load(as: ioctl_evtchn_unbind.self).port
                    guard bound.remove(port) != nil else { return .failure(Errno(rawValue: ENOTCONN)) }
                    return .value(0)
                case EventChannelIoctl.reset.number:
                    fired = []
                    return .value(0)
                default: return .failure(.notTTY)
                }
            case .poll: return .value(fired.isEmpty ? 0 : 1)
            case .read(_, let buffer, let count):
                let n = min(count / 4, fired.count)
                for i in 0 ..< n { buffer.storeBytes(of: fired[i], toByteOffset: 4 * i, as: UInt32.self) }
                fired.removeFirst(n)
                return .value(4 * n)
            case .write(_, let buffer, let count):
                for i in 0 ..< count / 4 { masked.remove(buffer.load(fromByteOffset: 4 * i, as: UInt32.self)) }
                return .value(count)
            default: return .failure(.noFunction)
            }
        }
    }

    @Test("alloc unbound, bind interdomain to it, notify both ways, masked until unmasked, unbind")
    func loop() throws {
        let f = FakeEvtchn()
        let mock = MockSyscalls { f.handler($0) }
        try MockSyscalls.$current.withValue(mock) { () throws in
            let ev = try EventChannelDevice()
            let a = try ev.bindUnboundPort(remoteDomain: 0)
            let b = try ev.bindInterdomain(remoteDomain: 0, remotePort: a)
            #expect((a, b) == (5, 6))
            try ev.notify(b)
            try ev.notify(b)  // masked: fires once
            #expect(try ev.wait(timeoutMilliseconds: 0) == [a])
            try ev.notify(b)
            #expect(try ev.wait(timeoutMilliseconds: 0) == [])
            try ev.unmask([a])
            try ev.notify(a)
            try ev.notify(b)
            #expect(try ev.wait(timeoutMilliseconds: 0) == [b, a])
            try ev.unbind(a)
            #expect(throws: PrivcmdError.system(operation: "ioctl EVTCHN_UNBIND", Errno(rawValue: ENOTCONN))) { try ev.unbind(a) }
            #expect(throws: PrivcmdError.system(operation: "ioctl EVTCHN_BIND_INTERDOMAIN", .invalidArgument)) {
                try ev.bindInterdomain(remoteDomain: 0, remotePort: 99)
            }
            #expect(throws: PrivcmdError.invalidRequest("read of 0 ports")) { try ev.wait(timeoutMilliseconds: 0, max: 0) }
        }
        #expect(f.log == ["unbound remote 0", "interdomain 0:5", "interdomain 0:99"])
        #expect(mock.log.filter { $0 == "write" }.count == 1)
    }

    @Test("off Xen (no evtchn node) the device says so")
    func missing() {
        let mock = MockSyscalls { _ in .failure(.noSuchFileOrDirectory) }
        MockSyscalls.$current.withValue(mock) {
            #expect(throws: PrivcmdError.notInXenDomain(path: "/dev/xen/evtchn")) { try EventChannelDevice() }
        }
    }
}
#endif
