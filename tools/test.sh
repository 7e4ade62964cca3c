#!/bin/sh
# SPDX-License-Identifier: MIT
# Installs what the tests need (Debian 12, as root), builds vact for this
# machine and for aarch64, and runs every test: the native paths with ctest,
# NEON under qemu-aarch64.  VACT_TEST_REQUIRE (default: every path this CPU
# reports) makes the suite fail when such a path did not run.
set -eu
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
if [ "$(dpkg --print-architecture)" = amd64 ] && ! dpkg --print-foreign-architectures | grep -qx arm64; then
    dpkg --add-architecture arm64
fi
apt-get update -qq
apt-get install -y -qq cmake gcc g++ make pkg-config python3 libsleef-dev libcmocka-dev \
    clang libclang-rt-14-dev valgrind libbenchmark-dev libdnnl-dev >/dev/null
if [ "$(dpkg --print-architecture)" = amd64 ]; then
    apt-get install -y -qq gcc-aarch64-linux-gnu qemu-user libsleef-dev:arm64 libcmocka-dev:arm64 >/dev/null
fi

tools/spdx.sh
jobs=$(nproc)
if [ -z "${VACT_TEST_REQUIRE+x}" ]; then
    req=""
    flags=$(grep -m1 -E '^(flags|Features)' /proc/cpuinfo || true)
    has() { echo "$flags" | grep -qw "$1"; }
    if has avx2 && has fma; then req="avx2"; fi
    if has avx512f && has avx512bw && has avx512dq && has avx512vl; then req="$req,avx512"; fi
    if has asimd; then req="neon"; fi
    VACT_TEST_REQUIRE=${req#,}
fi
echo "native paths required: ${VACT_TEST_REQUIRE:-none}"

# the benchmark harness too, so that it builds warning-free with the library
cmake -S . -B build -DVACT_WERROR=ON -DVACT_BUILD_BENCH=ON >/dev/null
cmake --build build -j"$jobs"
VACT_TEST_REQUIRE=$VACT_TEST_REQUIRE ctest --test-dir build -j"$jobs" --output-on-failure
../shared/tools/api-check include/vact.h build/libvact.so 2>/dev/null || \
    [ ! -x ../shared/tools/api-check ]
# the shared library exports vact_* and nothing else
stray=$(nm -D --defined-only build/libvact.so | awk '$2 ~ /^[TtWwDdBbRr]$/ && $3 !~ /^vact_/ {print $3}' | grep -v -E '^(_init|_fini|_edata|_end|__bss_start)$' || true)
if [ -n "$stray" ]; then echo "exported symbols without the vact_ prefix: $stray" >&2; exit 1; fi
echo "exports: $(nm -D --defined-only build/libvact.so | grep -c ' vact_') vact_* symbols, nothing else"
build/vact-info
build/vact-info --json | python3 -m json.tool >/dev/null && echo "vact-info --json: valid JSON"
tools/check_install.sh
# vendored by a parent built with -ffast-math: the same bits as a plain parent
tools/check_vendor.sh
# the library configures and builds where cmocka is missing (hidden here)
cmake -S . -B build-nocmocka -DVACT_WERROR=ON -DCMAKE_DISABLE_FIND_PACKAGE_CMocka=ON \
    | grep "tests off: cmocka not found"
cmake --build build-nocmocka -j"$jobs" >/dev/null && test -f build-nocmocka/libvact.so
echo "without cmocka: library built, tests off"
# the harness's accuracy mode runs end to end (vact, libm, SLEEF and oneDNN)
# and prints the forward, backward and gated backward tables
acc=$(build/bench/vact_bench --accuracy=65536)
echo "$acc" | grep -q '^| sigmoid | [0-9]'
echo "$acc" | grep -q '^| silu | terms | [0-9]'
echo "$acc" | grep -q '^| glu | [0-9]'
echo "vact_bench --accuracy: ran"

# The same suite under AddressSanitizer + UndefinedBehaviorSanitizer, every
# native path, halting on the first report (smaller sweeps: ASan is slower).
cmake -S . -B build-asan -DVACT_WERROR=ON -DVACT_TEST_SWEEP=65536 -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    "-DCMAKE_C_FLAGS=-fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all -fno-omit-frame-pointer" >/dev/null
cmake --build build-asan -j"$jobs"
ASAN_OPTIONS=halt_on_error=1:detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    VACT_TEST_REQUIRE=$VACT_TEST_REQUIRE ctest --test-dir build-asan -j"$jobs" --output-on-failure

# Dispatch races under ThreadSanitizer: threads making their first call while
# another switches the path.
cmake -S . -B build-tsan -DVACT_WERROR=ON -DVACT_INSTALL=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_FLAGS=-fsanitize=thread >/dev/null
cmake --build build-tsan -j"$jobs" --target race_vact
TSAN_OPTIONS=halt_on_error=1 build-tsan/tests/race_vact

# Valgrind memcheck over the scalar path, every group (valgrind has no
# AVX-512, and its long double is 64-bit, so reference comparisons skip).
# One group per job (the groups are independent processes); a failing group
# stops the run with its name.  (The -bf16shift tests are AVX-512 runs of the
# element-wise groups, which valgrind cannot run.)
ctest --test-dir build -N | sed -n 's/^ *Test *#[0-9]*: //p' | grep -v -E '^(race|fprime)$|-bf16shift$' |
    xargs -P "$jobs" -I{} sh -c 'VACT_TEST_NO_LDBL=1 VACT_TEST_ONLY=scalar VACT_ISA=scalar \
        valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite \
        build/tests/test_vact "$1" >/dev/null || { echo "valgrind: group $1 failed" >&2; exit 255; }' _ {}
echo "valgrind memcheck: scalar path clean"

# libFuzzer (clang, ASan + UBSan): every path against scalar, time-boxed.
cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DVACT_BUILD_TESTS=OFF -DVACT_INSTALL=OFF \
    -DVACT_BUILD_FUZZ=ON -DVACT_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    "-DCMAKE_C_FLAGS=-fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=all" >/dev/null
cmake --build build-fuzz -j"$jobs" --target fuzz_vact
rm -rf build-fuzz/corpus && cp -r tests/fuzz_corpus build-fuzz/corpus
if ! (cd build-fuzz && ./fuzz_vact -max_total_time="${VACT_FUZZ_SECONDS:-60}" -print_final_stats=1 \
        corpus >fuzz.log 2>&1); then
    tail -n 40 build-fuzz/fuzz.log
    exit 1
fi
grep -E "^Done|stat::number_of_executed_units" build-fuzz/fuzz.log

if [ "$(dpkg --print-architecture)" = amd64 ]; then
    # qemu runs 10-50x slower: a smaller sampled sweep, every other case unchanged
    cmake -S . -B build-arm64 -DCMAKE_TOOLCHAIN_FILE=cmake/aarch64-linux-gnu.cmake \
        -DVACT_WERROR=ON -DVACT_TEST_SWEEP=65536 >/dev/null
    cmake --build build-arm64 -j"$jobs"
    VACT_TEST_REQUIRE=neon ctest --test-dir build-arm64 -j"$jobs" --output-on-failure
fi
echo "all tests passed"
