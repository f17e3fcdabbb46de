import CXen
import Privcmd
import XenABI

/// One multi-page call four ways inside the patched Xen: `linear` walked
/// (Xen's software page walk per 4 KiB chunk), `linear` served by the
/// software TLB (the region registered with VCPUOP 16), `flat` (a P2M
/// lookup per chunk) and `gfnList` (a list read, then a P2M lookup). The
/// call is staged once, on ascending consecutive GFNs, and only the handles
/// differ between the ways, so the library's staging is not in the figure:
/// each iteration is one privcmd ioctl. Blocks of the ways alternate so
/// that drift of the emulated clock cancels.
enum PhysicalTiming {
    static let dataPages = 16

    enum Way: String, CaseIterable { case walk, tlb, flat, gfnList }

    static func run(_ r: Report, iterations: Int) {
        do {
            let p = try Privcmd()
            let pool = try HypercallBufferPool()
            let xc = try XenCall(privcmd: p, pool: pool, policy: .automatic(.tagged))
            // Staged as XenCall stages flat buffers: every page on consecutive GFNs.
            let need = 1 + dataPages
            let staging = try XenCall(pool: pool, policy: .linear).stage(pages: need, consecutive: [0 ..< need])
            defer { pool.free(staging.mapped) }
            guard staging.consecutive else {
                r.info("timing: no window on consecutive GFNs in \(XenCall.flatStagingAttempts) tries")
                return
            }
            let (region, frames) = (staging.region, staging.frames)
            // Two GFN lists: one for the xen_sysctl page, one for the data.
            let lists = try pool.allocate(pages: 2)
            defer { pool.free(lists) }
            let listFrames = try pool.frameNumbers(of: lists)
            let l0 = lists.address.assumingMemoryBound(to: UInt64.self), l1 = l0 + 512
            l0[0] = 0; l0[1] = frames[0]
            l1[0] = 0
            for i in 0 ..< dataPages { l1[1 + i] = frames[1 + i] }
            // buffer 0: the xen_sysctl; buffer 1: the console bytes, its handle nested in buffer 0.
            let call = Sysctl(.readconsole(clear: 0, incremental: 0, index: 0, count: UInt32(dataPages * 4096), buffer: .buffer)).encoded
            guard case .nested(0, let handleOffset) = call.buffer(1).site else {
                r.info("timing: unexpected readconsole layout")
                return
            }
            let va = UInt64(UInt(bitPattern: region.address)), gpa = frames[0] << 12
            let op = UInt64(HypercallNumber.sysctl.rawValue)
            func stage(_ w: Way) -> (UInt64, HypercallArgs) {
                let (f, top, data): (Flavour, UInt64, UInt64) = switch w {
                case .walk, .tlb: (.linear, va, va + 4096)
                case .flat: (.flat, gpa, gpa + 4096)
                case .gfnList: (.gfnList, listFrames[0] << 12, listFrames[1] << 12)
                }
                call.bytes(of: 0).withUnsafeBytes { region.address.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
                (region.address + handleOffset).storeBytes(of: data, as: UInt64.self)
                return (op | UInt64(f.rawValue) << 12, HypercallArgs([top]))
            }
            func tlb(_ on: Bool) throws {
                let b: VCPUOp = on
                    ? .registerHcallBuffer(vcpu: 0, .register(va: va, gpa: gpa, size: UInt64(need * 4096), addressSpace: true))
                    : .purgeHcallBuffers(vcpu: 0, .purge(va: 0, size: VCPUOp.HcallBuffer.purgeAll))
                _ = try xc.send(b)
            }
            let block = 100
            var total: [Way: UInt64] = [:]
            var copied: [Way: UInt32] = [:]
            var n = 0
            while n < iterations {
                for w in Way.allCases {
                    if w == .tlb { try tlb(true) }
                    let (word, args) = stage(w)
                    let t0 = nowNanoseconds()
                    for _ in 0 ..< block where p.hypercallResult(word, args) != 0 {
                        r.info("timing: \(w) readconsole failed")
                        return
                    }
                    total[w, default: 0] += nowNanoseconds() - t0
                    if w == .tlb { try tlb(false) }
                    copied[w] = (region.address + SysctlLayout.u + SysctlLayout.rcCount).load(as: UInt32.self)
                }
                n += block
            }
            let ns = Way.allCases.map { Double(total[$0]!) / Double(n) }
            let bytes = Int(copied[.walk] ?? 0)
            for (w, v) in zip(Way.allCases, ns) { r.bench("pvh.readconsole.\(w.rawValue).ns", "\(Int(v))") }
            func ratio(_ a: Double, _ b: Double) -> String { "\((a / b * 100).rounded() / 100)" }
            r.info("timing: sysctl readconsole, \(bytes) console bytes (\((bytes + 4095) / 4096) pages) + the xen_sysctl page, staged once; "
                + "\(n) calls each way, alternating blocks of \(block): "
                + zip(Way.allCases, ns).map { "\($0.0.rawValue) \(Int($0.1)) ns" }.joined(separator: ", ")
                + "; walk/tlb = \(ratio(ns[0], ns[1])), walk/flat = \(ratio(ns[0], ns[2])), walk/gfnList = \(ratio(ns[0], ns[3]))"
                + (Set(copied.values).count == 1 ? "" : " (byte counts differ: \(copied))"))
        } catch {
            r.info("timing: failed: \(error)")
        }
    }
}
