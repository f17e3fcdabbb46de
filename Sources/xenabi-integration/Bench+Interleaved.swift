#if canImport(Glibc)
import Glibc
#endif
import CXen
import Privcmd
import XenABI

/// The same comparison inside one process, in alternating blocks: Debian's
/// libxencall (`dlopen`ed, `xencall2`, `xencall_alloc_buffer`) against the
/// Swift path. Host load drifts slowly under TCG; blocks of a few hundred
/// calls, alternated, see the same drift; the median of the adjacent-block
/// ratios is what a descheduled QEMU thread cannot move.
extension Bench {
    typealias XencallOpen = @convention(c) (OpaquePointer?, UInt32) -> OpaquePointer?
    typealias Xencall2 = @convention(c) (OpaquePointer?, UInt32, UInt64, UInt64) -> Int32
    typealias XencallAlloc = @convention(c) (OpaquePointer?, Int) -> UnsafeMutableRawPointer?
    typealias XencallFree = @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?) -> Void

    static func interleaved(_ r: Report, iterations n: Int, block: Int = 20) {
        guard let lib = dlopen("libxencall.so.1", RTLD_NOW),
              let o = dlsym(lib, "xencall_open"), let c2 = dlsym(lib, "xencall2"),
              let a = dlsym(lib, "xencall_alloc_buffer"), let f = dlsym(lib, "xencall_free_buffer") else {
            r.info("interleaved bench: libxencall.so.1 not loadable")
            return
        }
        let xopen = unsafeBitCast(o, to: XencallOpen.self), xcall2 = unsafeBitCast(c2, to: Xencall2.self)
        let xalloc = unsafeBitCast(a, to: XencallAlloc.self), xfree = unsafeBitCast(f, to: XencallFree.self)
        guard let h = xopen(nil, 0), let xc = try? XenCall(policy: .linear) else {
            r.info("interleaved bench: cannot open libxencall or privcmd")
            return
        }
        let op = UInt32(HypercallNumber.xen_version.rawValue)
        var call = XenVersion.version.encoded
        var extra = XenVersion.extraversion.encoded
        var cNs: UInt64 = 0, swiftNs: UInt64 = 0, cExtraNs: UInt64 = 0, swiftExtraNs: UInt64 = 0
        var cAllocNs: UInt64 = 0, swiftAllocNs: UInt64 = 0
        var sink: Int64 = 0
        // Per pair of adjacent blocks: Swift time over C time. Their median
        // is what a load spike on the host cannot move.
        let blocks = max(1, n / block)
        var pairs: [[Double]] = [[], [], [], []]
        for i in 0 ..< 4 { pairs[i].reserveCapacity(blocks) }
        let args = HypercallArgs([UInt64(XENVER_version)])
        var user = [UInt8](repeating: 0, count: MemoryLayout<xen_extraversion_t>.size)
        for _ in 0 ..< blocks {
            var t = nowNanoseconds()
            for _ in 0 ..< block { sink &+= Int64(xcall2(h, op, UInt64(XENVER_version), 0)) }
            let c1 = nowNanoseconds() - t
            t = nowNanoseconds()
            for _ in 0 ..< block { sink &+= (try? xc.send(&call)) ?? -1 }
            let s1 = nowNanoseconds() - t
            cNs += c1; swiftNs += s1
            pairs[0].append(Double(s1) / Double(max(c1, 1)))
            // The typed layer's own cost: typed send against the bare ioctl.
            t = nowNanoseconds()
            for _ in 0 ..< block { sink &+= xc.privcmd.hypercallResult(UInt64(op), args) }
            let raw = nowNanoseconds() - t
            pairs[3].append(Double(s1) / Double(max(raw, 1)))

            t = nowNanoseconds()
            for _ in 0 ..< block {
                let b = xalloc(h, user.count)
                sink &+= Int64(xcall2(h, op, UInt64(XENVER_extraversion), UInt64(UInt(bitPattern: b))))
                user.withUnsafeMutableBytes { $0.baseAddress!.copyMemory(from: b!, byteCount: $0.count) }
                xfree(h, b)
            }
            let c2 = nowNanoseconds() - t
            t = nowNanoseconds()
            for _ in 0 ..< block { sink &+= (try? xc.send(&extra)) ?? -1 }
            let s2 = nowNanoseconds() - t
            cExtraNs += c2; swiftExtraNs += s2
            pairs[1].append(Double(s2) / Double(max(c2, 1)))

            t = nowNanoseconds()
            for _ in 0 ..< block { let b = xalloc(h, 64); b?.storeBytes(of: 1, as: UInt8.self); xfree(h, b) }
            let c3 = nowNanoseconds() - t
            t = nowNanoseconds()
            for _ in 0 ..< block {
                if let p = try? xc.pool.allocatePage() { p.storeBytes(of: 1, as: UInt8.self); xc.pool.freePage(p) }
            }
            let s3 = nowNanoseconds() - t
            cAllocNs += c3; swiftAllocNs += s3
            pairs[2].append(Double(s3) / Double(max(c3, 1)))
        }
        func median(_ v: [Double]) -> String {
            let x = Int((v.sorted()[v.count / 2] * 1000).rounded())
            return "\(x / 1000)." + String(String(x % 1000 + 1000).dropFirst())
        }
        let total = Double(blocks * block)
        func ns(_ v: UInt64) -> String { String(Int((Double(v) / total).rounded())) }
        func ratio(_ s: UInt64, _ c: UInt64) -> String {
            let x = Int((Double(s) / Double(max(c, 1)) * 1000).rounded())
            return "\(x / 1000)." + String(String(x % 1000 + 1000).dropFirst())
        }
        r.bench("interleaved.c.xencall2.xen_version.ns", ns(cNs))
        r.bench("interleaved.swift.typed.xen_version.ns", ns(swiftNs))
        r.bench("interleaved.ratio.typed_xen_version", ratio(swiftNs, cNs))
        r.bench("interleaved.median_pair_ratio.typed_xen_version", median(pairs[0]))
        r.bench("interleaved.c.xencall2.extraversion_bounce.ns", ns(cExtraNs))
        r.bench("interleaved.swift.typed.extraversion.ns", ns(swiftExtraNs))
        r.bench("interleaved.ratio.typed_extraversion", ratio(swiftExtraNs, cExtraNs))
        r.bench("interleaved.median_pair_ratio.typed_extraversion", median(pairs[1]))
        r.bench("interleaved.c.alloc_free.ns", ns(cAllocNs))
        r.bench("interleaved.swift.pool.alloc_free.ns", ns(swiftAllocNs))
        r.bench("interleaved.ratio.alloc_free", ratio(swiftAllocNs, cAllocNs))
        r.bench("interleaved.median_pair_ratio.alloc_free", median(pairs[2]))
        r.bench("interleaved.median_pair_ratio.typed_over_raw_ioctl", median(pairs[3]))
        if sink == 42 { r.info("") }
    }
}
