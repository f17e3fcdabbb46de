# Generates the Swift offset enums (SysctlLayout, DomctlLayout, FlaskLayout,
# DMOpLayout, PlatformLayout) and their layout_rows.inc sections from the
# field lists in the sibling scripts: python3 sysctl.py Sources/XenABI/Hypercalls/Sysctl
# writes SysctlLayout.swift there and /tmp/gen/sysctl.inc (paste into
# Sources/CXen/layout_rows.inc). Every offset is Layout.offset(\\C.field): nothing is retyped.
import sys
# spec: list of (swiftEnum, doc, [(cname, is_struct_tag, [(swiftName, field or None for size)])])
def gen(enum, doc, groups, extra_rows=""):
    sw=[]; rows=[]; inc=[]
    for cname, tag, fields in groups:
        ctype = cname
        stype = cname  # Swift imported name is the same for tags and typedefs
        mac_s = "SS" if tag else "S"; mac_f = "FS" if tag else "F"
        inc.append(f"{mac_s}({cname}),")
        rows.append(f'            .type("{cname}", {stype}.self),')
        for sname, field in fields:
            if field is None:
                sw.append(f"    /// `sizeof({cname})`\n    public static let {sname} = MemoryLayout<{stype}>.size")
                continue
            path = field
            kp = "\\" + stype + "." + field
            sw.append(f"    /// `offsetof({cname}, {field})`\n    public static let {sname} = Layout.offset({kp})")
            inc.append(f"{mac_f}({cname}, {field}),")
            rows.append(f'            .field("{cname}", {kp}, "{field}"),')
    out = f"import CXen\n\n/// {doc}\npublic enum {enum} {{\n" + "\n".join(sw) + "\n\n    static var rows: [Layout.Row] {\n        [\n" + "\n".join(rows) + "\n        ]" + extra_rows + "\n    }\n}\n"
    import re
    # Anonymous unions: Swift's key-path type for `u` collides across structs, so take the size from a value.
    out = re.sub(r'\.field\("(\w+)", \\(\w+)\.u, "u"\)', r'.nested("\1", "u", offset: Layout.offset(\\\2.u), size: MemoryLayout.size(ofValue: \2().u))', out)
    return out, "\n".join(inc)
