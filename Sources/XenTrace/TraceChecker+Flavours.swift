#if canImport(Glibc)
import Glibc
#endif
import XenABI
import GuestPlacement
import XenModel

/// Check 3 of `trace-format.md` against the hypervisor model (`ModelDomain`):
/// the re-encoded call, with the recorded input bytes, is placed into a
/// modelled guest in each physical flavour (buffers scattered over
/// non-contiguous frames at the recorded page offsets, so a 29-page
/// recording stays 29 pages); the model's
/// resolver must read back exactly the recorded input bytes through every
/// handle (registers and nested), decode to the same typed value, and
/// writing the recorded output bytes through the handles
/// (`copy_to_guest`) must leave the guest with the recorded `after` bytes
/// in every buffer (input-only ones included: Xen must not have changed them).
public enum FlavourReplay {
    /// The physical flavours a call is replayed in.
    public static let flavours = Flavour.allCases.filter(\.isPhysical)

    /// What differed in any physical flavour (empty: all equal).
    public static func check(_ value: AnyHypercall, _ call: TraceCall) -> [TraceDifference] {
        var diffs: [TraceDifference] = []
        func add(_ field: String, _ expected: String, _ got: String) {
            if diffs.count < 16 { diffs.append(TraceDifference(check: 3, field: field, expected: expected, got: got)) }
        }
        let before = TraceMemory(call.regions), after = TraceMemory(call.regions, after: true)
        var e = EncodedCall()
        value.encode(into: &e)
        guard !e.isOversized else {
            add("buffers", "at most \(EncodedCall.maxBytes) bytes", "\(e.requestedBytes) bytes (see check 2)")
            return diffs
        }
        guard let addresses = TraceChecker.relocate(e, call, before) else {
            add("buffers", "buffers within recorded regions", "not relocatable (see check 2)")
            return diffs
        }
        // The recorded bytes of every buffer, before and after the call.
        var recordedBefore: [[UInt8]] = [], recordedAfter: [[UInt8]] = []
        for (i, b) in e.buffers.enumerated() {
            let n = b.isNull ? 0 : b.size
            recordedBefore.append((try? before.bytes(handle: addresses[i], flavour: .linear, count: n)) ?? [])
            recordedAfter.append((try? after.bytes(handle: addresses[i], flavour: .linear, count: n)) ?? [])
            if n > 0 { recordedBefore[i].withUnsafeBytes { e.replaceBytes(of: i, with: $0) } }
        }
        // Entry op words carry their owner's flavour: not a recorded input byte in a physical flavour.
        var flavourBytes = Set<Int>()
        for s in e.entries { for k in 0 ..< 8 { flavourBytes.insert(e.buffer(s.buffer).start + s.offset + MulticallLayout.op + k) } }
        let kept = guestHeldRanges(e)

        // Room for the buffers (scattered), descriptors and page tables; a small
        // guest keeps the model's per-call set-up cheap on long traces.
        let pages = e.buffers.reduce(0) { $0 + $1.size / 4096 + 2 }
        let frames = UInt64(Int(ModelDomain.firstAllocatable) + 64 + 4 * pages)
        for f in flavours {
            let domain = ModelDomain(frameCount: frames)
            var placed: GuestPlacedCall
            do {
                placed = try domain.place(e, flavour: { _ in f }, options: placementOptions(addresses))
            } catch {
                add("\(f)", "the call placed in a model guest", "\(error)")
                continue
            }
            let resolver = ModelResolver(domain)
            let (eMarks, placedBytes) = (e.marks, placed.call.bytes)
            // (a) Every handle resolves to the recorded input bytes.
            for (i, b) in placed.call.buffers.enumerated() where !b.isNull && b.size > 0 {
                let handle = placed.call.handle(of: i)
                let got: [UInt8]
                do { got = try resolver.bytes(handle: handle, flavour: placed.flavours[b.owner], count: b.size) } catch {
                    add("\(f) buffer\(i) (\(b.site))", "readable through its handle", "\(error)")
                    continue
                }
                // All bytes equal: nothing can differ (large buffers cost a memcmp, not a byte loop).
                if same(got, recordedBefore[i]) { continue }
                for j in 0 ..< b.size where eMarks[b.start + j] == .input && !flavourBytes.contains(b.start + j) && got[j] != recordedBefore[i][j] {
                    add("\(f) buffer\(i) (\(b.site)) +\(j)", hex(recordedBefore[i][j]), hex(got[j]))
                    break
                }
            }
            // ... and the model decodes the same typed value from them.
            do throws(DecodeError) {
                let again = try AnyHypercall.decode(placed.raw, memory: resolver)
                // Multicall entries now carry the flavour they were sent in.
                var want = value
                if case .multicall(var m) = value {
                    for k in m.entries.indices { m.entries[k].flavour = placed.flavours[k + 1] }
                    want = .multicall(m)
                }
                if again != want { add("\(f) decode", "\(want)", "\(again)") }
            } catch {
                add("\(f) decode", "\(value)", "\(error)")
            }
            // (b) Writing the recorded outputs through the handles gives the recorded `after`.
            for (i, b) in placed.call.buffers.enumerated() where !b.isNull && b.size > 0 && b.direction.writes {
                var out = recordedAfter[i]
                // Handle slots hold the flavour's handles in the guest; keep them.
                for r in kept[i] { out[r] = placedBytes[b.start + r.lowerBound ..< b.start + r.upperBound] }
                do { try domain.copyToGuest(placed.call.handle(of: i), flavour: placed.flavours[b.owner], bytes: out) } catch {
                    add("\(f) buffer\(i) (\(b.site))", "writable through its handle", "\(error)")
                }
            }
            var back = placed
            domain.readBack(&back)
            let backMarks = back.call.marks
            // Every buffer must read back as recorded `after`: one the layout
            // says Xen only reads still holds its `before` bytes in the guest,
            // so a recording where Xen changed it fails (a wrong direction).
            for (i, b) in back.call.buffers.enumerated() where !b.isNull && b.size > 0 {
                let bytes = back.call.bytes(of: i)
                // All equal: nothing to report (a memcmp, not a walk of every byte).
                if same(bytes, recordedAfter[i]) { continue }
                for j in 0 ..< b.size where backMarks[b.start + j] != .handle && !flavourBytes.contains(b.start + j) {
                    let want = recordedAfter[i][j]
                    if bytes[bytes.startIndex + j] != want {
                        add("\(f) after buffer\(i) (\(b.site)) +\(j)", hex(want), hex(bytes[bytes.startIndex + j]))
                        break
                    }
                }
            }
        }
        return diffs
    }

    static func hex(_ b: UInt8) -> String { String(b, radix: 16) }

    /// How the guest places a call replayed from a recording: scattered
    /// frames, each buffer at its recorded page offset (`addresses`, the
    /// relocated handles), no linear fallback.
    static func placementOptions(_ addresses: [UInt64]) -> GuestPlacementOptions {
        GuestPlacementOptions(offsets: .given(addresses.map { $0 & 4095 }), scattered: true, fallback: .refuse)
    }

    /// The byte ranges of each buffer that the guest fills in, not the
    /// recording: the 8-byte handle slot of every nested buffer (null ones
    /// too) and each multicall entry's op word. Exactly the bytes marked
    /// `.handle` plus the entries' op words, found from the sites in
    /// O(buffers + entries) instead of a scan of every byte.
    static func guestHeldRanges(_ e: EncodedCall) -> [[Range<Int>]] {
        var kept = [[Range<Int>]](repeating: [], count: e.bufferCount)
        for b in e.buffers {
            if case .nested(let parent, let offset) = b.site { kept[parent].append(offset ..< offset + 8) }
        }
        for s in e.entries { kept[s.buffer].append(s.offset + MulticallLayout.op ..< s.offset + MulticallLayout.op + 8) }
        return kept
    }

    /// Whether two byte sequences are equal (one `memcmp` for arrays and slices).
    static func same(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        if a.isEmpty { return true }
        let fast = a.withContiguousStorageIfAvailable { x in
            b.withContiguousStorageIfAvailable { y in memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 }
        }
        return (fast ?? nil) ?? a.elementsEqual(b)
    }
}

extension TraceChecker {
    /// Where each re-encoded buffer sits in the recording (the address its
    /// recorded handle points at; 0 for null), or nil if one is not recorded.
    static func relocate(_ e: EncodedCall, _ call: TraceCall, _ memory: TraceMemory) -> [UInt64]? {
        var addresses = [UInt64](repeating: 0, count: e.bufferCount)
        for (i, b) in e.buffers.enumerated() {
            let recorded: UInt64
            switch b.site {
            case .register(let r): recorded = call.args[r]
            case .nested(let p, let o):
                guard !e.buffer(p).isNull, let v = try? memory.load(UInt64.self, handle: addresses[p] &+ UInt64(o), flavour: .linear, offset: 0) else { return nil }
                recorded = v
            }
            if b.isNull { continue }
            guard memory.contains(recorded, count: b.size) else { return nil }
            addresses[i] = recorded
        }
        return addresses
    }
}
