import Privcmd
import XenABI

/// One multi-page call, `linear` against `flat`, on the patched Xen: Xen's
/// page walk per 4 KiB chunk against a P2M lookup. Blocks of the two
/// alternate so that drift of the emulated clock cancels; the buffers are
/// staged identically (same pool, same pages), only the flavour differs.
enum PhysicalTiming {
    static func run(_ r: Report, iterations: Int) {
        do {
            let xen = try XenCall(policy: .linear)
            let call = AnyHypercall.sysctl(Sysctl(.readconsole(clear: 0, incremental: 0, index: 0, count: 65536, buffer: .buffer)))
            var probe = call.encoded
            _ = try xen.issue(&probe)
            let copied = probe.load(UInt32.self, buffer: 0, at: SysctlLayout.u + SysctlLayout.rcCount)
            let block = 50
            var total: [Flavour: UInt64] = [.linear: 0, .flat: 0]
            var n = 0
            while n < iterations {
                for f in [Flavour.linear, .flat] {
                    var c = call.encoded
                    c.setFlavour(f, ofOwner: 0)
                    let t0 = nowNanoseconds()
                    for _ in 0 ..< block {
                        var d = c
                        _ = try xen.issue(&d)
                    }
                    total[f]! += nowNanoseconds() - t0
                }
                n += block
            }
            let lin = Double(total[.linear]!) / Double(n), fl = Double(total[.flat]!) / Double(n)
            r.bench("pvh.readconsole.linear.ns", "\(Int(lin))")
            r.bench("pvh.readconsole.flat.ns", "\(Int(fl))")
            r.info("timing: sysctl readconsole copying \(copied) bytes (\((Int(copied) + 4095) / 4096) pages), \(n) calls each, alternating blocks of \(block): linear \(Int(lin)) ns, flat \(Int(fl)) ns per call, linear/flat = \((lin / fl * 100).rounded() / 100)")
        } catch {
            r.info("timing: failed: \(error)")
        }
    }
}
