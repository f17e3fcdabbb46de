import CXen
import Foundation
import Testing
import XenABI
import XenModel
import XenABITestSupport
import ScatterGather
@testable import XenTrace

/// Calls in the shape of a live save's largest buffers (the shapes
/// `scripts/large_traces.py` writes, from the real recordings): libxencall's
/// one-page bounce of the struct (nr_pages header, struct at +16), a 32-page
/// log-dirty bitmap (`xc_hypercall_buffer_alloc_pages`: page-aligned, no
/// header) and a 29-page `getdomaininfolist` bounce (header, 1,024 entries at +16).
enum LargeCalls {
    static let structPage: UInt64 = 0x7f3a_1c6e_9000
    static let bitmapAddress: UInt64 = 0x7f3a_1c6c_8000
    static let listAddress: UInt64 = 0x7f3a_1c6a_0000
    /// A 4 GiB guest: 2^20 pages, a 128 KiB bitmap.
    static let guestPages: UInt64 = 1 << 20
    static let header = 16
    static let maxDomains = 1024

    static func put<T: FixedWidthInteger>(_ v: T, _ bytes: inout [UInt8], at: Int) {
        withUnsafeBytes(of: v.littleEndian) { for (k, b) in $0.enumerated() { bytes[at + k] = b } }
    }

    static func random(_ n: Int, _ rng: inout SeededRNG) -> [UInt8] {
        (0 ..< n).map { _ in UInt8.random(in: 0 ... 255, using: &rng) }
    }

    /// A one-page bounce buffer: libxencall's header (nr_pages 1), the struct at +16.
    static func structPage(_ body: (inout [UInt8], Int) -> Void) -> [UInt8] {
        var page = [UInt8](repeating: 0, count: 4096)
        put(UInt64(1), &page, at: 0)
        body(&page, header)
        return page
    }

    /// `XEN_DOMCTL_shadow_op` `op` (CLEAN or PEEK) of domain 1 over the whole
    /// bitmap: random bytes before, other random bytes and statistics after.
    static func shadowOp(_ op: Int32, seed: UInt64) -> TraceCall {
        typealias L = DomctlLayout
        var rng = SeededRNG(seed: seed)
        let before = structPage { p, d in
            put(UInt32(XEN_DOMCTL_shadow_op), &p, at: d + L.cmd)
            put(UInt32(XEN_DOMCTL_INTERFACE_VERSION), &p, at: d + L.interfaceVersion)
            put(UInt16(1), &p, at: d + L.domain)
            put(UInt32(bitPattern: op), &p, at: d + L.u + L.shOp)
            put(bitmapAddress, &p, at: d + L.u + L.shDirtyBitmap)
            put(guestPages, &p, at: d + L.u + L.shPages)
        }
        var after = before
        put(UInt32(4242), &after, at: header + L.u + L.shStats + L.shStatsFaultCount)
        put(UInt32(977), &after, at: header + L.u + L.shStats + L.shStatsDirtyCount)
        let bitmap = Int(guestPages / 8)
        return TraceCall(line: 2, seq: 0, op: UInt64(__HYPERVISOR_domctl), args: HypercallArgs([structPage + UInt64(header)]), ret: 0,
                         regions: [TraceRegion(address: bitmapAddress, before: random(bitmap, &rng), after: random(bitmap, &rng)),
                                   TraceRegion(address: structPage, before: before, after: after)])
    }

    /// `XEN_SYSCTL_getdomaininfolist` from domain 0, 1,024 entries at most,
    /// `domains` of them written by Xen (random bytes: only their place matters).
    static func domainList(domains: Int, seed: UInt64) -> TraceCall {
        var rng = SeededRNG(seed: seed)
        let size = header + maxDomains * DomctlLayout.getDomainInfoSize
        let pages = (size + 4095) / 4096
        let before = structPage { p, s in
            put(UInt32(XEN_SYSCTL_getdomaininfolist), &p, at: s + SysctlLayout.cmd)
            put(UInt32(XEN_SYSCTL_INTERFACE_VERSION), &p, at: s + SysctlLayout.interfaceVersion)
            put(UInt32(maxDomains), &p, at: s + SysctlLayout.u + SysctlLayout.gdlMax)
            put(listAddress + UInt64(header), &p, at: s + SysctlLayout.u + SysctlLayout.gdlBuffer)
        }
        var after = before
        put(UInt32(domains), &after, at: header + SysctlLayout.u + PhysInfoLayout.numDomains)
        var list = [UInt8](repeating: 0, count: pages * 4096)
        put(UInt64(pages), &list, at: 0)
        var written = list
        written.replaceSubrange(header ..< header + domains * DomctlLayout.getDomainInfoSize,
                                with: random(domains * DomctlLayout.getDomainInfoSize, &rng))
        return TraceCall(line: 3, seq: 1, op: UInt64(__HYPERVISOR_sysctl), args: HypercallArgs([structPage + UInt64(header)]), ret: 0,
                         regions: [TraceRegion(address: listAddress, before: list, after: written),
                                   TraceRegion(address: structPage, before: before, after: after)])
    }
}

@Suite("Large buffers: a 32-page log-dirty bitmap and a 29-page domain list")
struct LargeBufferTests {
    static let checker = TraceChecker(flavourCheck: { FlavourReplay.check($0, $1) })

    static let cases: [(String, TraceCall, AnyHypercall)] = [
        ("shadow_op CLEAN", LargeCalls.shadowOp(XEN_DOMCTL_SHADOW_OP_CLEAN, seed: 1),
         .domctl(Domctl(domain: 1, .shadowOp(.clean(pages: LargeCalls.guestPages))))),
        ("shadow_op PEEK", LargeCalls.shadowOp(XEN_DOMCTL_SHADOW_OP_PEEK, seed: 2),
         .domctl(Domctl(domain: 1, .shadowOp(.peek(pages: LargeCalls.guestPages))))),
        ("getdomaininfolist", LargeCalls.domainList(domains: 37, seed: 3),
         .sysctl(Sysctl(.getDomainInfoList(firstDomain: 0, maxDomains: UInt32(LargeCalls.maxDomains), buffer: .buffer)))),
    ]

    @Test("the buffers are the sizes the save helpers use: 128 KiB (32 pages), 29 pages with the header")
    func sizes() {
        #expect(LargeCalls.shadowOp(XEN_DOMCTL_SHADOW_OP_CLEAN, seed: 1).regions[0].length == 32 * 4096)
        #expect(LargeCalls.domainList(domains: 1, seed: 1).regions[0].length == 29 * 4096)
    }

    @Test("decodes to the call issued, re-encodes equal (linear) and replays equal in flat, gfnList and tagged",
          arguments: 0 ..< cases.count)
    func replaysEqual(index: Int) {
        let (name, call, value) = Self.cases[index]
        let r = Self.checker.check(call)
        #expect(r.decoded == value, "\(name): \(r.decodeError.map { "\($0)" } ?? "")")
        #expect(r.reencoded, "\(name): \(r.differences)")
        #expect(r.flavoursEqual == true, "\(name): \(r.differences)")
        #expect(r.differences.isEmpty && r.passed)
    }

    /// Regression: check 3 placed every buffer page-aligned, so the list
    /// recorded 16 bytes into its mapping replayed as 28 pages, not 29.
    @Test("replayed at the recorded page offsets: the list spans 29 pages from offset 16, the bitmap 32 from 0, one-level in gfnList")
    func recordedOffsets() throws {
        for (name, call, value) in Self.cases {
            var e = EncodedCall()
            value.encode(into: &e)
            let addresses = try #require(TraceChecker.relocate(e, call, TraceMemory(call.regions)))
            let big = try #require(e.buffers.indices.max { e.buffers[$0].size < e.buffers[$1].size })
            let (offset, pages) = name.hasPrefix("shadow") ? (UInt64(0), 32) : (UInt64(16), 29)
            for f in FlavourReplay.flavours {
                let frames = UInt64(Int(ModelDomain.firstAllocatable) + 64 + 4 * 40)
                let placed = try ModelDomain(frameCount: frames).place(e, flavour: { _ in f }, options: FlavourReplay.placementOptions(addresses))
                let p = try #require(placed.placed[big])
                #expect(p.offset == offset && p.gfns.count == pages, "\(name) \(f): offset \(p.offset), \(p.gfns.count) pages")
                #expect(placed.flavours == [f], "\(name): no linear fallback")
                if f == .gfnList { #expect(placed.descriptors[big]?.kind == .list1) }
            }
        }
    }

    /// Regression: check 3 compared an input-only buffer read back from the
    /// guest with its `before` bytes, so a recording where Xen changed it
    /// passed. It now must equal `after`. The replay compares whole buffers
    /// with `memcmp` first and walks the bytes only when they differ: a
    /// change in the last byte of a 128 KiB buffer is still found (and by
    /// check 2 when the value, not the recording, has it).
    @Test("a change Xen made to the last byte of a 128 KiB input-only buffer fails check 3 in every flavour")
    func lastByteOfLargeInput() {
        var rng = SeededRNG(seed: 9)
        let text = LargeCalls.random(128 << 10, &rng)
        let address: UInt64 = 0x7f3a_1c60_0010
        var changed = text
        changed[changed.count - 1] ^= 1
        let call = TraceCall(line: 2, seq: 0, op: UInt64(__HYPERVISOR_console_io),
                             args: HypercallArgs([UInt64(CONSOLEIO_write), UInt64(text.count), address]), ret: 0,
                             regions: [TraceRegion(address: address, before: text, after: changed)])
        let r = Self.checker.check(call)
        #expect(r.decoded == .consoleIO(.write(text)) && r.reencoded)
        #expect(r.flavoursEqual == false)
        for f in ["flat", "gfnList", "tagged"] {
            #expect(r.differences.contains { $0.field == "\(f) after buffer0 (arg2) +\(text.count - 1)" }, "\(r.differences)")
        }
        // Unchanged, the same call passes.
        var same = call
        same.regions[0].after = nil
        #expect(Self.checker.check(same).passed)
        // Check 2 skips equal buffers in one vectorized pass; a value whose
        // last input byte is not the recorded one is still named.
        let d = TraceChecker().reencode(.consoleIO(.write(changed)), call, TraceMemory(call.regions))
        #expect(d.map(\.field) == ["buffer0 (arg2) +\(text.count - 1)"], "\(d)")
    }

    /// The replay keeps the guest's handles by range, found from the
    /// buffers' sites: they must be exactly the bytes the encoder marked
    /// `.handle`, plus each multicall entry's op word.
    @Test("guest-held ranges are exactly the .handle bytes and the entries' op words", arguments: BundledTraces.paths)
    func guestHeldRanges(path: String) throws {
        let reader = try TraceReader(path: path)
        var calls = Self.cases.map(\.2)
        while let c = try reader.next() {
            if let v = TraceChecker().check(c).decoded { calls.append(v) }
        }
        for value in calls {
            var e = EncodedCall()
            value.encode(into: &e)
            let kept = FlavourReplay.guestHeldRanges(e)
            let marks = e.marks
            var opWords = Set<Int>()
            for s in e.entries { for k in 0 ..< 8 { opWords.insert(e.buffers[s.buffer].start + s.offset + MulticallLayout.op + k) } }
            for (i, b) in e.buffers.enumerated() {
                let scanned = (0 ..< b.size).filter { marks[b.start + $0] == .handle || opWords.contains(b.start + $0) }
                let ranged = kept[i].flatMap { Array($0) }.sorted()
                #expect(ranged == scanned, "\(path) \(value) buffer \(i)")
            }
        }
    }

    /// Hex strings are decoded in one pass after a `memchr` for the closing
    /// quote; anything but an even run of hex digits falls back to the
    /// strict scan, whose errors must be the ones a trace got before.
    @Test("a 128 KiB hex string: either case decodes alike; escape, control character, bad last digit, odd length are the strict errors")
    func largeHexStrings() throws {
        var rng = SeededRNG(seed: 5)
        let bytes = LargeCalls.random(128 << 10, &rng)
        let hex = Hex.encode(bytes)
        func parse(_ before: String) throws(TraceError) -> TraceCall {
            let line = #"{"seq": 0, "op": 17, "args": ["0x0", "0x0", "0x0", "0x0", "0x0"], "ret": 0, "regions": [{"addr": "0x10000", "len": \#(bytes.count), "before": "\#(before)"}]}"#
            return try Array(line.utf8).withUnsafeBufferPointer { b throws(TraceError) in try TraceParser(file: "t", line: 2).call(b) }
        }
        #expect(try parse(hex).regions[0].before == bytes)
        #expect(try parse(hex.uppercased()).regions[0].before == bytes)
        let n = hex.count
        let cases: [(String, TraceError.Kind)] = [
            (String(hex.dropLast(4)) + #"\u0030"#, .badHex("escape sequence in a hex string")),
            (String(hex.dropLast()) + "g", .badHex("non-hex character at offset \(n - 1)")),
            (String(hex.dropLast()), .badHex("odd length \(n - 1)")),
        ]
        for (text, kind) in cases {
            #expect(throws: TraceError(file: "t", line: 2, field: "regions[0].before", kind)) { try parse(text) }
        }
        // A raw control character is a JSON error, at its byte.
        #expect { try parse(String(hex.dropLast()) + "\t") } throws: { e in
            guard let e = e as? TraceError, e.field == "", case .badJSON(let why) = e.kind else { return false }
            return why.hasPrefix("control character in a string")
        }
    }

    @Test("scripts/large_traces.py writes a trace every call of which passes xenabi trace check",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")))
    func generator() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let out = NSTemporaryDirectory() + "xenabi-\(getpid())-large-\(UInt32.random(in: 0 ... .max)).jsonl"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        p.arguments = [root.appendingPathComponent("scripts/large_traces.py").path, "--mb", "5", out]
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        try #require(p.terminationStatus == 0)
        // 5 MB: the first five rounds (CLEAN and the domain list; a PEEK too in the fifth), 11 calls.
        let (status, output) = try TraceCommandTests.run(["trace", "check", out])
        #expect(status == 0, "\(output)")
        #expect(output.contains("\(out): 11 calls, 11 decoded, 11 re-encoded, 11 flavours equal, 0 unknown"), "\(output)")
    }
}
