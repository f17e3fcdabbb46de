/// Catalog entries for `event_channel_op`, `event_channel_op_compat`,
/// `sched_op` and `sched_op_compat`.
extension CallCatalog {
    static func evtEntry<S: XenStruct>(_ name: String, _: S.Type, _ make: @escaping @Sendable (S) -> EventChannelOp) -> Entry {
        Entry("event_channel_op", name, fields: S.fieldNames) { v throws(CatalogError) in .eventChannelOp(make(try S(fields: v))) }
    }

    static var eventChannelOpEntries: [Entry] {
        typealias E = EventChannelOp
        return [
            evtEntry("bind_interdomain", E.BindInterdomain.self) { .bindInterdomain($0) },
            evtEntry("bind_virq", E.BindVIRQ.self) { .bindVIRQ($0) },
            evtEntry("bind_pirq", E.BindPIRQ.self) { .bindPIRQ($0) },
            evtEntry("close", E.Close.self) { .close($0) },
            evtEntry("send", E.Send.self) { .send($0) },
            evtEntry("status", E.Status.self) { .status($0) },
            evtEntry("alloc_unbound", E.AllocUnbound.self) { .allocUnbound($0) },
            evtEntry("bind_ipi", E.BindIPI.self) { .bindIPI($0) },
            evtEntry("bind_vcpu", E.BindVCPU.self) { .bindVCPU($0) },
            evtEntry("unmask", E.Unmask.self) { .unmask($0) },
            evtEntry("reset", E.Reset.self) { .reset($0) },
            evtEntry("init_control", E.InitControl.self) { .initControl($0) },
            evtEntry("expand_array", E.ExpandArray.self) { .expandArray($0) },
            evtEntry("set_priority", E.SetPriority.self) { .setPriority($0) },
        ]
    }

    /// The compat envelope of every `event_channel_op` entry whose struct fits `evtchn_op.u`.
    static var eventChannelOpCompatEntries: [Entry] {
        eventChannelOpEntries.compactMap { e in
            guard let probe = try? e.make(FieldValues()), case .eventChannelOp(let op) = probe, EventChannelOpCompat(op) != nil else { return nil }
            return Entry("event_channel_op_compat", e.subop, fields: e.fields.map { ($0.name, $0.help) }) { v throws(CatalogError) in
                guard case .eventChannelOp(let op) = try e.make(v), let c = EventChannelOpCompat(op) else {
                    throw .badField("cmd", "not a compat event channel operation")
                }
                return .eventChannelOpCompat(c)
            }
        }
    }

    static var schedOpEntries: [Entry] {
        [
            Entry("sched_op", "yield") { _ throws(CatalogError) in .schedOp(.yield) },
            Entry("sched_op", "block") { _ throws(CatalogError) in .schedOp(.block) },
            Entry("sched_op", "shutdown", fields: SchedOp.Shutdown.fieldNames) { v throws(CatalogError) in .schedOp(.shutdown(try .init(fields: v))) },
            Entry("sched_op", "poll", fields: [("ports", "comma-separated event channel ports"), ("timeout", "absolute ns, 0 = none")]) { v throws(CatalogError) in
                .schedOp(.poll(ports: try v.list("ports", of: UInt32.self), timeout: try v.number("timeout")))
            },
            Entry("sched_op", "remote_shutdown", fields: SchedOp.RemoteShutdown.fieldNames) { v throws(CatalogError) in
                .schedOp(.remoteShutdown(try .init(fields: v)))
            },
            Entry("sched_op", "shutdown_code", fields: SchedOp.Shutdown.fieldNames) { v throws(CatalogError) in .schedOp(.shutdownCode(try .init(fields: v))) },
            Entry("sched_op", "watchdog", fields: SchedOp.Watchdog.fieldNames) { v throws(CatalogError) in .schedOp(.watchdog(try .init(fields: v))) },
            Entry("sched_op", "pin_override", fields: SchedOp.PinOverride.fieldNames) { v throws(CatalogError) in .schedOp(.pinOverride(try .init(fields: v))) },
        ]
    }

    static var schedOpCompatEntries: [Entry] {
        [
            Entry("sched_op_compat", "yield") { _ throws(CatalogError) in .schedOpCompat(.yield) },
            Entry("sched_op_compat", "block") { _ throws(CatalogError) in .schedOpCompat(.block) },
            Entry("sched_op_compat", "shutdown", fields: [("reason", "SHUTDOWN_* in the argument register")]) { v throws(CatalogError) in
                .schedOpCompat(.shutdown(reason: try v.number("reason")))
            },
        ]
    }
}
