#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The input-distribution table of README's speed section: the FAST tier of
the best path at one size, ns per element for x ~ N(0, 1) and uniform
[-100, 100], and their ratio, from tools/bench.sh's FAST-only runs of the
two distributions (out/dist*-normal-K.json, out/dist*-wide-K.json).

usage: tools/dist_table.py NORMAL.json WIDE.json [NORMAL.json WIDE.json ...]

With several pairs (tools/bench.sh runs the two distributions alternately,
three times each) each row takes its least time over the runs of each
distribution: on a shared machine a slow spell then lands on both columns
alike, not on whichever distribution ran during it.
"""
import json
import re
import sys


def ns_per_element(path):
    """(op, dir) -> ns per element of the '<path>-fast' rows, in run order"""
    out = {}
    for e in json.load(open(path))["benchmarks"]:
        m = re.match(r"^([a-z_0-9]+)/(fwd|bwd)/([a-z0-9]+)-fast/n:(\d+)", e.get("name", ""))
        # the registry's ops only (not the fused-call comparisons' rows)
        if m and re.search(r"_2d|_mask|twopass", m.group(1)):
            continue
        if m and not e.get("error_occurred") and e.get("items_per_second"):
            out.setdefault((m.group(1), m.group(2)), 1e9 / e["items_per_second"])
    return out


def least(paths):
    """(op, dir) -> the least ns per element over the runs, in the first run's order"""
    runs = [ns_per_element(p) for p in paths]
    return {k: min(r[k] for r in runs if k in r) for k in runs[0]}


if len(sys.argv) < 3 or len(sys.argv) % 2 == 0:
    sys.exit(__doc__)
normal, wide = least(sys.argv[1::2]), least(sys.argv[2::2])
print("| op | dir | N(0, 1) | uniform [-100, 100] | wide / normal |")
print("|---|---|--:|--:|--:|")
for key, a in normal.items():
    if key in wide:
        print("| %s | %s | %.3f | %.3f | %.2f |" % (key[0], key[1], a, wide[key], wide[key] / a))
