#if canImport(Glibc)
import Glibc
#endif
import CXen
import Privcmd
import XenABI
import XenToolstack

/// Calls large enough that Xen preempts them, in all four flavours, with
/// results equal between flavours and Xen's own perf counters showing that
/// a continuation happened in each: a multicall (by entry index in the
/// physical flavours), a grant copy batch and a console write (their
/// advanced list handles resume from the op word's XEN_HCALL_RESUME_*
/// bits), a grant copy preempted inside a multicall entry, and the
/// reservation ops (progress in the sub-op's bits).
enum PreemptionChecks {
    /// Runs `body` and returns what it returned with the continuations Xen
    /// counted for `flavour` meanwhile.
    static func counting<T>(_ flavour: Flavour, _ body: () throws -> T) throws -> (T, UInt64) {
        let ts = try Toolstack()
        let before = try XenCounters.read(ts)
        let value = try body()
        let after = try XenCounters.read(ts)
        return (value, after.delta(XenCounters.continued, Int(flavour.rawValue), since: before))
    }

    /// The library's typed perf counters against `xenperf`'s: the same
    /// counters in the same order, and each of xenperf's totals between two
    /// reads of the library taken around it (counters only grow).
    static func checkAgainstXenperf(_ r: Report) {
        r.check("pvh.perfc.matches_xenperf") {
            let ts = try Toolstack()
            let before = try ts.perfCounters()
            guard let f = popen("xenperf 2>/dev/null", "r") else { throw CheckError("cannot run xenperf") }
            var rows: [(String, UInt64)] = []
            var line = [CChar](repeating: 0, count: 4096)
            while fgets(&line, Int32(line.count), f) != nil {
                let s = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                // "NAME<spaces>T=<spaces>TOTAL ..." (the name may contain spaces).
                guard let t = s.firstRange(of: "T=") else { continue }
                let name = String(s[..<t.lowerBound]).trimmingTrailingSpaces()
                let total = s[t.upperBound...].split(separator: " ", omittingEmptySubsequences: true).first.flatMap { UInt64($0) }
                if let total { rows.append((name, total)) }
            }
            pclose(f)
            let after = try ts.perfCounters()
            let names = before.map(\.name)
            guard rows.map(\.0) == names, after.map(\.name) == names else {
                return (false, "xenperf has \(rows.count) counters, the library \(names.count); first difference: "
                        + (zip(rows.map(\.0), names).first { $0 != $1 }.map { "\($0.0) vs \($0.1)" } ?? "count"))
            }
            let bad = (0 ..< names.count).filter { i in !(before[i].total <= rows[i].1 && rows[i].1 <= after[i].total) }
            return (bad.isEmpty, "\(names.count) counters, same names and order; xenperf's totals between the library's two reads"
                    + (bad.isEmpty ? "" : " except " + bad.map { names[$0] }.joined(separator: ", ")))
        }
    }

    /// Whether dom0 still runs a new process: a hypercall that wrote
    /// outside what it was given would show here first.
    static func dom0Healthy() -> Bool {
        system("sha256sum /bin/busybox >/dev/null 2>&1") == 0
    }

    /// 2048 `GNTTABOP_copy` ops of 2 bytes from the first of `pages` to
    /// the second, both dom0's own frames: enough for Xen to preempt.
    static func copyBatch(_ xc: XenCall, _ pages: HypercallBuffer) throws -> (Int, [GrantTableOp.Copy]) {
        let frames = try xc.pool.frameNumbers(of: pages)
        let n = 2048
        let me = UInt16(XENABI_DOMID_SELF)
        return (n, (0 ..< n).map { i in
            GrantTableOp.Copy(source: .init(.gmfn(frames[0]), domid: me, offset: UInt16(2 * i % 4096)),
                              dest: .init(.gmfn(frames[1]), domid: me, offset: UInt16(2 * i % 4096)), len: 2)
        })
    }

    static func run(_ r: Report) {
        let flavours = Flavour.allCases
        var last = "start"
        func healthy(after name: String) {
            r.check("pvh.dom0_healthy.after_\(name)") { (dom0Healthy(), "a new process runs after \(last) .. \(name)") }
            last = name
        }
        defer { healthy(after: "console_write") }
        healthy(after: "the checks before")

        r.check("pvh.preempt.multicall") {
            let xc = try XenCall(policy: .linear)
            let n = 4096
            var got: [String] = []
            var results: [[Int64]] = []
            var continued: [UInt64] = []
            for f in flavours {
                let (res, c) = try counting(f) { () throws -> [Int64] in
                    var b = Multicall(Array(repeating: Multicall.Entry(.xenVersion(.version)), count: n)).encoded
                    b.setFlavour(f, ofOwner: 0)
                    // Issue first: an argument list would copy `b` before the call wrote it.
                    let rv = try xc.issue(&b)
                    return try Multicall.outputs(of: b, result: rv)
                }
                results.append(res)
                continued.append(c)
                got.append("\(f): \(res.filter { $0 == 0x40011 }.count)/\(n) entries 0x40011, \(c) continuations")
            }
            return (results.allSatisfy { $0 == results[0] } && results[0].allSatisfy { $0 == 0x40011 } && continued.allSatisfy { $0 > 0 },
                    "\(n)-entry multicall: " + got.joined(separator: "; "))
        }

        healthy(after: "multicall")
        r.check("pvh.preempt.grant_copy") {
            let xc = try XenCall(policy: .linear)
            let pages = try xc.pool.allocate(pages: 2)
            defer { xc.pool.free(pages) }
            let (n, ops) = try copyBatch(xc, pages)
            var got: [String] = []
            var outcomes: [([Int16], [UInt8])] = []
            var continued: [UInt64] = []
            for f in flavours {
                for k in 0 ..< 4096 { (pages.address + k).storeBytes(of: UInt8(truncatingIfNeeded: k * 7 + 1), as: UInt8.self) }
                (pages.address + 4096).initializeMemory(as: UInt8.self, repeating: 0, count: 4096)
                let (statuses, c) = try counting(f) { () throws -> [Int16] in
                    var e = GrantTableOp.CopyBatch(ops).encoded
                    e.setFlavour(f, ofOwner: 0)
                    let rv = try xc.issue(&e)
                    return try GrantTableOp.CopyBatch.outputs(of: e, result: rv)
                }
                let dest = Array(UnsafeRawBufferPointer(start: pages.address + 4096, count: 4096))
                outcomes.append((statuses, dest))
                continued.append(c)
                let copied = dest == Array(UnsafeRawBufferPointer(start: pages.address, count: 4096))
                got.append("\(f): destination \(copied ? "equals" : "differs from") source, \(c) continuations")
            }
            let equal = outcomes.allSatisfy { $0.0 == outcomes[0].0 && $0.1 == outcomes[0].1 }
            return (equal && continued.allSatisfy { $0 > 0 } && got.allSatisfy { $0.contains("equals") },
                    "\(n) GNTTABOP_copy ops (statuses and destination \(equal ? "byte-equal" : "differ")): " + got.joined(separator: "; "))
        }

        // A sub-call preempted inside a multicall: Xen copies its
        // continuation (in a list flavour, the resume bits of its op word)
        // into the entry and continues the batch at that entry.
        healthy(after: "grant_copy")
        r.check("pvh.preempt.multicall_subcall") {
            let xc = try XenCall(policy: .linear)
            let pages = try xc.pool.allocate(pages: 2)
            defer { xc.pool.free(pages) }
            let (n, ops) = try copyBatch(xc, pages)
            var got: [String] = []
            var statuses: [[Int16]] = []
            var ok = true
            for f in flavours {
                for k in 0 ..< 4096 { (pages.address + k).storeBytes(of: UInt8(truncatingIfNeeded: k * 5 + 3), as: UInt8.self) }
                (pages.address + 4096).initializeMemory(as: UInt8.self, repeating: 0, count: 4096)
                let ((ret, result, b), c) = try counting(f) { () throws -> (Int64, Int64, EncodedCall) in
                    var b = Multicall([Multicall.Entry(.grantTableOp(.copy(ops)), flavour: f)]).encoded
                    b.setFlavour(f, ofOwner: 0)
                    let ret = try xc.issue(&b)
                    return (ret, try Multicall.outputs(of: b, result: ret)[0], b)
                }
                let copied = Array(UnsafeRawBufferPointer(start: pages.address + 4096, count: 4096))
                    == Array(UnsafeRawBufferPointer(start: pages.address, count: 4096))
                statuses.append(try Multicall.outputs(ofEntry: 0, in: b, as: GrantTableOp.CopyBatch(ops)).outputs)
                ok = ok && ret == 0 && result == 0 && copied && c > 0
                got.append("\(f): multicall \(ret), entry \(result), destination \(copied ? "equals" : "differs from") source, \(c) continuations")
            }
            let equal = statuses.allSatisfy { $0 == statuses[0] }
            return (ok && equal, "1-entry multicall of \(n) GNTTABOP_copy ops (statuses \(equal ? "byte-equal" : "differ")): " + got.joined(separator: "; "))
        }

        // Reservation ops continue with their progress in the sub-op's bits
        // and the handle unchanged: they run in the list flavours too.
        healthy(after: "multicall_subcall")
        r.check("pvh.preempt.memory_op") {
            let flavours = Flavour.allCases
            let xc = try XenCall(policy: .linear)
            let pool = xc.pool
            let n = 2048
            let region = try pool.allocate(pages: n)
            defer { pool.free(region) }
            let gfns = try pool.frameNumbers(of: region)
            let me = UInt16(XENABI_DOMID_SELF)
            var got: [String] = []
            var results: [[Int64]] = []
            var continued: [UInt64] = []
            for f in flavours {
                // Give the pool pages' frames back to Xen, then take them again
                // (what a balloon driver does); nothing touches them between.
                let (res, c) = try counting(f) { () throws -> [Int64] in
                    var down = MemoryOp.decreaseReservation(.init(nrExtents: UInt64(n), domid: me), extents: gfns).encoded
                    down.setFlavour(f, ofOwner: 0)
                    let d = try xc.issue(&down)
                    var up = MemoryOp.populatePhysmap(.init(nrExtents: UInt64(n), domid: me), extents: gfns).encoded
                    up.setFlavour(f, ofOwner: 0)
                    let u = try xc.issue(&up)
                    return [d, u]
                }
                region.address.storeBytes(of: 0x5a, as: UInt8.self)
                results.append(res)
                continued.append(c)
                got.append("\(f): decrease \(res[0]), populate \(res[1]), \(c) continuations")
            }
            return (results.allSatisfy { $0 == [Int64(n), Int64(n)] } && continued.allSatisfy { $0 > 0 },
                    "\(n) extents: " + got.joined(separator: "; "))
        }

        // Last: it fills Xen's console ring.
        healthy(after: "memory_op")
        r.check("pvh.preempt.console_write") {
            let xc = try XenCall(policy: .linear)
            var text = [UInt8](repeating: UInt8(ascii: "."), count: 1 << 20)
            for i in stride(from: 127, to: text.count, by: 128) { text[i] = UInt8(ascii: "\n") }
            var got: [String] = []
            var results: [Int64] = []
            var continued: [UInt64] = []
            for f in flavours {
                let (res, c) = try counting(f) { () throws -> Int64 in
                    var e = ConsoleIO.write(text).encoded
                    e.setFlavour(f, ofOwner: 0)
                    return try xc.issue(&e)
                }
                results.append(res)
                continued.append(c)
                got.append("\(f): \(res), \(c) continuations")
            }
            return (results.allSatisfy { $0 == results[0] } && results[0] >= 0 && continued.allSatisfy { $0 > 0 },
                    "1 MiB CONSOLEIO_write: " + got.joined(separator: "; "))
        }
    }
}

/// A check's own failure, with what went wrong.
struct CheckError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
