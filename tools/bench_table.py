#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Turn vact_bench's JSON into a Markdown speed table (for README).

    python3 tools/bench_table.py bench.json                 # every size
    python3 tools/bench_table.py bench.json --level L2 DRAM # only these sizes
    python3 tools/bench_table.py bench.json -o table.md

One row per op x direction x size: ns per element for each vact path (and FAST
tier), the naive libm loop, the plain SLEEF loop and the peers (oneDNN,
XNNPACK, PyTorch: the baselines of the JSON's vact_baselines); then GB/s of the
active path, its time relative to the floor moving the same bytes (memcpy for
2 streams, dst = a + b for 3 or more), its speed-up
over the naive loop and its time relative to oneDNN (below 1: vact is faster);
last, the fastest peer of the row (oneDNN, XNNPACK, the SLEEF loop, PyTorch;
a case marked not like for like left out) and the FAST tier's time relative
to it.
The benchmark's only table maker (tools/bench.sh writes out/bench.md with it),
made from the saved JSON so the README can be regenerated without rerunning.
The op order, the path columns and each benchmark's memory streams come from
the JSON: vact_bench writes vact_ops and vact_paths into its context and a
streams counter per benchmark.  ns per element come from items_per_second,
which vact_bench reports on real time (the JSON's vact_timing); the benchmarks
whose CPU time differs from it by more than 10% are listed under the table.
A baseline's case marked in the JSON (<group>_marks: not like for like) gets a
* and its note.  Only the Python standard library is needed.

bf16 and f16 storage: where the JSON has vact's twins (vact_bf16/..., vact_f16/...)
and their peers (onednn_bf16/..., xnnpack_f16/...), the table gains the columns
vact bf16, vact f16 (the active path, HIGH tier), oneDNN bf16 and XNNPACK f16,
and a second table sets them against the f32 row (time ratios; below 1: the
16-bit call is faster).  A oneDNN bf16 case that ran a reference implementation
(its label, oneDNN's impl_info_str, begins with "ref") gets a dagger.  Without
such rows the output is as before; --no-storage leaves them out.
"""

import argparse
import json
import re
import sys

RE_MEMCPY = re.compile(r"^memcpy/(fwd|bwd)/n:(\d+)$")
RE_BASE = re.compile(r"^([a-z0-9_]+)/([^/]+)/(fwd|bwd)/n:(\d+)$")
# the baselines' columns when the JSON does not list them (vact_baselines)
BASELINES = ["naive", "sleef", "onednn", "xnnpack", "torch"]
LABELS = {"naive": "naive", "sleef": "sleef", "onednn": "oneDNN", "xnnpack": "XNNPACK", "torch": "torch"}
RE_VACT = re.compile(r"^([^/]+)/(fwd|bwd)/([^/]+)/n:(\d+)$")
RE_SPLIT = re.compile(r"^split/([^/]+)/(fwd|bwd)/([^/]+)x(\d+)/n:(\d+)$")
# the storage twins and their peers: (group, column label)
RE_STORAGE = re.compile(r"^(vact_bf16|vact_f16)/([^/]+)/(fwd|bwd)/([^/]+)/n:(\d+)$")
STORAGE = [("vact_bf16", "vact bf16"), ("vact_f16", "vact f16"), ("onednn_bf16", "oneDNN bf16"),
           ("xnnpack_f16", "XNNPACK f16")]
STORAGE_PEERS = ("onednn_bf16", "xnnpack_f16")


def split_table(res, order, levels):
    """vact_bench --split's rows: ns per element of one call split across 1..T
    threads, and the speed-up of T threads over one"""
    cell, keys, threads = {}, [], set()
    for key in order:
        m = RE_SPLIT.match(key)
        if not m or key not in res:
            continue
        op, d, p, t, n = m.group(1), m.group(2), m.group(3), int(m.group(4)), int(m.group(5))
        cell[(op, d, p, n, t)] = 1e9 / res[key][0]
        if (op, d, p, n) not in keys:
            keys.append((op, d, p, n))
        threads.add(t)
    if not keys:
        return []
    ts = sorted(threads)
    out = ["| op | dir | path | n | level | " + " | ".join("%d thread%s" % (t, "s" if t > 1 else "")
                                                       for t in ts) + " | speed-up |",
           "|---|---|---|--:|---|" + "--:|" * len(ts) + "--:|"]
    for op, d, p, n in keys:
        row = [op, d, p, str(n), levels.get(n, "")] + [fmt_ns(cell[(op, d, p, n, t)]) if (op, d, p, n, t) in cell
                                                       else "" for t in ts]
        one, last = cell.get((op, d, p, n, ts[0])), cell.get((op, d, p, n, ts[-1]))
        row.append("%.2f" % (one / last) if one and last else "")
        out.append("| " + " | ".join(row) + " |")
    out += ["", "ns per element of one call split across the threads (cache-line-aligned chunks, one "
            "vact call per thread, threads made once and woken each round); speed-up: one thread's "
            "time / %d threads' time." % ts[-1]]
    return out


def base_name(entry):
    name = entry.get("run_name") or entry.get("name", "")
    parts = [p for p in name.split("/")
             if p not in ("real_time", "manual_time") and not re.match(r"^(threads|min_time|iterations|repeats):", p)]
    return "/".join(parts)


def load(path):
    with open(path) as f:
        data = json.load(f)
    medians, iters, order, streams = {}, {}, [], {}
    for e in data.get("benchmarks", []):
        if e.get("error_occurred") or e.get("skipped"):
            continue
        ips, bps = e.get("items_per_second"), e.get("bytes_per_second")
        if not ips:
            continue
        key = base_name(e)
        if key not in order:
            order.append(key)
        if e.get("streams"):
            streams[key] = int(round(e["streams"]))
        if e.get("run_type") == "aggregate":
            if e.get("aggregate_name") == "median":
                medians[key] = (ips, bps or 0.0)
        else:
            iters.setdefault(key, []).append((ips, bps or 0.0))
    res = {k: (sum(v[0] for v in vs) / len(vs), sum(v[1] for v in vs) / len(vs)) for k, vs in iters.items()}
    res.update(medians)
    return data.get("context", {}), res, order, streams


def baseline_groups(ctx):
    """the baselines' groups in column order, from the context (vact_baselines)"""
    return context_list(ctx, "vact_baselines") or BASELINES


def marks(ctx, group):
    """{(op, dir): note} of a baseline's cases that are not like for like (<group>_marks)"""
    out = {}
    for item in ctx.get(group + "_marks", "").split(";"):
        key, _, note = item.partition("=")
        if "/" in key and note:
            op, d = key.split("/", 1)
            out[(op, d)] = note
    return out


def cpu_real(path):
    """{benchmark: CPU time / real time}, over its iterations runs"""
    with open(path) as f:
        data = json.load(f)
    ratios = {}
    for e in data.get("benchmarks", []):
        if e.get("run_type") == "aggregate" or e.get("error_occurred") or not e.get("real_time"):
            continue
        ratios.setdefault(base_name(e), []).append(e.get("cpu_time", 0.0) / e["real_time"])
    return {k: sum(v) / len(v) for k, v in ratios.items()}


def labels(path):
    """{benchmark: its label} (oneDNN's implementation for the onednn_bf16 cases)"""
    with open(path) as f:
        data = json.load(f)
    return {base_name(e): e["label"] for e in data.get("benchmarks", []) if e.get("label")}


def storage_cell(cell, g, op, d, best, n):
    """a storage column's (ns, GB/s): vact's twins on the best path, the peers"""
    return cell.get((g, op, d, best if g.startswith("vact_") else "", n))


def storage_table(cell, ops, sizes, levels, best, ref_impl):
    """bf16 and f16 against f32: ns per element and the ratio to vact's f32 row"""
    out = ["| op | dir | n | level | vact f32 | vact bf16 | vact f16 | oneDNN f32 | oneDNN bf16 | XNNPACK f32 "
           "| XNNPACK f16 | bf16/f32 | f16/f32 | vact bf16/oneDNN bf16 | vact f16/XNNPACK f16 |",
           "|---|---|--:|---|" + "--:|" * 11]
    for op in ops:
        for d in ("fwd", "bwd"):
            for n in sizes:
                f32 = cell.get(("vact", op, d, best, n))
                bf, hf = storage_cell(cell, "vact_bf16", op, d, best, n), storage_cell(cell, "vact_f16", op, d, best, n)
                if not (bf or hf):
                    continue
                dn, dnb = cell.get(("onednn", op, d, "", n)), cell.get(("onednn_bf16", op, d, "", n))
                xn, xnh = cell.get(("xnnpack", op, d, "", n)), cell.get(("xnnpack_f16", op, d, "", n))

                def ns(c, mark=""):
                    return fmt_ns(c[0]) + mark if c else ""

                def ratio(a, b):
                    return "%.2f" % (a[0] / b[0]) if a and b else ""
                row = [op, d, str(n), levels.get(n, ""), ns(f32), ns(bf), ns(hf), ns(dn),
                       ns(dnb, "\u2020" if (op, d, n) in ref_impl else ""), ns(xn), ns(xnh),
                       ratio(bf, f32), ratio(hf, f32), ratio(bf, dnb), ratio(hf, xnh)]
                out.append("| " + " | ".join(row) + " |")
    out += ["", "bf16 and f16 storage, ns per element (vact: %s, f32 and the twins; the same "
            "run); bf16/f32, f16/f32: the 16-bit call's time / the f32 call's (below 1: faster); vact bf16/oneDNN "
            "bf16, vact f16/XNNPACK f16: vact's time / the peer's." % best]
    if ref_impl:
        out.append("\u2020 oneDNN ran a reference implementation (no JIT kernel for bf16 at this ISA): %s."
                   % ", ".join(sorted(set(ref_impl.values()))))
    return out


def context_list(ctx, key):
    """a comma-separated list of vact_bench's context (vact_ops, vact_isas, vact_paths)"""
    return [x for x in ctx.get(key, "").split(",") if x]


def ordered(items, first):
    """items in the order of `first`, then the others in their own order"""
    return [x for x in first if x in items] + [x for x in items if x not in first]


def fmt_ns(ns):
    if ns is None:
        return ""
    if ns < 0.1:
        return "%.4f" % ns
    if ns < 1:
        return "%.3f" % ns
    if ns < 10:
        return "%.2f" % ns
    return "%.1f" % ns


def size_levels(ctx):
    """{n: cache level} from the context vact_bench writes (vact_size_L1 = n, ...)"""
    levels = {}
    for k, v in ctx.items():
        if k.startswith("vact_size_"):
            try:
                levels[int(v)] = k[len("vact_size_"):]
            except ValueError:
                pass
    return levels


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("json")
    ap.add_argument("-o", "--output", help="write the Markdown here (default: stdout)")
    ap.add_argument("--level", nargs="*", help="only sizes of these cache levels (L1 L2 L3 DRAM)")
    ap.add_argument("--no-header", action="store_true", help="table only, without the machine lines")
    ap.add_argument("--no-storage", action="store_true", help="leave out the bf16 and f16 columns and table")
    ap.add_argument("--storage-path", help="the vact path of the bf16 and f16 columns and table, e.g. "
                    "avx512-fast (default: the active path, HIGH tier)")
    args = ap.parse_args(argv)

    ctx, res, order, streams = load(args.json)
    levels = size_levels(ctx)
    best = ctx.get("vact_isa", "")

    cell = {}  # (group, op, dir, path, n) -> (ns per element, GB/s)
    nstreams = {}  # (op, dir, n) -> memory streams of vact's benchmark
    ops, paths, sizes = [], [], set()
    groups = set()
    known = baseline_groups(ctx)
    for key in order:
        if key not in res:
            continue
        ips, bps = res[key]
        val = (1e9 / ips, bps / 1e9)
        m = RE_STORAGE.match(key)
        if m:
            if not args.no_storage:
                cell[(m.group(1), m.group(2), m.group(3), m.group(4), int(m.group(5)))] = val
                groups.add(m.group(1))
            continue
        m = RE_BASE.match(key)
        if m and m.group(1) in STORAGE_PEERS:
            if not args.no_storage:
                cell[(m.group(1), m.group(2), m.group(3), "", int(m.group(4)))] = val
                groups.add(m.group(1))
            continue
        m = RE_MEMCPY.match(key)
        if m:
            cell[("memcpy", "memcpy", m.group(1), "", int(m.group(2)))] = val
            continue
        m = RE_BASE.match(key)
        if m and m.group(1) in known:
            g, op, d, n = m.group(1), m.group(2), m.group(3), int(m.group(4))
            cell[(g, op, d, "", n)] = val
            groups.add(g)
            continue
        m = RE_VACT.match(key)
        if m:
            op, d, p, n = m.group(1), m.group(2), m.group(3), int(m.group(4))
            cell[("vact", op, d, p, n)] = val
            if key in streams:
                nstreams[(op, d, n)] = streams[key]
            if op not in ops:
                ops.append(op)
            if p not in paths:
                paths.append(p)
            sizes.add(n)
    split = split_table(res, order, levels)
    if not ops and split:
        sys.stdout.write("\n".join(split) + "\n")
        return 0
    if not ops:
        print("bench_table: no vact results in %s" % args.json, file=sys.stderr)
        return 1
    ops = ordered(ops, context_list(ctx, "vact_ops"))
    paths = ordered(paths, context_list(ctx, "vact_paths"))
    sizes = sorted(sizes)
    if args.level:
        sizes = [n for n in sizes if levels.get(n) in args.level]
    if not best or best not in paths:
        best = paths[-1] if not paths[-1].endswith("-fast") else paths[-1][:-5]

    out = []
    if not args.no_header:
        out.append("Machine: %s, %s CPUs; vact %s, active path %s; threads %s; %s profile, min_time %s s."
                   % (ctx.get("cpu_model", "?"), ctx.get("num_cpus", "?"), ctx.get("vact_version", "?"),
                      best, ctx.get("vact_threads", "1"), ctx.get("vact_profile", "?"),
                      ctx.get("vact_min_time", "?")))
        if ctx.get("vact_command"):
            out.append("Command: `%s`." % ctx["vact_command"])
        out.append("Inputs: --dist %s; ISA cap: %s; timing: %s." % (
            ctx.get("vact_dist", "uniform6"), ctx.get("vact_isa_cap", "none"), ctx.get("vact_timing", "real_time")))
        if ctx.get("onednn_version"):
            out.append("oneDNN %s, one thread%s." % (ctx["onednn_version"], ", JIT for " + ctx["onednn_isa"]
                                                     if ctx.get("onednn_isa") else ""))
        for key, text in (("sleef_isa", "SLEEF loops on %s."), ("xnnpack_isa", "XNNPACK: one thread, ISA: %s."),
                          ("torch_isa", "PyTorch " + ctx.get("torch_version", "") + ": one thread, CPU capability %s.")):
            if ctx.get(key):
                out.append(text % ctx[key])
        out.append("Absolute ns are approximate (frequency scaling); the ratios are measured side by side.")
        out.append("")
    hdr = ["op", "dir", "n", "level"] + paths
    cols = [g for g in known if g in groups]
    have = {g: g in groups for g in known + ["naive", "onednn"]}
    hdr += [LABELS.get(g, g) for g in cols]
    marked = {g: marks(ctx, g) for g in cols}
    scols = [(g, label) for g, label in STORAGE if g in groups]
    spath = args.storage_path or best
    hdr += [label for _, label in scols]
    ref_impl = {}  # (op, dir, n) -> oneDNN's reference implementation, bf16
    for key, label in labels(args.json).items():
        m = RE_BASE.match(key)
        if m and m.group(1) == "onednn_bf16" and label.startswith("ref"):
            ref_impl[(m.group(2), m.group(3), int(m.group(4)))] = label
    hdr += ["GB/s " + best, "x floor"]
    if have["naive"]:
        hdr.append("speed-up vs naive")
    if have["onednn"]:
        hdr.append("vact/oneDNN")
    fast = best + "-fast" if best + "-fast" in paths else None
    peers = [g for g in cols if g != "naive"]
    if fast and peers:
        hdr += ["fastest peer", "FAST/peer"]
    out.append("| " + " | ".join(hdr) + " |")
    out.append("|" + "|".join("---" if h in ("op", "dir", "level", "fastest peer") else "--:" for h in hdr) + "|")
    for op in ops:
        for d in ("fwd", "bwd"):
            for n in sizes:
                row_cells = [cell.get(("vact", op, d, p, n)) for p in paths]
                if not any(row_cells):
                    continue
                row = [op, d, str(n), levels.get(n, "")] + [fmt_ns(c[0]) if c else "" for c in row_cells]
                nv = cell.get(("naive", op, d, "", n))
                dn = cell.get(("onednn", op, d, "", n))
                bp = cell.get(("vact", op, d, best, n))
                # the floor: memcpy for 2 streams, dst = a + b (memcpy/bwd) for 3 or more
                ns = nstreams.get((op, d, n))
                mc = cell.get(("memcpy", "memcpy", "bwd" if ns >= 3 else "fwd", "", n)) if ns else None
                for g in cols:
                    c = cell.get((g, op, d, "", n))
                    row.append(fmt_ns(c[0]) + ("*" if (op, d) in marked[g] else "") if c else "")
                for g, _ in scols:
                    c = storage_cell(cell, g, op, d, spath, n)
                    dag = "\u2020" if g == "onednn_bf16" and (op, d, n) in ref_impl else ""
                    row.append(fmt_ns(c[0]) + dag if c else "")
                row.append("%.1f" % bp[1] if bp else "")
                row.append("%.2f" % (mc[1] / bp[1]) if bp and mc and bp[1] > 0 else "")
                if have["naive"]:
                    row.append("%.1f" % (nv[0] / bp[0]) if bp and nv else "")
                if have["onednn"]:
                    row.append("%.2f" % (bp[0] / dn[0]) if bp and dn else "")
                if fast and peers:
                    fp = cell.get(("vact", op, d, fast, n))
                    cand = [(cell[(g, op, d, "", n)][0], g) for g in peers
                            if (g, op, d, "", n) in cell and (op, d) not in marked[g]]
                    t, g = min(cand) if cand else (0.0, "")
                    row += [LABELS.get(g, g), "%.2f" % (fp[0] / t)] if fp and cand else ["", ""]
                out.append("| " + " | ".join(row) + " |")
    out.append("")
    out.append("ns per element for each path (`-fast`: FAST tier); GB/s: bytes read + written per second on "
               "the %s path; x floor: its time / the floor's time for the same bytes (memcpy where the op "
               "reads one array and writes one, else dst = a + b, 3 streams); speed-up vs naive: naive "
               "time / %s time; vact/oneDNN: %s time / oneDNN time (below 1: vact is faster)%s." % (
                   best, best, best, "; fastest peer: the least time among %s (a case marked * left out), and "
                   "FAST/peer: the %s time / that peer's (below 1: vact's FAST tier is faster)"
                   % (", ".join(LABELS.get(g, g) for g in peers), fast) if fast and peers else ""))
    notes = [(g, op, d, note) for g in cols for (op, d), note in marked[g].items()
             if any(cell.get((g, op, d, "", n)) for n in sizes)]
    if notes:
        out.append("")
        out.append("\\* not like for like:")
        for g, op, d, note in notes:
            out.append("- %s %s %s: %s" % (LABELS.get(g, g), op, d, note))
    if scols:
        out += ["", "vact bf16, vact f16: the bf16 and f16 twins on %s; oneDNN bf16, XNNPACK f16: the peers on the "
                "same 16-bit arrays (bytes per element halved)." % spath]
        out += [""] + storage_table(cell, ops, sizes, levels, spath, ref_impl)
    if split:
        out += [""] + split
    off = sorted((k, r) for k, r in cpu_real(args.json).items() if abs(r - 1.0) > 0.1)
    if off:
        out.append("")
        out.append("CPU time differs from real time by more than 10%% (another thread, or the machine was busy): %s."
                   % ", ".join("`%s` (%.2f)" % (k, r) for k, r in off))
    text = "\n".join(out) + "\n"
    if args.output:
        with open(args.output, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
