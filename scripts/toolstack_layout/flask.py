import sys; import os; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__))); os.makedirs('/tmp/gen', exist_ok=True); from gen import gen
g=[
("xen_flask_op_t",0,[("size",None),("cmd","cmd"),("interfaceVersion","interface_version"),("u","u")]),
("xen_flask_load_t",0,[("loadBuffer","buffer"),("loadSize","size")]),
("xen_flask_setenforce_t",0,[("enforce","enforcing")]),
("xen_flask_sid_context_t",0,[("scSID","sid"),("scSize","size"),("scContext","context")]),
("xen_flask_access_t",0,[("acSSID","ssid"),("acTSID","tsid"),("acTClass","tclass"),("acReq","req")]),
("xen_flask_transition_t",0,[("trSSID","ssid"),("trTSID","tsid"),("trTClass","tclass")]),
("xen_flask_boolean_t",0,[("boID","bool_id"),("boNewValue","new_value"),("boCommit","commit"),("boSize","size"),("boName","name")]),
("xen_flask_setavc_threshold_t",0,[("avcThreshold","threshold")]),
("xen_flask_cache_stats_t",0,[("csCPU","cpu")]),
("xen_flask_ocontext_t",0,[("ocOcon","ocon"),("ocSID","sid"),("ocLow","low"),("ocHigh","high")]),
("xen_flask_peersid_t",0,[("psEvtchn","evtchn")]),
("xen_flask_relabel_t",0,[("rlDomid","domid"),("rlSID","sid")]),
("xen_flask_devicetree_label_t",0,[("dtSID","sid"),("dtLength","length"),("dtPath","path")]),
]
sw,inc=gen("FlaskLayout","Offsets in `struct xen_flask_op` and its union members (`public/xsm/flask_op.h`).",g)
open(sys.argv[1]+"/FlaskLayout.swift","w").write(sw)
open("/tmp/gen/flask.inc","w").write("/* xsm/flask_op.h */\n"+inc+"\n")
