#!/bin/sh
# SPDX-License-Identifier: MIT
# vact vendored by a parent project (add_subdirectory, tests/vendor/) built
# with -ffast-math must compute exactly what it computes in a plain parent:
# every entry point, path and tier over special and ordinary values
# (tests/vendor/bits.c), compared bit for bit.  The parent's build builds
# what it links (the shared library) and nothing else of vact's.
set -eu
cd "$(dirname "$0")/.."
out=build-vendor
for flags in "-O2" "-O2 -ffast-math"; do
    dir="$out/$(echo "$flags" | tr -d ' -')"
    cmake -S tests/vendor -B "$dir" -DCMAKE_BUILD_TYPE=None "-DCMAKE_C_FLAGS=$flags" >/dev/null
    cmake --build "$dir" -j"$(nproc)" >/dev/null
    for extra in vact-info libvact.a; do
        if [ -e "$dir/vact/$extra" ]; then
            echo "a vendored build built $extra, which the parent does not link" >&2
            exit 1
        fi
    done
    "$dir/vact_bits" > "$dir/bits.txt"
done
if ! cmp -s "$out/O2/bits.txt" "$out/O2ffastmath/bits.txt"; then
    diff "$out/O2/bits.txt" "$out/O2ffastmath/bits.txt" | head -20 >&2
    echo "a -ffast-math parent changes vact's results" >&2
    exit 1
fi
echo "vendored under -ffast-math: $(wc -l < "$out/O2/bits.txt") results bit-identical to a plain parent"
