import CXen

/// `__HYPERVISOR_xenpmu_op` (`public/pmu.h`): `xenpmu_op(op, arg)`.
/// `XENPMU_lvtpc_set` and `XENPMU_flush` act on the vCPU's registered
/// `xen_pmu_data` page and take no argument (NULL).
public enum XenPMUOp: TypedHypercall, Hashable {
    /// `XENPMU_mode_get` (also returns the PMU version).
    case modeGet(Params)
    /// `XENPMU_mode_set`: `val` is `XENPMU_MODE_*`.
    case modeSet(Params)
    /// `XENPMU_feature_get`
    case featureGet(Params)
    /// `XENPMU_feature_set`: `val` is `XENPMU_FEATURE_*`.
    case featureSet(Params)
    /// `XENPMU_init`: `val` is the GFN of the vCPU's `xen_pmu_data` page.
    case initialise(Params)
    /// `XENPMU_finish`
    case finish(Params)
    /// `XENPMU_lvtpc_set` (arg NULL)
    case lvtpcSet
    /// `XENPMU_flush` (arg NULL)
    case flush

    public static var number: HypercallNumber { .xenpmu_op }

    /// The `XENPMU_*` number.
    public var op: Int32 {
        switch self {
        case .modeGet: XENPMU_mode_get
        case .modeSet: XENPMU_mode_set
        case .featureGet: XENPMU_feature_get
        case .featureSet: XENPMU_feature_set
        case .initialise: XENPMU_init
        case .finish: XENPMU_finish
        case .lvtpcSet: XENPMU_lvtpc_set
        case .flush: XENPMU_flush
        }
    }

    public func encode(into call: inout EncodedCall) {
        call.reset(.xenpmu_op)
        call.args[0] = UInt64(op)
        switch self {
        case .modeGet(let p), .modeSet(let p), .featureGet(let p), .featureSet(let p), .initialise(let p), .finish(let p):
            call.addStruct(p, site: .register(1))
        case .lvtpcSet, .flush:
            call.addNullHandle(site: .register(1))
        }
    }

    public static func decode(_ raw: RawHypercall, memory: some GuestMemoryReader) throws(DecodeError) -> XenPMUOp {
        guard let o = Int32(exactly: raw.args[0]) else { throw DecodeError(.unknownSubop(raw.args[0]), at: "xenpmu_op") }
        func params() throws(DecodeError) -> Params {
            try .read("xenpmu_op.xen_pmu_params", handle: raw.args[1], flavour: raw.op.flavour, memory: memory)
        }
        switch o {
        case XENPMU_mode_get: return .modeGet(try params())
        case XENPMU_mode_set: return .modeSet(try params())
        case XENPMU_feature_get: return .featureGet(try params())
        case XENPMU_feature_set: return .featureSet(try params())
        case XENPMU_init: return .initialise(try params())
        case XENPMU_finish: return .finish(try params())
        case XENPMU_lvtpc_set: return .lvtpcSet
        case XENPMU_flush: return .flush
        default: throw DecodeError(.unknownSubop(raw.args[0]), at: "xenpmu_op")
        }
    }

    static var layoutRows: [Layout.Row] { structLayoutRows }
}
