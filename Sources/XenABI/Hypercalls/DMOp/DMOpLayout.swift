import CXen

/// Offsets in `struct xen_dm_op`, its union members and `xen_dm_op_buf` (`public/hvm/dm_op.h`).
public enum DMOpLayout {
    /// `sizeof(xen_dm_op_buf_t)`
    public static let bufSize = MemoryLayout<xen_dm_op_buf_t>.size
    /// `offsetof(xen_dm_op_buf_t, h)`
    public static let bufH = Layout.offset(\xen_dm_op_buf_t.h)
    /// `offsetof(xen_dm_op_buf_t, size)`
    public static let bufLen = Layout.offset(\xen_dm_op_buf_t.size)
    /// `sizeof(xen_dm_op)`
    public static let size = MemoryLayout<xen_dm_op>.size
    /// `offsetof(xen_dm_op, op)`
    public static let op = Layout.offset(\xen_dm_op.op)
    /// `offsetof(xen_dm_op, u)`
    public static let u = Layout.offset(\xen_dm_op.u)
    /// `offsetof(xen_dm_op_create_ioreq_server_t, handle_bufioreq)`
    public static let ciHandleBufioreq = Layout.offset(\xen_dm_op_create_ioreq_server_t.handle_bufioreq)
    /// `offsetof(xen_dm_op_get_ioreq_server_info_t, id)`
    public static let giID = Layout.offset(\xen_dm_op_get_ioreq_server_info_t.id)
    /// `offsetof(xen_dm_op_get_ioreq_server_info_t, flags)`
    public static let giFlags = Layout.offset(\xen_dm_op_get_ioreq_server_info_t.flags)
    /// `offsetof(xen_dm_op_ioreq_server_range_t, id)`
    public static let rgID = Layout.offset(\xen_dm_op_ioreq_server_range_t.id)
    /// `offsetof(xen_dm_op_ioreq_server_range_t, type)`
    public static let rgType = Layout.offset(\xen_dm_op_ioreq_server_range_t.type)
    /// `offsetof(xen_dm_op_ioreq_server_range_t, start)`
    public static let rgStart = Layout.offset(\xen_dm_op_ioreq_server_range_t.start)
    /// `offsetof(xen_dm_op_ioreq_server_range_t, end)`
    public static let rgEnd = Layout.offset(\xen_dm_op_ioreq_server_range_t.end)
    /// `offsetof(xen_dm_op_set_ioreq_server_state_t, id)`
    public static let ssID = Layout.offset(\xen_dm_op_set_ioreq_server_state_t.id)
    /// `offsetof(xen_dm_op_set_ioreq_server_state_t, enabled)`
    public static let ssEnabled = Layout.offset(\xen_dm_op_set_ioreq_server_state_t.enabled)
    /// `offsetof(xen_dm_op_destroy_ioreq_server_t, id)`
    public static let dsID = Layout.offset(\xen_dm_op_destroy_ioreq_server_t.id)
    /// `offsetof(xen_dm_op_track_dirty_vram_t, nr)`
    public static let tdNr = Layout.offset(\xen_dm_op_track_dirty_vram_t.nr)
    /// `offsetof(xen_dm_op_track_dirty_vram_t, first_pfn)`
    public static let tdFirstPFN = Layout.offset(\xen_dm_op_track_dirty_vram_t.first_pfn)
    /// `offsetof(xen_dm_op_set_pci_intx_level_t, domain)`
    public static let piDomain = Layout.offset(\xen_dm_op_set_pci_intx_level_t.domain)
    /// `offsetof(xen_dm_op_set_pci_intx_level_t, bus)`
    public static let piBus = Layout.offset(\xen_dm_op_set_pci_intx_level_t.bus)
    /// `offsetof(xen_dm_op_set_pci_intx_level_t, device)`
    public static let piDevice = Layout.offset(\xen_dm_op_set_pci_intx_level_t.device)
    /// `offsetof(xen_dm_op_set_pci_intx_level_t, intx)`
    public static let piIntx = Layout.offset(\xen_dm_op_set_pci_intx_level_t.intx)
    /// `offsetof(xen_dm_op_set_pci_intx_level_t, level)`
    public static let piLevel = Layout.offset(\xen_dm_op_set_pci_intx_level_t.level)
    /// `offsetof(xen_dm_op_set_isa_irq_level_t, isa_irq)`
    public static let isaIRQ = Layout.offset(\xen_dm_op_set_isa_irq_level_t.isa_irq)
    /// `offsetof(xen_dm_op_set_isa_irq_level_t, level)`
    public static let isaLevel = Layout.offset(\xen_dm_op_set_isa_irq_level_t.level)
    /// `offsetof(xen_dm_op_set_pci_link_route_t, link)`
    public static let lrLink = Layout.offset(\xen_dm_op_set_pci_link_route_t.link)
    /// `offsetof(xen_dm_op_set_pci_link_route_t, isa_irq)`
    public static let lrISAIRQ = Layout.offset(\xen_dm_op_set_pci_link_route_t.isa_irq)
    /// `offsetof(xen_dm_op_modified_memory_t, nr_extents)`
    public static let mmNrExtents = Layout.offset(\xen_dm_op_modified_memory_t.nr_extents)
    /// `offsetof(xen_dm_op_modified_memory_t, opaque)`
    public static let mmOpaque = Layout.offset(\xen_dm_op_modified_memory_t.opaque)
    /// `sizeof(xen_dm_op_modified_memory_extent)`
    public static let extentSize = MemoryLayout<xen_dm_op_modified_memory_extent>.size
    /// `offsetof(xen_dm_op_modified_memory_extent, nr)`
    public static let exNr = Layout.offset(\xen_dm_op_modified_memory_extent.nr)
    /// `offsetof(xen_dm_op_modified_memory_extent, first_pfn)`
    public static let exFirstPFN = Layout.offset(\xen_dm_op_modified_memory_extent.first_pfn)
    /// `offsetof(xen_dm_op_set_mem_type_t, nr)`
    public static let smNr = Layout.offset(\xen_dm_op_set_mem_type_t.nr)
    /// `offsetof(xen_dm_op_set_mem_type_t, mem_type)`
    public static let smMemType = Layout.offset(\xen_dm_op_set_mem_type_t.mem_type)
    /// `offsetof(xen_dm_op_set_mem_type_t, first_pfn)`
    public static let smFirstPFN = Layout.offset(\xen_dm_op_set_mem_type_t.first_pfn)
    /// `offsetof(xen_dm_op_inject_event_t, vcpuid)`
    public static let ieVCPU = Layout.offset(\xen_dm_op_inject_event_t.vcpuid)
    /// `offsetof(xen_dm_op_inject_event_t, vector)`
    public static let ieVector = Layout.offset(\xen_dm_op_inject_event_t.vector)
    /// `offsetof(xen_dm_op_inject_event_t, type)`
    public static let ieType = Layout.offset(\xen_dm_op_inject_event_t.type)
    /// `offsetof(xen_dm_op_inject_event_t, insn_len)`
    public static let ieInsnLen = Layout.offset(\xen_dm_op_inject_event_t.insn_len)
    /// `offsetof(xen_dm_op_inject_event_t, error_code)`
    public static let ieErrorCode = Layout.offset(\xen_dm_op_inject_event_t.error_code)
    /// `offsetof(xen_dm_op_inject_event_t, cr2)`
    public static let ieCR2 = Layout.offset(\xen_dm_op_inject_event_t.cr2)
    /// `offsetof(xen_dm_op_inject_msi_t, data)`
    public static let msiData = Layout.offset(\xen_dm_op_inject_msi_t.data)
    /// `offsetof(xen_dm_op_inject_msi_t, addr)`
    public static let msiAddr = Layout.offset(\xen_dm_op_inject_msi_t.addr)
    /// `offsetof(xen_dm_op_map_mem_type_to_ioreq_server_t, id)`
    public static let mtID = Layout.offset(\xen_dm_op_map_mem_type_to_ioreq_server_t.id)
    /// `offsetof(xen_dm_op_map_mem_type_to_ioreq_server_t, type)`
    public static let mtType = Layout.offset(\xen_dm_op_map_mem_type_to_ioreq_server_t.type)
    /// `offsetof(xen_dm_op_map_mem_type_to_ioreq_server_t, flags)`
    public static let mtFlags = Layout.offset(\xen_dm_op_map_mem_type_to_ioreq_server_t.flags)
    /// `offsetof(xen_dm_op_map_mem_type_to_ioreq_server_t, opaque)`
    public static let mtOpaque = Layout.offset(\xen_dm_op_map_mem_type_to_ioreq_server_t.opaque)
    /// `offsetof(xen_dm_op_remote_shutdown_t, reason)`
    public static let rsReason = Layout.offset(\xen_dm_op_remote_shutdown_t.reason)
    /// `offsetof(xen_dm_op_relocate_memory_t, size)`
    public static let rmSize = Layout.offset(\xen_dm_op_relocate_memory_t.size)
    /// `offsetof(xen_dm_op_relocate_memory_t, src_gfn)`
    public static let rmSrc = Layout.offset(\xen_dm_op_relocate_memory_t.src_gfn)
    /// `offsetof(xen_dm_op_relocate_memory_t, dst_gfn)`
    public static let rmDst = Layout.offset(\xen_dm_op_relocate_memory_t.dst_gfn)
    /// `offsetof(xen_dm_op_pin_memory_cacheattr_t, start)`
    public static let pcStart = Layout.offset(\xen_dm_op_pin_memory_cacheattr_t.start)
    /// `offsetof(xen_dm_op_pin_memory_cacheattr_t, end)`
    public static let pcEnd = Layout.offset(\xen_dm_op_pin_memory_cacheattr_t.end)
    /// `offsetof(xen_dm_op_pin_memory_cacheattr_t, type)`
    public static let pcType = Layout.offset(\xen_dm_op_pin_memory_cacheattr_t.type)
    /// `offsetof(xen_dm_op_set_irq_level_t, irq)`
    public static let ilIRQ = Layout.offset(\xen_dm_op_set_irq_level_t.irq)
    /// `offsetof(xen_dm_op_set_irq_level_t, level)`
    public static let ilLevel = Layout.offset(\xen_dm_op_set_irq_level_t.level)

    static var rows: [Layout.Row] {
        [
            .type("xen_dm_op_buf_t", xen_dm_op_buf_t.self),
            .field("xen_dm_op_buf_t", \xen_dm_op_buf_t.h, "h"),
            .field("xen_dm_op_buf_t", \xen_dm_op_buf_t.size, "size"),
            .type("xen_dm_op", xen_dm_op.self),
            .field("xen_dm_op", \xen_dm_op.op, "op"),
            .nested("xen_dm_op", "u", offset: Layout.offset(\xen_dm_op.u), size: MemoryLayout.size(ofValue: xen_dm_op().u)),
            .type("xen_dm_op_create_ioreq_server_t", xen_dm_op_create_ioreq_server_t.self),
            .field("xen_dm_op_create_ioreq_server_t", \xen_dm_op_create_ioreq_server_t.handle_bufioreq, "handle_bufioreq"),
            .type("xen_dm_op_get_ioreq_server_info_t", xen_dm_op_get_ioreq_server_info_t.self),
            .field("xen_dm_op_get_ioreq_server_info_t", \xen_dm_op_get_ioreq_server_info_t.id, "id"),
            .field("xen_dm_op_get_ioreq_server_info_t", \xen_dm_op_get_ioreq_server_info_t.flags, "flags"),
            .type("xen_dm_op_ioreq_server_range_t", xen_dm_op_ioreq_server_range_t.self),
            .field("xen_dm_op_ioreq_server_range_t", \xen_dm_op_ioreq_server_range_t.id, "id"),
            .field("xen_dm_op_ioreq_server_range_t", \xen_dm_op_ioreq_server_range_t.type, "type"),
            .field("xen_dm_op_ioreq_server_range_t", \xen_dm_op_ioreq_server_range_t.start, "start"),
            .field("xen_dm_op_ioreq_server_range_t", \xen_dm_op_ioreq_server_range_t.end, "end"),
            .type("xen_dm_op_set_ioreq_server_state_t", xen_dm_op_set_ioreq_server_state_t.self),
            .field("xen_dm_op_set_ioreq_server_state_t", \xen_dm_op_set_ioreq_server_state_t.id, "id"),
            .field("xen_dm_op_set_ioreq_server_state_t", \xen_dm_op_set_ioreq_server_state_t.enabled, "enabled"),
            .type("xen_dm_op_destroy_ioreq_server_t", xen_dm_op_destroy_ioreq_server_t.self),
            .field("xen_dm_op_destroy_ioreq_server_t", \xen_dm_op_destroy_ioreq_server_t.id, "id"),
            .type("xen_dm_op_track_dirty_vram_t", xen_dm_op_track_dirty_vram_t.self),
            .field("xen_dm_op_track_dirty_vram_t", \xen_dm_op_track_dirty_vram_t.nr, "nr"),
            .field("xen_dm_op_track_dirty_vram_t", \xen_dm_op_track_dirty_vram_t.first_pfn, "first_pfn"),
            .type("xen_dm_op_set_pci_intx_level_t", xen_dm_op_set_pci_intx_level_t.self),
            .field("xen_dm_op_set_pci_intx_level_t", \xen_dm_op_set_pci_intx_level_t.domain, "domain"),
            .field("xen_dm_op_set_pci_intx_level_t", \xen_dm_op_set_pci_intx_level_t.bus, "bus"),
            .field("xen_dm_op_set_pci_intx_level_t", \xen_dm_op_set_pci_intx_level_t.device, "device"),
            .field("xen_dm_op_set_pci_intx_level_t", \xen_dm_op_set_pci_intx_level_t.intx, "intx"),
            .field("xen_dm_op_set_pci_intx_level_t", \xen_dm_op_set_pci_intx_level_t.level, "level"),
            .type("xen_dm_op_set_isa_irq_level_t", xen_dm_op_set_isa_irq_level_t.self),
            .field("xen_dm_op_set_isa_irq_level_t", \xen_dm_op_set_isa_irq_level_t.isa_irq, "isa_irq"),
            .field("xen_dm_op_set_isa_irq_level_t", \xen_dm_op_set_isa_irq_level_t.level, "level"),
            .type("xen_dm_op_set_pci_link_route_t", xen_dm_op_set_pci_link_route_t.self),
            .field("xen_dm_op_set_pci_link_route_t", \xen_dm_op_set_pci_link_route_t.link, "link"),
            .field("xen_dm_op_set_pci_link_route_t", \xen_dm_op_set_pci_link_route_t.isa_irq, "isa_irq"),
            .type("xen_dm_op_modified_memory_t", xen_dm_op_modified_memory_t.self),
            .field("xen_dm_op_modified_memory_t", \xen_dm_op_modified_memory_t.nr_extents, "nr_extents"),
            .field("xen_dm_op_modified_memory_t", \xen_dm_op_modified_memory_t.opaque, "opaque"),
            .type("xen_dm_op_modified_memory_extent", xen_dm_op_modified_memory_extent.self),
            .field("xen_dm_op_modified_memory_extent", \xen_dm_op_modified_memory_extent.nr, "nr"),
            .field("xen_dm_op_modified_memory_extent", \xen_dm_op_modified_memory_extent.first_pfn, "first_pfn"),
            .type("xen_dm_op_set_mem_type_t", xen_dm_op_set_mem_type_t.self),
            .field("xen_dm_op_set_mem_type_t", \xen_dm_op_set_mem_type_t.nr, "nr"),
            .field("xen_dm_op_set_mem_type_t", \xen_dm_op_set_mem_type_t.mem_type, "mem_type"),
            .field("xen_dm_op_set_mem_type_t", \xen_dm_op_set_mem_type_t.first_pfn, "first_pfn"),
            .type("xen_dm_op_inject_event_t", xen_dm_op_inject_event_t.self),
            .field("xen_dm_op_inject_event_t", \xen_dm_op_inject_event_t.vcpuid, "vcpuid"),
            .field("xen_dm_op_inject_event_t", \xen_dm_op_inject_event_t.vector, "vector"),
            .field("xen_dm_op_inject_event_t", \xen_dm_op_inject_event_t.type, "type"),
            .field("xen_dm_op_inject_event_t", \xen_dm_op_inject_event_t.insn_len, "insn_len"),
            .field("xen_dm_op_inject_event_t", \xen_dm_op_inject_event_t.error_code, "error_code"),
            .field("xen_dm_op_inject_event_t", \xen_dm_op_inject_event_t.cr2, "cr2"),
            .type("xen_dm_op_inject_msi_t", xen_dm_op_inject_msi_t.self),
            .field("xen_dm_op_inject_msi_t", \xen_dm_op_inject_msi_t.data, "data"),
            .field("xen_dm_op_inject_msi_t", \xen_dm_op_inject_msi_t.addr, "addr"),
            .type("xen_dm_op_map_mem_type_to_ioreq_server_t", xen_dm_op_map_mem_type_to_ioreq_server_t.self),
            .field("xen_dm_op_map_mem_type_to_ioreq_server_t", \xen_dm_op_map_mem_type_to_ioreq_server_t.id, "id"),
            .field("xen_dm_op_map_mem_type_to_ioreq_server_t", \xen_dm_op_map_mem_type_to_ioreq_server_t.type, "type"),
            .field("xen_dm_op_map_mem_type_to_ioreq_server_t", \xen_dm_op_map_mem_type_to_ioreq_server_t.flags, "flags"),
            .field("xen_dm_op_map_mem_type_to_ioreq_server_t", \xen_dm_op_map_mem_type_to_ioreq_server_t.opaque, "opaque"),
            .type("xen_dm_op_remote_shutdown_t", xen_dm_op_remote_shutdown_t.self),
            .field("xen_dm_op_remote_shutdown_t", \xen_dm_op_remote_shutdown_t.reason, "reason"),
            .type("xen_dm_op_relocate_memory_t", xen_dm_op_relocate_memory_t.self),
            .field("xen_dm_op_relocate_memory_t", \xen_dm_op_relocate_memory_t.size, "size"),
            .field("xen_dm_op_relocate_memory_t", \xen_dm_op_relocate_memory_t.src_gfn, "src_gfn"),
            .field("xen_dm_op_relocate_memory_t", \xen_dm_op_relocate_memory_t.dst_gfn, "dst_gfn"),
            .type("xen_dm_op_pin_memory_cacheattr_t", xen_dm_op_pin_memory_cacheattr_t.self),
            .field("xen_dm_op_pin_memory_cacheattr_t", \xen_dm_op_pin_memory_cacheattr_t.start, "start"),
            .field("xen_dm_op_pin_memory_cacheattr_t", \xen_dm_op_pin_memory_cacheattr_t.end, "end"),
            .field("xen_dm_op_pin_memory_cacheattr_t", \xen_dm_op_pin_memory_cacheattr_t.type, "type"),
            .type("xen_dm_op_set_irq_level_t", xen_dm_op_set_irq_level_t.self),
            .field("xen_dm_op_set_irq_level_t", \xen_dm_op_set_irq_level_t.irq, "irq"),
            .field("xen_dm_op_set_irq_level_t", \xen_dm_op_set_irq_level_t.level, "level"),
        ]
    }
}
