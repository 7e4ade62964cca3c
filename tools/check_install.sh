#!/bin/sh
# SPDX-License-Identifier: MIT
# Installs vact into fresh prefixes, with the default libdir and with
# Debian's multiarch one, and builds and runs the examples against each
# install three ways: find_package(vact), pkg-config vact (shared), and
# pkg-config --static vact-static (libvact.a; the program must not load
# libvact.so).  Expects build/ from tools/test.sh.
set -eu
cd "$(dirname "$0")/.."
root=$PWD/build-install
rm -rf "$root"
multiarch=$(gcc -print-multiarch 2>/dev/null || true)

consume() { # prefix libdir name
    prefix=$1 libdir=$2 out=$root/$3
    export PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig"
    cmake -S examples -B "$out/cmake" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
    cmake --build "$out/cmake" >/dev/null
    LD_LIBRARY_PATH="$prefix/$libdir" "$out/cmake/mlp" >/dev/null
    LD_LIBRARY_PATH="$prefix/$libdir" "$out/cmake/swiglu_cpp" >/dev/null

    cc -std=c11 -O2 examples/mlp.c $(pkg-config --cflags --libs vact) -lm -o "$out/mlp-pc"
    c++ -O2 examples/swiglu.cpp $(pkg-config --cflags --libs vact) -o "$out/swiglu-pc"
    LD_LIBRARY_PATH="$prefix/$libdir" "$out/mlp-pc" >/dev/null
    LD_LIBRARY_PATH="$prefix/$libdir" "$out/swiglu-pc" >/dev/null

    cc -std=c11 -O2 examples/mlp.c $(pkg-config --static --cflags --libs vact-static) -o "$out/mlp-static"
    "$out/mlp-static" >/dev/null
    if ldd "$out/mlp-static" | grep -q libvact; then
        echo "$3: mlp-static loads libvact.so" >&2
        exit 1
    fi
    echo "$3 ($libdir): find_package, pkg-config vact, pkg-config --static vact-static: built and ran"
}

cmake --install build --prefix "$root/prefix" >/dev/null
consume "$root/prefix" lib default

if [ -n "$multiarch" ]; then
    # a second configure of the same sources: the libdir is fixed at configure time
    cmake -S . -B "$root/build-multiarch" -DVACT_BUILD_TESTS=OFF \
        -DCMAKE_INSTALL_LIBDIR="lib/$multiarch" >/dev/null
    cmake --build "$root/build-multiarch" -j"$(nproc)" >/dev/null
    cmake --install "$root/build-multiarch" --prefix "$root/prefix-multiarch" >/dev/null
    consume "$root/prefix-multiarch" "lib/$multiarch" multiarch
fi
"$root/prefix/bin/vact-info" | head -1
echo "install checks passed"
