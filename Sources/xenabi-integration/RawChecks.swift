import CXen
import Privcmd
import XenABI

/// Checks of the raw privcmd path and of typed calls through `XenCall`.
enum RawChecks {
    static let xenVersion = UInt64(HypercallNumber.xen_version.rawValue)

    /// `lane`: "pv" (Debian's Xen, which has no physical flavours) or "pvh"
    /// (the project's patched Xen).
    static func run(_ r: Report, lane: String) {
        let stock = lane != "pvh"
        r.check("raw.version") {
            let p = try Privcmd()
            let v = try p.hypercall(xenVersion, HypercallArgs([UInt64(XENVER_version)]))
            return (v >> 16 == 4 && v & 0xffff == 17, "xen_version(XENVER_version) = 0x\(String(v, radix: 16)) via \(p.path)")
        }

        r.check("typed.version") {
            let xc = try XenCall(policy: .linear)
            let v = try xc.send(XenVersion.VersionQuery())
            let extra = try xc.send(XenVersion.StringQuery.extraversion)
            let caps = try xc.send(XenVersion.StringQuery.capabilities)
            r.info("typed: \(v)\(extra) capabilities \(caps) pool \(xc.pool.backing)")
            return (v == XenVersionNumber(major: 4, minor: 17) && extra.hasPrefix(".") && caps.contains("xen-3.0-x86_64"),
                    "\(v)\(extra)")
        }

        r.check("pool.device") {
            let pool = try HypercallBufferPool()
            return (pool.backing == .hypercallDevice, "backing \(pool.backing)")
        }

        if stock { r.check("policy.probe") {
            let xc = try XenCall(policy: .automatic(.tagged))
            let supported = try xc.physicalBuffersSupported()
            let f = try xc.currentFlavour()
            return (!supported && f == .linear && xc.fallbacks.map(\.reason) == [.featureAbsent],
                    "XENFEAT_hcall_phys_buffers \(supported ? "set" : "clear"), flavour \(f)")
        } }

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

        // The other ioctls reach Xen and come back with its answer, typed.
        r.check("mmapbatch_v2.per_frame_errors") {
            let p = try Privcmd()
            do {
                let m = try p.mapForeign(domain: 0, frames: [0xff_ffff_ffff, 0xff_ffff_fffe], protection: .read)
                return (m.errors.count == 2 && m.errors.allSatisfy { $0 < 0 }, "per-frame errors \(m.errors) for two bogus frames of dom0")
            } catch {
                return (false, "MMAPBATCH_V2 failed as a whole: \(error)")
            }
        }

        r.check("dm_op.reaches_xen") {
            let p = try Privcmd()
            let buf = UnsafeMutableRawBufferPointer.allocate(byteCount: MemoryLayout<xen_dm_op>.size, alignment: 8)
            defer { buf.deallocate() }
            buf.initializeMemory(as: UInt8.self, repeating: 0)
            buf.storeBytes(of: UInt32(XEN_DMOP_create_ioreq_server), as: UInt32.self)
            do {
                let rc = try p.dmOp(domain: 0, buffers: [buf])
                return (false, "create_ioreq_server on PV dom0 succeeded (\(rc))")
            } catch {
                // Xen locks the target with rcu_lock_remote_domain_by_id: a
                // domain naming itself is refused with -EPERM.
                guard case .hypercall(let e)? = error as? PrivcmdError else { return (false, "\(error)") }
                return (e == .EPERM, "XEN_DMOP_create_ioreq_server on dom0 itself -> \(e)")
            }
        }

        r.check("mmap_resource.reaches_xen") {
            let p = try Privcmd()
            do {
                let n = try p.resourceSize(domain: 0, type: UInt32(XENMEM_resource_grant_table), id: UInt32(XENMEM_resource_grant_table_id_shared))
                return (n > 0, "dom0 shared grant table: \(n) frames")
            } catch {
                // XENMEM_acquire_resource on oneself: -EPERM (rcu_lock_remote_domain_by_id).
                guard case .system(_, let e)? = error as? PrivcmdError else { return (false, "\(error)") }
                return (e == .notPermitted, "grant table size query on dom0 itself -> \(e)")
            }
        }

        // A PV domain's pagemap gives PFNs while Xen reads MFNs: the library
        // must never build a physical handle there, whatever the policy says.
        if stock { r.check("pv.physical.refused") {
            let xc = try XenCall(policy: .assumeSupported(.flat))
            let out = try xc.multicall([.xenVersion(.version), .xenVersion(.extraversion)])
            let v = try xc.send(XenVersion.version).result
            var flatCall = AnyHypercall.xenVersion(.extraversion).encoded
            flatCall.setFlavour(.flat, ofOwner: 0)
            let refused: Bool
            do { _ = try xc.issue(&flatCall); refused = false } catch {
                refused = (error as? PrivcmdError) == .physicalPlacementRefused(.untranslatedDomain)
            }
            let direct = try Privcmd().hypercallResult(xenVersion | 1 << 12, HypercallArgs([UInt64(XENVER_version)]))
            let extra = try out[1].outputs(as: XenVersion.StringQuery.self)
            let ok = out.map(\.result) == [0x40011, 0] && extra.hasPrefix(".") && v == 0x40011
                && xc.fallbacks.map(\.reason) == [.untranslatedDomain] && refused && direct == XenErrno.ENOSYS.returnValue
            return (ok, "assumeSupported(.flat) on PV: results \(out.map(\.result)), \(v == 0x40011 ? "version ok" : "version \(v)"), fallbacks \(xc.fallbacks.map(\.description)); a flat issue refused: \(refused); raw 0x1011 -> \(direct) (stock Xen)")
        } }

        r.check("multicall.xen_version") {
            let xc = try XenCall(policy: .linear)
            let out = try xc.multicall([.xenVersion(.version), .xenVersion(.extraversion),
                                        .xenVersion(.capabilities), .xenVersion(.pagesize),
                                        .xenVersion(.getFeatures(submap: 0))])
            let extra = try out[1].outputs(as: XenVersion.StringQuery.self), caps = try out[2].outputs(as: XenVersion.StringQuery.self)
            let direct = try xc.send(XenVersion.FeaturesQuery(submap: 0))
            let inBatch = try out[4].outputs(as: XenVersion.FeaturesQuery.self)
            let ok = out.map(\.result) == [0x40011, 0, 0, 4096, 0] && extra.hasPrefix(".") && caps.contains("xen-3.0-x86_64")
                && inBatch == direct
            return (ok, "results \(out.map(\.result)) extraversion \(extra) features 0x\(String(inBatch, radix: 16))")
        }
    }
}

final class LogLines: @unchecked Sendable {
    var lines: [String] = []
    func add(_ s: String) { lines.append(s) }
}
