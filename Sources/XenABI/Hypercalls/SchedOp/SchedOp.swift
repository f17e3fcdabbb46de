import CXen

/// `__HYPERVISOR_sched_op` (`public/sched.h`): `sched_op(cmd, arg)`.
public enum SchedOp: TypedHypercall, Hashable {
    /// `SCHEDOP_yield` (arg NULL).
    case yield
    /// `SCHEDOP_block` (arg NULL).
    case block
    /// `SCHEDOP_shutdown`
    case shutdown(Shutdown)
    /// `SCHEDOP_poll`: `ports` is the nested `evtchn_port_t` list (`nr_ports` from its count).
    case poll(ports: [UInt32], timeout: UInt64)
    /// `SCHEDOP_remote_shutdown`
    case remoteShutdown(RemoteShutdown)
    /// `SCHEDOP_shutdown_code`: records the reason without shutting down.
    case shutdownCode(Shutdown)
    /// `SCHEDOP_watchdog`
    case watchdog(Watchdog)
    /// `SCHEDOP_pin_override`
    case pinOverride(PinOverride)

    public static var number: HypercallNumber { .sched_op }

    /// The `SCHEDOP_*` command.
    public var cmd: Int32 {
        switch self {
        case .yield: SCHEDOP_yield
        case .block: SCHEDOP_block
        case .shutdown: SCHEDOP_shutdown
        case .poll: SCHEDOP_poll
        case .remoteShutdown: SCHEDOP_remote_shutdown
        case .shutdownCode: SCHEDOP_shutdown_code
        case .watchdog: SCHEDOP_watchdog
        case .pinOverride: SCHEDOP_pin_override
        }
    }

    public func encode(into call: inout EncodedCall) {
        call.reset(.sched_op)
        call.args[0] = UInt64(cmd)
        let arg = HandleSite.register(1)
        switch self {
        case .yield, .block: call.addNullHandle(site: arg)
        case .shutdown(let s), .shutdownCode(let s): call.addStruct(s, site: arg)
        case .remoteShutdown(let s): call.addStruct(s, site: arg)
        case .watchdog(let s): call.addStruct(s, site: arg)
        case .pinOverride(let s): call.addStruct(s, site: arg)
        case .poll(let ports, let timeout):
            let b = call.addStruct(Poll(nrPorts: UInt32(truncatingIfNeeded: ports.count), timeout: timeout), site: arg)
            call.addArray(ports, site: .nested(buffer: b, offset: Poll.Offsets.ports))
        }
    }

    public static func decode(_ raw: RawHypercall, memory: some GuestMemoryReader) throws(DecodeError) -> SchedOp {
        let h = raw.args[1], f = raw.op.flavour
        guard let c = Int32(exactly: raw.args[0]) else { throw DecodeError(.unknownSubop(raw.args[0]), at: "sched_op") }
        switch c {
        case SCHEDOP_yield: return .yield
        case SCHEDOP_block: return .block
        case SCHEDOP_shutdown: return .shutdown(try .read("sched_op.shutdown", handle: h, flavour: f, memory: memory))
        case SCHEDOP_shutdown_code: return .shutdownCode(try .read("sched_op.shutdown_code", handle: h, flavour: f, memory: memory))
        case SCHEDOP_remote_shutdown: return .remoteShutdown(try .read("sched_op.remote_shutdown", handle: h, flavour: f, memory: memory))
        case SCHEDOP_watchdog: return .watchdog(try .read("sched_op.watchdog", handle: h, flavour: f, memory: memory))
        case SCHEDOP_pin_override: return .pinOverride(try .read("sched_op.pin_override", handle: h, flavour: f, memory: memory))
        case SCHEDOP_poll:
            let s = try GuestStruct("sched_op.poll", handle: h, flavour: f, size: Poll.size, memory: memory)
            let p = Poll(loading: s, at: 0)
            let ports = try GuestArray.integers(UInt32.self, count: UInt64(p.nrPorts), flavour: f, memory: memory,
                                                handle: s.load(UInt64.self, at: Poll.Offsets.ports), at: "sched_op.poll.ports")
            return .poll(ports: ports, timeout: p.timeout)
        default: throw DecodeError(.unknownSubop(raw.args[0]), at: "sched_op")
        }
    }

    static var layoutRows: [Layout.Row] { structLayoutRows }
}

/// `__HYPERVISOR_sched_op_compat` (pre-3.0.2 ABI): `sched_op_compat(cmd, arg)`
/// with `arg` a plain value, never a handle. Xen serves yield, block and
/// shutdown (arg = reason); other commands get -ENOSYS.
public enum SchedOpCompat: TypedHypercall, Hashable {
    /// `SCHEDOP_yield`
    case yield
    /// `SCHEDOP_block`
    case block
    /// `SCHEDOP_shutdown`: `reason` (`SHUTDOWN_*`) in the argument register.
    case shutdown(reason: UInt64)

    public static var number: HypercallNumber { .sched_op_compat }

    public func encode(into call: inout EncodedCall) {
        call.reset(.sched_op_compat)
        switch self {
        case .yield: call.args[0] = UInt64(SCHEDOP_yield)
        case .block: call.args[0] = UInt64(SCHEDOP_block)
        case .shutdown(let r):
            call.args[0] = UInt64(SCHEDOP_shutdown)
            call.args[1] = r
        }
    }

    public static func decode(_ raw: RawHypercall, memory: some GuestMemoryReader) throws(DecodeError) -> SchedOpCompat {
        switch raw.args[0] {
        case UInt64(SCHEDOP_yield): .yield
        case UInt64(SCHEDOP_block): .block
        case UInt64(SCHEDOP_shutdown): .shutdown(reason: raw.args[1])
        default: throw DecodeError(.unknownSubop(raw.args[0]), at: "sched_op_compat")
        }
    }
}
