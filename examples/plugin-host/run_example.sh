#!/bin/bash
# Builds the example's two plugins (the C one with clang-19 for
# wasm32-wasi, both with weft build --shared) and runs the host on them.
# Usage: run_example.sh WEFT HOST OUTDIR
set -eu
weft=$1 host=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
clang-19 --target=wasm32-wasi -O2 -mexec-model=reactor \
  -o "$out/filter.wasm" "$here/filter.c"
"$weft" build --shared "$out/filter.wasm" -o "$out/libfilter.so"
"$weft" build --shared "$here/counter.wat" -o "$out/libcounter.so"
"$host" "$out/libfilter.so" "$out/libcounter.so"
