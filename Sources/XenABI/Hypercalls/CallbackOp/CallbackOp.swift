import CXen

/// `__HYPERVISOR_callback_op` (`public/callback.h`): `callback_op(cmd, arg)`.
public enum CallbackOp: TypedHypercall, Hashable {
    /// `CALLBACKOP_register`: `CALLBACKTYPE_*`, `CALLBACKF_*`, entry address.
    case register(Register)
    /// `CALLBACKOP_unregister`
    case unregister(Unregister)

    public static var number: HypercallNumber { .callback_op }

    public func encode(into call: inout EncodedCall) {
        call.reset(.callback_op)
        switch self {
        case .register(let r):
            call.args[0] = UInt64(CALLBACKOP_register)
            call.addStruct(r, site: .register(1))
        case .unregister(let u):
            call.args[0] = UInt64(CALLBACKOP_unregister)
            call.addStruct(u, site: .register(1))
        }
    }

    public static func decode(_ raw: RawHypercall, memory: some GuestMemoryReader) throws(DecodeError) -> CallbackOp {
        switch raw.args[0] {
        case UInt64(CALLBACKOP_register):
            .register(try .read("callback_op.register", handle: raw.args[1], flavour: raw.op.flavour, memory: memory))
        case UInt64(CALLBACKOP_unregister):
            .unregister(try .read("callback_op.unregister", handle: raw.args[1], flavour: raw.op.flavour, memory: memory))
        default:
            throw DecodeError(.unknownSubop(raw.args[0]), at: "callback_op")
        }
    }

    static var layoutRows: [Layout.Row] { structLayoutRows + NMIOp.structLayoutRows }
}

/// `__HYPERVISOR_nmi_op` (`public/nmi.h`): `nmi_op(cmd, arg)`.
public enum NMIOp: TypedHypercall, Hashable {
    /// `XENNMI_register_callback`
    case registerCallback(Callback)
    /// `XENNMI_unregister_callback` (arg NULL)
    case unregisterCallback

    public static var number: HypercallNumber { .nmi_op }

    public func encode(into call: inout EncodedCall) {
        call.reset(.nmi_op)
        switch self {
        case .registerCallback(let c):
            call.args[0] = UInt64(XENNMI_register_callback)
            call.addStruct(c, site: .register(1))
        case .unregisterCallback:
            call.args[0] = UInt64(XENNMI_unregister_callback)
            call.addNullHandle(site: .register(1))
        }
    }

    public static func decode(_ raw: RawHypercall, memory: some GuestMemoryReader) throws(DecodeError) -> NMIOp {
        switch raw.args[0] {
        case UInt64(XENNMI_register_callback):
            .registerCallback(try .read("nmi_op.register_callback", handle: raw.args[1], flavour: raw.op.flavour, memory: memory))
        case UInt64(XENNMI_unregister_callback):
            .unregisterCallback
        default:
            throw DecodeError(.unknownSubop(raw.args[0]), at: "nmi_op")
        }
    }
}
