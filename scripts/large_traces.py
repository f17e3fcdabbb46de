#!/usr/bin/env python3
"""Writes a trace of a live save dominated by large hypercall buffers, the
input Specs/performance.md ("Large buffers in the trace checker") measures
`xenabi trace check` on:

  - domctl shadow_op CLEAN (and every 5th round PEEK) of a 4 GiB guest:
    a 128 KiB log-dirty bitmap (1,048,576 pages, 32 hypercall pages), as
    xc_sr_save's send_memory_live issues it. The bitmap buffer is allocated
    once (xc_hypercall_buffer_alloc_pages: page-aligned, no header) and
    reused, so each call's `before` is the previous call's `after`; the
    dirty fraction falls round by round to a floor, with hot runs.
  - sysctl getdomaininfolist of 1,024 entries (libxl_list_domain): a
    29-page bounce buffer (16-byte libxencall header + 1,024 x 112 bytes),
    zero before, 2 to 40 domains written by Xen after.

Shapes are copied from the real recordings in shared/traces: the sysctl
page of xl-list.jsonl seq 10 (stack bytes included), the one-page domctl
bounce of xl-vcpu-list.jsonl seq 17, dom0's getdomaininfo entry, libxencall's header
(nr_pages) at the start of a bounced buffer. Layouts: Xen 4.17 domctl.h /
sysctl.h (interface version 0x15; offsets checked with offsetof).

Deterministic for a given --seed. Writes until the file reaches --mb MB
(10^6 bytes), then prints its size and call count.

usage: scripts/large_traces.py [--mb 400] [--seed 1] OUT.jsonl
"""
import argparse
import random
import struct

HEADER = ('{"format": "xen-hypercall-trace", "version": 1, "arch": "x86_64", "page_size": 4096, '
          '"xen": "4.17.7", "dom0": "pv", "tool": "libxl-save-helper --save-domain (synthetic: scripts/large_traces.py)", '
          '"recorded": "2026-11-28"}\n')

PAGE = 4096
HDR = 16                      # libxencall's bounce header (nr_pages), before the struct
DOMCTL, SYSCTL = 36, 35       # __HYPERVISOR_domctl, __HYPERVISOR_sysctl
INTERFACE = 0x15              # XEN_DOMCTL_INTERFACE_VERSION, XEN_SYSCTL_INTERFACE_VERSION
SHADOW_OP = 10                # XEN_DOMCTL_shadow_op
OP_CLEAN, OP_PEEK = 11, 12    # XEN_DOMCTL_SHADOW_OP_CLEAN / _PEEK
GETDOMAININFOLIST = 6         # XEN_SYSCTL_getdomaininfolist
INFO = 112                    # sizeof(xen_domctl_getdomaininfo)
MAX_DOMAINS = 1024
GUEST_PAGES = 1 << 20         # 4 GiB guest: a 128 KiB bitmap
BITMAP = GUEST_PAGES // 8
BITMAP_PAGES = BITMAP // PAGE                          # 32
LIST_PAGES = -(-(HDR + MAX_DOMAINS * INFO) // PAGE)    # 29

# Addresses in the shape of the recordings (mmaps of /dev/xen/hypercall).
DOMCTL_PAGE = 0x7f3a1c6e9000
SYSCTL_PAGE = 0x7f3a1c6e8000
BITMAP_ADDR = 0x7f3a1c6c8000
LIST_ADDR = 0x7f3a1c6a0000

# xl-list.jsonl seq 10's sysctl page, first 0x140 bytes (the rest is zero):
# libxencall's header, then xen_sysctl whose union tail is stack bytes.
SYSCTL_TEMPLATE = bytes.fromhex(
    "010000000000000000000000000000000600000015000000000000000004000010507e6b7c7f000000c0010000000000"
    "506937be9a55000080d3aabdfc7f0000606937be9a550000190000000000000080d3aabdfc7f0000606937be9a550000"
    "19000000000000002623bf6b7c7f0000d3fa098f9a550000606937be9a5500000004000000000000700000000000000080d3aabdfc7f0000")
# A one-page bounce buffer's header (xl-vcpu-list.jsonl seq 17: nr_pages 1;
# that page is zero past its domctl, which xc_shadow_control memsets).
ONE_PAGE_HEADER = struct.pack("<Q", 1) + bytes(8)


def page(template, size):
    return template + bytes(size - len(template))


def region(addr, before, after):
    r = '{"addr": "0x%x", "len": %d, "before": "%s"' % (addr, len(before), before.hex())
    if after != before:
        r += ', "after": "%s"' % after.hex()
    return r + "}"


def line(seq, op, arg0, ret, regions):
    return ('{"seq": %d, "op": %d, "args": ["0x%x", "0x0", "0x0", "0x0", "0x0"], "ret": %d, "regions": [%s]}\n'
            % (seq, op, arg0, ret, ", ".join(regions)))


class Save:
    """The state of one live save: the reused bitmap and the domains Xen lists."""

    def __init__(self, rng):
        self.rng = rng
        self.bitmap = bytes(BITMAP)        # fresh pages: zero before the first CLEAN
        self.round = 0
        self.domains = [self.domain(0, hvm=False)] + [self.domain(d, hvm=rng.random() < 0.7) for d in range(1, 4)]
        self.next_domid = 4

    def domain(self, domid, hvm):
        r = self.rng
        pages = 1 << r.choice([16, 18, 19, 20])
        return {"domid": domid, "hvm": hvm, "tot": pages, "max": pages + 256, "cpu": r.randrange(1 << 33),
                "vcpus": r.choice([1, 2, 4, 8]), "uuid": r.randbytes(16) if domid else bytes(16),
                "sif": r.randrange(1 << 20, 1 << 22)}

    def dirty(self):
        """The next bitmap: each page dirty with a falling probability
        (2^-k for k = round + 1, floor 2^-9), plus hot runs of 0xff."""
        r = self.rng
        k = min(self.round + 1, 9)
        bits = int.from_bytes(r.randbytes(BITMAP), "little")
        for _ in range(k - 1):
            bits &= int.from_bytes(r.randbytes(BITMAP), "little")
        out = bytearray(bits.to_bytes(BITMAP, "little"))
        for _ in range(r.randrange(4, 32)):
            at, n = r.randrange(BITMAP), r.randrange(8, 512)
            out[at:at + n] = b"\xff" * len(out[at:at + n])
        return bytes(out)

    def shadow_op(self, seq, op):
        r = self.rng
        domid = 1
        dom = struct.pack("<IIH", SHADOW_OP, INTERFACE, domid) + bytes(6)
        u = struct.pack("<IIIIQQII", op, 0, 0, 0, BITMAP_ADDR, GUEST_PAGES, 0, 0)
        domctl = dom + u + bytes(144 - len(dom) - len(u))
        before_page = page(ONE_PAGE_HEADER + domctl, PAGE)
        new = self.dirty()
        dirty_count = sum(bin(b).count("1") for b in new[::64]) * 64  # an estimate, as Xen's counter is
        stats = struct.pack("<II", r.randrange(dirty_count + 1, dirty_count * 2 + 2), dirty_count)
        after_domctl = domctl[:16 + 32] + stats + domctl[16 + 40:]
        after_page = page(ONE_PAGE_HEADER + after_domctl, PAGE)
        regions = [region(BITMAP_ADDR, self.bitmap, new), region(DOMCTL_PAGE, before_page, after_page)]
        # PEEK leaves Xen's bitmap set; the buffer still gets it.
        self.bitmap = new
        return line(seq, DOMCTL, DOMCTL_PAGE + HDR, 0, regions)

    def getdomaininfolist(self, seq):
        r = self.rng
        # Domains come and go; the one being saved (domid 1) stays.
        if len(self.domains) < 40 and r.random() < 0.3:
            self.domains.append(self.domain(self.next_domid, hvm=r.random() < 0.7))
            self.next_domid += 1
        elif len(self.domains) > 2 and r.random() < 0.2:
            self.domains.pop(r.randrange(2, len(self.domains)))
        entries = bytearray()
        for d in self.domains:
            d["cpu"] += r.randrange(10**6, 10**9)
            running = r.random() < 0.3
            flags = 0xffff0000 | (0x20 if running else 0x10) | ((0x2 | 0x100) if d["hvm"] else 0)
            entries += struct.pack("<HHI7Q3I16sIB7xII", d["domid"], 0, flags, d["tot"], d["max"], 0, 0, 0,
                                   d["sif"], d["cpu"], d["vcpus"], d["vcpus"] - 1, 0, d["uuid"], 0, 40,
                                   0x47f if d["hvm"] else 0, 0)
        assert len(entries) == INFO * len(self.domains)
        header = struct.pack("<Q", LIST_PAGES) + bytes(8)
        before_list = page(header, LIST_PAGES * PAGE)
        after_list = page(header + entries, LIST_PAGES * PAGE)
        sysctl = bytearray(page(SYSCTL_TEMPLATE, PAGE))
        struct.pack_into("<HHIQ", sysctl, HDR + 8, 0, 0, MAX_DOMAINS, LIST_ADDR + HDR)
        before_sysctl = bytes(sysctl)
        struct.pack_into("<I", sysctl, HDR + 8 + 16, len(self.domains))
        regions = [region(LIST_ADDR, before_list, after_list), region(SYSCTL_PAGE, before_sysctl, bytes(sysctl))]
        return line(seq, SYSCTL, SYSCTL_PAGE + HDR, 0, regions)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("out")
    p.add_argument("--mb", type=float, default=400, help="stop once the file holds this many MB (10^6 bytes)")
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    save = Save(random.Random(a.seed))
    limit = int(a.mb * 1e6)
    size, seq, counts = 0, 0, {"shadow_op clean": 0, "shadow_op peek": 0, "getdomaininfolist": 0}
    with open(a.out, "w") as f:
        f.write(HEADER)
        size += len(HEADER)
        while size < limit:
            # One save round: CLEAN (every 5th round a PEEK first, as the
            # verify pass does), then libxl's domain list.
            calls = []
            if save.round % 5 == 4:
                calls.append(("shadow_op peek", save.shadow_op(seq, OP_PEEK))); seq += 1
            calls.append(("shadow_op clean", save.shadow_op(seq, OP_CLEAN))); seq += 1
            calls.append(("getdomaininfolist", save.getdomaininfolist(seq))); seq += 1
            for name, text in calls:
                f.write(text)
                size += len(text)
                counts[name] += 1
            save.round += 1
    print("%s: %.1f MB, %d calls (%s)" % (a.out, size / 1e6, seq, ", ".join("%d %s" % (v, k) for k, v in counts.items())))


if __name__ == "__main__":
    main()
