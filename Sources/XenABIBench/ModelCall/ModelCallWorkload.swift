import SoftTLB
import XenABI
@_spi(Bench) import XenModel

/// One whole hypercall through the hypervisor model, per flavour: the
/// guest encodes it into its reused call, points the handles at its
/// hypercall buffers (placed once, as a guest's buffer pool is) and writes
/// the inputs there; the model decodes and resolves the handles, copies in,
/// runs the call and copies the outputs out (`ModelHypervisor.execute`);
/// the guest reads the outputs back.
public final class ModelCallWorkload {
    /// How the guest names its buffers.
    public enum Naming: String, CaseIterable, Sendable {
        /// `linear`, the model walking the page tables per page.
        case linearWalk = "linear.walk"
        /// `linear`, with the buffers registered in the vCPU's software TLB.
        case linearTLB = "linear.tlb"
        /// `flat` GPAs (contiguous buffers).
        case flat
        /// One-level GFN lists (scattered frames).
        case gfnList
        /// `tagged` descriptors (scattered frames: a one-level list here).
        case tagged

        /// The op-word flavour.
        public var flavour: Flavour {
            switch self {
            case .linearWalk, .linearTLB: .linear
            case .flat: .flat
            case .gfnList: .gfnList
            case .tagged: .tagged
            }
        }
    }

    /// The domain.
    public let domain: ModelDomain
    /// The model hypervisor serving it.
    public let hypervisor: ModelHypervisor
    /// The typed call.
    public let value: AnyHypercall
    /// The guest's buffers for it, placed once.
    public let placed: GuestPlacedCall
    /// The guest's reused call: an issue slot, recording no per-byte marks.
    public var call = EncodedCall(recordingMarks: false)

    /// `value` with its buffers placed for `naming`.
    public init(_ value: AnyHypercall, naming: Naming) {
        self.value = value
        domain = ModelDomain(frameCount: 1 << 13)
        var h = ModelHypervisor(domain)
        // The typed-call log is for conformance checks: off, as in a
        // hypervisor, so a warm call allocates nothing.
        h.recordsDecoded = false
        hypervisor = h
        peerBlock = .allocate(byteCount: 128, alignment: 16)
        peerBlock.initializeMemory(as: UInt8.self, repeating: 0)
        for (k, c) in h.info.extraversion.utf8.prefix(31).enumerated() { peerBlock[96 + k] = c }
        peerBlock.storeBytes(of: UnsafeRawPointer(peerBlock.baseAddress! + 96), toByteOffset: 32, as: UnsafeRawPointer.self)
        let f = naming.flavour
        let list = naming == .gfnList || naming == .tagged
        placed = try! domain.place(value.encoded, flavour: { _ in f },
                                   options: GuestPlacementOptions(offsets: .pageAligned, scattered: list))
        if naming == .linearTLB {
            // What VCPUOP_register_hcall_buffer installs: one entry per buffer.
            let table = SoftTLBTable()
            for p in placed.placed.compactMap({ $0 }) {
                try! table.insert(va: p.va - p.offset, gpa: p.gfns[0] << 12, size: UInt64(p.gfns.count) << 12)
            }
            domain.vcpus[0].tlb = SoftTLBCursor(table: table)
        }
        _ = run(2)
    }

    /// `n` whole calls; returns the sum of the return values.
    public func run(_ n: Int) -> UInt64 {
        var c = EncodedCall()
        swap(&c, &call)
        var sum: UInt64 = 0
        let owners = placed.flavours
        let hypervisor = self.hypervisor  // once per loop, as in `runExecute`
        for _ in 0 ..< n {
            value.encode(into: &c)
            for o in 0 ..< c.ownerCount { c.setFlavour(owners[o], ofOwner: o) }
            for i in 0 ..< c.bufferCount { c.setHandle(of: i, to: placed.call.handle(of: i)) }
            for i in 0 ..< c.bufferCount {
                guard let p = placed.placed[i] else { continue }
                c.bytes(of: i).withUnsafeBytes { domain.writeGuest(p, from: $0) }
            }
            let r = hypervisor.execute(c.raw)
            for i in 0 ..< c.bufferCount where c.buffer(i).direction.writes {
                guard let p = placed.placed[i] else { continue }
                c.withMutableBytes(of: i) { read(p, into: $0) }
            }
            sum &+= UInt64(bitPattern: r.returnValue)
        }
        swap(&c, &call)
        return sum
    }

    /// The hypervisor side alone: `n` executions of the call as the guest
    /// issued it (its inputs already in guest memory, from `init`): op word
    /// decoded, arguments read, the work done, outputs written. Returns the
    /// sum of the return values.
    public func runExecute(_ n: Int) -> UInt64 {
        let raw = call.raw
        // Held in a local for the loop, as a caller issuing calls would:
        // read from the class per call, the struct (a dozen strings and
        // arrays of reported values) is copied out, a retain and a release
        // of each, more than the call itself.
        let hypervisor = self.hypervisor
        var sum: UInt64 = 0
        for _ in 0 ..< n { sum &+= UInt64(bitPattern: hypervisor.execute(raw).returnValue) }
        return sum
    }

    /// The same `n` executions by the minimal C dispatch (nil when the peer
    /// is not linked): the same op word and registers, over the domain's
    /// own frames and P2M (`ModelDomain.withPageWalkTables`).
    public var runCExecute: ((Int) -> UInt64)? {
        guard let dispatch = ModelCallPeers.cDispatch else { return nil }
        let raw = call.raw, base = hypervisor.info.frameBase
        return { [domain, peerBlock] n in
            let args = peerBlock.baseAddress!.advanced(by: 48).assumingMemoryBound(to: UInt64.self)
            for (k, a) in [raw.args.a0, raw.args.a1, raw.args.a2, raw.args.a3, raw.args.a4].enumerated() { args[k] = a }
            return domain.withPageWalkTables { frames, types, count in
                // struct xenabi_peer_domain: frames, types, frame_count, frame_base, extraversion.
                let d = peerBlock.baseAddress!
                d.storeBytes(of: UnsafeRawPointer(frames), toByteOffset: 0, as: UnsafeRawPointer.self)
                d.storeBytes(of: UnsafeRawPointer(types), toByteOffset: 8, as: UnsafeRawPointer.self)
                d.storeBytes(of: count, toByteOffset: 16, as: UInt64.self)
                d.storeBytes(of: base, toByteOffset: 24, as: UInt64.self)
                var sum: UInt64 = 0
                for _ in 0 ..< n { sum &+= UInt64(bitPattern: dispatch(d, raw.op.rawValue, args)) }
                return sum
            }
        }
    }

    /// The C dispatch's argument block: `struct xenabi_peer_domain` at 0
    /// (40 bytes; its extraversion pointer at 32 points at the C string at
    /// 96), the five argument registers at 48.
    let peerBlock: UnsafeMutableRawBufferPointer

    deinit { peerBlock.deallocate() }

    /// The guest reading a placed buffer back (no array: into `into`).
    func read(_ p: PlacedBuffer, into: UnsafeMutableRawBufferPointer) {
        var done = 0, at = Int(p.offset), page = 0
        while done < into.count {
            let n = min(4096 - (at & 4095), into.count - done)
            domain.memory.read(gpa: p.gfns[page] << 12 | UInt64(at & 4095),
                               into: UnsafeMutableRawBufferPointer(rebasing: into[done ..< done + n]))
            done += n
            at = 0
            page += 1
        }
    }
}
