#!/bin/bash
# Endless recursion in a built program ends in "call stack exhausted"
# (status 134) under any stack limit: the default, a small one, and
# `ulimit -s unlimited`, where the runtime caps the stack it uses at 1 GiB.
. "$TESTS/lib/expect.sh"
for bounds in guard explicit; do
  "$WEFT" build --bounds $bounds "$TESTS/cli/runaway.wat" -o "$WORK/runaway-$bounds" ||
    { fail "build $bounds"; continue; }
  for limit in default 1024 unlimited; do
    st=$( (if [ $limit != default ]; then ulimit -s $limit; fi
           timeout 60 "$WORK/runaway-$bounds" 2>"$WORK/err") ; echo $?)
    expect_eq "$bounds, stack $limit: exit status (124 = hung)" 134 "$st"
    expect_eq "$bounds, stack $limit: stderr" \
      "$WORK/runaway-$bounds: wasm trap: call stack exhausted" "$(cat "$WORK/err")"
  done
done
finish
