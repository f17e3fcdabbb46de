import XenABI
/// Semantics for typed calls the model has no specific handler for: a
/// deterministic function of the call's inputs, so every flavour can be
/// checked to read the same inputs and write the same outputs.
///
/// Each buffer's handle is discovered generically: the decoded value is
/// encoded again, and each handle is taken from its site (a register, or the
/// parent buffer's bytes as the decoder read them: `CallReads`).
extension ModelHypervisor {
    func generic(_ call: AnyHypercall, _ raw: RawHypercall, _ reads: CallReads, _ out: inout OutputBatch) throws(XenErrno) -> Int64 {
        let e = call.encoded
        let handles = try discoverHandles(e, raw, reads)
        // The inputs: scalar registers and input-marked bytes (never handles).
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ x: UInt64) { h = (h ^ x) &* 0x0000_0100_0000_01b3 }
        mix(UInt64(e.op.number.rawValue))
        for r in 0 ..< HypercallArgs.count { mix(e.raw.args[r]) }
        // Only buffers the hypervisor reads hold input bytes (an output-only
        // buffer can be 16 MiB of unmarked space).
        let (bytes, marks) = (e.bytes, e.marks)
        for b in e.buffers where b.direction.reads {
            for i in b.start ..< b.start + b.size where marks[i] == .input { mix(UInt64(bytes[i]) | UInt64(i) << 8) }
        }
        for (i, b) in e.buffers.enumerated() where b.direction.writes && !b.isNull {
            let f = b.owner == 0 ? raw.op.flavour : e.flavour(ofOwner: b.owner)
            // Write each run of non-handle bytes (handles are never written).
            // The handle slots are the sites of the buffers nested in this
            // one (8 bytes each, the bytes marked `.handle`), found without a
            // per-byte scan; a run's bytes come from a 64-bit LCG seeded by the
            // inputs' hash and the run's place. A hostile count can make an
            // output 16 MiB, so nothing here is per-byte beyond the fill.
            var slots = e.buffers.compactMap { n -> Int? in
                if case .nested(let parent, let offset) = n.site, parent == i { return offset }
                return nil
            }
            slots.sort()
            var next = 0  // first slot not yet passed
            var j = 0
            while j < b.size {
                while next < slots.count && slots[next] + 8 <= j { next += 1 }
                if next < slots.count && slots[next] <= j { j = slots[next] + 8; continue }
                let k = next < slots.count ? min(slots[next], b.size) : b.size
                mix(UInt64(i) << 32 | UInt64(j))
                mix(UInt64(k))
                var x = h
                let run = [UInt8](unsafeUninitializedCapacity: k - j) { bytes, n in
                    // Eight bytes per step: one LCG state, stored little-endian.
                    let p = UnsafeMutableRawPointer(bytes.baseAddress!)
                    var t = 0
                    while t < k - j {
                        x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                        let w = (x >> 32 | x << 32).littleEndian
                        if t + 8 <= k - j {
                            p.storeBytes(of: w, toByteOffset: t, as: UInt64.self)
                        } else {
                            withUnsafeBytes(of: w) { p.advanced(by: t).copyMemory(from: $0.baseAddress!, byteCount: k - j - t) }
                        }
                        t += 8
                    }
                    n = k - j
                }
                out.write(run, handle: handles[i], flavour: f, offset: j)
                j = k
            }
        }
        return Int64(h % 4096)
    }

    /// The handle value of every buffer of `e` as the guest issued it: a
    /// nested one from the parent's bytes the decoder read, never read again.
    func discoverHandles(_ e: EncodedCall, _ raw: RawHypercall, _ reads: CallReads) throws(XenErrno) -> [UInt64] {
        var handles: [UInt64] = []
        handles.reserveCapacity(e.bufferCount)
        for b in e.buffers {
            switch b.site {
            case .register(let r):
                handles.append(raw.args[r])
            case .nested(let parent, let offset):
                let po = e.buffer(parent).owner
                let pf = po == 0 ? raw.op.flavour : e.flavour(ofOwner: po)
                handles.append(try reads.word(handle: handles[parent], flavour: pf, offset: offset))
            }
        }
        return handles
    }
}
