import CXen

/// Offsets in `struct xen_platform_op` and its union members (`public/platform.h`).
public enum PlatformLayout {
    /// `sizeof(xen_platform_op_t)`
    public static let size = MemoryLayout<xen_platform_op_t>.size
    /// `offsetof(xen_platform_op_t, cmd)`
    public static let cmd = Layout.offset(\xen_platform_op_t.cmd)
    /// `offsetof(xen_platform_op_t, interface_version)`
    public static let interfaceVersion = Layout.offset(\xen_platform_op_t.interface_version)
    /// `offsetof(xen_platform_op_t, u)`
    public static let u = Layout.offset(\xen_platform_op_t.u)
    /// `offsetof(xenpf_settime32, secs)`
    public static let st32Secs = Layout.offset(\xenpf_settime32.secs)
    /// `offsetof(xenpf_settime32, nsecs)`
    public static let st32Nsecs = Layout.offset(\xenpf_settime32.nsecs)
    /// `offsetof(xenpf_settime32, system_time)`
    public static let st32System = Layout.offset(\xenpf_settime32.system_time)
    /// `offsetof(xenpf_settime64, secs)`
    public static let st64Secs = Layout.offset(\xenpf_settime64.secs)
    /// `offsetof(xenpf_settime64, nsecs)`
    public static let st64Nsecs = Layout.offset(\xenpf_settime64.nsecs)
    /// `offsetof(xenpf_settime64, mbz)`
    public static let st64Mbz = Layout.offset(\xenpf_settime64.mbz)
    /// `offsetof(xenpf_settime64, system_time)`
    public static let st64System = Layout.offset(\xenpf_settime64.system_time)
    /// `offsetof(xenpf_add_memtype, mfn)`
    public static let amMFN = Layout.offset(\xenpf_add_memtype.mfn)
    /// `offsetof(xenpf_add_memtype, nr_mfns)`
    public static let amNr = Layout.offset(\xenpf_add_memtype.nr_mfns)
    /// `offsetof(xenpf_add_memtype, type)`
    public static let amType = Layout.offset(\xenpf_add_memtype.type)
    /// `offsetof(xenpf_del_memtype, handle)`
    public static let dmHandle = Layout.offset(\xenpf_del_memtype.handle)
    /// `offsetof(xenpf_del_memtype, reg)`
    public static let dmReg = Layout.offset(\xenpf_del_memtype.reg)
    /// `offsetof(xenpf_read_memtype, reg)`
    public static let rmReg = Layout.offset(\xenpf_read_memtype.reg)
    /// `offsetof(xenpf_microcode_update, data)`
    public static let mcData = Layout.offset(\xenpf_microcode_update.data)
    /// `offsetof(xenpf_microcode_update, length)`
    public static let mcLength = Layout.offset(\xenpf_microcode_update.length)
    /// `offsetof(xenpf_platform_quirk, quirk_id)`
    public static let pqID = Layout.offset(\xenpf_platform_quirk.quirk_id)
    /// `offsetof(xenpf_firmware_info, type)`
    public static let fwType = Layout.offset(\xenpf_firmware_info.type)
    /// `offsetof(xenpf_firmware_info, index)`
    public static let fwIndex = Layout.offset(\xenpf_firmware_info.index)
    /// `offsetof(xenpf_firmware_info, u)`
    public static let fwU = Layout.offset(\xenpf_firmware_info.u)
    /// `offsetof(xenpf_enter_acpi_sleep, val_a)`
    public static let asValA = Layout.offset(\xenpf_enter_acpi_sleep.val_a)
    /// `offsetof(xenpf_enter_acpi_sleep, val_b)`
    public static let asValB = Layout.offset(\xenpf_enter_acpi_sleep.val_b)
    /// `offsetof(xenpf_enter_acpi_sleep, sleep_state)`
    public static let asState = Layout.offset(\xenpf_enter_acpi_sleep.sleep_state)
    /// `offsetof(xenpf_enter_acpi_sleep, flags)`
    public static let asFlags = Layout.offset(\xenpf_enter_acpi_sleep.flags)
    /// `offsetof(xenpf_change_freq, flags)`
    public static let cfFlags = Layout.offset(\xenpf_change_freq.flags)
    /// `offsetof(xenpf_change_freq, cpu)`
    public static let cfCPU = Layout.offset(\xenpf_change_freq.cpu)
    /// `offsetof(xenpf_change_freq, freq)`
    public static let cfFreq = Layout.offset(\xenpf_change_freq.freq)
    /// `offsetof(xenpf_getidletime, cpumap_bitmap)`
    public static let giBitmap = Layout.offset(\xenpf_getidletime.cpumap_bitmap)
    /// `offsetof(xenpf_getidletime, cpumap_nr_cpus)`
    public static let giNrCPUs = Layout.offset(\xenpf_getidletime.cpumap_nr_cpus)
    /// `offsetof(xenpf_getidletime, idletime)`
    public static let giIdletime = Layout.offset(\xenpf_getidletime.idletime)
    /// `offsetof(xenpf_pcpuinfo, xen_cpuid)`
    public static let pciCPU = Layout.offset(\xenpf_pcpuinfo.xen_cpuid)
    /// `offsetof(xenpf_pcpu_version, xen_cpuid)`
    public static let pcvCPU = Layout.offset(\xenpf_pcpu_version.xen_cpuid)
    /// `offsetof(xenpf_cpu_ol, cpuid)`
    public static let olCPU = Layout.offset(\xenpf_cpu_ol.cpuid)
    /// `offsetof(xenpf_cpu_hotadd, apic_id)`
    public static let haAPIC = Layout.offset(\xenpf_cpu_hotadd.apic_id)
    /// `offsetof(xenpf_cpu_hotadd, acpi_id)`
    public static let haACPI = Layout.offset(\xenpf_cpu_hotadd.acpi_id)
    /// `offsetof(xenpf_cpu_hotadd, pxm)`
    public static let haPXM = Layout.offset(\xenpf_cpu_hotadd.pxm)
    /// `offsetof(xenpf_mem_hotadd, spfn)`
    public static let mhSPFN = Layout.offset(\xenpf_mem_hotadd.spfn)
    /// `offsetof(xenpf_mem_hotadd, epfn)`
    public static let mhEPFN = Layout.offset(\xenpf_mem_hotadd.epfn)
    /// `offsetof(xenpf_mem_hotadd, pxm)`
    public static let mhPXM = Layout.offset(\xenpf_mem_hotadd.pxm)
    /// `offsetof(xenpf_mem_hotadd, flags)`
    public static let mhFlags = Layout.offset(\xenpf_mem_hotadd.flags)
    /// `offsetof(xenpf_core_parking, type)`
    public static let cpType = Layout.offset(\xenpf_core_parking.type)
    /// `offsetof(xenpf_core_parking, idle_nums)`
    public static let cpIdle = Layout.offset(\xenpf_core_parking.idle_nums)
    /// `offsetof(xenpf_resource_op, nr_entries)`
    public static let roNr = Layout.offset(\xenpf_resource_op.nr_entries)
    /// `offsetof(xenpf_resource_op, cpu)`
    public static let roCPU = Layout.offset(\xenpf_resource_op.cpu)
    /// `offsetof(xenpf_resource_op, entries)`
    public static let roEntries = Layout.offset(\xenpf_resource_op.entries)
    /// `sizeof(xenpf_resource_entry)`
    public static let entrySize = MemoryLayout<xenpf_resource_entry>.size
    /// `offsetof(xenpf_resource_entry, u)`
    public static let reCmd = Layout.offset(\xenpf_resource_entry.u)
    /// `offsetof(xenpf_resource_entry, rsvd)`
    public static let reRsvd = Layout.offset(\xenpf_resource_entry.rsvd)
    /// `offsetof(xenpf_resource_entry, idx)`
    public static let reIdx = Layout.offset(\xenpf_resource_entry.idx)
    /// `offsetof(xenpf_resource_entry, val)`
    public static let reVal = Layout.offset(\xenpf_resource_entry.val)
    /// `offsetof(xenpf_symdata, namelen)`
    public static let sdNamelen = Layout.offset(\xenpf_symdata.namelen)
    /// `offsetof(xenpf_symdata, symnum)`
    public static let sdSymnum = Layout.offset(\xenpf_symdata.symnum)
    /// `offsetof(xenpf_symdata, name)`
    public static let sdName = Layout.offset(\xenpf_symdata.name)

    static var rows: [Layout.Row] {
        [
            .type("xen_platform_op_t", xen_platform_op_t.self),
            .field("xen_platform_op_t", \xen_platform_op_t.cmd, "cmd"),
            .field("xen_platform_op_t", \xen_platform_op_t.interface_version, "interface_version"),
            .nested("xen_platform_op_t", "u", offset: Layout.offset(\xen_platform_op_t.u), size: MemoryLayout.size(ofValue: xen_platform_op_t().u)),
            .type("xenpf_settime32", xenpf_settime32.self),
            .field("xenpf_settime32", \xenpf_settime32.secs, "secs"),
            .field("xenpf_settime32", \xenpf_settime32.nsecs, "nsecs"),
            .field("xenpf_settime32", \xenpf_settime32.system_time, "system_time"),
            .type("xenpf_settime64", xenpf_settime64.self),
            .field("xenpf_settime64", \xenpf_settime64.secs, "secs"),
            .field("xenpf_settime64", \xenpf_settime64.nsecs, "nsecs"),
            .field("xenpf_settime64", \xenpf_settime64.mbz, "mbz"),
            .field("xenpf_settime64", \xenpf_settime64.system_time, "system_time"),
            .type("xenpf_add_memtype", xenpf_add_memtype.self),
            .field("xenpf_add_memtype", \xenpf_add_memtype.mfn, "mfn"),
            .field("xenpf_add_memtype", \xenpf_add_memtype.nr_mfns, "nr_mfns"),
            .field("xenpf_add_memtype", \xenpf_add_memtype.type, "type"),
            .type("xenpf_del_memtype", xenpf_del_memtype.self),
            .field("xenpf_del_memtype", \xenpf_del_memtype.handle, "handle"),
            .field("xenpf_del_memtype", \xenpf_del_memtype.reg, "reg"),
            .type("xenpf_read_memtype", xenpf_read_memtype.self),
            .field("xenpf_read_memtype", \xenpf_read_memtype.reg, "reg"),
            .type("xenpf_microcode_update", xenpf_microcode_update.self),
            .field("xenpf_microcode_update", \xenpf_microcode_update.data, "data"),
            .field("xenpf_microcode_update", \xenpf_microcode_update.length, "length"),
            .type("xenpf_platform_quirk", xenpf_platform_quirk.self),
            .field("xenpf_platform_quirk", \xenpf_platform_quirk.quirk_id, "quirk_id"),
            .type("xenpf_firmware_info", xenpf_firmware_info.self),
            .field("xenpf_firmware_info", \xenpf_firmware_info.type, "type"),
            .field("xenpf_firmware_info", \xenpf_firmware_info.index, "index"),
            .nested("xenpf_firmware_info", "u", offset: Layout.offset(\xenpf_firmware_info.u), size: MemoryLayout.size(ofValue: xenpf_firmware_info().u)),
            .type("xenpf_enter_acpi_sleep", xenpf_enter_acpi_sleep.self),
            .field("xenpf_enter_acpi_sleep", \xenpf_enter_acpi_sleep.val_a, "val_a"),
            .field("xenpf_enter_acpi_sleep", \xenpf_enter_acpi_sleep.val_b, "val_b"),
            .field("xenpf_enter_acpi_sleep", \xenpf_enter_acpi_sleep.sleep_state, "sleep_state"),
            .field("xenpf_enter_acpi_sleep", \xenpf_enter_acpi_sleep.flags, "flags"),
            .type("xenpf_change_freq", xenpf_change_freq.self),
            .field("xenpf_change_freq", \xenpf_change_freq.flags, "flags"),
            .field("xenpf_change_freq", \xenpf_change_freq.cpu, "cpu"),
            .field("xenpf_change_freq", \xenpf_change_freq.freq, "freq"),
            .type("xenpf_getidletime", xenpf_getidletime.self),
            .field("xenpf_getidletime", \xenpf_getidletime.cpumap_bitmap, "cpumap_bitmap"),
            .field("xenpf_getidletime", \xenpf_getidletime.cpumap_nr_cpus, "cpumap_nr_cpus"),
            .field("xenpf_getidletime", \xenpf_getidletime.idletime, "idletime"),
            .type("xenpf_pcpuinfo", xenpf_pcpuinfo.self),
            .field("xenpf_pcpuinfo", \xenpf_pcpuinfo.xen_cpuid, "xen_cpuid"),
            .type("xenpf_pcpu_version", xenpf_pcpu_version.self),
            .field("xenpf_pcpu_version", \xenpf_pcpu_version.xen_cpuid, "xen_cpuid"),
            .type("xenpf_cpu_ol", xenpf_cpu_ol.self),
            .field("xenpf_cpu_ol", \xenpf_cpu_ol.cpuid, "cpuid"),
            .type("xenpf_cpu_hotadd", xenpf_cpu_hotadd.self),
            .field("xenpf_cpu_hotadd", \xenpf_cpu_hotadd.apic_id, "apic_id"),
            .field("xenpf_cpu_hotadd", \xenpf_cpu_hotadd.acpi_id, "acpi_id"),
            .field("xenpf_cpu_hotadd", \xenpf_cpu_hotadd.pxm, "pxm"),
            .type("xenpf_mem_hotadd", xenpf_mem_hotadd.self),
            .field("xenpf_mem_hotadd", \xenpf_mem_hotadd.spfn, "spfn"),
            .field("xenpf_mem_hotadd", \xenpf_mem_hotadd.epfn, "epfn"),
            .field("xenpf_mem_hotadd", \xenpf_mem_hotadd.pxm, "pxm"),
            .field("xenpf_mem_hotadd", \xenpf_mem_hotadd.flags, "flags"),
            .type("xenpf_core_parking", xenpf_core_parking.self),
            .field("xenpf_core_parking", \xenpf_core_parking.type, "type"),
            .field("xenpf_core_parking", \xenpf_core_parking.idle_nums, "idle_nums"),
            .type("xenpf_resource_op", xenpf_resource_op.self),
            .field("xenpf_resource_op", \xenpf_resource_op.nr_entries, "nr_entries"),
            .field("xenpf_resource_op", \xenpf_resource_op.cpu, "cpu"),
            .field("xenpf_resource_op", \xenpf_resource_op.entries, "entries"),
            .type("xenpf_resource_entry", xenpf_resource_entry.self),
            .nested("xenpf_resource_entry", "u", offset: Layout.offset(\xenpf_resource_entry.u), size: MemoryLayout.size(ofValue: xenpf_resource_entry().u)),
            .field("xenpf_resource_entry", \xenpf_resource_entry.rsvd, "rsvd"),
            .field("xenpf_resource_entry", \xenpf_resource_entry.idx, "idx"),
            .field("xenpf_resource_entry", \xenpf_resource_entry.val, "val"),
            .type("xenpf_symdata", xenpf_symdata.self),
            .field("xenpf_symdata", \xenpf_symdata.namelen, "namelen"),
            .field("xenpf_symdata", \xenpf_symdata.symnum, "symnum"),
            .field("xenpf_symdata", \xenpf_symdata.name, "name"),
        ]
    }
}
