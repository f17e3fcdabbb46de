import CXen

/// Catalog entries for `vcpu_op`, sub-ops 0-18.
extension CallCatalog {
    static let vcpuField = ("vcpuid", "target vCPU")

    static func vcpuEntry<S: XenStruct>(_ name: String, _: S.Type, _ make: @escaping @Sendable (UInt32, S) -> VCPUOp) -> Entry {
        Entry("vcpu_op", name, fields: [vcpuField] + S.fieldNames) { v throws(CatalogError) in
            .vcpuOp(make(try v.number("vcpuid"), try S(fields: v)))
        }
    }

    static func vcpuEntry(_ name: String, _ make: @escaping @Sendable (UInt32) -> VCPUOp) -> Entry {
        Entry("vcpu_op", name, fields: [vcpuField]) { v throws(CatalogError) in .vcpuOp(make(try v.number("vcpuid"))) }
    }

    static var vcpuOpEntries: [Entry] {
        [
            Entry("vcpu_op", "initialise", fields: [vcpuField, ("context", "comma-separated bytes of vcpu_guest_context (rest zero)")]) { v throws(CatalogError) in
                var ctx: [UInt8] = try v.list("context", of: UInt8.self)
                guard ctx.count <= VCPUOp.guestContextSize else { throw .badField("context", "more than \(VCPUOp.guestContextSize) bytes") }
                ctx += repeatElement(0, count: VCPUOp.guestContextSize - ctx.count)
                return .vcpuOp(.initialise(vcpu: try v.number("vcpuid"), context: ctx))
            },
            vcpuEntry("up") { .up(vcpu: $0) },
            vcpuEntry("down") { .down(vcpu: $0) },
            vcpuEntry("is_up") { .isUp(vcpu: $0) },
            vcpuEntry("get_runstate_info") { .getRunstateInfo(vcpu: $0) },
            vcpuEntry("register_runstate_memory_area", VCPUOp.RunstateArea.self) { .registerRunstateMemoryArea(vcpu: $0, $1) },
            vcpuEntry("set_periodic_timer", VCPUOp.SetPeriodicTimer.self) { .setPeriodicTimer(vcpu: $0, $1) },
            vcpuEntry("stop_periodic_timer") { .stopPeriodicTimer(vcpu: $0) },
            vcpuEntry("set_singleshot_timer", VCPUOp.SetSingleshotTimer.self) { .setSingleshotTimer(vcpu: $0, $1) },
            vcpuEntry("stop_singleshot_timer") { .stopSingleshotTimer(vcpu: $0) },
            vcpuEntry("register_vcpu_info", VCPUOp.RegisterVCPUInfo.self) { .registerVCPUInfo(vcpu: $0, $1) },
            vcpuEntry("send_nmi") { .sendNMI(vcpu: $0) },
            vcpuEntry("get_physid") { .getPhysID(vcpu: $0) },
            vcpuEntry("register_vcpu_time_memory_area", VCPUOp.TimeArea.self) { .registerVCPUTimeMemoryArea(vcpu: $0, $1) },
            vcpuEntry("register_runstate_phys_area", VCPUOp.RunstateArea.self) { .registerRunstatePhysArea(vcpu: $0, $1) },
            vcpuEntry("register_vcpu_time_phys_area", VCPUOp.TimeArea.self) { .registerVCPUTimePhysArea(vcpu: $0, $1) },
            // size defaults to one page: a zero size is -EINVAL, so the defaults make a call the decoder accepts.
            Entry("vcpu_op", "register_hcall_buffer",
                  fields: [vcpuField] + VCPUOp.HcallBuffer.fieldNames.map { $0.0 == "size" ? ("size", "bytes, page multiple (default 4096)") : $0 }) { v throws(CatalogError) in
                var b = try VCPUOp.HcallBuffer(fields: v)
                b.size = try v.number("size", default: UInt64(XENABI_PAGE_SIZE))
                return .vcpuOp(.registerHcallBuffer(vcpu: try v.number("vcpuid"), b))
            },
            Entry("vcpu_op", "purge_hcall_buffers",
                  fields: [vcpuField] + VCPUOp.HcallBuffer.fieldNames.map { $0.0 == "size" ? ("size", "bytes; ~0 (default, VCPU_HCALL_BUFFER_PURGE_ALL) purges all") : $0 }) { v throws(CatalogError) in
                var b = try VCPUOp.HcallBuffer(fields: v)
                b.size = try v.number("size", default: VCPUOp.HcallBuffer.purgeAll)
                return .vcpuOp(.purgeHcallBuffers(vcpu: try v.number("vcpuid"), b))
            },
            vcpuEntry("share_hcall_buffers", VCPUOp.HcallBuffer.self) { .shareHcallBuffers(vcpu: $0, $1) },
        ]
    }
}
