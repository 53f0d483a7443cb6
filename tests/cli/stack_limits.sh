#!/bin/bash
# Endless recursion ends in "call stack exhausted" (status 134) under any
# stack the OS gives: in a built program under `ulimit -s` from 128 KiB to
# unlimited (where the runtime caps the stack it uses at 1 GiB), and in a
# host's own threads with stacks from 64 KiB to 8 MiB, through plain calls
# and through call_indirect, in both bounds modes.
. "$TESTS/lib/expect.sh"
ROOT="$TESTS/.."
for bounds in guard explicit; do
  "$WEFT" build --bounds $bounds "$TESTS/cli/runaway.wat" -o "$WORK/runaway-$bounds" ||
    { fail "build $bounds"; continue; }
  limits="default 128 300 500 1024 unlimited"
  # ASan cannot follow a trap's longjmp off a 1 GiB stack: it warns on
  # stderr that it stops checking ("ignoring requested
  # __asan_handle_no_return"), so under ASan that case proves nothing
  [ "${WEFT_SANITIZE:-}" = address ] && limits=${limits% unlimited}
  for limit in $limits; do
    st=$( (if [ $limit != default ]; then ulimit -s $limit; fi
           timeout 60 "$WORK/runaway-$bounds" 2>"$WORK/err") ; echo $?)
    expect_eq "$bounds, stack $limit: exit status (124 = hung)" 134 "$st"
    expect_eq "$bounds, stack $limit: stderr" \
      "$WORK/runaway-$bounds: wasm trap: call stack exhausted" "$(cat "$WORK/err")"
  done
done

"$WEFT" translate -n reclib "$TESTS/cli/recursion_lib.wat" -o "$WORK/reclib" ||
  fail "translate recursion_lib"
expected=""
for kib in 64 128 256 512 8192; do for fn in down down_indirect; do
  expected+="$kib KiB $fn: call stack exhausted, then answer 42"$'\n'
done; done
for bounds in 0 1; do
  cc -std=gnu11 -O2 -ffp-contract=off -fstack-clash-protection -pthread \
     -DWF_BOUNDS_EXPLICIT=$bounds -I "$ROOT/rt" -I "$WORK" \
     "$TESTS/cli/stack_host.c" "$WORK/reclib.c" "$ROOT"/rt/*.c -lm \
     -o "$WORK/stack_host$bounds" || { fail "compile stack_host ($bounds)"; continue; }
  out=$(timeout 120 "$WORK/stack_host$bounds"; echo "exit $?")
  expect_eq "host threads (explicit=$bounds)" "${expected}exit 0" "$out"
done
finish
