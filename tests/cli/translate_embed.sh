#!/bin/bash
# weft translate -o OUT writes OUT.c and OUT.h that a host compiles itself
# with the runtime, as the README describes, in both bounds modes, with
# gcc and clang, warning-free under -Wall -Wextra.
. "$TESTS/lib/expect.sh"
ROOT="$TESTS/.."
"$WEFT" translate -n mathlib "$TESTS/cli/fac.wat" -o "$WORK/mathlib" || fail "translate"
expect_eq "wrote OUT.c and OUT.h" "mathlib.c mathlib.h" "$(cd "$WORK" && echo mathlib.*)"
compilers=${CC:-cc}
command -v clang-19 >/dev/null && compilers="$compilers clang-19"
for cc in $compilers; do for bounds in 0 1; do
  $cc -std=gnu11 -O2 -ffp-contract=off -fno-fast-math -fstack-clash-protection \
     -pthread -Wall -Wextra \
     -Werror -DWF_BOUNDS_EXPLICIT=$bounds -I "$ROOT/rt" -I "$WORK" \
     "$TESTS/cli/embed_host.c" "$WORK/mathlib.c" "$ROOT"/rt/*.c -lm \
     -o "$WORK/host$bounds" || fail "compile with $cc (bounds explicit=$bounds)"
  expect_eq "host output (explicit=$bounds)" \
    $'fac(20) = 2432902008176640000\ndiv(-7, 2) = -3\ntrap: integer divide by zero' \
    "$("$WORK/host$bounds")"
done; done
finish
