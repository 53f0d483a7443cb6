#!/bin/bash
# Seed stage 3: the main thread spins on a plain i32.load until the spawned
# thread's atomic add lands.  Built at -O2 and at -O3, the loop must still
# re-read memory: 20 runs in a row, each terminating with the exact output.
. "$TESTS/lib/expect.sh"
prog="$SHARED/seed/programs/3-spawn-spin.wat"
for level in 2 3; do
  "$WEFT" build -O$level "$prog" -o "$WORK/spin$level" || fail "build -O$level"
  for i in $(seq 20); do
    out=$(timeout 10 "$WORK/spin$level"); status=$?
    expect_eq "-O$level run $i status (124 = hung)" 0 "$status"
    expect_eq "-O$level run $i stdout" $'From main thread\nFrom thread 1' "$out"
  done
done
finish
