import sys, re; import os; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__))); os.makedirs('/tmp/gen', exist_ok=True); from gen import gen
g=[
("xen_platform_op_t",0,[("size",None),("cmd","cmd"),("interfaceVersion","interface_version"),("u","u")]),
("xenpf_settime32",1,[("st32Secs","secs"),("st32Nsecs","nsecs"),("st32System","system_time")]),
("xenpf_settime64",1,[("st64Secs","secs"),("st64Nsecs","nsecs"),("st64Mbz","mbz"),("st64System","system_time")]),
("xenpf_add_memtype",1,[("amMFN","mfn"),("amNr","nr_mfns"),("amType","type")]),
("xenpf_del_memtype",1,[("dmHandle","handle"),("dmReg","reg")]),
("xenpf_read_memtype",1,[("rmReg","reg")]),
("xenpf_microcode_update",1,[("mcData","data"),("mcLength","length")]),
("xenpf_platform_quirk",1,[("pqID","quirk_id")]),
("xenpf_firmware_info",1,[("fwType","type"),("fwIndex","index"),("fwU","u")]),
("xenpf_enter_acpi_sleep",1,[("asValA","val_a"),("asValB","val_b"),("asState","sleep_state"),("asFlags","flags")]),
("xenpf_change_freq",1,[("cfFlags","flags"),("cfCPU","cpu"),("cfFreq","freq")]),
("xenpf_getidletime",1,[("giBitmap","cpumap_bitmap"),("giNrCPUs","cpumap_nr_cpus"),("giIdletime","idletime")]),
("xenpf_pcpuinfo",1,[("pciCPU","xen_cpuid")]),
("xenpf_pcpu_version",1,[("pcvCPU","xen_cpuid")]),
("xenpf_cpu_ol",1,[("olCPU","cpuid")]),
("xenpf_cpu_hotadd",1,[("haAPIC","apic_id"),("haACPI","acpi_id"),("haPXM","pxm")]),
("xenpf_mem_hotadd",1,[("mhSPFN","spfn"),("mhEPFN","epfn"),("mhPXM","pxm"),("mhFlags","flags")]),
("xenpf_core_parking",1,[("cpType","type"),("cpIdle","idle_nums")]),
("xenpf_resource_op",1,[("roNr","nr_entries"),("roCPU","cpu"),("roEntries","entries")]),
("xenpf_resource_entry",1,[("entrySize",None),("reCmd","u"),("reRsvd","rsvd"),("reIdx","idx"),("reVal","val")]),
("xenpf_symdata",1,[("sdNamelen","namelen"),("sdSymnum","symnum"),("sdName","name")]),
]
sw,inc=gen("PlatformLayout","Offsets in `struct xen_platform_op` and its union members (`public/platform.h`).",g)
sw=re.sub(r'\.field\("(\w+)", \\(\w+)\.u, "u"\)', r'.nested("\1", "u", offset: Layout.offset(\\\2.u), size: MemoryLayout.size(ofValue: \2().u))', sw)
open(sys.argv[1]+"/PlatformLayout.swift","w").write(sw)
open("/tmp/gen/pf.inc","w").write("/* platform.h */\n"+inc+"\n")
