#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes the measured errors of vact-ulp's Markdown table into the doc block
of each op in include/vact.h (its ' * Max error' lines), so the header's
figures come from the tool, not from hand.  Idempotent.

usage: tools/ulp_to_header.py ULP_TABLE.md [more tables, e.g. the neon run]
"""
import re
import sys

worst = {}  # (op, dir, tier) -> (value, metric), the maximum over every path
for path in sys.argv[1:]:
    for line in open(path, encoding="utf-8"):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 5 or cells[1] not in ("fwd", "bwd"):
            continue
        op, d, metric = cells[0], cells[1], cells[2]
        for cell in cells[3:-2]:
            for tier, v in zip(("HIGH", "FAST"), cell.split("/")):
                key = (op, d, tier)
                if float(v) > worst.get(key, (-1.0, ""))[0]:
                    worst[key] = (float(v), metric)


def max_error_line(op, named):
    parts = []
    for tier in ("HIGH", "FAST"):
        f, b = worst.get((op, "fwd", tier)), worst.get((op, "bwd", tier))
        if not f or not b:
            return None
        unit = " ULP of the cancelling terms" if b[1].startswith("terms") else " ULP"
        parts.append(f"{tier} fwd {f[0]:.2f}, bwd {b[0]:.2f}{unit}")
    who = f"{op}: " if named else ""
    return f" * Max error ({who}vact-ulp, every path): " + "; ".join(parts) + "."


hdr = "include/vact.h"
text = open(hdr, encoding="utf-8").read()
# a doc block and the declarations that follow it, up to the next block
pattern = re.compile(r"(/\*(?:(?!\*/).)*?\*/)(\n(?:VACT_API[^;]*;\s*)+)", re.S)
count = 0


def rewrite(m):
    global count
    block, decls = m.group(1), m.group(2)
    ops = [o for o in re.findall(r"vact_([a-z_0-9]+?)_f32\(", decls) if (o, "fwd", "HIGH") in worst]
    if not ops:
        return m.group(0)
    body = block[:-2].rstrip()
    body = "\n".join(l for l in body.split("\n") if not l.startswith(" * Max error ("))
    extra = [max_error_line(o, len(ops) > 1) for o in ops]
    count += len(ops)
    return body + "\n" + "\n".join(e for e in extra if e) + " */" + decls


text = pattern.sub(rewrite, text)
open(hdr, "w", encoding="utf-8").write(text)
print(f"{count} ops' figures written into {hdr}")
