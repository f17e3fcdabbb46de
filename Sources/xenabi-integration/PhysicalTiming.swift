import CXen
import Privcmd
import XenABI

/// One multi-page call, `linear` against `flat`, inside the patched Xen:
/// Xen's software page walk per 4 KiB chunk against a P2M lookup. The call
/// is staged once, on ascending consecutive GFNs, and only the handles
/// differ between the two (a linear address or a GPA), so the library's
/// staging is not in the figure: each iteration is one privcmd ioctl.
/// Blocks of the two alternate so that drift of the emulated clock cancels.
enum PhysicalTiming {
    static let dataPages = 16

    static func run(_ r: Report, iterations: Int) {
        do {
            let p = try Privcmd()
            let pool = try HypercallBufferPool()
            // Staged as XenCall stages flat buffers: every page on consecutive GFNs.
            let need = 1 + dataPages
            let staging = try XenCall(pool: pool, policy: .linear).stage(pages: need, consecutive: [0 ..< need])
            defer { pool.free(staging.mapped) }
            guard staging.consecutive else {
                r.info("timing: no window on consecutive GFNs in \(XenCall.flatStagingAttempts) tries")
                return
            }
            let (region, frames) = (staging.region, staging.frames)
            // buffer 0: the xen_sysctl; buffer 1: the console bytes, its handle nested in buffer 0.
            let call = Sysctl(.readconsole(clear: 0, incremental: 0, index: 0, count: UInt32(dataPages * 4096), buffer: .buffer)).encoded
            guard case .nested(0, let handleOffset) = call.buffers[1].site else {
                r.info("timing: unexpected readconsole layout")
                return
            }
            let va = UInt64(UInt(bitPattern: region.address)), gpa = frames[0] << 12
            let op = UInt64(HypercallNumber.sysctl.rawValue)
            func stage(_ f: Flavour) -> (UInt64, HypercallArgs) {
                let base = f == .flat ? gpa : va
                call.bytes(of: 0).withUnsafeBytes { region.address.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
                (region.address + handleOffset).storeBytes(of: base + 4096, as: UInt64.self)
                return (op | UInt64(f.rawValue) << 12, HypercallArgs([base]))
            }
            let block = 100
            var total: [Flavour: UInt64] = [.linear: 0, .flat: 0]
            var copied: [Flavour: UInt32] = [:]
            var n = 0
            while n < iterations {
                for f in [Flavour.linear, .flat] {
                    let (word, args) = stage(f)
                    let t0 = nowNanoseconds()
                    for _ in 0 ..< block where p.hypercallResult(word, args) != 0 {
                        r.info("timing: \(f) readconsole failed")
                        return
                    }
                    total[f]! += nowNanoseconds() - t0
                    copied[f] = (region.address + SysctlLayout.u + SysctlLayout.rcCount).load(as: UInt32.self)
                }
                n += block
            }
            let lin = Double(total[.linear]!) / Double(n), fl = Double(total[.flat]!) / Double(n)
            let bytes = Int(copied[.linear] ?? 0)
            r.bench("pvh.readconsole.linear.ns", "\(Int(lin))")
            r.bench("pvh.readconsole.flat.ns", "\(Int(fl))")
            r.info("timing: sysctl readconsole, \(bytes) console bytes (\((bytes + 4095) / 4096) pages) + the xen_sysctl page, staged once; "
                + "\(n) calls each, alternating blocks of \(block): linear \(Int(lin)) ns, flat \(Int(fl)) ns per call, linear/flat = \((lin / fl * 100).rounded() / 100)"
                + (copied[.linear] == copied[.flat] ? "" : " (byte counts differ: \(copied))"))
        } catch {
            r.info("timing: failed: \(error)")
        }
    }
}
