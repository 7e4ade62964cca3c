#!/bin/sh
# SPDX-License-Identifier: MIT
# Installs what the benchmark needs (Debian 12, as root), builds vact and its
# Google Benchmark harness, and runs the quick profile on this CPU: every op
# forward and backward on the best path (both tiers) and on scalar, beside
# memcpy, a naive libm loop, a plain SLEEF loop, oneDNN and XNNPACK (and
# PyTorch with --with-torch), and the bf16 and f16 twins beside oneDNN's bf16
# eltwise and XNNPACK's f16 operators (bench.md's storage columns and table;
# --benchmark_filter='-^(vact_bf16|vact_f16|onednn_bf16|xnnpack_f16)/' leaves
# them out).  Writes out/bench.json (Google Benchmark's JSON),
# out/bench.md (its table, made by tools/bench_table.py), out/plots/*.png, and
# out/accuracy.md (the forward and backward error of each of them).  Then the same at the
# L2 size, best path and peers only, for the other input distributions:
# out/bench-normal.* (x ~ N(0, 1)) and out/bench-wide.* (uniform [-100, 100],
# what the rare-lane paths cost); out/dist.md: the FAST tier's wide / normal
# ratios (tools/dist_table.py) over three alternating runs of each; and
# out/split.md: one call split across the cores (vact_bench --split).
#
#   tools/bench.sh [--with-torch] [--isa P] [--dist D] [vact_bench flags...]
#   --with-torch  also install libtorch-dev (about 155 packages, 116 MB to
#                 download, 470 MB installed) and time PyTorch's ATen kernels
#   --isa avx2    vact on avx2 only, oneDNN capped at AVX2 (vact_bench sets
#                 ONEDNN_MAX_CPU_ISA=AVX2 before oneDNN's first use), the SLEEF
#                 loops, PyTorch and XNNPACK on AVX2 (XNNPACK through cpuinfo's
#                 flags, which it chooses its kernels from).  The
#                 files get the suffix -avx2 (out/bench-avx2.md, ...), to set
#                 beside the default run's.
#   --dist D      the main run's inputs (uniform6, the default; normal; wide);
#                 suffix -D when not uniform6.
# Other arguments go to vact_bench (e.g. --full).
set -eu
cd "$(dirname "$0")/.."
torch=OFF
isa=
dist=uniform6
pass=
while [ $# -gt 0 ]; do
    case "$1" in
    --with-torch) torch=ON ;;
    --isa) isa=$2; shift ;;
    --isa=*) isa=${1#--isa=} ;;
    --dist) dist=$2; shift ;;
    --dist=*) dist=${1#--dist=} ;;
    *) pass="$pass $1" ;;
    esac
    shift
done
suffix=${isa:+-$isa}
[ "$dist" = uniform6 ] || suffix="$suffix-$dist"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
pkgs="cmake gcc g++ make libsleef-dev libbenchmark-dev libdnnl-dev libxnnpack-dev libpthreadpool-dev libcpuinfo-dev python3-matplotlib"
[ "$torch" = OFF ] || pkgs="$pkgs libtorch-dev"
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $pkgs >/dev/null
cmake -S . -B build-bench -DVACT_BUILD_TESTS=OFF -DVACT_BUILD_BENCH=ON -DVACT_BENCH_TORCH=$torch >/dev/null
cmake --build build-bench -j"$(nproc)"
mkdir -p out
bench=./build-bench/bench/vact_bench
caps="--dist $dist${isa:+ --isa $isa}"
# run NAME FLAGS...: out/NAME.json, out/NAME.md, out/plots-NAME (out/plots for bench)
run() {
    name=$1
    shift
    # the benchmarks in a random order rather than library by library, so
    # that a slow spell on a shared machine does not land on one library's
    # rows alone
    # shellcheck disable=SC2086
    $bench --json "out/$name.json" --benchmark_enable_random_interleaving=true "$@"
    python3 tools/bench_table.py "out/$name.json" > "out/$name.md" && echo "table: out/$name.md"
    plots=out/plots${name#bench}
    python3 tools/plot_bench.py "out/$name.json" -o "$plots" >/dev/null && echo "plots: $plots/"
}
# shellcheck disable=SC2086
run "bench$suffix" $caps $pass
# what each timed forward gives up for its speed: max ULP error, same inputs
# shellcheck disable=SC2086
$bench --accuracy ${isa:+--isa $isa} > "out/accuracy$suffix.md" && echo "accuracy: out/accuracy$suffix.md"
# the other distributions: L2, without the scalar path and the naive loop
for d in normal wide; do
    [ "$d" != "$dist" ] || continue
    # shellcheck disable=SC2086
    run "bench${isa:+-$isa}-$d" --dist "$d" ${isa:+--isa $isa} --levels L2 --benchmark_filter='-(/scalar/|^naive/)' $pass
done
# the FAST tier of the best path alone on the two distributions, alternately,
# three runs each, for the wide / normal table (tools/dist_table.py takes
# each row's least time per distribution over the runs)
pairs=
for k in 1 2 3; do
    for d in normal wide; do
        # shellcheck disable=SC2086
        $bench --dist "$d" ${isa:+--isa $isa} --levels L2 --benchmark_enable_random_interleaving=true \
            --benchmark_filter='^[a-z_0-9]+/(fwd|bwd)/(avx2|avx512|neon)-fast/' \
            --json "out/dist${isa:+-$isa}-$d-$k.json" >/dev/null
        pairs="$pairs out/dist${isa:+-$isa}-$d-$k.json"
    done
done
# shellcheck disable=SC2086
python3 tools/dist_table.py $pairs > "out/dist${isa:+-$isa}.md" && echo "wide / normal: out/dist${isa:+-$isa}.md"
# one array split across the cores (relu and gelu forward, best path): from
# what n splitting a call over threads pays on this machine
cores=$(nproc)
if [ "$cores" -gt 1 ]; then
    $bench --split "$cores" --levels L2,L3,DRAM --benchmark_filter='^split/' ${isa:+--isa $isa} \
        --json "out/split$suffix.json" >/dev/null
    python3 tools/bench_table.py "out/split$suffix.json" > "out/split$suffix.md" && echo "split: out/split$suffix.md"
fi
