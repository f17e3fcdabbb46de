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
            // Entries with a buffer in each physical flavour: the handles are
            // built for real (frames from /proc/self/pagemap, GFN-list pages).
            var batch = Multicall([.init(.xenVersion(.extraversion), flavour: .flat),
                                   .init(.xenVersion(.extraversion), flavour: .gfnList),
                                   .init(.xenVersion(.extraversion), flavour: .tagged),
                                   .init(.xenVersion(.version), flavour: .linear)]).encoded
            _ = try xc.issue(&batch)
            let results = (0 ..< 4).map { Multicall.result(of: $0, in: batch) }
            let handles = batch.buffers.enumerated().filter { $0.element.owner > 0 }.map { "0x" + String(batch.handle(of: $0.offset), radix: 16) }
            let e = XenErrno.ENOSYS.returnValue
            return (results == [e, e, e, 0x40011] && handles.count == 3,
                    "flat/gfnList/tagged entries -> \(results.prefix(3)), linear entry -> 0x\(String(results[3], radix: 16)); physical handles \(handles)")
        }

        r.check("pool.frames") {
            let pool = try HypercallBufferPool()
            let b = try pool.allocate(pages: 4)
            defer { pool.free(b) }
            let frames = try pool.frameNumbers(of: b)
            return (frames.count == 4 && Set(frames).count == 4 && !frames.contains(0),
                    "frames of a 4-page \(pool.backing) buffer: \(frames.map { "0x" + String($0, radix: 16) })")
        }

        // VCPUOP 16-18 are this ABI's: Xen 4.17's do_vcpu_op finds the vCPU
        // (-ENOENT when there is none), then arch_do_vcpu_op answers -ENOSYS.
        // The guest-side registry must pass each errno through and keep its
        // mirror of the table empty.
        r.check("softtlb.vcpuop.on_xen_4.17") {
            let xc = try XenCall(policy: .linear)
            let b = try xc.pool.allocate(pages: 1)
            defer { xc.pool.free(b) }
            let gpa = try xc.pool.frameNumbers(of: b)[0] << 12
            let issue: HcallBufferRegistry.Issue = { op in
                var c = EncodedCall()
                op.encode(into: &c)
                do throws(PrivcmdError) { return try xc.send(&c) } catch { return (error.xenErrno ?? XenErrno.EIO).returnValue }
            }
            func answer(_ body: () throws(XenErrno) -> Void) -> XenErrno? {
                do { try body(); return nil } catch { return error }
            }
            let reg = HcallBufferRegistry(vcpu: 0), ghost = HcallBufferRegistry(vcpu: 4095)
            let va = UInt64(UInt(bitPattern: b.address))
            let got = [
                answer { () throws(XenErrno) in try reg.register(va: va, gpa: gpa, size: 4096, issue: issue) },
                answer { () throws(XenErrno) in try reg.purge(va: va, size: 4096, issue: issue) },
                answer { () throws(XenErrno) in try reg.share(from: reg, issue: issue) },
                answer { () throws(XenErrno) in try ghost.register(va: va, gpa: gpa, size: 4096, issue: issue) },
            ]
            let want: [XenErrno?] = [.ENOSYS, .ENOSYS, .ENOSYS, .ENOENT]
            return (got == want && reg.table.count == 0 && ghost.table.count == 0,
                    "register/purge/share on vCPU 0 -> \(got.prefix(3).map { $0.map(String.init(describing:)) ?? "0" }), "
                        + "register on vCPU 4095 -> \(got[3].map(String.init(describing:)) ?? "0"); mirrors empty")
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
