#!/bin/bash
# The runtime's fault handler chains to the host's: a host's own SIGSEGV
# handler (SA_SIGINFO or plain, installed before the runtime's) keeps
# seeing the faults that are not Wasm's, before and after Wasm traps; one
# installed with SA_RESETHAND runs once and then the default action ends
# the process; with none, a stray fault ends the process with SIGSEGV.
# Both bounds modes.
. "$TESTS/lib/expect.sh"
ROOT="$TESTS/.."
"$WEFT" translate -n mathlib "$TESTS/cli/fac.wat" -o "$WORK/mathlib" || fail "translate"
for bounds in 0 1; do
  cc -std=gnu11 -O2 -pthread -DWF_BOUNDS_EXPLICIT=$bounds -I "$ROOT/rt" -I "$WORK" \
     "$TESTS/cli/signal_host.c" "$WORK/mathlib.c" "$ROOT"/rt/*.c -lm \
     -o "$WORK/host$bounds" || { fail "compile ($bounds)"; continue; }
  trap2=$'wasm: out of bounds memory access\nafter a trap: host handler ran 2 time(s)\nwasm: out of bounds memory access\nafter a trap: host handler ran 3 time(s)'
  for mode in siginfo plain; do
    out=$(timeout 20 "$WORK/host$bounds" $mode 2>&1; echo "exit $?")
    expect_eq "$mode (explicit=$bounds)" \
      $'before the runtime: host handler ran 1 time(s)\n'"$trap2"$'\nexit 0' "$out"
  done
  out=$(timeout 20 "$WORK/host$bounds" resethand 2>&1; echo "exit $?")
  expect_eq "resethand (explicit=$bounds)" \
    $'before the runtime: host handler ran 1 time(s)\nwasm: out of bounds memory access\nexit 139' \
    "$(printf '%s\n' "$out" | grep -v 'Segmentation')"
  out=$(timeout 20 "$WORK/host$bounds" default 2>&1; echo "exit $?")
  expect_eq "no handler (explicit=$bounds)" \
    $'wasm: out of bounds memory access\nstray fault\nexit 139' \
    "$(printf '%s\n' "$out" | grep -v 'Segmentation')"
done
finish
