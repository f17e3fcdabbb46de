import sys; import os; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__))); os.makedirs('/tmp/gen', exist_ok=True); from gen import gen
g=[
("xen_sysctl_t",0,[("size",None),("cmd","cmd"),("interfaceVersion","interface_version"),("u","u")]),
("xen_sysctl_readconsole",1,[("rcClear","clear"),("rcIncremental","incremental"),("rcIndex","index"),("rcBuffer","buffer"),("rcCount","count")]),
("xen_sysctl_getdomaininfolist",1,[("gdlFirst","first_domain"),("gdlMax","max_domains"),("gdlBuffer","buffer")]),
("xen_sysctl_debug_keys",1,[("dkKeys","keys"),("dkNrKeys","nr_keys")]),
("xen_sysctl_getcpuinfo",1,[("gciMax","max_cpus"),("gciInfo","info")]),
("xen_sysctl_cpuinfo_t",0,[("cpuinfoSize",None)]),
("xen_sysctl_availheap",1,[("ahMin","min_bitwidth"),("ahMax","max_bitwidth"),("ahNode","node")]),
("xen_sysctl_cpu_hotplug",1,[("hpCPU","cpu"),("hpOp","op")]),
("xen_sysctl_pm_op",1,[("pmCmd","cmd"),("pmCPUID","cpuid"),("pmU","u")]),
("xen_set_cpufreq_para",1,[("setParaType","ctrl_type"),("setParaValue","ctrl_value")]),
("xen_set_cpufreq_gov",1,[("governorLen",None)]),
("xen_sysctl_page_offline_op",1,[("poCmd","cmd"),("poStart","start"),("poEnd","end"),("poStatus","status")]),
("xen_sysctl_lockprof_op",1,[("lpCmd","cmd"),("lpMax","max_elem"),("lpData","data")]),
("xen_sysctl_lockprof_data_t",0,[("lockprofDataSize",None)]),
("xen_sysctl_cputopoinfo",1,[("ctNum","num_cpus"),("ctTopo","cputopo")]),
("xen_sysctl_cputopo_t",0,[("cputopoSize",None)]),
("xen_sysctl_numainfo",1,[("niNum","num_nodes"),("niMeminfo","meminfo"),("niDistance","distance")]),
("xen_sysctl_meminfo_t",0,[("meminfoSize",None)]),
("xen_sysctl_cpupool_op",1,[("cpoOp","op"),("cpoPool","cpupool_id"),("cpoSched","sched_id"),("cpoDomid","domid"),("cpoCPU","cpu"),("cpoCpumap","cpumap")]),
("xen_sysctl_pcitopoinfo",1,[("ptNum","num_devs"),("ptDevs","devs"),("ptNodes","nodes")]),
("physdev_pci_device_t",0,[("pciDeviceSize",None),("pciSeg","seg"),("pciBus","bus"),("pciDevfn","devfn")]),
("xen_sysctl_psr_alloc",1,[("paCmd","cmd"),("paTarget","target")]),
("xen_sysctl_cpu_featureset",1,[("cfIndex","index"),("cfNr","nr_features"),("cfFeatures","features")]),
("xen_sysctl_cpu_policy_t",0,[("cpIndex","index"),("cpNrLeaves","nr_leaves"),("cpNrMSRs","nr_msrs"),("cpRsvd","_rsvd"),("cpLeaves","leaves"),("cpMSRs","msrs")]),
("xen_cpuid_leaf_t",0,[("cpuidLeafSize",None)]),
("xen_sysctl_tbuf_op",1,[("tbCmd","cmd"),("tbCPUMask","cpu_mask"),("tbEvtMask","evt_mask"),("tbSize","size")]),
("xen_sysctl_scheduler_op",1,[("soPool","cpupool_id"),("soSchedID","sched_id"),("soCmd","cmd"),("soU","u")]),
("xen_sysctl_credit_schedule",1,[("csTslice","tslice_ms"),("csRatelimit","ratelimit_us"),("csMigrDelay","vcpu_migr_delay_us")]),
("xen_sysctl_credit2_schedule",1,[("c2Ratelimit","ratelimit_us")]),
("xen_sysctl_coverage_op",1,[("coCmd","cmd"),("coSize","size"),("coBuffer","buffer")]),
("xen_sysctl_psr_cmt_op",1,[("pcCmd","cmd"),("pcFlags","flags"),("pcU","u")]),
("xen_msr_entry_t",0,[("msrEntrySize",None)]),
]
import re
sw,inc=gen("SysctlLayout","Offsets in `struct xen_sysctl` and its union members (`public/sysctl.h`).",g)
sw=re.sub(r'\.field\("(\w+)", \\(\w+)\.u, "u"\)', r'.nested("\1", "u", offset: Layout.offset(\\\2.u), size: MemoryLayout.size(ofValue: \2().u))', sw)
open(sys.argv[1]+"/SysctlLayout.swift","w").write(sw)
open("/tmp/gen/sysctl.inc","w").write("/* sysctl.h */\n"+inc+"\n")
