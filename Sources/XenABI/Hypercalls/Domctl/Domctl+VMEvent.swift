import CXen

// The introspection domctls (libxc's xc_vm_event_control and xc_monitor_*,
// as xen-access and the VM-introspection tools issue them). Neither names a
// guest buffer: the ring is a page the tool maps with acquire_resource.
extension Domctl {
    /// `struct xen_domctl_monitor_op`: `op`, `event`, and the member of `u`
    /// that `event` selects for `XEN_DOMCTL_MONITOR_OP_ENABLE`/`DISABLE`.
    public struct MonitorOp: Hashable, Sendable {
        /// `op`: `XEN_DOMCTL_MONITOR_OP_*`.
        public var op: UInt32
        /// `event`: `XEN_DOMCTL_MONITOR_EVENT_*` for enable/disable; the
        /// on/off flag for `EMULATE_EACH_REP` and `CONTROL_REGISTERS`.
        public var event: UInt32
        /// The options `u` carries for this event.
        public var options: Options

        /// `u`'s members by event.
        public enum Options: Hashable, Sendable {
            /// No member (other ops and events).
            case none
            /// `u.mov_to_cr` (`XEN_DOMCTL_MONITOR_EVENT_WRITE_CTRLREG`).
            case movToCR(index: UInt8, sync: UInt8, onChangeOnly: UInt8, bitmask: UInt64)
            /// `u.mov_to_msr` (`XEN_DOMCTL_MONITOR_EVENT_MOV_TO_MSR`).
            case movToMSR(msr: UInt32, onChangeOnly: UInt8)
            /// `u.guest_request` (`XEN_DOMCTL_MONITOR_EVENT_GUEST_REQUEST`).
            case guestRequest(sync: UInt8, allowUserspace: UInt8)
            /// `u.debug_exception` (`XEN_DOMCTL_MONITOR_EVENT_DEBUG_EXCEPTION`).
            case debugException(sync: UInt8)
            /// `u.vmexit` (`XEN_DOMCTL_MONITOR_EVENT_VMEXIT`).
            case vmexit(sync: UInt8)
        }

        /// A monitor op; `options` must be the member `event` selects (what `decode` gives back).
        public init(op: UInt32, event: UInt32, options: Options = .none) {
            self.op = op
            self.event = event
            self.options = options
        }
    }

    func encodeIntrospection(into call: inout EncodedCall, buffer b: Int) {
        typealias L = DomctlLayout
        let u = L.u
        func put<T: FixedWidthInteger>(_ v: T, _ o: Int) { call.store(v, buffer: b, at: u + o) }
        switch op {
        case .vmEventOp(let o, let mode):
            put(o, L.veOp); put(mode, L.veMode)
        case .monitorOp(let m):
            put(m.op, L.moOp); put(m.event, L.moEvent)
            switch m.options {
            case .none: break
            case .movToCR(let index, let sync, let once, let mask):
                put(index, L.moCRIndex); put(sync, L.moCRSync); put(once, L.moCROnChangeOnly); put(mask, L.moCRBitmask)
            case .movToMSR(let msr, let once): put(msr, L.moMSR); put(once, L.moMSROnChangeOnly)
            case .guestRequest(let sync, let user): put(sync, L.moGRSync); put(user, L.moGRAllowUserspace)
            case .debugException(let sync): put(sync, L.moDESync)
            case .vmexit(let sync): put(sync, L.moVMExitSync)
            }
        default:
            preconditionFailure("not an introspection domctl: \(op)")
        }
    }

    /// Decodes the introspection sub-op `cmd` from the domctl union `u`; nil for any other command.
    static func decodeIntrospection(cmd: Int32, _ u: EnvelopeUnion) -> Op? {
        typealias L = DomctlLayout
        switch cmd {
        case XEN_DOMCTL_vm_event_op:
            return .vmEventOp(op: u.load(UInt32.self, L.veOp), mode: u.load(UInt32.self, L.veMode))
        case XEN_DOMCTL_monitor_op:
            let op = u.load(UInt32.self, L.moOp), event = u.load(UInt32.self, L.moEvent)
            var options = MonitorOp.Options.none
            if op == UInt32(XEN_DOMCTL_MONITOR_OP_ENABLE) || op == UInt32(XEN_DOMCTL_MONITOR_OP_DISABLE) {
                switch Int32(bitPattern: event) {
                case XEN_DOMCTL_MONITOR_EVENT_WRITE_CTRLREG:
                    options = .movToCR(index: u.load(UInt8.self, L.moCRIndex), sync: u.load(UInt8.self, L.moCRSync),
                                       onChangeOnly: u.load(UInt8.self, L.moCROnChangeOnly), bitmask: u.load(UInt64.self, L.moCRBitmask))
                case XEN_DOMCTL_MONITOR_EVENT_MOV_TO_MSR:
                    options = .movToMSR(msr: u.load(UInt32.self, L.moMSR), onChangeOnly: u.load(UInt8.self, L.moMSROnChangeOnly))
                case XEN_DOMCTL_MONITOR_EVENT_GUEST_REQUEST:
                    options = .guestRequest(sync: u.load(UInt8.self, L.moGRSync), allowUserspace: u.load(UInt8.self, L.moGRAllowUserspace))
                case XEN_DOMCTL_MONITOR_EVENT_DEBUG_EXCEPTION: options = .debugException(sync: u.load(UInt8.self, L.moDESync))
                case XEN_DOMCTL_MONITOR_EVENT_VMEXIT: options = .vmexit(sync: u.load(UInt8.self, L.moVMExitSync))
                default: break
                }
            }
            return .monitorOp(MonitorOp(op: op, event: event, options: options))
        default:
            return nil
        }
    }
}
