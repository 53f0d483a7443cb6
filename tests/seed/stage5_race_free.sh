#!/bin/bash
# The race-free variant of seed stage 5 (per-thread scratch): exactly
# "From main thread" and then both thread lines in either order, 50 runs.
. "$TESTS/lib/expect.sh"
"$WEFT" build "$TESTS/seed/5-two-threads-race-free.wat" -o "$WORK/stage5" || fail "build"
for i in $(seq 50); do
  out=$(timeout 10 "$WORK/stage5"); status=$?
  expect_eq "run $i status" 0 "$status"
  case "$out" in
    $'From main thread\nFrom thread 1\nFrom thread 2'|$'From main thread\nFrom thread 2\nFrom thread 1') pass ;;
    *) fail "run $i: unexpected output [$out]" ;;
  esac
done
finish
