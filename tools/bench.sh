#!/bin/sh
# Installs what the benchmark needs (Debian 12, as root), builds vact and its
# Google Benchmark harness, and runs the quick profile on this CPU: every op
# forward and backward on the best path (both tiers) and on scalar, beside
# memcpy, a naive libm loop, a plain SLEEF loop and oneDNN.  Writes
# out/bench.json (Google Benchmark's JSON), out/bench.md (its table, made by
# tools/bench_table.py), out/plots/*.png, and out/accuracy.md (the forward
# error of each of them).  Extra arguments go to vact_bench (e.g. --full).
set -eu
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq cmake gcc g++ make libsleef-dev libbenchmark-dev libdnnl-dev \
    python3-matplotlib >/dev/null
cmake -S . -B build-bench -DVACT_BUILD_TESTS=OFF -DVACT_BUILD_BENCH=ON >/dev/null
cmake --build build-bench -j"$(nproc)"
mkdir -p out
./build-bench/bench/vact_bench --json out/bench.json "$@"
python3 tools/bench_table.py out/bench.json > out/bench.md && echo "table: out/bench.md"
# what each timed forward gives up for its speed: max ULP error, same inputs
./build-bench/bench/vact_bench --accuracy > out/accuracy.md && echo "accuracy: out/accuracy.md"
python3 tools/plot_bench.py out/bench.json -o out/plots >/dev/null && echo "plots: out/plots/"
