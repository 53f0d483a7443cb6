#!/bin/bash
# A C switch of 5000 cases, compiled to Wasm by clang-19 (a br_table over
# 5002 nested blocks), runs through weft with the same output as native.
. "$TESTS/lib/expect.sh"
python3 "$TESTS/deep/gen_switch.py" "$WORK/switch.c" 5000
cc -O2 -o "$WORK/native" "$WORK/switch.c" || fail "native build"
clang-19 --target=wasm32-wasi -O2 -o "$WORK/switch.wasm" "$WORK/switch.c" || fail "wasm build"
depth=$(wasm-objdump -d "$WORK/switch.wasm" | grep -c ' block$' || true)
[ "$depth" -ge 5000 ] && pass || fail "expected over 5000 blocks in the Wasm, found $depth"
for cc in cc clang-19; do
  expect_eq "weft run --cc $cc" "$("$WORK/native")" \
    "$("$WEFT" run --cc $cc "$WORK/switch.wasm" 2>&1)"
done
finish
