import CXen
import Testing
@testable import XenABI

/// What a hostile (or broken) hypervisor writes back is bounds-checked by
/// every typed output decoder: a count past its buffer, a call of the
/// wrong shape, an oversized call are each one exact `DecodeError`, never
/// a trap or a read past the buffer.
@Suite("Typed outputs of hostile bytes")
struct HostileOutputsTests {
    let u = SysctlLayout.u

    @Test("readconsole: a count past the buffer")
    func readconsole() throws {
        var c = Sysctl.ReadConsoleQuery(incremental: false, count: 16).encoded
        c.store(UInt32(5), buffer: 0, at: u + SysctlLayout.rcCount)
        c.store(UInt32(99), buffer: 0, at: u + SysctlLayout.rcIndex)
        c.withMutableBytes(of: 1) { $0.copyBytes(from: Array("hello, hostile!!".utf8)) }
        #expect(try Sysctl.ReadConsoleQuery.outputs(of: c, result: 0) == ConsoleRead(bytes: Array("hello".utf8), nextIndex: 99))
        c.store(UInt32(17), buffer: 0, at: u + SysctlLayout.rcCount)
        #expect(throws: DecodeError(.outOfBounds(offset: 0, count: 17, size: 16), at: "sysctl.readconsole.count")) {
            try Sysctl.ReadConsoleQuery.outputs(of: c, result: 0)
        }
    }

    @Test("getdomaininfolist: num_domains past max_domains, up to UInt32.max")
    func domainList() throws {
        let size = DomainInfoLayout.size
        var c = Sysctl.DomainInfoListQuery(maxDomains: 2).encoded
        c.store(UInt32(2), buffer: 0, at: u + PhysInfoLayout.numDomains)
        c.store(UInt16(7), buffer: 1, at: size + DomainInfoLayout.domain)
        #expect(try Sysctl.DomainInfoListQuery.outputs(of: c, result: 0).map(\.domain) == [0, 7])
        for n in [UInt32(3), .max] {
            c.store(n, buffer: 0, at: u + PhysInfoLayout.numDomains)
            #expect(throws: DecodeError(.outOfBounds(offset: 0, count: Int(n) * size, size: 2 * size), at: "sysctl.getdomaininfolist.num_domains")) {
                try Sysctl.DomainInfoListQuery.outputs(of: c, result: 0)
            }
        }
    }

    @Test("perfc: counts past the buffers; with null handles, the counts alone")
    func perfc() throws {
        typealias L = SysctlLayout
        let counts = Sysctl.PerfcQuery().encoded
        var n = counts
        n.store(UInt32.max, buffer: 0, at: L.u + L.pfNrCounters)
        n.store(UInt32(12), buffer: 0, at: L.u + L.pfNrVals)
        #expect(try Sysctl.PerfcQuery.outputs(of: n, result: 0) == PerfcQueryResult(nrCounters: .max, nrVals: 12, descriptions: [], values: []))
        var c = Sysctl.PerfcQuery(nrCounters: 2, nrVals: 3).encoded
        c.store(bytes: Array("exceptions".utf8), buffer: 1, at: L.pfdName)
        c.store(UInt32(3), buffer: 1, at: L.pfdNrVals)
        c.store(UInt32(42), buffer: 2, at: 4)
        let ok = try Sysctl.PerfcQuery.outputs(of: c, result: 0)
        #expect(ok.descriptions == [PerfCounterDescription(name: "exceptions", nrVals: 3), PerfCounterDescription(name: "", nrVals: 0)])
        #expect(ok.values == [0, 42, 0])
        c.store(UInt32(3), buffer: 0, at: L.u + L.pfNrCounters)
        #expect(throws: DecodeError(.outOfBounds(offset: 0, count: 3 * L.perfcDescSize, size: 2 * L.perfcDescSize), at: "sysctl.perfc_op.nr_counters")) {
            try Sysctl.PerfcQuery.outputs(of: c, result: 0)
        }
        c.store(UInt32(2), buffer: 0, at: L.u + L.pfNrCounters)
        c.store(UInt32(4), buffer: 0, at: L.u + L.pfNrVals)
        #expect(throws: DecodeError(.outOfBounds(offset: 0, count: 16, size: 12), at: "sysctl.perfc_op.nr_vals")) {
            try Sysctl.PerfcQuery.outputs(of: c, result: 0)
        }
    }

    @Test("cputopoinfo and get_cpu_policy: counts past their arrays")
    func cpuArrays() throws {
        typealias L = SysctlLayout
        var t = Sysctl.CPUTopologyQuery(numCPUs: 2).encoded
        t.store(UInt32(5), buffer: 0, at: L.u + L.ctNum)
        #expect(throws: DecodeError(.outOfBounds(offset: 0, count: 5 * L.cputopoSize, size: 2 * L.cputopoSize), at: "sysctl.cputopoinfo.num_cpus")) {
            try Sysctl.CPUTopologyQuery.outputs(of: t, result: 0)
        }
        var p = Sysctl.CPUPolicyQuery(index: 0, nrLeaves: 2, nrMSRs: 1).encoded
        p.store(UInt32(2), buffer: 0, at: L.u + L.cpNrLeaves)
        p.store(UInt32(2), buffer: 0, at: L.u + L.cpNrMSRs)
        #expect(throws: DecodeError(.outOfBounds(offset: 0, count: 2 * L.msrEntrySize, size: L.msrEntrySize), at: "sysctl.get_cpu_policy.nr_msrs")) {
            try Sysctl.CPUPolicyQuery.outputs(of: p, result: 0)
        }
    }

    @Test("multicall: nr_calls past the call list")
    func multicall() throws {
        var c = Multicall([.init(.xenVersion(.version)), .init(.xenVersion(.pagesize))]).encoded
        c.store(UInt64(bitPattern: -38), buffer: 0, at: MulticallLayout.size + MulticallLayout.result)
        #expect(try Multicall.outputs(of: c, result: 0) == [0, -38])
        c.args[1] = 3
        #expect(throws: DecodeError(.outOfBounds(offset: 0, count: 3 * MulticallLayout.size, size: 2 * MulticallLayout.size), at: "multicall.nr_calls")) {
            try Multicall.outputs(of: c, result: 0)
        }
        c.args[1] = .max
        #expect(throws: DecodeError(.outOfBounds(offset: 0, count: .max, size: 2 * MulticallLayout.size), at: "multicall.nr_calls")) {
            try Multicall.outputs(of: c, result: 0)
        }
    }

    @Test("grant copy: count past the op array")
    func grantCopy() throws {
        let me = UInt16(XENABI_DOMID_SELF)
        let op = GrantTableOp.Copy(source: .init(.gmfn(1), domid: me, offset: 0), dest: .init(.gmfn(2), domid: me, offset: 0), len: 1)
        var c = GrantTableOp.CopyBatch([op, op]).encoded
        c.store(Int16(GNTST_bad_domain), buffer: 0, at: GrantTableOp.CopyRaw.size + GrantTableOp.CopyRaw.Offsets.status)
        #expect(try GrantTableOp.CopyBatch.outputs(of: c, result: 0) == [0, Int16(GNTST_bad_domain)])
        c.args[2] = 3
        #expect(throws: DecodeError(.outOfBounds(offset: 0, count: 3 * GrantTableOp.CopyRaw.size, size: 2 * GrantTableOp.CopyRaw.size), at: "grant_table_op.copy.count")) {
            try GrantTableOp.CopyBatch.outputs(of: c, result: 0)
        }
    }

    @Test("reservation: extents done past the list, or negative")
    func reservation() throws {
        var c = MemoryOp.ReservationQuery(.increaseReservation(.init(nrExtents: 10), wantFrames: true)).encoded
        c.store(UInt64(0x1234), buffer: 1, at: 8)
        #expect(try MemoryOp.ReservationQuery.outputs(of: c, result: 2) == ReservationResult(extentsDone: 2, frames: [0, 0x1234]))
        #expect(throws: DecodeError(.outOfBounds(offset: 0, count: 88, size: 80), at: "memory_op.reservation.extents_done")) {
            try MemoryOp.ReservationQuery.outputs(of: c, result: 11)
        }
        #expect(throws: DecodeError(.invalid("extents done -1"), at: "memory_op.reservation")) {
            try MemoryOp.ReservationQuery.outputs(of: c, result: -1)
        }
        // decrease_reservation's list is input only: nothing read back, whatever the count.
        let down = MemoryOp.ReservationQuery(.decreaseReservation(.init(nrExtents: 1), extents: [5])).encoded
        #expect(try MemoryOp.ReservationQuery.outputs(of: down, result: 1 << 40) == ReservationResult(extentsDone: 1 << 40, frames: []))
    }

    @Test("console_io read: more bytes read than the buffer")
    func consoleRead() throws {
        let c = ConsoleIO.ReadQuery(count: 6).encoded
        #expect(try ConsoleIO.ReadQuery.outputs(of: c, result: 6) == [0, 0, 0, 0, 0, 0])
        #expect(throws: DecodeError(.outOfBounds(offset: 0, count: 7, size: 6), at: "console_io.read.count")) {
            try ConsoleIO.ReadQuery.outputs(of: c, result: 7)
        }
    }

    @Test("xen_version: a version that is not major << 16 | minor; a string without NUL stays in its buffer")
    func xenVersion() throws {
        #expect(try XenVersion.VersionQuery.outputs(of: XenVersion.version.encoded, result: 0x40011) == XenVersionNumber(major: 4, minor: 17))
        #expect(throws: DecodeError(.invalid("version 4294967296 is not major << 16 | minor"), at: "xen_version.version")) {
            try XenVersion.VersionQuery.outputs(of: XenVersion.version.encoded, result: 1 << 32)
        }
        var s = XenVersion.StringQuery.extraversion.encoded
        s.withMutableBytes(of: 0) { $0.initializeMemory(as: UInt8.self, repeating: UInt8(ascii: "a")) }
        #expect(try XenVersion.StringQuery.outputs(of: s, result: 0) == String(repeating: "a", count: MemoryLayout<xen_extraversion_t>.size))
    }

    @Test("a call of the wrong shape: no such buffer, or a field past it")
    func wrongShape() throws {
        let bare = XenVersion.version.encoded  // no buffer at all
        #expect(throws: DecodeError(.invalid("no buffer 0 in a call of 0"), at: "sysctl.physinfo.threads_per_core")) {
            try Sysctl.PhysInfoQuery.outputs(of: bare, result: 0)
        }
        #expect(throws: DecodeError(.invalid("no buffer 0 in a call of 0"), at: "xen_version.arg")) {
            try XenVersion.StringQuery.outputs(of: bare, result: 0)
        }
        let small = XenVersion.extraversion.encoded  // 16 bytes
        let at = DomctlLayout.u + DomainInfoLayout.domain
        #expect(throws: DecodeError(.outOfBounds(offset: at, count: 2, size: 16), at: "domctl.getdomaininfo.domain")) {
            try Domctl.DomainInfoQuery.outputs(of: small, result: 0)
        }
        let vcpu = DomctlLayout.u + DomctlLayout.gviVCPU
        #expect(throws: DecodeError(.outOfBounds(offset: vcpu, count: 4, size: 16), at: "domctl.getvcpuinfo.vcpu")) {
            try Domctl.VCPUInfoQuery.outputs(of: small, result: 0)
        }
        #expect(throws: DecodeError(.outOfBounds(offset: XenVersionOutputLayout.virtStart, count: 8, size: 4),
                                    at: "xen_version.platform_parameters.virt_start")) {
            var c = EncodedCall()
            c.reset(.xen_version)
            c.addBuffer(size: 4, direction: .out, site: .register(1))
            return try XenVersion.PlatformParametersQuery.outputs(of: c, result: 0)
        }
        // A null list where a count says there are domains.
        var nullList = Sysctl(.getDomainInfoList(firstDomain: 0, maxDomains: 1, buffer: .null)).encoded
        nullList.store(UInt32(1), buffer: 0, at: u + PhysInfoLayout.numDomains)
        #expect(throws: DecodeError(.outOfBounds(offset: 0, count: DomainInfoLayout.size, size: 0), at: "sysctl.getdomaininfolist.num_domains")) {
            try Sysctl.DomainInfoListQuery.outputs(of: nullList, result: 0)
        }
    }

    @Test("an oversized call has no bytes to read")
    func oversized() throws {
        let c = Sysctl.ReadConsoleQuery(incremental: false, count: .max).encoded
        #expect(c.isOversized)
        #expect(throws: DecodeError(.invalid("oversized call: no buffer was allocated"), at: "sysctl.readconsole.count")) {
            try Sysctl.ReadConsoleQuery.outputs(of: c, result: 0)
        }
    }

    @Test("fixed-layout outputs read back what was stored: credit2, shadow stats, cpupool create and info, sched_id, features")
    func fixedLayouts() throws {
        typealias D = DomctlLayout
        var cr = Domctl.Credit2Query(domain: 3).encoded
        cr.store(UInt16(512), buffer: 0, at: D.u + D.soU + D.cred2Weight)
        cr.store(UInt16(50), buffer: 0, at: D.u + D.soU + D.cred2Cap)
        #expect(try Domctl.Credit2Query.outputs(of: cr, result: 0) == Credit2Params(weight: 512, cap: 50))
        var create = Sysctl.CpupoolCreateQuery(cpupoolID: UInt32(truncatingIfNeeded: XEN_SYSCTL_CPUPOOL_PAR_ANY), schedID: 5).encoded
        create.store(UInt32(3), buffer: 0, at: u + SysctlLayout.cpoPool)
        #expect(try Sysctl.CpupoolCreateQuery.outputs(of: create, result: 0) == 3)
        var info = Sysctl.CpupoolInfoQuery(cpupoolID: 0, cpumapBits: 12).encoded
        info.store(UInt32(2), buffer: 0, at: u + SysctlLayout.cpoPool)
        info.store(UInt32(7), buffer: 0, at: u + SysctlLayout.cpoNDom)
        info.store(UInt8(0x81), buffer: 1, at: 0)
        #expect(try Sysctl.CpupoolInfoQuery.outputs(of: info, result: 0) == Sysctl.CpupoolInfo(id: 2, schedulerID: 0, domainCount: 7, cpumap: [0x81, 0]))
        var sched = Sysctl.SchedIDQuery().encoded
        sched.store(UInt32(XEN_SCHEDULER_CREDIT2), buffer: 0, at: u + PhysInfoLayout.schedID)
        #expect(try Sysctl.SchedIDQuery.outputs(of: sched, result: 0) == UInt32(XEN_SCHEDULER_CREDIT2))
        var feat = XenVersion.FeaturesQuery(submap: 0).encoded
        feat.store(UInt32(1 << 21), buffer: 0, at: XenVersionOutputLayout.featureSubmap)
        #expect(try XenVersion.FeaturesQuery.outputs(of: feat, result: 0) == 1 << 21)
        var maps = Domctl.VCPUAffinityQuery(domain: 1, .setVCPUAffinity(vcpu: 0, flags: UInt32(XEN_VCPUAFFINITY_SOFT), hard: nil,
                                                                         soft: InBitmap(nrBits: 8, bits: [0x0f]))).encoded
        maps.store(UInt8(0x05), buffer: 1, at: 0)
        #expect(try Domctl.VCPUAffinityQuery.outputs(of: maps, result: 0) == VCPUAffinityMaps(hard: nil, soft: [0x05]))
    }
}
