#!/bin/bash
# weft translate -j N spreads the functions over OUT.c, OUT_1.c, ...; the
# parts compile separately and behave as the single file does.  weft build
# splits a big module over its jobs and the program still gives the same
# result as the one-file build.
. "$TESTS/lib/expect.sh"
ROOT="$TESTS/.."
"$WEFT" translate -j 2 -n mathlib "$TESTS/cli/fac.wat" -o "$WORK/mathlib" || fail "translate -j 2"
expect_eq "files" "mathlib.c mathlib.h mathlib_1.c" "$(cd "$WORK" && echo mathlib*)"
cc -std=gnu11 -O2 -ffp-contract=off -pthread -Wall -Wextra -Werror -I "$ROOT/rt" \
   -I "$WORK" "$TESTS/cli/embed_host.c" "$WORK"/mathlib*.c "$ROOT"/rt/*.c -lm \
   -o "$WORK/host" || fail "compile the parts"
expect_eq "split host output" \
  $'fac(20) = 2432902008176640000\ndiv(-7, 2) = -3\ntrap: integer divide by zero' \
  "$("$WORK/host")"

# A module of 400 functions (about 40000 instructions) chained by calls;
# _start exits with a checksum of all their results.
python3 - "$WORK/big.wat" <<'PY'
import sys
n = 400
with open(sys.argv[1], "w") as f:
    f.write('(module (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))\n')
    for i in range(n):
        body = "".join(f"(local.set $x (i32.add (i32.mul (local.get $x) (i32.const {i * 7 + k + 3})) (i32.const {k})))"
                       for k in range(12))
        nxt = f"(call $f{i + 1} (local.get $x))" if i + 1 < n else "(local.get $x)"
        f.write(f'(func $f{i} (param $x i32) (result i32) {body} (i32.xor {nxt} (i32.const {i})))\n')
    f.write('(func (export "_start") (call $exit (i32.and (call $f0 (i32.const 1)) (i32.const 127)))))\n')
PY
"$WEFT" build -j 1 "$WORK/big.wat" -o "$WORK/big1" || fail "build -j 1"
"$WEFT" build -j 2 "$WORK/big.wat" -o "$WORK/big2" || fail "build -j 2"
"$WORK/big1"; one=$?
"$WORK/big2"; two=$?
expect_eq "split build gives the one-file result" "$one" "$two"
"$WEFT" translate -j 4 "$WORK/big.wat" -o "$WORK/bigsplit" || fail "translate -j 4"
expect_eq "four parts" 4 "$(ls "$WORK"/bigsplit*.c | wc -l)"
finish
