import CXen

/// Catalog entries for `hvm_op`, `callback_op` and `nmi_op`.
extension CallCatalog {
    static var hVMOpEntries: [Entry] {
        [
            Entry("hvm_op", "set_param", fields: HVMOp.SetParam.fieldNames) { v throws(CatalogError) in .hvmOp(.setParam(try .init(fields: v))) },
            Entry("hvm_op", "get_param", fields: HVMOp.GetParam.fieldNames) { v throws(CatalogError) in .hvmOp(.getParam(try .init(fields: v))) },
            Entry("hvm_op", "flush_tlbs") { _ throws(CatalogError) in .hvmOp(.flushTLBs) },
            Entry("hvm_op", "pagetable_dying", fields: HVMOp.PagetableDying.fieldNames) { v throws(CatalogError) in
                .hvmOp(.pagetableDying(try .init(fields: v)))
            },
            Entry("hvm_op", "get_time") { _ throws(CatalogError) in .hvmOp(.getTime) },
            Entry("hvm_op", "xentrace", fields: [("event", "trace event"), ("extra", "comma-separated extra bytes")]) { v throws(CatalogError) in
                let extra: [UInt8] = try v.list("extra", of: UInt8.self)
                guard extra.count <= HVMOp.xentraceExtraMax else { throw .badField("extra", "at most \(HVMOp.xentraceExtraMax) bytes") }
                return .hvmOp(.xentrace(event: try v.number("event"), extra: extra))
            },
            Entry("hvm_op", "get_mem_type", fields: HVMOp.GetMemType.fieldNames) { v throws(CatalogError) in .hvmOp(.getMemType(try .init(fields: v))) },
            Entry("hvm_op", "set_evtchn_upcall_vector", fields: HVMOp.EvtchnUpcallVector.fieldNames) { v throws(CatalogError) in
                .hvmOp(.setEvtchnUpcallVector(try .init(fields: v)))
            },
            Entry("hvm_op", "guest_request_vm_event") { _ throws(CatalogError) in .hvmOp(.guestRequestVMEvent) },
        ] + altp2mEntries
    }

    static func altp2m<S: XenStruct>(_ name: String, _: S.Type, _ make: @escaping @Sendable (S) -> AltP2MOp.Command) -> Entry {
        Entry("hvm_op", "altp2m_" + name, fields: [("domain", "target domain (default DOMID_SELF)")] + S.fieldNames) { v throws(CatalogError) in
            .hvmOp(.altp2m(AltP2MOp(domain: try v.number("domain", default: UInt16(XENABI_DOMID_SELF)), make(try S(fields: v)))))
        }
    }

    static var altp2mEntries: [Entry] {
        typealias H = HVMOp
        return [
            altp2m("get_domain_state", H.AltP2MDomainState.self) { .getDomainState($0) },
            altp2m("set_domain_state", H.AltP2MDomainState.self) { .setDomainState($0) },
            altp2m("vcpu_enable_notify", H.AltP2MVCPUEnableNotify.self) { .vcpuEnableNotify($0) },
            altp2m("create_p2m", H.AltP2MView.self) { .createP2M($0) },
            altp2m("destroy_p2m", H.AltP2MView.self) { .destroyP2M($0) },
            altp2m("switch_p2m", H.AltP2MView.self) { .switchP2M($0) },
            altp2m("set_mem_access", H.AltP2MMemAccess.self) { .setMemAccess($0) },
            altp2m("change_gfn", H.AltP2MChangeGFN.self) { .changeGFN($0) },
            altp2m("set_suppress_ve", H.AltP2MSuppressVE.self) { .setSuppressVE($0) },
            altp2m("get_suppress_ve", H.AltP2MSuppressVE.self) { .getSuppressVE($0) },
            altp2m("get_mem_access", H.AltP2MMemAccess.self) { .getMemAccess($0) },
            altp2m("vcpu_disable_notify", H.AltP2MVCPUDisableNotify.self) { .vcpuDisableNotify($0) },
            altp2m("get_p2m_idx", H.AltP2MGetVCPUP2MIdx.self) { .getP2MIdx($0) },
            altp2m("set_visibility", H.AltP2MSetVisibility.self) { .setVisibility($0) },
        ]
    }

    static var callbackOpEntries: [Entry] {
        [
            Entry("callback_op", "register", fields: CallbackOp.Register.fieldNames) { v throws(CatalogError) in .callbackOp(.register(try .init(fields: v))) },
            Entry("callback_op", "unregister", fields: CallbackOp.Unregister.fieldNames) { v throws(CatalogError) in .callbackOp(.unregister(try .init(fields: v))) },
        ]
    }

    static var nMIOpEntries: [Entry] {
        [
            Entry("nmi_op", "register_callback", fields: NMIOp.Callback.fieldNames) { v throws(CatalogError) in .nmiOp(.registerCallback(try .init(fields: v))) },
            Entry("nmi_op", "unregister_callback") { _ throws(CatalogError) in .nmiOp(.unregisterCallback) },
        ]
    }
}
