import Testing
import CXen
@testable import XenABI
import GuestPlacement
@testable import XenModel
import XenABITestSupport

/// What a guest observes of one call: the return value, what the model
/// decoded (the inputs it read), and every buffer's bytes afterwards with
/// handle slots blanked (their values are flavour-specific by design).
struct Observation: Equatable, CustomStringConvertible {
    var returnValue: Int64
    var decoded: [AnyHypercall]
    var outputs: [[UInt8]]
    var description: String { "rv \(returnValue), decoded \(decoded.count), outputs \(outputs.map(\.count))" }
}

/// Places `call` in a fresh guest with `flavour(owner)`, runs it to
/// completion on the model (continuations included) and observes the guest.
func observe(_ call: EncodedCall, flavour: (Int) -> Flavour, options: GuestPlacementOptions, budget: Int? = nil) throws -> (Observation, GuestPlacedCall) {
    let d = ModelDomain(frameCount: 1 << 16)
    var p = try d.place(call, flavour: flavour, options: options)
    var hv = ModelHypervisor(d)
    hv.multicallBudget = budget
    let (r, _) = hv.run(p.raw)
    d.readBack(&p)
    var outs: [[UInt8]] = []
    for (i, b) in p.call.buffers.enumerated() {
        var bytes = Array(p.call.bytes(of: i))
        for j in 0 ..< b.size where p.call.marks[b.start + j] == .handle { bytes[j] = 0 }
        // Entry op words carry their flavour (bits 12-13) by design.
        for e in p.call.entries where e.buffer == i { bytes[e.offset + MulticallLayout.op + 1] &= ~0x30 }
        outs.append(bytes)
    }
    return (Observation(returnValue: r.returnValue, decoded: r.decoded, outputs: outs), p)
}

/// Random, self-consistent field values for a catalog entry, with buffers
/// up to about `maxBytes`.
func randomFields(_ e: CallCatalog.Entry, _ rng: inout SeededRNG, maxBytes: Int) -> FieldValues {
    var raw: [String: String] = [:]
    let n = Int.random(in: 1 ... max(1, maxBytes / 8), using: &rng)
    let names = Set(e.fields.map(\.name))
    for f in e.fields {
        // VCPUOP 16-18 check their struct's fields (Specs/softtlb.md): the one
        // vCPU of `observe`'s domain, page-aligned ranges for a register, a
        // zero gpa for a purge, only the source for a share, so some calls succeed.
        if e.hypercall == "vcpu_op" && e.subop.contains("hcall_buffer") {
            let register = e.subop == "register_hcall_buffer", purge = e.subop == "purge_hcall_buffers"
            switch f.name {
            case "vcpuid", "source": raw[f.name] = "0"
            case "va" where register: raw[f.name] = String(UInt64.random(in: 1 ..< 1 << 30, using: &rng) << 12)
            case "va" where purge: raw[f.name] = String(UInt64.random(in: 1 ..< 1 << 42, using: &rng))
            case "gpa" where register: raw[f.name] = String(UInt64.random(in: 1 ..< 1 << 30, using: &rng) << 12)
            case "size" where register: raw[f.name] = String(UInt64.random(in: 1 ... 64, using: &rng) << 12)
            case "size" where purge: raw[f.name] = String(UInt64.random(in: 0 ... 1 << 20, using: &rng))
            case "flags" where register || purge: raw[f.name] = String(UInt32.random(in: 0 ... 1, using: &rng))
            default: raw[f.name] = "0"
            }
            continue
        }
        switch f.name {
        case "extents": raw[f.name] = (0 ..< n).map { _ in String(UInt64.random(in: 0 ..< 1 << 36, using: &rng)) }.joined(separator: ",")
        case "nr_extents": if !names.contains("extents") { raw[f.name] = String(n) }
        case "extent_order": raw[f.name] = String(Int.random(in: 0 ... 9, using: &rng))
        // Address bits 13-255 or none: 1-12 make a reservation return before
        // it reads any extent (construct_memop_from_reservation's -EINVAL).
        case "mem_flags": raw[f.name] = String(Bool.random(using: &rng) ? 0 : Int.random(in: 13 ... 255, using: &rng))
        case "want_frames": raw[f.name] = Bool.random(using: &rng) ? "1" : "0"
        case "len": raw[f.name] = String(Int.random(in: 1 ... max(1, maxBytes), using: &rng))
        case "count": raw[f.name] = String(Int.random(in: 1 ... 6, using: &rng))
        case "submap": raw[f.name] = String(Int.random(in: 0 ... 2, using: &rng))
        case "domid", "start_extent": break
        // The toolstack reads the model answers as Xen does (ModelHypervisor+Sysctl,
        // +Domctl) check their target: the model's one domain (0), its vCPU 0,
        // a CPU policy that exists; so some calls succeed.
        case "domain", "vcpu": raw[f.name] = "0"
        case "index" where e.subop == "get_cpu_policy": raw[f.name] = String(Int.random(in: 0 ... 5, using: &rng))
        case "leaves" where e.subop == "get_cpu_policy", "msrs" where e.subop == "get_cpu_policy": raw[f.name] = Bool.random(using: &rng) ? "1" : "0"
        case "nr_leaves" where e.subop == "get_cpu_policy", "nr_msrs" where e.subop == "get_cpu_policy": raw[f.name] = String(Int.random(in: 0 ... 8, using: &rng))
        default: raw[f.name] = String(Int.random(in: 0 ... 255, using: &rng))
        }
    }
    return FieldValues(raw)
}

/// Same op word, registers (handles are zero before placement), buffer
/// shapes and input-marked bytes.
func sameInputs(_ a: EncodedCall, _ b: EncodedCall) -> Bool {
    guard a.op == b.op, a.raw.args == b.raw.args, a.buffers == b.buffers, a.marks == b.marks else { return false }
    for i in a.bytes.indices where a.marks[i] == .input && a.bytes[i] != b.bytes[i] { return false }
    return true
}

@Suite("Equivalence of the four flavours (the central property)")
struct EquivalenceTests {
    static let sizes = [1, 100, 5000, 70_000, 600_000, 8 << 20]

    /// For every typed encoder, random field values and random placements
    /// (aligned, unaligned, page-straddling; contiguous or scattered GFNs),
    /// the model reads the same inputs in all four flavours (and a random
    /// per-owner mix), returns the same value and leaves the same bytes.
    @Test(arguments: CallCatalog.entries.indices)
    func everyEncoderEveryFlavour(_ index: Int) throws {
        let entry = CallCatalog.entries[index]
        var rng = SeededRNG(seed: 0x5eed &+ UInt64(index))
        var successes = 0
        for (trial, maxBytes) in EquivalenceTests.sizes.enumerated() {
            let call: AnyHypercall
            do { call = try entry.make(randomFields(entry, &rng, maxBytes: maxBytes)) } catch {
                call = try entry.make(FieldValues())
            }
            let encoded = call.encoded
            let options = GuestPlacementOptions(offsets: [.pageAligned, .random, .straddle][trial % 3],
                                                scattered: trial % 2 == 1, seed: rng.next())
            let (reference, _) = try observe(encoded, flavour: { _ in .linear }, options: options)
            var assignments: [(String, (Int) -> Flavour)] = Flavour.allCases.dropFirst().map { f in ("\(f)", { _ in f }) }
            let mix = (0 ..< encoded.ownerCount).map { _ in Flavour.allCases.randomElement(using: &rng)! }
            assignments.append(("mix \(mix)", { mix[$0] }))
            for (name, flavour) in assignments {
                let (o, p) = try observe(encoded, flavour: flavour, options: options)
                // What the patched Xen refuses in a flavour, the model refuses alike.
                if let refused = ModelHypervisor.flavourRefusal(encoded.op.with(flavour: flavour(0)), cmd: encoded.args[0]) {
                    #expect(o.returnValue == refused.returnValue, "\(entry.hypercall).\(entry.subop) \(name): \(o)")
                    continue
                }
                #expect(o == reference, "\(entry.hypercall).\(entry.subop) size \(maxBytes) \(name) vs linear: \(o) / \(reference)")
                _ = p
            }
            // The model read exactly the inputs the encoder wrote: what it
            // decoded encodes to the same op, registers and input bytes.
            let calls: [AnyHypercall] = if case .multicall(let m) = call { m.entries.map(\.call) } else { [call] }
            if reference.decoded.count == calls.count {
                for (got, want) in zip(reference.decoded, calls) {
                    #expect(sameInputs(got.encoded, want.encoded), "\(entry.hypercall).\(entry.subop): decoded \(got) from \(want)")
                }
            } else {
                #expect(reference.returnValue < 0, "\(entry.hypercall).\(entry.subop): decoded \(reference.decoded.count) of \(calls.count) calls")
            }
            if reference.returnValue >= 0 { successes += 1 }
        }
        #expect(successes > 0, "\(entry.hypercall).\(entry.subop) never succeeded")
    }

    /// A preempted multicall continues as Xen's does (call_list advanced in
    /// `linear` and `flat`, the start index in the third argument in the list
    /// flavours), never rewriting the call list except for result fields;
    /// the outcome equals the unpreempted run, in every flavour.
    @Test(arguments: Flavour.allCases)
    func multicallContinuation(_ flavour: Flavour) throws {
        let entries: [Multicall.Entry] = [.init(.xenVersion(.version)), .init(.xenVersion(.extraversion), flavour: .tagged),
                                          .init(.memoryOp(.increaseReservation(.init(nrExtents: 5), wantFrames: true)), flavour: .gfnList),
                                          .init(.xenVersion(.compileInfo), flavour: .flat), .init(.xenVersion(.pagesize))]
        let call = AnyHypercall.multicall(Multicall(entries)).encoded
        let fl: (Int) -> Flavour = { $0 == 0 ? flavour : call.flavour(ofOwner: $0) }
        let (whole, _) = try observe(call, flavour: fl, options: .init(offsets: .straddle, scattered: true))
        let (stepped, _) = try observe(call, flavour: fl, options: .init(offsets: .straddle, scattered: true), budget: 2)
        #expect(whole == stepped)
        #expect(whole.returnValue == 0)
        let d = ModelDomain()
        let p = try d.place(call, flavour: fl)
        var hv = ModelHypervisor(d)
        hv.multicallBudget = 2
        let first = hv.execute(p.raw)
        let cont = try #require(first.continuation)
        #expect(first.returnValue == Int64(p.raw.op.rawValue))
        if flavour.isPhysical {
            #expect(cont.args[2] == 2 && cont.args[0] == p.raw.args[0] && cont.args[1] == 5)
        } else {
            #expect(cont.args[0] == p.raw.args[0] + 2 * UInt64(MulticallLayout.size) && cont.args[1] == 3)
        }
        // The call list: only result fields of the entries run so far changed.
        let list = d.readGuest(p.placed[0]!)
        for k in 0 ..< entries.count {
            for j in 0 ..< MulticallLayout.size where !(MulticallLayout.result ..< MulticallLayout.result + 8).contains(j) {
                #expect(list[k * MulticallLayout.size + j] == p.call.bytes[k * MulticallLayout.size + j])
            }
        }
        #expect(try Multicall.outputs(of: p.call, result: 0)[0] == 0)  // not run at placement
    }
}

@Suite("console_io semantics")
struct ConsoleIOTests {
    @Test(arguments: Flavour.allCases)
    func writeThenRead(_ f: Flavour) throws {
        let d = ModelDomain(frameCount: 1 << 14)
        let text = Array("hello from the guest, through every flavour".utf8)
        let w = try d.place(AnyHypercall.consoleIO(.write(text)).encoded, flavour: { _ in f }, options: .init(offsets: .straddle, scattered: true))
        #expect(ModelHypervisor(d).execute(w.raw).returnValue == 0)
        #expect(d.consoleOutput == text)
        let read = try ModelHypervisor(d).run(ConsoleIO.ReadQuery(count: 6), flavour: f, options: .init(offsets: .random, seed: 3))
        #expect(read.result == 6 && read.outputs == Array("xenabi".utf8))
        // A read into a page that is not RAM fails, writes nothing, consumes nothing.
        let bad = try d.place(AnyHypercall.consoleIO(.read(count: 100)).encoded, flavour: { _ in f })
        d.p2m.setType(.notPresent, of: bad.placed[0]!.gfns[0])
        var before = d.memory.digest()
        #expect(ModelHypervisor(d).execute(bad.raw).returnValue == XenErrno.EFAULT.returnValue)
        #expect(d.memory.digest() == before)
        #expect(d.consoleInput == Array(" model console input\n".utf8))
        // Into read-only RAM the copy succeeds with its bytes discarded
        // (`__hvm_copy`): the input is consumed, the page unchanged.
        d.p2m.setType(.ramRO, of: bad.placed[0]!.gfns[0])
        before = d.memory.digest()
        #expect(ModelHypervisor(d).execute(bad.raw).returnValue == 21)
        #expect(d.memory.digest() == before)
        #expect(d.consoleInput.isEmpty)
    }
}

@Suite("Flavour transform")
struct FlavourTransformTests {
    /// A buffer beyond one level falls back to linear for its owner only when allowed.
    @Test func gfnListBeyondOneLevel() throws {
        let big = AnyHypercall.consoleIO(.write(Array(repeating: 0x41, count: 511 * 4096 + 1))).encoded
        let d = ModelDomain()
        let p = try d.place(big, flavour: { _ in .gfnList })
        #expect(p.flavours == [.linear] && p.raw.op.flavour == .linear)
        #expect(ModelHypervisor(d).execute(p.raw).returnValue == 0)
        #expect(throws: PlacementError.descriptor(buffer: 0, .tooLarge(pages: 512, limit: 511))) {
            try ModelDomain().place(big, flavour: { _ in .gfnList }, options: .init(fallback: .refuse))
        }
        // Exactly 511 aligned pages still fit one level.
        let fits = AnyHypercall.consoleIO(.write(Array(repeating: 0x42, count: 511 * 4096))).encoded
        let q = try ModelDomain().place(fits, flavour: { _ in .gfnList })
        #expect(q.flavours == [.gfnList] && q.descriptors[0]?.kind == .list1)
        // Tagged picks list2 for scattered pages beyond 511.
        let t = try ModelDomain().place(big, flavour: { _ in .tagged }, options: .init(scattered: true))
        #expect(t.descriptors[0]?.kind == .list2 && t.raw.args[2] & 3 == 2)
    }
}

@Suite("grant_table_op copy semantics")
struct GrantCopyTests {
    @Test(arguments: Flavour.allCases)
    func copiesBetweenOwnFrames(_ f: Flavour) throws {
        let d = ModelDomain(frameCount: 1 << 14)
        let src = d.allocateFrame()!, dst = d.allocateFrame()!
        let text = Array("granted bytes".utf8)
        text.withUnsafeBytes { d.memory.write(gpa: src << 12 | 100, from: $0) }
        let me = UInt16(XENABI_DOMID_SELF)
        typealias C = GrantTableOp.Copy
        let copies = [C(source: .init(.gmfn(src), domid: me, offset: 100), dest: .init(.gmfn(dst), domid: me, offset: 7), len: UInt16(text.count)),
                      C(source: .init(.ref(5), domid: me, offset: 0), dest: .init(.gmfn(dst), domid: me, offset: 0), len: 8),
                      C(source: .init(.gmfn(src), domid: me, offset: 4000), dest: .init(.gmfn(dst), domid: me, offset: 0), len: 200),
                      C(source: .init(.gmfn(src), domid: 3, offset: 0), dest: .init(.gmfn(dst), domid: me, offset: 0), len: 1)]
        var p = try d.place(AnyHypercall.grantTableOp(.copy(copies)).encoded, flavour: { _ in f }, options: .init(offsets: .straddle))
        #expect(ModelHypervisor(d).execute(p.raw).returnValue == 0)
        var out = [UInt8](repeating: 0, count: text.count)
        out.withUnsafeMutableBytes { d.memory.read(gpa: dst << 12 | 7, into: $0) }
        #expect(out == text)
        d.readBack(&p)
        let statuses = try GrantTableOp.CopyBatch.outputs(of: p.call, result: 0)
        #expect(statuses == [Int16(GNTST_okay), Int16(GNTST_bad_gntref), Int16(GNTST_bad_copy_arg), Int16(GNTST_bad_domain)])
        // Status array not RAM: the entries cannot be read, -EFAULT, no copy.
        let q = try d.place(AnyHypercall.grantTableOp(.copy([copies[0]])).encoded, flavour: { _ in f })
        let zero = [UInt8](repeating: 0, count: text.count)
        zero.withUnsafeBytes { d.memory.write(gpa: dst << 12 | 7, from: $0) }
        d.p2m.setType(.notPresent, of: q.placed[0]!.gfns[0])
        let before = d.memory.digest()
        #expect(ModelHypervisor(d).execute(q.raw).returnValue == XenErrno.EFAULT.returnValue)
        #expect(d.memory.digest() == before)
        // Status array read-only RAM: the copy is made, its status discarded.
        d.p2m.setType(.ramRO, of: q.placed[0]!.gfns[0])
        let statusGPA = expectedGPA(q.placed[0]!.gfns, q.placed[0]!.offset, UInt64(GrantTableOp.CopyRaw.Offsets.status))
        let marker = Int16(0x5a5a).littleEndian  // a status no copy writes (GNTST_okay is 0)
        withUnsafeBytes(of: marker) { d.memory.write(gpa: statusGPA, from: $0) }
        #expect(ModelHypervisor(d).execute(q.raw).returnValue == 0)
        out.withUnsafeMutableBytes { d.memory.read(gpa: dst << 12 | 7, into: $0) }
        #expect(out == text)
        var status = Int16(0)
        withUnsafeMutableBytes(of: &status) { d.memory.read(gpa: statusGPA, into: $0) }
        #expect(status == 0x5a5a)
    }
}
