import CXen
import Privcmd
import XenABI

/// Timings inside dom0, to set beside `bench-xencall` (libxencall).
enum Bench {
    static func run(_ r: Report, iterations n: Int) {
        do {
            let p = try Privcmd()
            let v = UInt64(HypercallNumber.xen_version.rawValue)
            let args = HypercallArgs([UInt64(XENVER_version)])
            var sink: Int64 = 0
            for _ in 0 ..< 1000 { sink &+= p.hypercallResult(v, args) }

            var t0 = nowNanoseconds()
            for _ in 0 ..< n { sink &+= p.hypercallResult(v, args) }
            r.bench("swift.raw.xen_version.ns", per(t0, n))

            let xc = try XenCall(pool: HypercallBufferPool(), policy: .linear)
            var call = XenVersion.version.encoded
            t0 = nowNanoseconds()
            for _ in 0 ..< n { sink &+= try xc.send(&call) }
            r.bench("swift.typed.xen_version.ns", per(t0, n))

            var extra = XenVersion.extraversion.encoded
            t0 = nowNanoseconds()
            for _ in 0 ..< n { sink &+= try xc.send(&extra) }
            r.bench("swift.typed.extraversion.ns", per(t0, n))

            let pool = xc.pool
            t0 = nowNanoseconds()
            for _ in 0 ..< n {
                let page = try pool.allocatePage()
                page.storeBytes(of: 1, as: UInt8.self)
                pool.freePage(page)
            }
            r.bench("swift.pool.alloc_free.ns", per(t0, n))
            if sink == 42 { r.info("") }
        } catch {
            r.info("bench failed: \(error)")
        }
    }

    static func per(_ t0: UInt64, _ n: Int) -> String {
        let ns = Double(nowNanoseconds() - t0) / Double(n)
        return String(Int((ns * 10).rounded())) .dropLast().description + "." + String(Int((ns * 10).rounded()) % 10)
    }
}
