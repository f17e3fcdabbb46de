import CXen

/// `__HYPERVISOR_hvm_op` (`public/hvm/hvm_op.h`): `hvm_op(op, arg)`, the
/// operations an HVM/PVH guest kernel issues.
public enum HVMOp: TypedHypercall, Hashable {
    /// `HVMOP_set_param`
    case setParam(SetParam)
    /// `HVMOP_get_param`
    case getParam(GetParam)
    /// `HVMOP_flush_tlbs` (arg NULL)
    case flushTLBs
    /// `HVMOP_pagetable_dying`
    case pagetableDying(PagetableDying)
    /// `HVMOP_get_time`
    case getTime
    /// `HVMOP_xentrace`: `extra` (at most `TRACE_EXTRA_MAX` words) goes into
    /// `extra[]`; `extra_bytes` is its count.
    case xentrace(event: UInt16, extra: [UInt8])
    /// `HVMOP_get_mem_type`
    case getMemType(GetMemType)
    /// `HVMOP_set_evtchn_upcall_vector`
    case setEvtchnUpcallVector(EvtchnUpcallVector)
    /// `HVMOP_guest_request_vm_event` (arg NULL)
    case guestRequestVMEvent
    /// `HVMOP_altp2m`: the fixed-struct commands (not the two `_multi` ones).
    case altp2m(AltP2MOp)

    public static var number: HypercallNumber { .hvm_op }

    /// The `HVMOP_*` number.
    public var op: Int32 {
        switch self {
        case .setParam: HVMOP_set_param
        case .getParam: HVMOP_get_param
        case .flushTLBs: HVMOP_flush_tlbs
        case .pagetableDying: HVMOP_pagetable_dying
        case .getTime: HVMOP_get_time
        case .xentrace: HVMOP_xentrace
        case .getMemType: HVMOP_get_mem_type
        case .setEvtchnUpcallVector: HVMOP_set_evtchn_upcall_vector
        case .guestRequestVMEvent: HVMOP_guest_request_vm_event
        case .altp2m: HVMOP_altp2m
        }
    }

    /// `sizeof(xen_hvm_xentrace_t.extra)`: the most extra bytes a trace record carries.
    public static let xentraceExtraMax = MemoryLayout.size(ofValue: xen_hvm_xentrace_t().extra)

    public func encode(into call: inout EncodedCall) {
        call.reset(.hvm_op)
        call.args[0] = UInt64(op)
        let arg = HandleSite.register(1)
        switch self {
        case .flushTLBs, .guestRequestVMEvent: call.addNullHandle(site: arg)
        case .setParam(let s): call.addStruct(s, site: arg)
        case .getParam(let s): call.addStruct(s, site: arg)
        case .pagetableDying(let s): call.addStruct(s, site: arg)
        case .getTime: call.addStruct(GetTime(), site: arg)
        case .altp2m(let a): a.encode(into: &call, site: arg)
        case .getMemType(let s): call.addStruct(s, site: arg)
        case .setEvtchnUpcallVector(let s): call.addStruct(s, site: arg)
        case .xentrace(let event, let extra):
            let n = min(extra.count, HVMOp.xentraceExtraMax)
            let b = call.addStruct(XentraceHeader(event: event, extraBytes: UInt16(n)), site: arg)
            call.store(bytes: extra.prefix(n), buffer: b, at: XentraceHeader.Offsets.extra)
        }
    }

    public static func decode(_ raw: RawHypercall, memory: some GuestMemoryReader) throws(DecodeError) -> HVMOp {
        let h = raw.args[1], f = raw.op.flavour
        guard let o = Int32(exactly: raw.args[0]) else { throw DecodeError(.unknownSubop(raw.args[0]), at: "hvm_op") }
        switch o {
        case HVMOP_set_param: return .setParam(try .read("hvm_op.set_param", handle: h, flavour: f, memory: memory))
        case HVMOP_get_param: return .getParam(try .read("hvm_op.get_param", handle: h, flavour: f, memory: memory))
        case HVMOP_flush_tlbs: return .flushTLBs
        case HVMOP_pagetable_dying: return .pagetableDying(try .read("hvm_op.pagetable_dying", handle: h, flavour: f, memory: memory))
        case HVMOP_get_time: return .getTime
        case HVMOP_get_mem_type: return .getMemType(try .read("hvm_op.get_mem_type", handle: h, flavour: f, memory: memory))
        case HVMOP_set_evtchn_upcall_vector:
            return .setEvtchnUpcallVector(try .read("hvm_op.set_evtchn_upcall_vector", handle: h, flavour: f, memory: memory))
        case HVMOP_guest_request_vm_event: return .guestRequestVMEvent
        case HVMOP_altp2m: return .altp2m(try AltP2MOp.decode(handle: h, flavour: f, memory: memory))
        case HVMOP_xentrace:
            let s = try GuestStruct("hvm_op.xentrace", handle: h, flavour: f, size: XentraceHeader.size, memory: memory)
            let x = XentraceHeader(loading: s, at: 0)
            guard Int(x.extraBytes) <= xentraceExtraMax else {
                throw DecodeError(.invalid("extra_bytes \(x.extraBytes) exceeds \(xentraceExtraMax)"), at: "hvm_op.xentrace.extra_bytes")
            }
            return .xentrace(event: x.event, extra: try s.checkedSlice(XentraceHeader.Offsets.extra, Int(x.extraBytes)))
        default: throw DecodeError(.unknownSubop(raw.args[0]), at: "hvm_op")
        }
    }

    static var layoutRows: [Layout.Row] { structLayoutRows }
}
