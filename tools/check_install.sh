#!/bin/sh
# Installs build/ into a fresh prefix and builds the examples against it three
# ways: find_package(vact), pkg-config, and pkg-config --static; runs each.
set -eu
cd "$(dirname "$0")/.."
root=$PWD/build-install
rm -rf "$root"
cmake --install build --prefix "$root/prefix" >/dev/null
export PKG_CONFIG_PATH="$root/prefix/lib/pkgconfig"
export LD_LIBRARY_PATH="$root/prefix/lib"

cmake -S examples -B "$root/cmake" -DCMAKE_PREFIX_PATH="$root/prefix" >/dev/null
cmake --build "$root/cmake" >/dev/null
"$root/cmake/mlp"
"$root/cmake/swiglu_cpp"

cc -std=c11 -O2 examples/mlp.c $(pkg-config --cflags --libs vact) -lm -o "$root/mlp-pc"
c++ -O2 examples/swiglu.cpp $(pkg-config --cflags --libs vact) -o "$root/swiglu-pc"
"$root/mlp-pc"
"$root/swiglu-pc"

static_libs=$(pkg-config --static --libs vact | sed 's/-lvact/-l:libvact.a/')
cc -std=c11 -O2 examples/mlp.c $(pkg-config --cflags vact) $static_libs -o "$root/mlp-static"
env -u LD_LIBRARY_PATH "$root/mlp-static"
if ldd "$root/mlp-static" | grep -q libvact; then
    echo "mlp-static links libvact dynamically" >&2
    exit 1
fi
"$root/prefix/bin/vact-info" | head -1
echo "install checks passed (find_package, pkg-config, pkg-config --static)"
