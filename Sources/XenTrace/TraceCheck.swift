import XenABI

/// One difference a check found in a call.
public struct TraceDifference: Hashable, Sendable, CustomStringConvertible {
    /// Which check: 1 decode, 2 re-encode, 3 flavours.
    public var check: Int
    /// What differed: `op`, `arg2`, `buffer1 (buffer0+24) +8` ...
    public var field: String
    /// The recorded value.
    public var expected: String
    /// What the check produced.
    public var got: String

    /// A difference.
    public init(check: Int, field: String, expected: String, got: String) {
        self.check = check
        self.field = field
        self.expected = expected
        self.got = got
    }

    public var description: String { "check \(check): \(field): expected \(expected), got \(got)" }
}

/// The outcome of checking one recorded call.
public struct CallCheck: Sendable {
    /// The call's line, `seq` and op word.
    public var line: Int, seq: Int, op: UInt64
    /// The typed value (check 1 passed).
    public var decoded: AnyHypercall?
    /// Why decoding failed.
    public var decodeError: DecodeError?
    /// Whether re-encoding reproduced the recorded inputs (check 2).
    public var reencoded: Bool
    /// Whether every physical flavour reproduced the call (check 3); nil when not run.
    public var flavoursEqual: Bool?
    /// What differed.
    public var differences: [TraceDifference]

    /// Decoding stopped at a sub-op or hypercall without a typed decoder.
    public var isUnknown: Bool { decodeError?.isUnknown ?? false }
    /// Checks 1 and 2 passed (and 3, when it ran).
    public var passed: Bool { decoded != nil && reencoded && flavoursEqual != false }
}

/// Runs the conformance checks of `trace-format.md` on recorded calls.
public struct TraceChecker: Sendable {
    /// Check 3 against the hypervisor model, when one is wired in: it gets
    /// the decoded value and the recorded call and returns what differed.
    public typealias FlavourCheck = @Sendable (AnyHypercall, TraceCall) -> [TraceDifference]

    /// The flavour check, or nil while no hypervisor model is available.
    public var flavourCheck: FlavourCheck?
    /// The most differences reported per call.
    public var maxDifferences = 16

    /// A checker; `flavourCheck` nil skips check 3.
    public init(flavourCheck: FlavourCheck? = nil) { self.flavourCheck = flavourCheck }

    /// Checks one call.
    public func check(_ call: TraceCall) -> CallCheck {
        var result = CallCheck(line: call.line, seq: call.seq, op: call.op, decoded: nil, decodeError: nil,
                               reencoded: false, flavoursEqual: nil, differences: [])
        let memory = TraceMemory(call.regions)
        let op: OpWord
        do throws(OpWordError) { op = try OpWord(validating: call.op) } catch {
            result.decodeError = DecodeError(.badOpWord(error), at: "op")
            result.differences.append(TraceDifference(check: 1, field: "op", expected: "a valid op word", got: "\(error)"))
            return result
        }
        let value: AnyHypercall
        do throws(DecodeError) {
            value = try AnyHypercall.decode(RawHypercall(op: op, args: call.args), memory: memory)
        } catch {
            result.decodeError = error
            if !error.isUnknown {
                result.differences.append(TraceDifference(check: 1, field: error.location, expected: "a decodable call", got: "\(error)"))
            }
            return result
        }
        result.decoded = value
        var e = EncodedCall()
        value.encode(into: &e)
        // A typed value whose buffers exceed what any call may hold (a
        // hostile length the decoder let through) got no bytes: fail it
        // here rather than read them.
        guard !e.isOversized else {
            result.differences = [TraceDifference(check: 2, field: "buffers", expected: "at most \(EncodedCall.maxBytes) bytes",
                                                  got: "\(e.requestedBytes) bytes")]
            return result
        }
        // The verdict counts every difference; `maxDifferences` only bounds
        // how many are kept for display (0 keeps none and still fails).
        let (diffs, count) = reencode(e, call, memory)
        result.differences = diffs
        result.reencoded = count == 0
        if let flavourCheck {
            let d = flavourCheck(value, call)
            result.flavoursEqual = d.isEmpty
            result.differences += d.prefix(max(0, maxDifferences - result.differences.count))
        }
        return result
    }

    /// Check 2: re-encode `value`, place each buffer where the recorded
    /// handle points, and compare the op word, the registers and every
    /// input and handle byte with the recorded `before` bytes.
    public func reencode(_ value: AnyHypercall, _ call: TraceCall, _ memory: TraceMemory) -> [TraceDifference] {
        var e = EncodedCall()
        value.encode(into: &e)
        if e.isOversized { return [TraceDifference(check: 2, field: "buffers", expected: "at most \(EncodedCall.maxBytes) bytes", got: "\(e.requestedBytes) bytes")] }
        return reencode(e, call, memory).differences
    }

    /// Check 2 on an encoded call: the differences kept (at most
    /// `maxDifferences`) and how many there were in all. Each buffer's
    /// recorded bytes are read once, so the cost is linear in its size.
    func reencode(_ encoded: EncodedCall, _ call: TraceCall, _ memory: TraceMemory) -> (differences: [TraceDifference], count: Int) {
        var e = encoded
        var diffs: [TraceDifference] = []
        var count = 0
        func add(_ field: String, _ expected: String, _ got: String) {
            count += 1
            if diffs.count < maxDifferences { diffs.append(TraceDifference(check: 2, field: field, expected: expected, got: got)) }
        }
        if e.op.rawValue != call.op { add("op", hex(call.op), hex(e.op.rawValue)) }

        // Relocation: each buffer goes where the recorded handle at its site points.
        var addresses = [UInt64](repeating: 0, count: e.bufferCount)
        for (i, b) in e.buffers.enumerated() {
            let name = "buffer\(i) (\(b.site))"
            let recorded: UInt64
            switch b.site {
            case .register(let r):
                recorded = call.args[r]
            case .nested(let p, let o):
                let at = addresses[p] &+ UInt64(o)
                guard !e.buffer(p).isNull, let v = try? memory.load(UInt64.self, handle: at, flavour: .linear, offset: 0) else {
                    add(name + " handle", "a recorded handle", "unrecorded address \(hex(at))")
                    continue
                }
                recorded = v
            }
            // Null as Xen reads it: 0, or ~0 too in a physical flavour.
            let f = e.flavour(ofOwner: b.owner)
            if b.isNull {
                if !f.isNull(recorded) { add(name, "a handle (\(hex(recorded)))", "a null handle") }
                addresses[i] = recorded
                continue
            }
            if f.isNull(recorded) && b.size > 0 { add(name, "a null handle", "a buffer of \(b.size) bytes") }
            if !memory.contains(recorded, count: b.size) {
                add(name, "buffer within recorded regions", "[\(hex(recorded)), +\(b.size)) not recorded")
            }
            addresses[i] = recorded
        }
        e.setHandles { i, _ in addresses[i] }

        let args = e.raw.args
        for r in 0 ..< HypercallArgs.count where args[r] != call.args[r] {
            add("arg\(r)", hex(call.args[r]), hex(args[r]))
        }

        // Every byte the encoder marked (input or handle) must be the recorded one.
        // (`bytes` and `marks` read once: each read of a reused call's may copy.)
        let (eBytes, eMarks) = (e.bytes, e.marks)
        for (i, b) in e.buffers.enumerated() where !b.isNull && b.size > 0 {
            guard let recorded = try? memory.bytes(handle: addresses[i], flavour: .linear, count: b.size) else { continue }
            if !Self.anyMarkedByteDiffers(recorded, eBytes, eMarks, start: b.start) { continue }
            var j = 0
            while j < b.size {
                let k = b.start + j
                guard eMarks[k] != .none, recorded[j] != eBytes[k] else { j += 1; continue }
                var end = j
                var want: [UInt8] = [], got: [UInt8] = []
                // One difference per run of differing marked bytes (at most 16).
                while end < b.size, eMarks[b.start + end] != .none, end - j < 16, recorded[end] != eBytes[b.start + end] {
                    want.append(recorded[end])
                    got.append(eBytes[b.start + end])
                    end += 1
                }
                add("buffer\(i) (\(b.site)) +\(j)", hexBytes(want), hexBytes(got))
                j = end
            }
        }
        return (diffs, count)
    }

    func hex(_ v: UInt64) -> String { "0x" + String(v, radix: 16) }
    func hexBytes(_ b: [UInt8]) -> String { Hex.encode(b) }

    /// Whether a marked byte of the buffer at `start` differs from
    /// `recorded` (its length). Most of a large buffer is unmarked output
    /// space: this branch-free pass vectorizes, and the byte walk that
    /// names the differing runs runs only when it finds one.
    static func anyMarkedByteDiffers(_ recorded: [UInt8], _ bytes: [UInt8], _ marks: [EncodedCall.ByteMark], start: Int) -> Bool {
        precondition(start >= 0 && start + recorded.count <= min(bytes.count, marks.count))
        return recorded.withUnsafeBufferPointer { r in
            bytes.withUnsafeBufferPointer { e in
                // Marks as raw bytes (0: `.none`): a select per byte, which vectorizes (an enum compare did not).
                marks.withUnsafeBufferPointer { $0.withMemoryRebound(to: UInt8.self) { m in
                    guard let r = r.baseAddress, let e = e.baseAddress, let m = m.baseAddress else { return false }
                    var any: UInt8 = 0
                    for j in 0 ..< recorded.count {
                        any |= (r[j] ^ e[start &+ j]) & (m[start &+ j] == 0 ? 0 : 0xFF)
                    }
                    return any != 0
                } }
            }
        }
    }
}

/// Per-file totals, as `xenabi trace check` prints them.
public struct TraceSummary: Hashable, Sendable, CustomStringConvertible {
    /// The file.
    public var file: String
    /// Calls, decoded, re-encoded, flavours equal, unknown.
    public var calls = 0, decoded = 0, reencoded = 0, flavoursEqual = 0, unknown = 0
    /// Calls that failed a check (unknown ones not included).
    public var failed = 0

    /// An empty summary of `file`.
    public init(file: String) { self.file = file }

    /// Adds one call's outcome.
    public mutating func add(_ c: CallCheck) {
        calls += 1
        if c.decoded != nil { decoded += 1 }
        if c.reencoded { reencoded += 1 }
        if c.flavoursEqual == true { flavoursEqual += 1 }
        if c.isUnknown { unknown += 1 } else if !c.passed { failed += 1 }
    }

    /// `FILE: N calls, D decoded, E re-encoded, F flavours equal, U unknown`.
    public var description: String {
        "\(file): \(calls) calls, \(decoded) decoded, \(reencoded) re-encoded, \(flavoursEqual) flavours equal, \(unknown) unknown"
    }
}
