import CXen
import Privcmd
import XenABI
import XenConformance

/// The PVH lane: the project's patched Xen serves the `flat` flavour to a
/// PVH dom0. Every check has a control that would fail on a Xen without the
/// series (stock Xen answers every flavoured op word with -ENOSYS).
enum PhysicalChecks {
    static let selfDomain = UInt16(XENABI_DOMID_SELF)

    /// The conformance set: read-only calls a guest or toolstack makes, each
    /// sent in `linear` and in `flavour`, top-level and in multicalls. In
    /// `tagged` it also holds a buffer over 511 pages: a two-level list
    /// (which `gfnList` cannot carry).
    static func conformanceSet(_ flavour: Flavour) -> [(String, AnyHypercall)] {
        var set: [(String, AnyHypercall)] = [
            ("xen_version.version", .xenVersion(.version)),
            ("xen_version.extraversion", .xenVersion(.extraversion)),
            ("xen_version.compile_info", .xenVersion(.compileInfo)),
            ("xen_version.capabilities", .xenVersion(.capabilities)),
            ("xen_version.changeset", .xenVersion(.changeset)),
            ("xen_version.platform_parameters", .xenVersion(.platformParameters)),
            ("xen_version.get_features", .xenVersion(.getFeatures(submap: 0))),
            ("xen_version.pagesize", .xenVersion(.pagesize)),
            ("xen_version.guest_handle", .xenVersion(.guestHandle)),
            ("xen_version.commandline", .xenVersion(.commandline)),
            ("xen_version.build_id", .xenVersion(.buildID(length: 256))),
            ("memory_op.maximum_ram_page", .memoryOp(.maximumRAMPage)),
            ("memory_op.current_reservation", .memoryOp(.currentReservation(domid: selfDomain))),
            ("memory_op.maximum_reservation", .memoryOp(.maximumReservation(domid: selfDomain))),
            ("memory_op.maximum_gpfn", .memoryOp(.maximumGPFN(domid: selfDomain))),
            ("memory_op.memory_map", .memoryOp(.memoryMap(nrEntries: 128))),
            ("console_io.read", .consoleIO(.read(count: 4096))),
            ("sysctl.physinfo", .sysctl(Sysctl(.physinfo))),
            ("sysctl.getdomaininfolist", .sysctl(Sysctl(.getDomainInfoList(firstDomain: 0, maxDomains: 64, buffer: .buffer)))),
            ("sysctl.cputopoinfo", .sysctl(Sysctl(.cputopoinfo(numCPUs: 8, cputopo: .buffer)))),
            ("domctl.getdomaininfo", .domctl(Domctl(domain: 0, .getDomainInfo))),
            ("grant_table_op.query_size", .grantTableOp(.querySize(.init(dom: selfDomain)))),
            ("event_channel_op.status", .eventChannelOp(.status(.init(dom: selfDomain, port: 1)))),
            ("hvm_op.get_param", .hvmOp(.getParam(.init(domid: selfDomain, index: UInt32(HVM_PARAM_STORE_EVTCHN))))),
        ]
        // Several pages: the console ring (Xen copies what it holds, up to
        // the 64 KiB asked for; its boot log is longer than a page).
        set.append(("sysctl.readconsole.64k", .sysctl(Sysctl(.readconsole(clear: 0, incremental: 0, index: 0, count: 65536, buffer: .buffer)))))
        if flavour == .tagged {
            set.append(("sysctl.readconsole.2m+4k", .sysctl(Sysctl(.readconsole(clear: 0, incremental: 0, index: 0, count: (2 << 20) + 4096, buffer: .buffer)))))
        }
        return set
    }

    static func run(_ r: Report) {
        r.check("pvh.feature.present") {
            let xc = try XenCall(policy: .linear)
            let bits = try xc.send(XenVersion.FeaturesQuery(submap: 0))
            let phys = bits & (1 << UInt32(XENFEAT_hcall_phys_buffers)) != 0
            let translated = bits & (1 << UInt32(XENFEAT_auto_translated_physmap)) != 0
            let auto = try XenCall(policy: .automatic(.flat))
            let f = try auto.currentFlavour()
            return (phys && translated && f == .flat && auto.fallbacks.isEmpty,
                    "submap 0 = 0x\(String(bits, radix: 16)): XENFEAT_hcall_phys_buffers \(phys ? "set" : "clear"), auto_translated_physmap \(translated ? "set" : "clear"); automatic(.flat) picks \(f)")
        }

        let linear: XenCall
        do {
            linear = try XenCall(policy: .linear)
        } catch {
            r.check("pvh.open", false, "\(error)")
            return
        }

        for flavour in [Flavour.flat, .gfnList, .tagged] {
            let set = conformanceSet(flavour)
            var equal = 0, masked = 0
            var diffs: [String] = []
            for (name, call) in set {
                let c = Conformance.topLevel(call, in: flavour, on: XenExecutor(xen: linear))
                masked += c.masked
                if c.equal { equal += 1 } else { diffs.append("\(name): \(c.why)") }
            }
            r.check("pvh.\(flavour).equals.linear.toplevel", diffs.isEmpty,
                    "\(equal)/\(set.count) calls byte-equal (\(masked) bytes masked as changing between the two linear runs)"
                        + (diffs.isEmpty ? "" : "; " + diffs.joined(separator: "; ")))

            // The call list in linear, flat and in the entries' own flavour
            // (a list-flavour list is read by index: patch 0009).
            for multicallFlavour in Set([Flavour.linear, .flat, flavour]).sorted(by: { $0.rawValue < $1.rawValue }) {
                r.check("pvh.\(flavour).equals.linear.multicall.\(multicallFlavour)") {
                    let (same, m, why) = Conformance.multicall(set.map(\.1), names: set.map(\.0), in: flavour, multicallFlavour: multicallFlavour, on: XenExecutor(xen: linear))
                    return (same, "\(set.count) \(flavour) entries in one \(multicallFlavour) multicall equal to linear ones (\(m) bytes masked)" + (same ? "" : ": " + why))
                }
            }
        }

        r.check("pvh.reserved_bits.enosys") {
            let p = try Privcmd()
            let version = UInt64(HypercallNumber.xen_version.rawValue)
            let control = p.hypercallResult(version | 1 << 12, HypercallArgs([UInt64(XENVER_version)]))
            let bit14 = p.hypercallResult(version | 1 << 14, HypercallArgs([UInt64(XENVER_version)]))
            let bit40 = p.hypercallResult(version | 1 << 40, HypercallArgs([UInt64(XENVER_version)]))
            var batch = Multicall([.init(.xenVersion(.version), flavour: .flat), .init(.xenVersion(.version))]).encoded
            let entrySite = batch.entries[1]
            batch.setFlavour(.linear, ofOwner: 0)
            let control0 = try linear.issue(&batch)
            let inBatchControl = try Multicall.outputs(of: batch, result: control0)[0]
            // Re-run with the second entry's op word given reserved bit 14.
            batch.store(OpWord(.xen_version).rawValue | 1 << 14, buffer: entrySite.buffer, at: entrySite.offset + MulticallLayout.op)
            let again = try linear.issue(&batch)
            let inBatch = try Multicall.outputs(of: batch, result: again)[1]
            let e = XenErrno.ENOSYS.returnValue
            return (control == 0x40011 && inBatchControl == 0x40011 && bit14 == e && bit40 == e && inBatch == e,
                    "flat xen_version 0x1011 -> 0x\(String(control, radix: 16)); op | 1<<14 -> \(bit14), op | 1<<40 -> \(bit40); in a multicall: flat entry -> 0x\(String(inBatchControl, radix: 16)), entry with bit 14 -> \(inBatch)")
        }

        r.check("pvh.flat.outside_p2m.efault") {
            let p = try Privcmd()
            let maxGPFN = try linear.send(MemoryOp.maximumGPFN(domid: selfDomain)).result
            let pool = linear.pool
            let page = try pool.allocate(pages: 1)
            defer { pool.free(page) }
            let gpa = try pool.frameNumbers(of: page)[0] << 12
            let op = UInt64(HypercallNumber.xen_version.rawValue) | UInt64(Flavour.flat.rawValue) << 12
            let inside = p.hypercallResult(op, HypercallArgs([UInt64(XENVER_extraversion), gpa]))
            let extra = String(decoding: UnsafeRawBufferPointer(start: page.address, count: 16).prefix { $0 != 0 }, as: UTF8.self)
            let outside = (UInt64(maxGPFN) + 0x10_0000) << 12
            let beyond = p.hypercallResult(op, HypercallArgs([UInt64(XENVER_extraversion), outside]))
            let wraps = p.hypercallResult(op, HypercallArgs([UInt64(XENVER_extraversion), ~UInt64(0) - 8]))
            let e = XenErrno.EFAULT.returnValue
            return (inside == 0 && extra.hasPrefix(".") && beyond == e && wraps == XenErrno.EINVAL.returnValue,
                    "extraversion to GPA 0x\(String(gpa, radix: 16)) -> \(inside) ('\(extra)'); to GPA 0x\(String(outside, radix: 16)) (max GPFN 0x\(String(maxGPFN, radix: 16))) -> \(beyond); to a range wrapping 2^64 -> \(wraps)")
        }

        r.check("pvh.flat.null_handle") {
            let p = try Privcmd()
            let op = UInt64(HypercallNumber.xen_version.rawValue) | UInt64(Flavour.flat.rawValue) << 12
            let null = p.hypercallResult(op, HypercallArgs([UInt64(XENVER_pagesize), ~UInt64(0)]))
            let nonNull = p.hypercallResult(op, HypercallArgs([UInt64(XENVER_pagesize), 0x1000]))
            let linearZero = p.hypercallResult(op & 0xfff, HypercallArgs([UInt64(XENVER_pagesize), 0]))
            return (null == 4096 && nonNull == XenErrno.EINVAL.returnValue && linearZero == 4096,
                    "XENVER_pagesize (null handle required): flat ~0 -> \(null), flat 0x1000 -> \(nonNull), linear 0 -> \(linearZero)")
        }

        HostileChecks.run(r)

        // In a list flavour an advanced handle is (descriptor, offset) for
        // the rest of its call, and a continuation carries the offset in the
        // op word (XEN_HCALL_RESUME_*). Ops that advance several descriptors
        // or write advanced handles into guest memory stay refused.
        r.check("pvh.lists.refuse_multi_descriptor_ops") {
            let p = try Privcmd()
            let e = XenErrno(rawValue: Int32(XEN_EOPNOTSUPP.rawValue)).returnValue
            var got: [String] = []
            var ok = true
            for f in [Flavour.gfnList, .tagged] {
                let w = UInt64(f.rawValue) << 12
                let batch = p.hypercallResult(UInt64(HypercallNumber.memory_op.rawValue) | w, HypercallArgs([UInt64(XENMEM_add_to_physmap_batch), ~UInt64(0)]))
                let argo = p.hypercallResult(UInt64(HypercallNumber.argo_op.rawValue) | w, HypercallArgs([0, ~UInt64(0)]))
                let hypfs = p.hypercallResult(UInt64(HypercallNumber.hypfs_op.rawValue) | w, HypercallArgs([0, ~UInt64(0)]))
                // Controls: empty batches of the ops that now run.
                let multicall = p.hypercallResult(UInt64(HypercallNumber.multicall.rawValue) | w, HypercallArgs([~UInt64(0), 0, 0]))
                let copy = p.hypercallResult(UInt64(HypercallNumber.grant_table_op.rawValue) | w, HypercallArgs([UInt64(GNTTABOP_copy), ~UInt64(0), 0]))
                ok = ok && batch == e && argo == e && hypfs == e && multicall == 0 && copy == 0
                got.append("\(f): add_to_physmap_batch \(batch), argo \(argo), hypfs \(hypfs); empty multicall \(multicall), empty grant copy \(copy)")
            }
            return (ok, got.joined(separator: "; "))
        }

        // The op word's bits 14 and up: reserved in linear and flat; in the
        // list flavours where a continued call resumes, bits 14-16 naming
        // argument 1-5. A start index beyond nr_calls fails a physical multicall.
        r.check("pvh.lists.resume_bits") {
            let p = try Privcmd()
            let nosys = XenErrno.ENOSYS.returnValue, inval = XenErrno.EINVAL.returnValue
            let version = UInt64(HypercallNumber.xen_version.rawValue)
            let args = HypercallArgs([UInt64(XENVER_version), 0x1000])
            var got: [String] = []
            var ok = true
            for f in Flavour.allCases {
                let w = UInt64(f.rawValue) << 12
                let arg1 = p.hypercallResult(version | w | 2 << 14, args)   // argument 1, offset 0
                let arg0 = p.hypercallResult(version | w | 0 << 14 | 1 << 17, args)
                let arg6 = p.hypercallResult(version | w | 6 << 14, args)
                let start = p.hypercallResult(UInt64(HypercallNumber.multicall.rawValue) | w, HypercallArgs([~UInt64(0), 0, 1]))
                let list = f.rawValue >= Flavour.gfnList.rawValue
                // XENVER_version reads no buffer: a valid resume changes nothing.
                ok = ok && arg1 == (list ? 0x40011 : nosys) && arg0 == nosys && arg6 == nosys
                    && start == (f == .linear ? 0 : inval)
                got.append("\(f): resume arg 2 -> \(String(arg1, radix: 16)), arg 0 -> \(arg0), arg 6 -> \(arg6); multicall start 1 of 0 -> \(start)")
            }
            return (ok, got.joined(separator: "; "))
        }

        r.check("pvh.flat.persistent_area.refused") {
            let p = try Privcmd()
            let op = UInt64(HypercallNumber.vcpu_op.rawValue) | UInt64(Flavour.flat.rawValue) << 12
            let runstate = p.hypercallResult(op, HypercallArgs([UInt64(VCPUOP_register_runstate_memory_area), 0, ~UInt64(0)]))
            let time = p.hypercallResult(op, HypercallArgs([UInt64(VCPUOP_register_vcpu_time_memory_area), 0, ~UInt64(0)]))
            let e = XenErrno(rawValue: Int32(XEN_EOPNOTSUPP.rawValue)).returnValue
            return (runstate == e && time == e, "flat VCPUOP_register_runstate_memory_area -> \(runstate), register_vcpu_time_memory_area -> \(time)")
        }
    }
}
