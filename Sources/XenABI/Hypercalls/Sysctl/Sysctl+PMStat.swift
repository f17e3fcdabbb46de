import CXen

// What xenpm reads (libxc's xc_pm_get_pxstat, xc_pm_get_cxstat,
// xc_get_cpufreq_para): every output array is sized by a count the caller
// passes in, after asking Xen for it (`PMSTAT_get_max_px`, `_get_max_cx`,
// or a first `GET_CPUFREQ_PARA` that answers -EAGAIN with the counts).
extension Sysctl {
    /// `struct xen_sysctl_get_pmstat` by `type` (`PMSTAT_*`), on CPU `cpuid`.
    public enum PMStat: Hashable, Sendable {
        /// `PMSTAT_get_max_px`: `u.getpx.total` out.
        case getMaxPx(cpuid: UInt32)
        /// `PMSTAT_get_pxstat`: `total` Px states in (libxc passes its max_px);
        /// a `total` x `total` transition table (`uint64`) and `total`
        /// `pm_px_val` out.
        case getPxStat(cpuid: UInt32, total: UInt8, transPt: NestedHandle, pt: NestedHandle)
        /// `PMSTAT_reset_pxstat`.
        case resetPxStat(cpuid: UInt32)
        /// `PMSTAT_get_max_cx`: `u.getcx.nr` out.
        case getMaxCx(cpuid: UInt32)
        /// `PMSTAT_get_cxstat`: `nr` triggers and residencies, `nrPC` package
        /// and `nrCC` core residencies (`uint64` each) out.
        case getCxStat(cpuid: UInt32, nr: UInt32, nrPC: UInt32, nrCC: UInt32,
                       triggers: NestedHandle, residencies: NestedHandle, pc: NestedHandle, cc: NestedHandle)
        /// `PMSTAT_reset_cxstat`.
        case resetCxStat(cpuid: UInt32)

        /// `type`.
        public var type: UInt32 {
            let t: Int32 = switch self {
            case .getMaxPx: PMSTAT_get_max_px
            case .getPxStat: PMSTAT_get_pxstat
            case .resetPxStat: PMSTAT_reset_pxstat
            case .getMaxCx: PMSTAT_get_max_cx
            case .getCxStat: PMSTAT_get_cxstat
            case .resetCxStat: PMSTAT_reset_cxstat
            }
            return UInt32(t)
        }

        /// `cpuid`.
        public var cpuid: UInt32 {
            switch self {
            case .getMaxPx(let c), .getPxStat(let c, _, _, _), .resetPxStat(let c),
                 .getMaxCx(let c), .getCxStat(let c, _, _, _, _, _, _, _), .resetCxStat(let c): c
            }
        }

        func encode(into call: inout EncodedCall, buffer b: Int, at u: Int) {
            typealias L = SysctlLayout
            call.store(type, buffer: b, at: u + L.psType)
            call.store(cpuid, buffer: b, at: u + L.psCPUID)
            let p = u + L.psU  // the union: `getpx` and `getcx` both start here
            switch self {
            case .getMaxPx, .resetPxStat, .getMaxCx, .resetCxStat:
                break
            case .getPxStat(_, let total, let transPt, let pt):
                call.store(total, buffer: b, at: p + L.pxTotal)
                let n = Int(total)
                call.addNested(transPt, size: n * n * 8, direction: .out, parent: b, offset: p + L.pxTransPt)
                call.addNested(pt, size: n * L.pxValSize, direction: .out, parent: b, offset: p + L.pxPt)
            case .getCxStat(_, let nr, let nrPC, let nrCC, let triggers, let residencies, let pc, let cc):
                call.store(nr, buffer: b, at: p + L.cxNr)
                call.store(nrPC, buffer: b, at: p + L.cxNrPC)
                call.store(nrCC, buffer: b, at: p + L.cxNrCC)
                call.addNested(triggers, size: Int(nr) * 8, direction: .out, parent: b, offset: p + L.cxTriggers)
                call.addNested(residencies, size: Int(nr) * 8, direction: .out, parent: b, offset: p + L.cxResidencies)
                call.addNested(pc, size: Int(nrPC) * 8, direction: .out, parent: b, offset: p + L.cxPC)
                call.addNested(cc, size: Int(nrCC) * 8, direction: .out, parent: b, offset: p + L.cxCC)
            }
        }

        static func decode(_ s: GuestStruct, at u: Int) throws(DecodeError) -> PMStat {
            typealias L = SysctlLayout
            let p = u + L.psU
            func u32(_ o: Int) -> UInt32 { s.load(UInt32.self, at: o) }
            func bound(_ count: UInt64, _ element: Int, _ field: String) throws(DecodeError) {
                _ = try GuestStruct.size(count: count, element: element, at: "sysctl.get_pmstat.\(field)")
            }
            let type = u32(u + L.psType), cpuid = u32(u + L.psCPUID)
            switch Int32(bitPattern: type) {
            case PMSTAT_get_max_px: return .getMaxPx(cpuid: cpuid)
            case PMSTAT_reset_pxstat: return .resetPxStat(cpuid: cpuid)
            case PMSTAT_get_max_cx: return .getMaxCx(cpuid: cpuid)
            case PMSTAT_reset_cxstat: return .resetCxStat(cpuid: cpuid)
            case PMSTAT_get_pxstat:
                let total = s.load(UInt8.self, at: p + L.pxTotal)  // at most 255 x 255 x 8 bytes: no bound needed
                return .getPxStat(cpuid: cpuid, total: total, transPt: s.nested(at: p + L.pxTransPt), pt: s.nested(at: p + L.pxPt))
            case PMSTAT_get_cxstat:
                let nr = u32(p + L.cxNr), nrPC = u32(p + L.cxNrPC), nrCC = u32(p + L.cxNrCC)
                try bound(UInt64(nr), 8, "u.getcx.nr")
                try bound(UInt64(nrPC), 8, "u.getcx.nr_pc")
                try bound(UInt64(nrCC), 8, "u.getcx.nr_cc")
                return .getCxStat(cpuid: cpuid, nr: nr, nrPC: nrPC, nrCC: nrCC,
                                  triggers: s.nested(at: p + L.cxTriggers), residencies: s.nested(at: p + L.cxResidencies),
                                  pc: s.nested(at: p + L.cxPC), cc: s.nested(at: p + L.cxCC))
            default: throw DecodeError(.unknownSubop(UInt64(type)), at: "sysctl.get_pmstat.type")
            }
        }
    }
}
