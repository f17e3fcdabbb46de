#if canImport(Glibc)
import Glibc
#endif
import CXen
import Privcmd
import XenABI
import XenToolstack

/// The software TLB of hypercall buffers in the patched Xen (patches
/// 0010-0011), from dom0 user space: registrations tagged with this
/// process's address space, Xen's own counters for hits, misses and walks,
/// and `hcall-nowalk`, under which Xen does not walk user-space linear
/// handles, as for a guest it cannot walk (SEV, TDX, CCA).
enum TLBChecks {
    /// `XENVER_commandline` writes 1024 bytes; placed 512 bytes before a
    /// page end it is two page chunks, so each call is two lookups.
    static let chunksPerCall = 2
    static let calls = 64

    /// `xen_version(XENVER_commandline, va)` as a raw linear call: the
    /// buffer is exactly where the check put it, not where a placement
    /// would. Returns Xen's result.
    static func commandline(_ p: Privcmd, at va: UInt64) -> Int64 {
        p.hypercallResult(UInt64(HypercallNumber.xen_version.rawValue), HypercallArgs([UInt64(XENVER_commandline), va]))
    }

    /// VCPUOP 16-18 on vCPU 0 with the struct in `tagged`, which Xen reads
    /// by guest-physical address: it works when nothing can be walked.
    static func vcpuOp(_ xc: XenCall, _ op: VCPUOp) -> Int64 {
        do { return try xc.send(op).result } catch {
            if case .hypercall(let e) = error { return e.returnValue }
            return Int64.min
        }
    }

    /// `hcall-nowalk` (a runtime parameter of patch 0011) through hypfs, as
    /// `xl set-parameters` writes it, but in `flat`: once it is on, xl's own
    /// linear buffers cannot be read, so xl could not turn it off again.
    static func setNowalk(_ xc: XenCall, _ on: Bool) throws {
        let flat = try XenCall(privcmd: xc.privcmd, pool: xc.pool, policy: .automatic(.flat))
        _ = try flat.send(HypfsOp.writeContents(path: HypfsOp.path("/params/hcall-nowalk"), contents: [on ? 1 : 0]))
    }

    static func run(_ r: Report) {
        // These checks register on vCPU 0 and count its hits: on a dom0 of
        // several vCPUs, this process stays on vCPU 0 from here on.
        if sysconf(Int32(_SC_NPROCESSORS_ONLN)) > 1 && !TLBShareStress.pin(0) {
            r.check("pvh.tlb.setup") { (false, "cannot pin to vCPU 0") }
            return
        }
        let xc: XenCall, p: Privcmd, ts: Toolstack, buffer: HypercallBuffer, gfns: [UInt64]
        do {
            xc = try XenCall(policy: .automatic(.tagged))
            p = xc.privcmd
            ts = try Toolstack(xen: xc)
            buffer = try xc.pool.allocate(pages: 2)
            gfns = try xc.pool.frameNumbers(of: buffer)
        } catch {
            r.check("pvh.tlb.setup") { (false, "\(error)") }
            return
        }
        defer { xc.pool.free(buffer) }
        let va = buffer.linearHandle
        let target = va + 4096 - 512
        let size = UInt64(4096)
        func register(_ addressSpace: Bool) -> Int64 {
            var rc: Int64 = 0
            for (i, g) in gfns.enumerated() where rc == 0 {
                rc = vcpuOp(xc, .registerHcallBuffer(vcpu: 0, .register(va: va + UInt64(i) * size, gpa: g << 12, size: size, addressSpace: addressSpace)))
            }
            return rc
        }
        func purgeAll() -> Int64 { vcpuOp(xc, .purgeHcallBuffers(vcpu: 0, .purge(va: 0, size: VCPUOp.HcallBuffer.purgeAll))) }
        func burst() -> Bool { (0 ..< calls).allSatisfy { _ in commandline(p, at: target) == 0 } }

        // The errnos of section 9, on the real Xen.
        r.check("pvh.tlb.errors") { () throws -> (Bool, String) in
            let ENOENT = XenErrno.ENOENT.returnValue, EINVAL = XenErrno.EINVAL.returnValue
            let EEXIST = XenErrno.EEXIST.returnValue
            let g = gfns[0] << 12
            let cases: [(String, Int64, Int64)] = [
                ("vcpuid 4095", vcpuOp(xc, .registerHcallBuffer(vcpu: 4095, .register(va: va, gpa: g, size: size))), ENOENT),
                ("unknown flag", vcpuOp(xc, .registerHcallBuffer(vcpu: 0, .init(va: va, gpa: g, size: size, flags: 2))), EINVAL),
                ("va not page aligned", vcpuOp(xc, .registerHcallBuffer(vcpu: 0, .register(va: va + 8, gpa: g, size: size))), EINVAL),
                ("size 0", vcpuOp(xc, .registerHcallBuffer(vcpu: 0, .register(va: va, gpa: g, size: 0))), EINVAL),
                ("end of 2^64", vcpuOp(xc, .registerHcallBuffer(vcpu: 0, .register(va: 0 &- size, gpa: g, size: size))), EINVAL),
                ("register with a source", vcpuOp(xc, .registerHcallBuffer(vcpu: 0, .init(va: va, gpa: g, size: size, source: 1))), EINVAL),
                ("purge with a gpa", vcpuOp(xc, .purgeHcallBuffers(vcpu: 0, .init(va: va, gpa: g, size: size))), EINVAL),
                ("share of vCPU 4095", vcpuOp(xc, .shareHcallBuffers(vcpu: 0, .share(source: 4095))), ENOENT),
                ("share with a va", vcpuOp(xc, .shareHcallBuffers(vcpu: 0, .init(va: va))), EINVAL),
                ("first registration", vcpuOp(xc, .registerHcallBuffer(vcpu: 0, .register(va: va, gpa: g, size: size, addressSpace: true))), 0),
                ("same range, same address space", vcpuOp(xc, .registerHcallBuffer(vcpu: 0, .register(va: va, gpa: g, size: size, addressSpace: true))), EEXIST),
                ("same range, global", vcpuOp(xc, .registerHcallBuffer(vcpu: 0, .register(va: va, gpa: g, size: size))), EEXIST),
                ("purge of everything", purgeAll(), 0),
                ("share with itself (a new, empty table)", vcpuOp(xc, .shareHcallBuffers(vcpu: 0, .share(source: 0))), 0),
            ]
            let bad = cases.filter { $0.1 != $0.2 }
            return (bad.isEmpty, bad.isEmpty ? "\(cases.count) cases, each the errno Specs gives"
                    : bad.map { "\($0.0): \($0.1), expected \($0.2)" }.joined(separator: "; "))
        }

        // Registered: every chunk hits, none is walked. Purged: walked again.
        r.check("pvh.tlb.hits_then_walks") { () throws -> (Bool, String) in
            let want = UInt64(calls * chunksPerCall)
            guard register(true) == 0 else { return (false, "registration failed") }
            let c0 = try XenCounters.read(ts)
            let hitOK = burst()
            let c1 = try XenCounters.read(ts)
            let purged = purgeAll()
            let c2 = try XenCounters.read(ts)
            let walkOK = burst()
            let c3 = try XenCounters.read(ts)
            let hits = c1.delta(XenCounters.tlbHits, since: c0), walks = c1.delta(XenCounters.tlbWalks, since: c0)
            let hits2 = c3.delta(XenCounters.tlbHits, since: c2), walks2 = c3.delta(XenCounters.tlbWalks, since: c2)
            // Only this process's entries can hit; other hypercalls of dom0
            // (its kernel, the counter reads) may walk, far fewer than ours.
            return (hitOK && walkOK && purged == 0 && hits >= want && walks < want && hits2 == 0 && walks2 >= want,
                    "\(calls) calls of \(chunksPerCall) chunks: registered \(hits) hits, \(walks) walks; purged \(hits2) hits, \(walks2) walks")
        }

        // The entries are this process's: another process's call at the same
        // address (where it has unmapped the pool) must not hit them, and
        // faults. The same registration without the tag would hit.
        r.check("pvh.tlb.address_space") { () throws -> (Bool, String) in
            func childCall() -> Int64 {
                var fds: [Int32] = [0, 0]
                guard pipe(&fds) == 0 else { return Int64.min }
                let pid = fork()
                if pid == 0 {
                    close(fds[0])
                    // Nothing at our address in this process: a walk faults.
                    munmap(buffer.address, buffer.pageCount * 4096)
                    var rc = Int64.min
                    if let child = try? Privcmd() { rc = commandline(child, at: target) }
                    _ = withUnsafeBytes(of: rc) { write(fds[1], $0.baseAddress, 8) }
                    _exit(0)
                }
                close(fds[1])
                var rc = Int64.min
                _ = withUnsafeMutableBytes(of: &rc) { read(fds[0], $0.baseAddress, 8) }
                close(fds[0])
                var status: Int32 = 0
                waitpid(pid, &status, 0)
                return rc
            }
            _ = purgeAll()
            guard register(true) == 0 else { return (false, "tagged registration failed") }
            let tagged = childCall(), own = commandline(p, at: target)
            _ = purgeAll()
            guard register(false) == 0 else { return (false, "global registration failed") }
            let global = childCall()
            _ = purgeAll()
            let EFAULT = XenErrno.EFAULT.returnValue
            return (tagged == EFAULT && own == 0 && global == 0,
                    "another process at our address: \(tagged) with entries tagged with our page-table root (ours: \(own)), \(global) with the same entries global")
        }

        // A guest Xen cannot walk (hcall-nowalk=1: user-space linear handles
        // are not walked): linear fails, a registered buffer works, every
        // physical flavour works, and the library's policy finds one.
        func cannotWalk() throws -> (Bool, String) {
            _ = purgeAll()
            try setNowalk(xc, true)
            defer { try? setNowalk(xc, false) }
            // xl's buffers are user-space linear ones: it cannot run now.
            let xl = system("xl list >/dev/null 2>&1")
            let c0 = try XenCounters.read(ts)
            let unregistered = commandline(p, at: target)
            let c1 = try XenCounters.read(ts)
            let refused = c1.delta(XenCounters.tlbUnwalkable, since: c0)
            let reg = register(true)
            let registered = commandline(p, at: target)
            _ = purgeAll()
            var flavours: [String] = []
            var allOK = true
            for f in Flavour.allCases {
                let policy: FlavourPolicy = f == .linear ? .linear : .automatic(f)
                let rc: Int64
                do { rc = try XenCall(privcmd: p, pool: xc.pool, policy: policy).send(XenVersion.commandline).result } catch {
                    if case .hypercall(let e) = error { rc = e.returnValue } else { rc = Int64.min }
                }
                allOK = allOK && rc == (f == .linear ? XenErrno.EFAULT.returnValue : 0)
                flavours.append("\(f) \(rc)")
            }
            // The library's default policy, asked for nothing in particular.
            let picked: String
            do {
                let auto = try XenCall(privcmd: p, pool: xc.pool)
                _ = try auto.send(XenVersion.commandline)
                picked = "\(try auto.currentFlavour())"
            } catch { picked = "failed: \(error)" }
            let EFAULT = XenErrno.EFAULT.returnValue
            return (unregistered == EFAULT && refused >= 1 && reg == 0 && registered == 0 && allOK && !picked.hasPrefix("failed") && picked != "linear" && xl != 0,
                    "hcall-nowalk=1: xl list exits \(xl); linear unregistered \(unregistered) (\(refused) chunks refused), registered \(registered); XenCall: "
                    + flavours.joined(separator: ", ") + "; default policy picked \(picked)")
        }
        r.check("pvh.tlb.cannot_walk") { try cannotWalk() }
        _ = purgeAll()
    }
}
