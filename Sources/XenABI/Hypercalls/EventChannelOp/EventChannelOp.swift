import CXen

/// `__HYPERVISOR_event_channel_op` (`public/event_channel.h`):
/// `event_channel_op(cmd, arg)`, one struct per sub-op (FIFO ABI included).
public enum EventChannelOp: TypedHypercall, Hashable {
    /// `EVTCHNOP_bind_interdomain`
    case bindInterdomain(BindInterdomain)
    /// `EVTCHNOP_bind_virq`
    case bindVIRQ(BindVIRQ)
    /// `EVTCHNOP_bind_pirq`
    case bindPIRQ(BindPIRQ)
    /// `EVTCHNOP_close`
    case close(Close)
    /// `EVTCHNOP_send`
    case send(Send)
    /// `EVTCHNOP_status`
    case status(Status)
    /// `EVTCHNOP_alloc_unbound`
    case allocUnbound(AllocUnbound)
    /// `EVTCHNOP_bind_ipi`
    case bindIPI(BindIPI)
    /// `EVTCHNOP_bind_vcpu`
    case bindVCPU(BindVCPU)
    /// `EVTCHNOP_unmask`
    case unmask(Unmask)
    /// `EVTCHNOP_reset`
    case reset(Reset)
    /// `EVTCHNOP_init_control` (FIFO)
    case initControl(InitControl)
    /// `EVTCHNOP_expand_array` (FIFO)
    case expandArray(ExpandArray)
    /// `EVTCHNOP_set_priority` (FIFO)
    case setPriority(SetPriority)

    public static var number: HypercallNumber { .event_channel_op }

    /// The `EVTCHNOP_*` command.
    public var cmd: Int32 {
        switch self {
        case .bindInterdomain: EVTCHNOP_bind_interdomain
        case .bindVIRQ: EVTCHNOP_bind_virq
        case .bindPIRQ: EVTCHNOP_bind_pirq
        case .close: EVTCHNOP_close
        case .send: EVTCHNOP_send
        case .status: EVTCHNOP_status
        case .allocUnbound: EVTCHNOP_alloc_unbound
        case .bindIPI: EVTCHNOP_bind_ipi
        case .bindVCPU: EVTCHNOP_bind_vcpu
        case .unmask: EVTCHNOP_unmask
        case .reset: EVTCHNOP_reset
        case .initControl: EVTCHNOP_init_control
        case .expandArray: EVTCHNOP_expand_array
        case .setPriority: EVTCHNOP_set_priority
        }
    }

    /// The sub-op's argument struct.
    public var argument: any XenStruct {
        switch self {
        case .bindInterdomain(let s): s
        case .bindVIRQ(let s): s
        case .bindPIRQ(let s): s
        case .close(let s): s
        case .send(let s): s
        case .status(let s): s
        case .allocUnbound(let s): s
        case .bindIPI(let s): s
        case .bindVCPU(let s): s
        case .unmask(let s): s
        case .reset(let s): s
        case .initControl(let s): s
        case .expandArray(let s): s
        case .setPriority(let s): s
        }
    }

    public func encode(into call: inout EncodedCall) {
        call.reset(.event_channel_op)
        call.args[0] = UInt64(cmd)
        call.addStruct(argument, site: .register(1))
    }

    /// Per command: the struct's size and how to read it at an offset.
    typealias Reader = (size: Int, name: String, make: @Sendable (GuestStruct, Int) -> EventChannelOp)
    static let readers: [Int32: Reader] = [
        EVTCHNOP_bind_interdomain: (BindInterdomain.size, "bind_interdomain", { .bindInterdomain(.init(loading: $0, at: $1)) }),
        EVTCHNOP_bind_virq: (BindVIRQ.size, "bind_virq", { .bindVIRQ(.init(loading: $0, at: $1)) }),
        EVTCHNOP_bind_pirq: (BindPIRQ.size, "bind_pirq", { .bindPIRQ(.init(loading: $0, at: $1)) }),
        EVTCHNOP_close: (Close.size, "close", { .close(.init(loading: $0, at: $1)) }),
        EVTCHNOP_send: (Send.size, "send", { .send(.init(loading: $0, at: $1)) }),
        EVTCHNOP_status: (Status.size, "status", { .status(.init(loading: $0, at: $1)) }),
        EVTCHNOP_alloc_unbound: (AllocUnbound.size, "alloc_unbound", { .allocUnbound(.init(loading: $0, at: $1)) }),
        EVTCHNOP_bind_ipi: (BindIPI.size, "bind_ipi", { .bindIPI(.init(loading: $0, at: $1)) }),
        EVTCHNOP_bind_vcpu: (BindVCPU.size, "bind_vcpu", { .bindVCPU(.init(loading: $0, at: $1)) }),
        EVTCHNOP_unmask: (Unmask.size, "unmask", { .unmask(.init(loading: $0, at: $1)) }),
        EVTCHNOP_reset: (Reset.size, "reset", { .reset(.init(loading: $0, at: $1)) }),
        EVTCHNOP_init_control: (InitControl.size, "init_control", { .initControl(.init(loading: $0, at: $1)) }),
        EVTCHNOP_expand_array: (ExpandArray.size, "expand_array", { .expandArray(.init(loading: $0, at: $1)) }),
        EVTCHNOP_set_priority: (SetPriority.size, "set_priority", { .setPriority(.init(loading: $0, at: $1)) }),
    ]

    public static func decode(_ raw: RawHypercall, memory: some GuestMemoryReader) throws(DecodeError) -> EventChannelOp {
        guard let c = Int32(exactly: raw.args[0]), let r = readers[c] else {
            throw DecodeError(.unknownSubop(raw.args[0]), at: "event_channel_op")
        }
        let s = try GuestStruct("event_channel_op." + r.name, handle: raw.args[1], flavour: raw.op.flavour, size: r.size, memory: memory)
        return r.make(s, 0)
    }

    static var layoutRows: [Layout.Row] { structLayoutRows + EventChannelOpCompat.layoutRows }
}

/// `__HYPERVISOR_event_channel_op_compat` (Xen 3.0.2 ABI): `event_channel_op_compat(arg)`,
/// one `struct evtchn_op` (cmd + union) in/out. Only the ten commands the
/// union holds (`EVTCHNOP_bind_interdomain` ... `EVTCHNOP_unmask`) fit.
public struct EventChannelOpCompat: TypedHypercall, Hashable {
    /// The wrapped operation.
    public var op: EventChannelOp

    /// `op` in the compat envelope; nil when its struct is not in `evtchn_op.u`.
    public init?(_ op: EventChannelOp) {
        guard op.cmd <= EVTCHNOP_unmask else { return nil }
        self.op = op
    }

    public static var number: HypercallNumber { .event_channel_op_compat }

    /// `sizeof(evtchn_op_t)`
    public static let size = MemoryLayout<evtchn_op_t>.size
    /// `offsetof(evtchn_op_t, cmd)`
    public static let cmdOffset = Layout.offset(\evtchn_op_t.cmd)
    /// `offsetof(evtchn_op_t, u)`
    public static let unionOffset = Layout.offset(\evtchn_op_t.u)

    public func encode(into call: inout EncodedCall) {
        call.reset(.event_channel_op_compat)
        let b = call.addBuffer(size: Self.size, direction: .inOut, site: .register(0))
        call.store(UInt32(op.cmd), buffer: b, at: Self.cmdOffset)
        op.argument.store(into: &call, buffer: b, at: Self.unionOffset)
    }

    public static func decode(_ raw: RawHypercall, memory: some GuestMemoryReader) throws(DecodeError) -> EventChannelOpCompat {
        let s = try GuestStruct("event_channel_op_compat.evtchn_op", handle: raw.args[0], flavour: raw.op.flavour, size: size, memory: memory)
        let cmd = s.load(UInt32.self, at: cmdOffset)
        guard cmd <= UInt32(EVTCHNOP_unmask), let r = EventChannelOp.readers[Int32(cmd)] else {
            throw DecodeError(.unknownSubop(UInt64(cmd)), at: "event_channel_op_compat")
        }
        // Not force-unwrapped: the guest chose `cmd`; a reader whose op the
        // compat union cannot hold is an unknown sub-op here, not a trap.
        guard let compat = EventChannelOpCompat(r.make(s, unionOffset)) else {
            throw DecodeError(.unknownSubop(UInt64(cmd)), at: "event_channel_op_compat")
        }
        return compat
    }

    static var layoutRows: [Layout.Row] {
        [
            .type("evtchn_op_t", evtchn_op_t.self),
            .field("evtchn_op_t", \evtchn_op_t.cmd, "cmd"),
            .nested("evtchn_op_t", "u", offset: unionOffset, size: MemoryLayout.size(ofValue: evtchn_op_t().u)),
        ]
    }
}
