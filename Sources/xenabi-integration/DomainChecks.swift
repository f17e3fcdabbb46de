#if canImport(Glibc)
import Glibc
#endif
import CXen
import Privcmd
import XenABI
import XenToolstack

/// The toolstack's domain operations against a real guest, compared with
/// what xl, xenstore-read and xenstore-ls report for the same domain: a PV
/// guest (dom0's own kernel, a tiny initramfs) created paused with
/// `xl create -p`, so it never runs. pv lane only (Debian's stock Xen).
enum DomainChecks {
    static let name = "xenabi-dc"
    static let config = "/etc/xen/xenabi-dc.cfg"

    /// Runs `command` under /bin/sh; its exit status and output (stdout and stderr).
    static func sh(_ command: String) -> (status: Int32, output: String) {
        let file = "/tmp/xenabi-sh.out"
        let rc = system("\(command) > \(file) 2>&1")
        let status = rc == -1 ? -1 : (rc >> 8) & 0xff
        return (status, readFile(file) ?? "")
    }

    /// The row of `xl`'s table whose second column is `domain`.
    static func row(_ text: String, header: String, domain: UInt16) -> [String]? {
        ToolstackChecks.table(text, header: header).first { $0.count > 1 && $0[1] == "\(domain)" }
    }

    /// The first integer after `"key":` in `json` (xl list -l prints one domain's object).
    static func jsonNumber(_ json: String, _ key: String) -> UInt64? {
        let needle = Array("\"\(key)\":".utf8), bytes = Array(json.utf8)
        guard needle.count <= bytes.count else { return nil }
        for i in 0 ... bytes.count - needle.count where bytes[i ..< i + needle.count].elementsEqual(needle) {
            let digits = bytes[(i + needle.count)...].drop { $0 == UInt8(ascii: " ") }.prefix { $0 >= 0x30 && $0 <= 0x39 }
            return UInt64(String(decoding: digits, as: UTF8.self))
        }
        return nil
    }

    static func run(_ r: Report, dir: String) {
        guard let ts = try? Toolstack(xen: XenCall(policy: .automatic(.tagged))), let store = try? XenStore() else {
            r.check("domain.open", false, "cannot open privcmd or xenbus")
            return
        }
        let created = sh("xl create -p \(config)")
        // The id is xl domid's last line (xl may warn before it).
        guard created.status == 0, let domid = sh("xl domid \(name)").output.split(separator: "\n").compactMap({ UInt16($0) }).last else {
            r.check("domain.create", false, "xl create -p: exit \(created.status): \(created.output.suffix(400))")
            return
        }
        r.check("domain.create", true, "xl create -p made domain \(domid)")

        // Domain info, typed and complete, against xl list -l (JSON) and xl list.
        r.check("domain.info.vs.xl_list_l") {
            let d = try ts.domainInfo(domid)
            let json = sh("xl list -l \(domid)").output
            let maxKiB = jsonNumber(json, "max_memkb"), targetKiB = jsonNumber(json, "target_memkb")
            let vcpus = jsonNumber(json, "max_vcpus")
            let target = try store.read("/local/domain/\(domid)/memory/target")
            let staticMax = try store.read("/local/domain/\(domid)/memory/static-max")
            let uuid = json.contains("\"\(d.uuidString)\"")
            r.info("domain \(domid): max_pages \(d.maxPages) tot_pages \(d.totPages) vcpus \(d.maxVCPUID + 1) state \(d.stateString) uuid \(d.uuidString) pool \(d.cpupool); xl list -l max_memkb \(maxKiB.map(String.init) ?? "-") target_memkb \(targetKiB.map(String.init) ?? "-")")
            // libxl gives Xen the target plus LIBXL_MAXMEM_CONSTANT; maxmem is xenstore's static-max.
            let ok = d.domain == domid && d.isPaused && uuid && vcpus == UInt64(d.maxVCPUID) + 1
                && targetKiB != nil && target == "\(targetKiB!)" && maxKiB != nil && staticMax == "\(maxKiB!)"
                && d.maxMemoryKiB == targetKiB! + Toolstack.libxlMaxmemSlackKiB
            return (ok, "paused \(d.isPaused), uuid in xl list -l \(uuid), vcpus \(d.maxVCPUID + 1) vs \(vcpus.map(String.init) ?? "-"), memory/target \(target ?? "-") vs target_memkb \(targetKiB.map(String.init) ?? "-"), static-max \(staticMax ?? "-") vs max_memkb \(maxKiB.map(String.init) ?? "-"), max_pages*4 \(d.maxMemoryKiB) = target_memkb + \(Toolstack.libxlMaxmemSlackKiB)")
        }
        r.check("domain.info.missing") {
            do throws(ToolstackError) { _ = try ts.domainInfo(31_000); return (false, "domain 31000 answered") } catch {
                return (error == .noSuchDomain(31_000), "\(error)")
            }
        }

        // Pause / unpause: Xen's pause count, as xl list's state column shows it.
        r.check("domain.pause_unpause.vs.xl_list") {
            func state() -> String { row(sh("xl list \(domid)").output, header: "Name", domain: domid).map { $0.count > 4 ? $0[4] : "?" } ?? "?" }
            try ts.unpause(domid)  // undo xl create -p's pause: the guest may run now
            let running = try ts.domainInfo(domid)
            let afterUnpause = state()
            try ts.pause(domid)
            let paused = try ts.domainInfo(domid).isPaused
            let afterPause = state()
            return (!running.isPaused && paused && afterPause.contains("p") && !afterUnpause.contains("p"),
                    "unpaused: bindings paused=\(running.isPaused), xl '\(afterUnpause)'; paused again: bindings \(paused), xl '\(afterPause)'")
        }

        // Memory: max through the bindings, read back by Xen's own count; target as xl mem-set does it.
        r.check("domain.mem_max") {
            try ts.setMaxMemory(domid, kib: 200 * 1024)
            let d = try ts.domainInfo(domid)
            return (d.maxPages == 200 * 256, "max_pages \(d.maxPages) after 200 MiB")
        }
        r.check("domain.mem_set.vs.xl_mem_set") {
            let xl = sh("xl mem-set \(domid) 80m")
            let xlMax = try ts.domainInfo(domid).maxPages, xlTarget = try store.read("/local/domain/\(domid)/memory/target")
            _ = sh("xl mem-set \(domid) 96m")
            let mine = try ts.setMemoryTarget(domid, kib: 80 * 1024, store: store)
            let myMax = try ts.domainInfo(domid).maxPages
            let cliTarget = sh("xenstore-read /local/domain/\(domid)/memory/target").output.split(separator: "\n").first.map(String.init)
            return (xl.status == 0 && myMax == xlMax && cliTarget == xlTarget && xlTarget == "\(80 * 1024)",
                    "xl mem-set 80m: max_pages \(xlMax) target \(xlTarget ?? "-"); bindings: max \(mine.maxKiB) KiB -> max_pages \(myMax), xenstore-read target \(cliTarget ?? "-")")
        }
        r.check("domain.mem_set.above_static_max") {
            do throws(ToolstackError) { try ts.setMemoryTarget(domid, kib: 1 << 30, store: store); return (false, "accepted 1 TiB") } catch {
                if case .invalidArgument = error { return (true, "\(error)") }
                return (false, "\(error)")
            }
        }

        // vCPU affinity, both ways, against xl vcpu-list.
        r.check("vcpu.affinity.vs.xl_vcpu_list") {
            let nr = Int(try ts.physinfo().nrCPUs)
            func xl(_ v: UInt32) -> (CPUMap?, CPUMap?) {
                let rows = ToolstackChecks.table(sh("xl vcpu-list \(domid)").output, header: "Name")
                guard let row = rows.first(where: { $0.count >= 9 && $0[1] == "\(domid)" && $0[2] == "\(v)" }) else { return (nil, nil) }
                return (CPUMap(parsing: row[6], nrCPUs: nr), CPUMap(parsing: row[8], nrCPUs: nr))
            }
            let before = try ts.vcpuAffinity(domain: domid, vcpu: 1)
            let (xh, xs) = xl(1)
            let set = try ts.setVCPUAffinity(domain: domid, vcpu: 1, hard: CPUMap([0]), soft: CPUMap([0]))
            let (ah, asoft) = xl(1)
            _ = sh("xl vcpu-pin \(domid) 0 0 all")
            let byXL = try ts.vcpuAffinity(domain: domid, vcpu: 0)
            let ok = xh == before.hard && xs == before.soft && ah == set.hard && asoft == set.soft && byXL.hard == CPUMap([0])
            return (ok, "vcpu1 before \(before.hard)/\(before.soft) xl \(xh?.description ?? "-")/\(xs?.description ?? "-"); set 0/0 -> \(set.hard)/\(set.soft) xl \(ah?.description ?? "-")/\(asoft?.description ?? "-"); xl vcpu-pin vcpu0 0 -> bindings \(byXL.hard)/\(byXL.soft) (\(nr) pCPU)")
        }
        r.check("vcpu.affinity.no_such_vcpu") {
            do throws(ToolstackError) { _ = try ts.vcpuAffinity(domain: domid, vcpu: 7); return (false, "vcpu 7 answered") } catch {
                return (error == .noSuchVCPU(domain: domid, vcpu: 7), "\(error)")
            }
        }

        // credit2 weight and cap against xl sched-credit2.
        r.check("sched.credit2.vs.xl") {
            func xl() -> (String, String)? {
                row(sh("xl sched-credit2 -d \(domid)").output, header: "Name", domain: domid).flatMap { $0.count >= 4 ? ($0[2], $0[3]) : nil }
            }
            let first = try ts.credit2Params(domid), xlFirst = xl()
            let set = try ts.setCredit2Params(domid, weight: 512, cap: 50)
            let xlSet = xl()
            _ = sh("xl sched-credit2 -d \(domid) -w 128 -c 0")
            let byXL = try ts.credit2Params(domid)
            let ok = xlFirst.map { $0 == ("\(first.weight)", "\(first.cap)") } == true && set == Credit2Params(weight: 512, cap: 50)
                && xlSet.map { $0 == ("512", "50") } == true && byXL == Credit2Params(weight: 128, cap: 0)
            return (ok, "initial \(first.weight)/\(first.cap) xl \(xlFirst.map { "\($0.0)/\($0.1)" } ?? "-"); set 512/50 -> xl \(xlSet.map { "\($0.0)/\($0.1)" } ?? "-"); xl -w 128 -c 0 -> bindings \(byXL.weight)/\(byXL.cap)")
        }
        r.check("sched.credit2.zero_weight") {
            do throws(ToolstackError) { try ts.setCredit2Params(domid, weight: 0); return (false, "accepted weight 0") } catch {
                return (error == .invalidArgument("credit2 weight must be 1-65535"), "\(error)")
            }
        }

        // Cpupools: list against xl cpupool-list; create, migrate, destroy.
        r.check("cpupool.list_create_destroy.vs.xl") {
            func xlPools() -> [[String]] { ToolstackChecks.table(sh("xl cpupool-list").output, header: "Name") }
            func same(_ pools: [CpupoolInfo], _ xl: [[String]]) -> Bool {
                pools.count == xl.count && zip(pools, xl).allSatisfy { p, row in
                    row.count >= 5 && row[0] == (p.name ?? "-") && row[1] == "\(p.cpus.cpus.count)" && row[2] == p.schedulerName && row[4] == "\(p.domainCount)"
                }
            }
            let before = try ts.cpupools(store: store), xlBefore = xlPools()
            let id = try ts.createCpupool(scheduler: UInt32(XEN_SCHEDULER_CREDIT2), name: "xenabi-pool", store: store)
            let during = try ts.cpupools(store: store), xlDuring = xlPools()
            var migrate = "-"
            do { try ts.moveDomain(domid, toCpupool: id) } catch { migrate = "\(error)" }
            let xlMigrate = sh("xl cpupool-migrate \(domid) xenabi-pool")
            try ts.moveDomain(domid, toCpupool: 0)
            try ts.destroyCpupool(id, store: store)
            let after = try ts.cpupools(store: store), xlAfter = xlPools()
            var again = "-"
            do { try ts.destroyCpupool(id) } catch { again = "\(error)" }
            let ok = same(before, xlBefore) && same(during, xlDuring) && during.contains { $0.id == id && $0.cpus.cpus.isEmpty }
                && same(after, xlAfter) && after.count == before.count && again == "\(ToolstackError.noSuchCpupool(id))"
                && migrate == "\(ToolstackError.cpupoolEmpty(id))" && xlMigrate.status != 0
            return (ok, "before \(before.map { "\($0.name ?? "-"):\($0.cpus):\($0.schedulerName):\($0.domainCount)" }) xl \(xlBefore); created pool \(id), xl \(xlDuring); move into the empty pool: \(migrate), xl cpupool-migrate exit \(xlMigrate.status); after destroy \(after.count) pools, xl \(xlAfter.count); destroy again: \(again)")
        }

        // xenstore: write, mkdir, permissions, transactions, against xenstore-read and xenstore-ls.
        let base = "/local/domain/\(domid)/xenabi"
        r.check("xenstore.write_mkdir_perms.vs.cli") {
            try store.write(base + "/key", "value-1")
            try store.mkdir(base + "/dir")
            try store.setPermissions(base + "/key", [XenStorePermission(.none, 0), XenStorePermission(.read, domid)])
            let read = sh("xenstore-read \(base)/key").output.split(separator: "\n").first.map(String.init)
            let ls = sh("xenstore-ls -p \(base)").output
            let perms = try store.permissions(base + "/key") ?? []
            let dirThere = try store.directory(base)?.sorted() == ["dir", "key"]
            _ = sh("xenstore-write \(base)/other from-cli")
            let other = try store.read(base + "/other")
            let removed = try store.remove(base + "/other")
            let gone = try store.read(base + "/other") == nil && sh("xenstore-read \(base)/other").status != 0
            let ok = read == "value-1" && ls.contains("(n0,r\(domid))") && perms.map(\.description) == ["n0", "r\(domid)"] && dirThere
                && other == "from-cli" && removed && gone
            return (ok, "xenstore-read \(read ?? "-"); perms \(perms) (xenstore-ls -p: \(ls.split(separator: "\n").first { $0.contains("key") } ?? "-")); cli write read back \(other ?? "-"); rm \(removed) gone \(gone)")
        }
        r.check("xenstore.transaction") {
            let t = try store.startTransaction()
            try store.write(base + "/tx", "inside", transaction: t)
            let outsideBefore = try store.read(base + "/tx")
            let inside = try store.read(base + "/tx", transaction: t)
            let committed = try store.endTransaction(t)
            let after = sh("xenstore-read \(base)/tx").output.split(separator: "\n").first.map(String.init)
            let t2 = try store.startTransaction()
            try store.write(base + "/tx", "aborted", transaction: t2)
            try store.endTransaction(t2, commit: false)
            let afterAbort = try store.read(base + "/tx")
            return (outsideBefore == nil && inside == "inside" && committed && after == "inside" && afterAbort == "inside",
                    "id \(t.id): outside before commit \(outsideBefore ?? "nil"), inside \(inside ?? "nil"), committed \(committed), xenstore-read \(after ?? "-"); aborted write left \(afterAbort ?? "nil")")
        }
        r.check("xenstore.watch.other_process") {
            let w = try XenStoreWatcher()
            let path = base + "/watched"
            try w.watch(path, token: "xenabi-tok")
            let initial = try w.next(timeoutMilliseconds: 2000)  // xenstored fires a new watch once
            let write = sh("xenstore-write \(path) ping")
            let fired = try w.wait(for: path, token: "xenabi-tok", timeoutMilliseconds: 5000)
            try w.unwatch(path, token: "xenabi-tok")
            _ = sh("xenstore-write \(path) pong")
            let late = try w.next(timeoutMilliseconds: 500)
            return (write.status == 0 && fired != nil && late == nil,
                    "registration event \(initial.map { "\($0.path) \($0.token)" } ?? "none"); after xenstore-write: \(fired.map { "\($0.path) \($0.token)" } ?? "none"); after unwatch: \(late.map(\.path) ?? "none")")
        }

        // Event channels within dom0: an unbound port, an interdomain port bound to it, notify both ways.
        r.check("evtchn.bind_notify_wait") {
            let ev = try EventChannelDevice()
            let a = try ev.bindUnboundPort(remoteDomain: 0)
            let b = try ev.bindInterdomain(remoteDomain: 0, remotePort: a)
            // Xen sets a new interdomain port pending at once (notifications
            // to the unbound port may have been lost): drain that first.
            let initial = try ev.wait(timeoutMilliseconds: 2000)
            try ev.unmask(initial)
            try ev.notify(b)
            let gotA = try ev.wait(timeoutMilliseconds: 2000)
            try ev.unmask(gotA)
            try ev.notify(a)
            let gotB = try ev.wait(timeoutMilliseconds: 2000)
            try ev.unmask(gotB)
            let quiet = try ev.wait(timeoutMilliseconds: 200)
            try ev.unbind(b)
            try ev.unbind(a)
            var closed = "-"
            do { try ev.notify(a) } catch { closed = "\(error)" }
            return (initial == [b] && gotA == [a] && gotB == [b] && quiet.isEmpty && closed != "-",
                    "unbound port \(a), interdomain port \(b) (pending at bind: \(initial)); notify \(b) -> \(gotA), notify \(a) -> \(gotB), then \(quiet); notify after unbind: \(closed)")
        }

        // Destroy, as xl destroy does; xl list no longer shows it.
        r.check("domain.destroy.vs.xl_list") {
            let calls = try ts.destroy(domid)
            var gone = false
            for _ in 0 ..< 50 {
                if (try? ts.domainInfo(domid)) == nil { gone = true; break }
                usleep(100_000)
            }
            let xl = sh("xl list \(domid)")
            return (gone && xl.status != 0, "\(calls) destroydomain call(s); bindings see it gone: \(gone); xl list \(domid) exit \(xl.status)")
        }
        r.check("domain.destroy.again") {
            do throws(ToolstackError) { try ts.destroy(domid); return (false, "destroyed twice") } catch {
                return (error == .noSuchDomain(domid), "\(error)")
            }
        }
    }
}
