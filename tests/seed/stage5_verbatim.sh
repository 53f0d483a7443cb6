#!/bin/bash
# Seed stage 5 as written races on one scratch iovec (see
# shared/seed/README.md), so a thread's line may appear twice: check the exit
# status, the first line, the line count and that every line is one of the
# three messages.
. "$TESTS/lib/expect.sh"
prog="$SHARED/seed/programs/5-two-threads.wat"
"$WEFT" build "$prog" -o "$WORK/stage5" || fail "build"
for i in $(seq 10); do
  out=$(timeout 10 "$WORK/stage5"); status=$?
  expect_eq "run $i status" 0 "$status"
  expect_eq "run $i first line" "From main thread" "$(printf '%s\n' "$out" | head -1)"
  expect_eq "run $i line count" 3 "$(printf '%s\n' "$out" | wc -l)"
  bad=$(printf '%s\n' "$out" | grep -cvE '^From (main thread|thread 1|thread 2)$')
  expect_eq "run $i unknown lines" 0 "$bad"
done
# weft run goes through the same build; once is enough.
out=$(timeout 30 "$WEFT" run "$prog"); status=$?
expect_eq "weft run status" 0 "$status"
expect_eq "weft run first line" "From main thread" "$(printf '%s\n' "$out" | head -1)"
finish
