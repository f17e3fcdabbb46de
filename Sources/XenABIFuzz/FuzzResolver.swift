import XenABI
import XenModel

/// libFuzzer entry point over the hypervisor model's resolver and
/// dispatcher: places a typed call (or a multicall of several, each entry in
/// its own flavour) in a model guest with three vCPUs, may register its
/// buffers in a vCPU's software TLB (some pages, maybe wrong frames), share
/// tables between vCPUs and warm the caller's cursor, lets the input corrupt
/// registers, the op word, descriptors, buffers, the P2M and the TLBs, then
/// executes it from one of the vCPUs. Invariants: nothing traps; a call
/// refused before it decoded anything leaves guest memory byte-identical (a
/// call that fails later may keep what its earlier copies wrote, as in Xen:
/// Specs/abi.md section 6); a multicall leaves guest memory exactly as its
/// entries run one by one would (section 5), failed or not.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    var input = FuzzInput(UnsafeBufferPointer(start: data, count: size))
    FuzzCase.run(&input)
    return 0
}

struct FuzzInput {
    let bytes: UnsafeBufferPointer<UInt8>
    var at = 0
    init(_ b: UnsafeBufferPointer<UInt8>) { bytes = b }
    var isEmpty: Bool { at >= bytes.count }
    mutating func byte() -> UInt8 {
        defer { at += 1 }
        return at < bytes.count ? bytes[at] : 0
    }
    mutating func word() -> UInt64 {
        var v: UInt64 = 0
        for i in 0 ..< 8 { v |= UInt64(byte()) << (8 * UInt64(i)) }
        return v
    }
}

enum FuzzCase {
    static let entries = CallCatalog.entries
    static let single = entries.filter { $0.hypercall != "multicall" }
    static let vcpuCount = 3

    /// A typed call from the catalog, fields from the input; nil if the entry refuses them.
    static func make(_ entry: CallCatalog.Entry, _ input: inout FuzzInput) -> AnyHypercall? {
        var fields: [String: String] = [:]
        for f in entry.fields {
            switch f.name {
            case "extents": fields[f.name] = (0 ..< Int(input.byte() % 9) + 1).map { String($0 * 7) }.joined(separator: ",")
            case "domid", "start_extent": break
            default: fields[f.name] = String(input.byte() % 40)
            }
        }
        return try? entry.make(FieldValues(fields))
    }

    /// One input's guest, call and hypervisor, built deterministically from
    /// the input, so `build` run twice on the same input gives two identical
    /// domains (the multicall reference runs on the second).
    struct Case {
        var d: ModelDomain
        var placed: GuestPlacedCall
        var hv: ModelHypervisor
        var op: UInt64
        var args: HypercallArgs
        /// The frame VCPUOP 16-18 issued by the harness keep their
        /// `vcpu_hcall_buffer_t` in (passed flat, as an encrypted guest would).
        var argFrame: UInt64
    }

    static func build(_ input: inout FuzzInput) -> Case? {
        // Two bytes: the catalog has more than 256 entries, and one byte
        // never reached those after the 256th.
        let pick = Int(input.byte()) | Int(input.byte()) << 8
        let flavour = Flavour(rawValue: input.byte() & 3)!
        let shape = input.byte()
        let setup = input.byte()
        let call: AnyHypercall
        var flavours: [Flavour] = [flavour]
        if setup & 0x80 != 0 {
            // A multicall of up to four catalog calls, each in its own flavour:
            // entries with real outputs, so a batch can fail after some ran.
            var list: [Multicall.Entry] = []
            for _ in 0 ..< Int(setup >> 5 & 3) + 1 {
                let e = single[(Int(input.byte()) | Int(input.byte()) << 8) % single.count]
                let f = Flavour(rawValue: input.byte() & 3)!
                guard let c = make(e, &input) else { continue }
                list.append(.init(c, flavour: f))
                flavours.append(f)
            }
            call = .multicall(Multicall(list))
        } else {
            guard let c = make(entries[pick % entries.count], &input) else { return nil }
            call = c
        }
        let d = ModelDomain(frameCount: 1 << 12, vcpus: vcpuCount)
        let options = GuestPlacementOptions(offsets: [.pageAligned, .random, .straddle][Int(shape % 3)],
                                            scattered: shape & 4 != 0, seed: UInt64(shape) + 1)
        guard let placed = try? d.place(call.encoded, flavour: { flavours[min($0, flavours.count - 1)] }, options: options) else { return nil }
        let caller = Int(setup) % vcpuCount
        var hv = ModelHypervisor(d, vcpu: caller)
        if shape & 8 != 0 { hv.multicallBudget = 1 }
        guard let argFrame = d.allocateFrame() else { return nil }
        if setup & 0x18 != 0 { populateTLBs(d, placed, hv, argFrame: argFrame, &input) }
        return Case(d: d, placed: placed, hv: hv, op: placed.raw.op.rawValue, args: placed.raw.args, argFrame: argFrame)
    }

    /// Registers the placed buffers' pages (VCPUOP_register_hcall_buffer,
    /// through the model) on one vCPU, maybe against wrong frames or only
    /// some pages, shares tables between vCPUs, then reads every buffer
    /// linear on the caller so its cursor's front caches are filled: the
    /// call's copies then take the hit path (last entry, page slots).
    static func populateTLBs(_ d: ModelDomain, _ placed: GuestPlacedCall, _ hv: ModelHypervisor, argFrame: UInt64, _ input: inout FuzzInput) {
        let mode = input.byte()
        let owner = UInt32(mode % UInt8(vcpuCount))
        func vcpuOp(_ op: VCPUOp) { hcall(hv, op, argFrame: argFrame) }
        for b in placed.placed.compactMap({ $0 }) where b.size > 0 {
            let base = b.va - b.offset
            for (i, gfn) in b.gfns.enumerated() {
                if mode & 0x08 != 0 && input.byte() & 1 == 0 { continue }  // leave a hole: that page walks
                let wrong = mode & 0x10 != 0 ? UInt64(input.byte()) : 0    // another frame (or beyond RAM)
                vcpuOp(.registerHcallBuffer(vcpu: owner, va: base + UInt64(i) * 4096, gpa: (gfn ^ wrong) << 12, size: 4096))
            }
        }
        // Shares: the caller onto the owner's table, or another vCPU onto the caller's.
        let caller = UInt32(hv.vcpu)
        if mode & 0x20 != 0 { vcpuOp(.shareHcallBuffers(vcpu: caller, source: owner)) }
        if mode & 0x40 != 0 { vcpuOp(.shareHcallBuffers(vcpu: (caller + 1) % UInt32(vcpuCount), source: caller)) }
        if mode & 0x80 != 0 { vcpuOp(.purgeHcallBuffers(vcpu: owner, va: placed.placed.compactMap { $0 }.first?.va ?? 0, size: UInt64(input.byte()) << 8)) }
        // Warm the caller's cursor: every buffer read linear once.
        for b in placed.placed.compactMap({ $0 }) where b.size > 0 {
            _ = try? d.copyFromGuest(b.va, flavour: .linear, count: min(b.size, 1 << 16), vcpu: hv.vcpu)
        }
    }

    /// Corruptions: (kind, index, value) triples until the input runs out.
    static func corrupt(_ c: inout Case, _ input: inout FuzzInput) {
        let d = c.d
        while !input.isEmpty {
            let kind = input.byte(), index = Int(input.byte()), value = input.word()
            switch kind % 12 {
            case 0: c.args[index % 5] = value
            case 1: c.op ^= value
            case 2: // a descriptor word (list pages) or a handle's neighbourhood
                let ds = c.placed.descriptors.compactMap { $0 }
                if let desc = ds.isEmpty ? nil : ds[index % ds.count] {
                    let gpa = (desc.handle & ~3 & ~4095) | UInt64(index * 8 % 4096)
                    if gpa >> 12 < d.frameCount { d.memory.store64(value, gpa: gpa) }
                }
            case 3: // a byte of a placed buffer (nested handles, sizes, counts)
                let bs = c.placed.placed.compactMap { $0 }
                if let b = bs.isEmpty ? nil : bs[index % bs.count], b.size > 0 {
                    let o = Int(value % UInt64(b.size))
                    let g = b.gfns[Int((b.offset + UInt64(o)) >> 12)] << 12 | ((b.offset + UInt64(o)) & 4095)
                    let one = UInt8(truncatingIfNeeded: value >> 56)
                    withUnsafeBytes(of: one) { d.memory.write(gpa: g, from: $0) }
                }
            case 4: d.p2m.setType(P2MType(rawValue: UInt8(index % 4))!, of: value % d.frameCount)
            case 5: d.encrypted.toggle()
            case 6: d.p2m.setShared(false, value % d.frameCount)
            case 7: d.vcpus[c.hv.vcpu].userMode.toggle()
            case 8: // a register on any vCPU's table (any va, gpa, size; global or in the caller's address space)
                hcall(c.hv, .registerHcallBuffer(vcpu: UInt32(index % (vcpuCount + 1)), va: value & ~0xfff,
                                                 gpa: (value >> 20 & 0xfff) << 12, size: UInt64(index % 5) << 12,
                                                 addressSpace: value & 1 != 0), argFrame: c.argFrame)
            case 9: hcall(c.hv, .shareHcallBuffers(vcpu: UInt32(index % vcpuCount), source: UInt32(index / vcpuCount % vcpuCount)),
                          argFrame: c.argFrame)
            case 10: hcall(c.hv, .purgeHcallBuffers(vcpu: UInt32(index % vcpuCount), va: value, size: UInt64(index) << 12,
                                                    addressSpace: value >> 63 != 0), argFrame: c.argFrame)
            default: c.args[index % 5] ^= 1 << (value % 64)
            }
        }
    }

    /// Issues `op` with its `vcpu_hcall_buffer_t` written to `argFrame` and passed flat.
    static func hcall(_ hv: ModelHypervisor, _ op: VCPUOp, argFrame: UInt64) {
        var e = EncodedCall()
        op.encode(into: &e)
        e.setFlavour(.flat, ofOwner: 0)
        e.bytes(of: 0).withUnsafeBytes { hv.domain.memory.write(gpa: argFrame << 12, from: $0) }
        e.setHandle(of: 0, to: argFrame << 12)
        _ = hv.execute(e.raw)
    }

    /// Invocations the harness makes per call (the first and its continuations).
    static let maxInvocations = 65

    static func run(_ input: inout FuzzInput) {
        let origin = input
        guard var c = build(&input) else { return }
        corrupt(&c, &input)
        let d = c.d
        let multicall = c.op & 0xfff == UInt64(HypercallNumber.multicall.rawValue)
        let before = d.memory.digest()
        var r = c.hv.execute(op: c.op, args: c.args)
        var invocations = 1
        while let cont = r.continuation, invocations < maxInvocations {
            r = c.hv.execute(cont)
            invocations += 1
        }
        if r.returnValue < 0 && !multicall && r.decoded.isEmpty && d.memory.digest() != before {
            fatalError("call refused with \(r.returnValue) before decoding wrote guest memory")
        }
        if multicall {
            // Specs/abi.md section 5: a multicall is a sequence of calls, each
            // entry read, run and its result written before the next; entries
            // that ran keep their effects. Replay it as exactly that on an
            // identical domain.
            var again = origin
            guard var ref = build(&again) else { fatalError("build is not deterministic") }
            corrupt(&ref, &again)
            precondition(ref.d.memory.digest() == before, "build is not deterministic")
            let rv = referenceMulticall(ref.hv, op: ref.op, args: ref.args)
            if d.memory.digest() != ref.d.memory.digest() {
                fatalError("multicall (returned \(r.returnValue), reference \(rv)) left memory unlike its entries run in order")
            }
            if (r.returnValue < 0) != (rv < 0) {
                fatalError("multicall returned \(r.returnValue), reference \(rv)")
            }
        }
        d.readBack(&c.placed)
    }

    /// The multicall as Specs/abi.md sections 5-7 define it, one invocation
    /// at a time: entry k is read (its 64 bytes), run as a call of its own
    /// (a nested multicall answers -EINVAL without running), its result
    /// written to its slot, and only then entry k + 1 read; the batch stops
    /// only when an entry cannot be read or its result written. Returns the
    /// last invocation's return value.
    static func referenceMulticall(_ hv: ModelHypervisor, op: UInt64, args: HypercallArgs) -> Int64 {
        var args = args
        let size = MulticallLayout.size
        for _ in 0 ..< maxInvocations {
            guard let word = try? OpWord(validating: op) else { return -1 }
            let f = word.flavour
            if f.isPhysical && !hv.physicalBuffers { return -1 }
            let list = args[0], n = UInt64(UInt32(truncatingIfNeeded: args[1]))
            guard n <= UInt64(Multicall.maxEntries) else { return -1 }
            // Physical flavours read by index from the third argument (patch 0009).
            let start = f.isPhysical ? UInt64(UInt32(truncatingIfNeeded: args[2])) : 0
            guard start <= n else { return -1 }
            var next: UInt64?
            var k = start
            while k < n {
                if k != start, let budget = hv.multicallBudget, k - start >= UInt64(max(budget, 1)) { next = k; break }
                guard let entry = try? hv.domain.copyFromGuest(list, flavour: f, offset: Int(k) * size, count: size, vcpu: hv.vcpu) else { return -1 }
                func entryWord(_ at: Int) -> UInt64 {
                    var v: UInt64 = 0
                    for i in 0 ..< 8 { v |= UInt64(entry[at + i]) << (8 * UInt64(i)) }
                    return v
                }
                var entryArgs = HypercallArgs()
                for r in 0 ..< HypercallArgs.count { entryArgs[r] = entryWord(MulticallLayout.args + 8 * r) }
                let entryOp = entryWord(MulticallLayout.op)
                // The model checks the op word first (reserved bits, the feature), then nesting.
                var nested = false
                if let w = try? OpWord(validating: entryOp), w.number == .multicall { nested = !w.flavour.isPhysical || hv.physicalBuffers }
                let result = nested ? XenErrno.EINVAL.returnValue : hv.execute(op: entryOp, args: entryArgs).returnValue
                let slot = withUnsafeBytes(of: UInt64(bitPattern: result).littleEndian) { Array($0) }
                do {
                    try hv.domain.copyToGuest(list, flavour: f, offset: Int(k) * size + MulticallLayout.result, bytes: slot, vcpu: hv.vcpu)
                } catch { return -1 }
                k += 1
            }
            guard let k = next else { return 0 }
            if f.isPhysical {
                args[2] = k
            } else {
                args[0] = list &+ (k - start) * UInt64(size)
                args[1] = n - k
            }
        }
        return 0
    }
}

/// libFuzzer's driver (`FuzzerInterface.h`), for the `main` SwiftPM links in.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32
) -> Int32

/// SwiftPM renames an executable's `main` to `<target>_main`; run libFuzzer from it.
@_cdecl("XenABIFuzz_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var c = argc
    var v = argv
    return LLVMFuzzerRunDriver(&c, &v) { data, size in fuzzOne(data, size) }
}
