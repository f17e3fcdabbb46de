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
