#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Plot vact_bench results: one PNG per op, throughput (elements/s) vs size.

Reads the Google Benchmark JSON that `vact_bench --json FILE` writes and draws,
for each op, a forward and a backward panel with one line per vact path (and
FAST tier), the naive libm loop, the plain SLEEF loop, the peers (oneDNN,
XNNPACK, PyTorch: the JSON's vact_baselines), and memcpy moving
the same bytes (the ceiling set by memory bandwidth).  Cache levels of the sizes
are marked on the x axis.

    python3 tools/plot_bench.py bench.json -o bench-plots
    python3 tools/plot_bench.py bench.json -o bench-plots --ops sigmoid gelu

Needs python3 and matplotlib (Debian: python3-matplotlib); Agg backend, no display.
"""

import argparse
import os
import re
import sys

try:
    import matplotlib
except ImportError:
    # Debian's python3-matplotlib lives in the system interpreter; another
    # python3 may come first on PATH (pyenv, venv): retry with the system one.
    if os.path.exists("/usr/bin/python3") and os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3") \
            and not os.environ.get("VACT_PLOT_REEXEC"):
        os.environ["VACT_PLOT_REEXEC"] = "1"
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    sys.exit("plot_bench: matplotlib is missing (Debian: apt-get install python3-matplotlib)")

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

RE_MEMCPY = re.compile(r"^memcpy/(fwd)/n:(\d+)$")
RE_VACT = re.compile(r"^([^/]+)/(fwd|bwd)/([^/]+)/n:(\d+)$")

from bench_table import (RE_BASE, baseline_groups, context_list, load as load_table, ordered,  # noqa: E402
                         size_levels)  # (same folder)
# one colour per path of vact's registry, in the order of the JSON's vact_isas
# (best first); a path not there is grey
ISA_COLORS = ["tab:green", "tab:orange", "tab:red", "tab:blue", "tab:cyan", "tab:olive", "tab:pink"]
BASE_STYLE = {
    "naive": dict(color="tab:brown", linestyle=":", marker="v", label="naive libm loop"),
    "sleef": dict(color="tab:purple", linestyle="-.", marker="D", label="plain SLEEF loop"),
    "onednn": dict(color="black", linestyle="--", marker="s", label="oneDNN"),
    "xnnpack": dict(color="tab:olive", linestyle="--", marker="^", label="XNNPACK"),
    "torch": dict(color="tab:pink", linestyle="--", marker="P", label="PyTorch"),
}


def load(path):
    """(context, {benchmark: (items/s, bytes/s)}): bench_table's reader"""
    ctx, results, _, _ = load_table(path)
    return ctx, results


def organize(results, groups):
    """-> ops: {op: {dir: {series: {n: (ips, bps)}}}}, memcpy: {n: (ips, bps)}"""
    ops, memcpy = {}, {}
    for key, val in results.items():
        m = RE_MEMCPY.match(key)
        if m:
            memcpy[int(m.group(2))] = val
            continue
        m = RE_BASE.match(key)
        if m and m.group(1) in groups:
            group, op, d, n = m.group(1), m.group(2), m.group(3), int(m.group(4))
            ops.setdefault(op, {}).setdefault(d, {}).setdefault(group, {})[n] = val
            continue
        m = RE_VACT.match(key)
        if m:
            op, d, path, n = m.group(1), m.group(2), m.group(3), int(m.group(4))
            ops.setdefault(op, {}).setdefault(d, {}).setdefault("vact:" + path, {})[n] = val
    return ops, memcpy


def plot_panel(ax, op, d, series, memcpy, levels, ctx):
    # vact's series in the run's column order ("vact:" + path)
    vact = ordered([s for s in series if s.startswith("vact:")],
                   ["vact:" + p for p in context_list(ctx, "vact_paths")])
    isas = context_list(ctx, "vact_isas")
    # bytes per element of this op/direction, from any vact run
    bpe = None
    for s in vact:
        for ips, bps in series[s].values():
            if ips and bps:
                bpe = bps / ips
                break
        if bpe:
            break
    for s in vact:
        path = s.split(":", 1)[1]
        fast = path.endswith("-fast")
        isa = path[:-5] if fast else path
        pts = sorted(series[s].items())
        color = ISA_COLORS[isas.index(isa) % len(ISA_COLORS)] if isa in isas else "tab:gray"
        ax.plot([n for n, _ in pts], [v[0] for _, v in pts], marker="o", markersize=4,
                color=color, linestyle="--" if fast else "-",
                alpha=0.75 if fast else 1.0, label="vact " + path)
    for group in baseline_groups(ctx):
        if group in series:
            pts = sorted(series[group].items())
            style = dict(BASE_STYLE.get(group, dict(color="tab:gray", linestyle="--", marker="x", label=group)))
            ax.plot([n for n, _ in pts], [v[0] for _, v in pts], markersize=4, **style)
    if memcpy and bpe:
        pts = sorted(memcpy.items())
        ax.plot([n for n, _ in pts], [v[1] / bpe for _, v in pts], color="0.6", linewidth=3, alpha=0.6,
                label="memcpy, same bytes (%.0f B/elem)" % bpe)
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlabel("n (floats per array)")
    ax.set_ylabel("elements / s")
    ax.set_title("%s %s" % (op, "forward" if d == "fwd" else "backward"))
    ax.grid(True, which="major", alpha=0.3)
    ns = sorted({n for s in series.values() for n in s})
    ax.set_xticks(ns)
    ax.set_xticklabels(["%s\n%s" % (fmt_n(n), levels.get(n, "")) for n in ns], fontsize=8)
    ax.minorticks_off()
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3, frameon=False)


def fmt_n(n):
    if n >= 1 << 20 and n % (1 << 20) == 0:
        return "%dMi" % (n >> 20)
    if n >= 1 << 10 and n % (1 << 10) == 0:
        return "%dKi" % (n >> 10)
    return str(n)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("json", help="Google Benchmark JSON written by vact_bench --json FILE")
    ap.add_argument("-o", "--outdir", default="bench-plots", help="output directory (default: bench-plots)")
    ap.add_argument("--ops", nargs="*", help="only these ops")
    ap.add_argument("--dpi", type=int, default=110)
    args = ap.parse_args(argv)

    ctx, results = load(args.json)
    if not results:
        print("plot_bench: no results in %s" % args.json, file=sys.stderr)
        return 1
    ops, memcpy = organize(results, baseline_groups(ctx))
    levels = size_levels(ctx)
    os.makedirs(args.outdir, exist_ok=True)

    subtitle = "%s | vact %s, active path %s | threads %s" % (
        ctx.get("cpu_model", "?"), ctx.get("vact_version", "?"), ctx.get("vact_isa", "?"),
        ctx.get("vact_threads", "1"))
    written = []
    for op in sorted(ops):
        if args.ops and op not in args.ops:
            continue
        dirs = [d for d in ("fwd", "bwd") if d in ops[op] and any(s.startswith("vact:") for s in ops[op][d])]
        if not dirs:
            continue
        fig, axes = plt.subplots(1, len(dirs), figsize=(6.4 * len(dirs), 5.6), squeeze=False)
        for ax, d in zip(axes[0], dirs):
            plot_panel(ax, op, d, ops[op][d], memcpy, levels, ctx)
        fig.suptitle("vact %s: throughput vs size (higher is better)\n%s" % (op, subtitle), fontsize=10)
        fig.tight_layout()
        out = os.path.join(args.outdir, op + ".png")
        fig.savefig(out, dpi=args.dpi)
        plt.close(fig)
        written.append(out)
    for w in written:
        print(w)
    if not written:
        print("plot_bench: no vact series to plot", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
