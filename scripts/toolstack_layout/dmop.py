import sys; import os; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__))); os.makedirs('/tmp/gen', exist_ok=True); from gen import gen
g=[
("xen_dm_op_buf_t",0,[("bufSize",None),("bufH","h"),("bufLen","size")]),
("xen_dm_op",1,[("size",None),("op","op"),("u","u")]),
("xen_dm_op_create_ioreq_server_t",0,[("ciHandleBufioreq","handle_bufioreq")]),
("xen_dm_op_get_ioreq_server_info_t",0,[("giID","id"),("giFlags","flags")]),
("xen_dm_op_ioreq_server_range_t",0,[("rgID","id"),("rgType","type"),("rgStart","start"),("rgEnd","end")]),
("xen_dm_op_set_ioreq_server_state_t",0,[("ssID","id"),("ssEnabled","enabled")]),
("xen_dm_op_destroy_ioreq_server_t",0,[("dsID","id")]),
("xen_dm_op_track_dirty_vram_t",0,[("tdNr","nr"),("tdFirstPFN","first_pfn")]),
("xen_dm_op_set_pci_intx_level_t",0,[("piDomain","domain"),("piBus","bus"),("piDevice","device"),("piIntx","intx"),("piLevel","level")]),
("xen_dm_op_set_isa_irq_level_t",0,[("isaIRQ","isa_irq"),("isaLevel","level")]),
("xen_dm_op_set_pci_link_route_t",0,[("lrLink","link"),("lrISAIRQ","isa_irq")]),
("xen_dm_op_modified_memory_t",0,[("mmNrExtents","nr_extents"),("mmOpaque","opaque")]),
("xen_dm_op_modified_memory_extent",1,[("extentSize",None),("exNr","nr"),("exFirstPFN","first_pfn")]),
("xen_dm_op_set_mem_type_t",0,[("smNr","nr"),("smMemType","mem_type"),("smFirstPFN","first_pfn")]),
("xen_dm_op_inject_event_t",0,[("ieVCPU","vcpuid"),("ieVector","vector"),("ieType","type"),("ieInsnLen","insn_len"),("ieErrorCode","error_code"),("ieCR2","cr2")]),
("xen_dm_op_inject_msi_t",0,[("msiData","data"),("msiAddr","addr")]),
("xen_dm_op_map_mem_type_to_ioreq_server_t",0,[("mtID","id"),("mtType","type"),("mtFlags","flags"),("mtOpaque","opaque")]),
("xen_dm_op_remote_shutdown_t",0,[("rsReason","reason")]),
("xen_dm_op_relocate_memory_t",0,[("rmSize","size"),("rmSrc","src_gfn"),("rmDst","dst_gfn")]),
("xen_dm_op_pin_memory_cacheattr_t",0,[("pcStart","start"),("pcEnd","end"),("pcType","type")]),
("xen_dm_op_set_irq_level_t",0,[("ilIRQ","irq"),("ilLevel","level")]),
]
sw,inc=gen("DMOpLayout","Offsets in `struct xen_dm_op`, its union members and `xen_dm_op_buf` (`public/hvm/dm_op.h`).",g)
import re
sw=re.sub(r'\.field\("(\w+)", \\(\w+)\.u, "u"\)', r'.nested("\1", "u", offset: Layout.offset(\\\2.u), size: MemoryLayout.size(ofValue: \2().u))', sw)
open(sys.argv[1]+"/DMOpLayout.swift","w").write(sw)
open("/tmp/gen/dmop.inc","w").write("/* hvm/dm_op.h */\n"+inc+"\n")
