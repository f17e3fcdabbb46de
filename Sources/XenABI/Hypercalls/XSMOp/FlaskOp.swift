import CXen

/// `__HYPERVISOR_xsm_op` (`public/xsm/flask_op.h`): `xsm_op(struct xen_flask_op *)`
/// with interface version `XEN_FLASK_INTERFACE_VERSION`. Without FLASK Xen
/// answers `-ENOSYS`; the call is still well formed and decodes.
public struct FlaskOp: VersionedHypercall, Hashable {
    /// The `FLASK_*` command and its input fields.
    public var op: Op

    /// A flask op.
    public init(_ op: Op) { self.op = op }

    /// The `FLASK_*` commands with the fields Xen reads.
    public enum Op: Hashable, Sendable {
        /// `FLASK_LOAD`: a policy image in.
        case load(policy: [UInt8])
        /// `FLASK_GETENFORCE`.
        case getEnforce
        /// `FLASK_SETENFORCE`.
        case setEnforce(UInt32)
        /// `FLASK_CONTEXT_TO_SID`: a context string in, `sid` out.
        case contextToSID(context: [UInt8])
        /// `FLASK_SID_TO_CONTEXT`: `sid` in, up to `size` bytes of context out.
        case sidToContext(sid: UInt32, size: UInt32, context: NestedHandle)
        /// `FLASK_ACCESS`.
        case access(ssid: UInt32, tsid: UInt32, tclass: UInt32, req: UInt32)
        /// `FLASK_CREATE`, `FLASK_RELABEL`, `FLASK_MEMBER` (`cmd`).
        case transition(cmd: UInt32, ssid: UInt32, tsid: UInt32, tclass: UInt32)
        /// `FLASK_POLICYVERS`.
        case policyVers
        /// `FLASK_GETBOOL` by id: up to `size` bytes of the name out.
        case getBool(id: UInt32, size: UInt32, name: NestedHandle)
        /// `FLASK_GETBOOL` by name (`bool_id` = -1): the name in.
        case getBoolByName([UInt8])
        /// `FLASK_SETBOOL` (`name` in when `id` is -1).
        case setBool(id: UInt32, newValue: UInt8, commit: UInt8, name: [UInt8])
        /// `FLASK_COMMITBOOLS`.
        case commitBools
        /// `FLASK_MLS`.
        case mls
        /// `FLASK_GETAVC_THRESHOLD`.
        case getAVCThreshold
        /// `FLASK_SETAVC_THRESHOLD`.
        case setAVCThreshold(UInt32)
        /// `FLASK_AVC_HASHSTATS`.
        case avcHashStats
        /// `FLASK_AVC_CACHESTATS` for `cpu`.
        case avcCacheStats(cpu: UInt32)
        /// `FLASK_ADD_OCONTEXT` / `FLASK_DEL_OCONTEXT` (`cmd`).
        case ocontext(cmd: UInt32, ocon: UInt32, sid: UInt32, low: UInt64, high: UInt64)
        /// `FLASK_GET_PEER_SID` of event channel `evtchn`.
        case getPeerSID(evtchn: UInt32)
        /// `FLASK_RELABEL_DOMAIN`.
        case relabelDomain(domid: UInt32, sid: UInt32)
        /// `FLASK_DEVICETREE_LABEL`: a device-tree path in.
        case devicetreeLabel(sid: UInt32, path: [UInt8])
    }

    /// The `FLASK_*` command.
    public var cmd: UInt32 {
        let c: Int32 = switch op {
        case .load: FLASK_LOAD
        case .getEnforce: FLASK_GETENFORCE
        case .setEnforce: FLASK_SETENFORCE
        case .contextToSID: FLASK_CONTEXT_TO_SID
        case .sidToContext: FLASK_SID_TO_CONTEXT
        case .access: FLASK_ACCESS
        case .transition(let c, _, _, _): Int32(bitPattern: c)
        case .policyVers: FLASK_POLICYVERS
        case .getBool, .getBoolByName: FLASK_GETBOOL
        case .setBool: FLASK_SETBOOL
        case .commitBools: FLASK_COMMITBOOLS
        case .mls: FLASK_MLS
        case .getAVCThreshold: FLASK_GETAVC_THRESHOLD
        case .setAVCThreshold: FLASK_SETAVC_THRESHOLD
        case .avcHashStats: FLASK_AVC_HASHSTATS
        case .avcCacheStats: FLASK_AVC_CACHESTATS
        case .ocontext(let c, _, _, _, _): Int32(bitPattern: c)
        case .getPeerSID: FLASK_GET_PEER_SID
        case .relabelDomain: FLASK_RELABEL_DOMAIN
        case .devicetreeLabel: FLASK_DEVICETREE_LABEL
        }
        return UInt32(bitPattern: c)
    }

    /// `struct xen_flask_op` at `XEN_FLASK_INTERFACE_VERSION`.
    public static let envelope = VersionedEnvelope(.xsm_op, cName: "xen_flask_op", size: FlaskLayout.size, cmd: FlaskLayout.cmd,
                                                   interfaceVersion: FlaskLayout.interfaceVersion, union: FlaskLayout.u,
                                                   version: UInt32(XEN_FLASK_INTERFACE_VERSION), versionName: "XEN_FLASK_INTERFACE_VERSION")

    public func encode(into call: inout EncodedCall) {
        typealias L = FlaskLayout
        let b = Self.envelope.begin(cmd, into: &call)
        let u = L.u
        func put<T: FixedWidthInteger>(_ v: T, _ o: Int) { call.store(v, buffer: b, at: u + o) }
        switch op {
        case .getEnforce, .policyVers, .commitBools, .mls, .getAVCThreshold, .avcHashStats:
            break
        case .load(let p):
            put(UInt32(p.count), L.loadSize)
            call.addNestedInput(p, parent: b, offset: u + L.loadBuffer)
        case .setEnforce(let e): put(e, L.enforce)
        case .contextToSID(let ctx):
            put(UInt32(ctx.count), L.scSize)
            call.addNestedInput(ctx, parent: b, offset: u + L.scContext)
        case .sidToContext(let sid, let size, let ctx):
            put(sid, L.scSID); put(size, L.scSize)
            call.addNested(ctx, size: Int(size), direction: .out, parent: b, offset: u + L.scContext)
        case .access(let s, let t, let c, let r):
            put(s, L.acSSID); put(t, L.acTSID); put(c, L.acTClass); put(r, L.acReq)
        case .transition(_, let s, let t, let c):
            put(s, L.trSSID); put(t, L.trTSID); put(c, L.trTClass)
        case .getBool(let id, let size, let name):
            put(id, L.boID); put(size, L.boSize)
            call.addNested(name, size: Int(size), direction: .out, parent: b, offset: u + L.boName)
        case .getBoolByName(let name):
            put(UInt32.max, L.boID); put(UInt32(name.count), L.boSize)
            call.addNestedInput(name, parent: b, offset: u + L.boName)
        case .setBool(let id, let nv, let commit, let name):
            put(id, L.boID); put(nv, L.boNewValue); put(commit, L.boCommit)
            if id == UInt32.max {
                put(UInt32(name.count), L.boSize)
                call.addNestedInput(name, parent: b, offset: u + L.boName)
            }
        case .setAVCThreshold(let t): put(t, L.avcThreshold)
        case .avcCacheStats(let cpu): put(cpu, L.csCPU)
        case .ocontext(_, let ocon, let sid, let low, let high):
            put(ocon, L.ocOcon); put(sid, L.ocSID); put(low, L.ocLow); put(high, L.ocHigh)
        case .getPeerSID(let e): put(e, L.psEvtchn)
        case .relabelDomain(let d, let s): put(d, L.rlDomid); put(s, L.rlSID)
        case .devicetreeLabel(let sid, let path):
            put(sid, L.dtSID); put(UInt32(path.count), L.dtLength)
            call.addNestedInput(path, parent: b, offset: u + L.dtPath)
        }
    }

    public static func decode(_ raw: RawHypercall, memory: some GuestMemoryReader) throws(DecodeError) -> FlaskOp {
        typealias L = FlaskLayout
        let (cmd, u) = try envelope.open(raw, memory: memory)
        func input(_ count: UInt32, _ o: Int, _ field: String) throws(DecodeError) -> [UInt8] {
            try u.bytes(o, count: try u.count(UInt64(count), 1, field), memory: memory, field)
        }
        switch Int32(bitPattern: cmd) {
        case FLASK_LOAD: return FlaskOp(.load(policy: try input(u.u32(L.loadSize), L.loadBuffer, "load.buffer")))
        case FLASK_GETENFORCE: return FlaskOp(.getEnforce)
        case FLASK_SETENFORCE: return FlaskOp(.setEnforce(u.u32(L.enforce)))
        case FLASK_CONTEXT_TO_SID: return FlaskOp(.contextToSID(context: try input(u.u32(L.scSize), L.scContext, "sid_context.context")))
        case FLASK_SID_TO_CONTEXT:
            let size = u.u32(L.scSize)
            _ = try u.count(UInt64(size), 1, "sid_context.size")
            return FlaskOp(.sidToContext(sid: u.u32(L.scSID), size: size, context: u.nested(L.scContext)))
        case FLASK_ACCESS: return FlaskOp(.access(ssid: u.u32(L.acSSID), tsid: u.u32(L.acTSID), tclass: u.u32(L.acTClass), req: u.u32(L.acReq)))
        case FLASK_CREATE, FLASK_RELABEL, FLASK_MEMBER:
            return FlaskOp(.transition(cmd: cmd, ssid: u.u32(L.trSSID), tsid: u.u32(L.trTSID), tclass: u.u32(L.trTClass)))
        case FLASK_POLICYVERS: return FlaskOp(.policyVers)
        case FLASK_GETBOOL:
            let id = u.u32(L.boID), size = u.u32(L.boSize)
            if id == UInt32.max { return FlaskOp(.getBoolByName(try input(size, L.boName, "boolean.name"))) }
            _ = try u.count(UInt64(size), 1, "boolean.size")
            return FlaskOp(.getBool(id: id, size: size, name: u.nested(L.boName)))
        case FLASK_SETBOOL:
            let id = u.u32(L.boID)
            let name = id == UInt32.max ? try input(u.u32(L.boSize), L.boName, "boolean.name") : []
            return FlaskOp(.setBool(id: id, newValue: u.load(UInt8.self, L.boNewValue), commit: u.load(UInt8.self, L.boCommit), name: name))
        case FLASK_COMMITBOOLS: return FlaskOp(.commitBools)
        case FLASK_MLS: return FlaskOp(.mls)
        case FLASK_GETAVC_THRESHOLD: return FlaskOp(.getAVCThreshold)
        case FLASK_SETAVC_THRESHOLD: return FlaskOp(.setAVCThreshold(u.u32(L.avcThreshold)))
        case FLASK_AVC_HASHSTATS: return FlaskOp(.avcHashStats)
        case FLASK_AVC_CACHESTATS: return FlaskOp(.avcCacheStats(cpu: u.u32(L.csCPU)))
        case FLASK_ADD_OCONTEXT, FLASK_DEL_OCONTEXT:
            return FlaskOp(.ocontext(cmd: cmd, ocon: u.u32(L.ocOcon), sid: u.u32(L.ocSID), low: u.load(UInt64.self, L.ocLow),
                                     high: u.load(UInt64.self, L.ocHigh)))
        case FLASK_GET_PEER_SID: return FlaskOp(.getPeerSID(evtchn: u.u32(L.psEvtchn)))
        case FLASK_RELABEL_DOMAIN: return FlaskOp(.relabelDomain(domid: u.u32(L.rlDomid), sid: u.u32(L.rlSID)))
        case FLASK_DEVICETREE_LABEL:
            return FlaskOp(.devicetreeLabel(sid: u.u32(L.dtSID), path: try input(u.u32(L.dtLength), L.dtPath, "devicetree_label.path")))
        default:
            throw DecodeError(.unknownSubop(UInt64(cmd)), at: "xsm_op")
        }
    }
}
