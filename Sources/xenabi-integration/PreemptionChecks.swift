#if canImport(Glibc)
import Glibc
#endif
import CXen
import Privcmd
import XenABI

/// Calls large enough that Xen preempts them, with results equal between
/// flavours and Xen's own perf counters showing that a continuation
/// happened in each: the handle-advancing ops (multicall, grant copy,
/// console write) in `linear` and `flat` (the list flavours refuse them,
/// see `pvh.lists.refuse_advancing_ops`), the reservation ops in all four.
enum PreemptionChecks {
    /// The series' counters, from `xenperf` (XEN_SYSCTL_perfc_op), by flavour.
    struct Counters {
        var continued: [UInt64]
        var chunks: [UInt64]

        static func read() -> Counters? {
            guard let f = popen("xenperf 2>/dev/null", "r") else { return nil }
            defer { pclose(f) }
            var out = Counters(continued: [], chunks: [])
            var line = [CChar](repeating: 0, count: 4096)
            while fgets(&line, Int32(line.count), f) != nil {
                let s = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                // "NAME   T=  total  v0 v1 v2 v3"
                let fields = s.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" })
                guard let t = fields.firstIndex(where: { $0.hasPrefix("T=") }) else { continue }
                // The total may share its field with "T=" or stand alone.
                let rest = fields[t...].map { $0.hasPrefix("T=") ? $0.dropFirst(2) : $0 }.filter { !$0.isEmpty }
                let values = rest.compactMap { UInt64($0) }.dropFirst()
                if s.hasPrefix("continuations by buffer flavour") { out.continued = Array(values) }
                if s.hasPrefix("physical chunks copied by flavour") { out.chunks = Array(values) }
            }
            return out.continued.count == 4 && out.chunks.count == 4 ? out : nil
        }
    }

    /// Runs `body` and returns what it returned with the continuations Xen
    /// counted for `flavour` meanwhile.
    static func counting<T>(_ flavour: Flavour, _ body: () throws -> T) throws -> (T, UInt64) {
        guard let before = Counters.read() else { throw CheckError("xenperf gave no flavour counters") }
        let value = try body()
        guard let after = Counters.read() else { throw CheckError("xenperf gave no flavour counters") }
        return (value, after.continued[Int(flavour.rawValue)] - before.continued[Int(flavour.rawValue)])
    }

    static func run(_ r: Report) {
        let flavours: [Flavour] = [.linear, .flat]

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
                    _ = try xc.issue(&b)
                    return (0 ..< n).map { Multicall.result(of: $0, in: b) }
                }
                results.append(res)
                continued.append(c)
                got.append("\(f): \(res.filter { $0 == 0x40011 }.count)/\(n) entries 0x40011, \(c) continuations")
            }
            return (results[0] == results[1] && results[0].allSatisfy { $0 == 0x40011 } && continued.allSatisfy { $0 > 0 },
                    "\(n)-entry multicall: " + got.joined(separator: "; "))
        }

        r.check("pvh.preempt.grant_copy") {
            let xc = try XenCall(policy: .linear)
            let pool = xc.pool
            let pages = try pool.allocate(pages: 2)
            defer { pool.free(pages) }
            let frames = try pool.frameNumbers(of: pages)
            let n = 2048
            let me = UInt16(XENABI_DOMID_SELF)
            let ops = (0 ..< n).map { i in
                GrantTableOp.Copy(source: .init(.gmfn(frames[0]), domid: me, offset: UInt16(2 * i % 4096)),
                                  dest: .init(.gmfn(frames[1]), domid: me, offset: UInt16(2 * i % 4096)), len: 2)
            }
            var got: [String] = []
            var outcomes: [([UInt8], [UInt8])] = []
            var continued: [UInt64] = []
            for f in flavours {
                for k in 0 ..< 4096 { (pages.address + k).storeBytes(of: UInt8(truncatingIfNeeded: k * 7 + 1), as: UInt8.self) }
                (pages.address + 4096).initializeMemory(as: UInt8.self, repeating: 0, count: 4096)
                let (call, c) = try counting(f) { () throws -> EncodedCall in
                    var e = GrantTableOp.copy(ops).encoded
                    e.setFlavour(f, ofOwner: 0)
                    _ = try xc.issue(&e)
                    return e
                }
                let dest = Array(UnsafeRawBufferPointer(start: pages.address + 4096, count: 4096))
                outcomes.append((Array(call.bytes(of: 0)), dest))
                continued.append(c)
                let copied = dest == Array(UnsafeRawBufferPointer(start: pages.address, count: 4096))
                got.append("\(f): destination \(copied ? "equals" : "differs from") source, \(c) continuations")
            }
            let equal = outcomes[0].0 == outcomes[1].0 && outcomes[0].1 == outcomes[1].1
            return (equal && continued.allSatisfy { $0 > 0 } && got.allSatisfy { $0.contains("equals") },
                    "\(n) GNTTABOP_copy ops (statuses and destination \(equal ? "byte-equal" : "differ")): " + got.joined(separator: "; "))
        }

        // Reservation ops continue with their progress in the sub-op's bits
        // and the handle unchanged: they run in the list flavours too.
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
            return (results[0] == results[1] && results[0] >= 0 && continued.allSatisfy { $0 > 0 },
                    "1 MiB CONSOLEIO_write: " + got.joined(separator: "; "))
        }
    }
}

/// A check's own failure, with what went wrong.
struct CheckError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
