/// Catalog entries for the register-only hypercalls (sub-op name `call`)
/// and `console_io`.
extension CallCatalog {
    static func registerEntry<C: RegisterCall>(_: C.Type, _ wrap: @escaping @Sendable (C) -> AnyHypercall) -> Entry {
        Entry(C.number.name, "call", fields: C.registerNames.map { ($0, "register value") }) { v throws(CatalogError) in
            var r = HypercallArgs()
            for (i, n) in C.registerNames.enumerated() { r[i] = try v.number(n) }
            return wrap(C(registers: r))
        }
    }

    static var registerCallEntries: [Entry] {
        [
            registerEntry(SetTimerOp.self) { .setTimerOp($0) },
            registerEntry(VMAssist.self) { .vmAssist($0) },
            registerEntry(FPUTaskswitch.self) { .fpuTaskswitch($0) },
            registerEntry(SetDebugreg.self) { .setDebugreg($0) },
            registerEntry(GetDebugreg.self) { .getDebugreg($0) },
            registerEntry(UpdateDescriptor.self) { .updateDescriptor($0) },
            registerEntry(SetSegmentBase.self) { .setSegmentBase($0) },
            registerEntry(StackSwitch.self) { .stackSwitch($0) },
            registerEntry(SetCallbacks.self) { .setCallbacks($0) },
            registerEntry(Iret.self) { .iret($0) },
            registerEntry(UpdateVAMapping.self) { .updateVAMapping($0) },
            registerEntry(UpdateVAMappingOtherdomain.self) { .updateVAMappingOtherdomain($0) },
        ]
    }

    static var consoleIOEntries: [Entry] {
        [
            Entry("console_io", "write", fields: [("text", "the bytes to write, as text")]) { v throws(CatalogError) in
                .consoleIO(.write(Array(v.string("text").utf8)))
            },
            Entry("console_io", "read", fields: [("count", "bytes to read")]) { v throws(CatalogError) in
                .consoleIO(.read(count: try v.number("count", default: 1024)))
            },
        ]
    }
}
