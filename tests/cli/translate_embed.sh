#!/bin/bash
# weft translate -o OUT writes OUT.c and OUT.h that a host compiles itself
# with the runtime, as the README describes, in both bounds modes, with
# gcc and clang, warning-free under -Wall -Wextra; and a C++17 host
# includes the generated header (and the WASI host's) with g++ and clang++.
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
cxxs=g++
command -v clang++-19 >/dev/null && cxxs="$cxxs clang++-19"
${CC:-cc} -std=gnu11 -O2 -ffp-contract=off -fstack-clash-protection -pthread \
   -I "$ROOT/rt" -I "$WORK" -c "$WORK/mathlib.c" -o "$WORK/mathlib.o" ||
  fail "compile mathlib.c"
for f in "$ROOT"/rt/*.c; do
  ${CC:-cc} -std=gnu11 -O2 -pthread -I "$ROOT/rt" -c "$f" \
    -o "$WORK/rt_$(basename "$f" .c).o" || fail "compile $f"
done
for cxx in $cxxs; do
  $cxx -std=c++17 -O2 -Wall -Wextra -Werror -pedantic -I "$ROOT/rt" \
     -I "$ROOT/wasi-rt" -I "$WORK" -c "$TESTS/cli/embed_host.cc" \
     -o "$WORK/host_cc.o" || { fail "compile embed_host.cc with $cxx"; continue; }
  $cxx -pthread "$WORK/host_cc.o" "$WORK/mathlib.o" "$WORK"/rt_*.o -lm \
     -o "$WORK/host_cc" || { fail "link the C++ host with $cxx"; continue; }
  expect_eq "C++ host output ($cxx)" \
    $'fac(20) = 2432902008176640000\ndiv(-7, 2) = -3\ntrap: integer divide by zero\nmodule mathlib exports 3' \
    "$("$WORK/host_cc")"
done
finish
