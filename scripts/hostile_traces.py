#!/usr/bin/env python3
"""Writes the two scale traces Specs/performance.md measures `xenabi trace
check` on (valid traces, hostile only in size):

  multicall-65536.jsonl   one multicall of 65,536 xen_version(version)
                          entries, each entry its own 64-byte region (11 MB)
  empty-regions-1m.jsonl  one xen_version(version) call with 1,000,000
                          empty regions (a 45 MB line)

usage: scripts/hostile_traces.py OUTDIR
"""
import os
import sys

HEADER = ('{"format": "xen-hypercall-trace", "version": 1, "arch": "x86_64", "page_size": 4096, '
          '"xen": "4.17.7", "dom0": "pv", "tool": "scripts/hostile_traces.py", "recorded": "2026-11-23"}\n')


def multicall(path, n=65536):
    base = 0x7f0000000000
    entry = (17).to_bytes(8, "little") + bytes(56)  # op 17, args 0: XENVER_version; result 0
    hexed = entry.hex()
    with open(path, "w") as f:
        f.write(HEADER)
        f.write('{"seq": 0, "op": 13, "args": ["0x%x", "0x%x", "0x0", "0x0", "0x0"], "ret": 0, "regions": [' % (base, n))
        f.write(", ".join('{"addr": "0x%x", "len": 64, "before": "%s"}' % (base + 64 * k, hexed) for k in range(n)))
        f.write("]}\n")


def empty_regions(path, n=1_000_000):
    with open(path, "w") as f:
        f.write(HEADER)
        f.write('{"seq": 0, "op": 17, "args": ["0x0", "0x0", "0x0", "0x0", "0x0"], "ret": 0, "regions": [')
        f.write(", ".join('{"addr": "0x%x", "len": 0, "before": ""}' % (0x10000 + 16 * k) for k in range(n)))
        f.write("]}\n")


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    multicall(os.path.join(out, "multicall-65536.jsonl"))
    empty_regions(os.path.join(out, "empty-regions-1m.jsonl"))
