#!/bin/bash
# Instantiation that runs out of memory at any one of its allocations
# releases all it took, also in a thread wasi.thread-spawn starts (see
# alloc_host.c), in both bounds modes.
. "$TESTS/lib/expect.sh"
ROOT="$TESTS/.."
"$WEFT" translate -n alloclib "$TESTS/cli/alloc_lib.wat" -o "$WORK/alloclib" || fail "translate"
for bounds in 0 1; do
  cc -std=gnu11 -O1 -pthread -DWF_BOUNDS_EXPLICIT=$bounds -I "$ROOT/rt" \
     -I "$ROOT/wasi-rt" -I "$WORK" \
     -Wl,--wrap=calloc,--wrap=free,--wrap=mmap,--wrap=munmap \
     "$TESTS/cli/alloc_host.c" "$WORK/alloclib.c" "$ROOT"/rt/*.c \
     "$ROOT"/wasi-rt/*.c -lm \
     -o "$WORK/host$bounds" || { fail "compile ($bounds)"; continue; }
  out=$("$WORK/host$bounds"; echo "exit $?")
  expect_match "explicit=$bounds" \
    $'^answer 7 after [4-9] failing allocation\\(s\\)\nheld after free: 0\nspawned after [4-9] failing allocation\\(s\\), held after: 0\nexit 0$' "$out"
done
finish
