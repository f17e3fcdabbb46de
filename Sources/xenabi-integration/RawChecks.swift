import CXen
import Privcmd
import XenABI

/// Checks of the raw privcmd path and of typed calls through `XenCall`.
enum RawChecks {
    static let xenVersion = UInt64(HypercallNumber.xen_version.rawValue)

    static func run(_ r: Report) {
        r.check("raw.version") {
            let p = try Privcmd()
            let v = try p.hypercall(xenVersion, HypercallArgs([UInt64(XENVER_version)]))
            return (v >> 16 == 4 && v & 0xffff == 17, "xen_version(XENVER_version) = 0x\(String(v, radix: 16)) via \(p.path)")
        }

        r.check("typed.version") {
            let xc = try XenCall(policy: .linear)
            let v = try xc.send(XenVersion.version).result
            let extra = XenVersion.string(from: try xc.send(XenVersion.extraversion).call)
            let caps = XenVersion.string(from: try xc.send(XenVersion.capabilities).call)
            r.info("typed: \(v >> 16).\(v & 0xffff)\(extra) capabilities \(caps) pool \(xc.pool.backing)")
            return (v == 0x40011 && extra.hasPrefix(".") && caps.contains("xen-3.0-x86_64"),
                    "\(v >> 16).\(v & 0xffff)\(extra)")
        }

        r.check("pool.device") {
            let pool = try HypercallBufferPool()
            return (pool.backing == .hypercallDevice, "backing \(pool.backing)")
        }

        r.check("policy.probe") {
            let xc = try XenCall(policy: .automatic(.tagged))
            let supported = try xc.physicalBuffersSupported()
            let f = try xc.currentFlavour()
            return (!supported && f == .linear && xc.fallbacks.map(\.reason) == [.featureAbsent],
                    "XENFEAT_hcall_phys_buffers \(supported ? "set" : "clear"), flavour \(f)")
        }

        r.check("restrict.eperm") {
            let p = try Privcmd()
            try p.restrict(to: 1)
            do {
                _ = try p.hypercall(xenVersion, HypercallArgs([UInt64(XENVER_version)]))
                return (false, "hypercall succeeded after RESTRICT")
            } catch {
                return ((error as? PrivcmdError) == .hypercall(.EPERM), "after RESTRICT: \(error)")
            }
        }

        // A flavoured op word reaches Xen only inside a multicall (privcmd
        // indexes its hypercall page with the top-level op): Xen 4.17 must
        // answer -ENOSYS there.
        r.check("flavour.enosys.from.xen") {
            let xc = try XenCall(policy: .linear)
            var batch = Multicall([.init(.xenVersion(.version), flavour: .flat),
                                   .init(.xenVersion(.version), flavour: .linear)]).encoded
            _ = try xc.issue(&batch)
            let r0 = Multicall.result(of: 0, in: batch), r1 = Multicall.result(of: 1, in: batch)
            return (r0 == XenErrno.ENOSYS.returnValue && r1 == 0x40011, "flat entry -> \(r0), linear entry -> 0x\(String(r1, radix: 16))")
        }

        r.check("flavour.fallback.multicall") {
            let log = LogLines()
            let xc = try XenCall(policy: .assumeSupported(.flat), log: { log.add($0) })
            let out = try xc.multicall([.xenVersion(.version), .xenVersion(.extraversion)])
            let ok = out.map(\.result) == [0x40011, 0] && XenVersion.string(from: out[1].call).hasPrefix(".")
                && xc.fallbacks.map(\.reason) == [.hypervisorENOSYS(OpWord(.xen_version, flavour: .flat))]
            for l in log.lines { r.info("fallback: \(l)") }
            return (ok, "results \(out.map(\.result)), fallbacks \(xc.fallbacks)")
        }

        r.check("flavour.fallback.toplevel") {
            let p = try Privcmd()
            let direct = p.hypercallResult(xenVersion | 1 << 12, HypercallArgs([UInt64(XENVER_version)]))
            r.info("top-level flat xen_version through privcmd -> \(direct)")
            let xc = try XenCall(policy: .assumeSupported(.flat))
            let v = try xc.send(XenVersion.version).result
            let v2 = try xc.send(XenVersion.version).result
            let now = try xc.currentFlavour()
            return (v == 0x40011 && v2 == 0x40011 && xc.fallbacks.count == 1 && now == .linear,
                    "fallback \(xc.fallbacks.map(\.description))")
        }

        r.check("multicall.xen_version") {
            let xc = try XenCall(policy: .linear)
            let out = try xc.multicall([.xenVersion(.version), .xenVersion(.extraversion),
                                        .xenVersion(.capabilities), .xenVersion(.pagesize),
                                        .xenVersion(.getFeatures(submap: 0))])
            let extra = XenVersion.string(from: out[1].call), caps = XenVersion.string(from: out[2].call)
            let direct = try xc.send(XenVersion.getFeatures(submap: 0)).call
            let ok = out.map(\.result) == [0x40011, 0, 0, 4096, 0] && extra.hasPrefix(".") && caps.contains("xen-3.0-x86_64")
                && XenVersion.featureSubmap(from: out[4].call) == XenVersion.featureSubmap(from: direct)
            return (ok, "results \(out.map(\.result)) extraversion \(extra) features 0x\(String(XenVersion.featureSubmap(from: out[4].call), radix: 16))")
        }
    }
}

final class LogLines: @unchecked Sendable {
    var lines: [String] = []
    func add(_ s: String) { lines.append(s) }
}
