#!/bin/bash
# weft build -g: a C program compiled to Wasm with clang -g is debugged at
# its own source: gdb stops at a breakpoint set by the original file:line,
# in the right function, with its caller's line on the stack.  Without -g
# the C carries no #line.
. "$TESTS/lib/expect.sh"
cat >"$WORK/prog.c" <<'SRC'
#include <stdio.h>
static int square(int x) {
  int y = x * x;
  return y;
}
int main(int argc, char **argv) {
  int s = 0;
  (void)argv;
  for (int i = 0; i < argc + 3; i++)
    s += square(i);
  printf("s=%d\n", s);
  return 0;
}
SRC
clang-19 --target=wasm32-wasi -g -O0 "$WORK/prog.c" -o "$WORK/prog.wasm" ||
  fail "clang-19 -g"
"$WEFT" translate "$WORK/prog.wasm" -o "$WORK/plain" || fail "translate"
expect_eq "#line without -g" 0 "$(grep -c '^#line' "$WORK/plain.c")"
"$WEFT" translate -g "$WORK/prog.wasm" -o "$WORK/lines" || fail "translate -g"
expect_match "#line with -g" "#line 3 \"[^\"]*prog.c\"" "$(cat "$WORK/lines.c")"

"$WEFT" build -g -O0 "$WORK/prog.wasm" -o "$WORK/prog" || fail "build -g"
expect_eq "runs" "s=14" "$("$WORK/prog")"
out=$(cd "$WORK" && timeout 120 gdb -nx -batch -ex 'break prog.c:3' -ex run \
        -ex bt -ex continue -ex 'info args' ./prog 2>&1)
expect_match "gdb sets the breakpoint by source line" \
  'Breakpoint 1 at 0x[0-9a-f]+: file [^ ]*prog\.c, line 3\.' "$out"
expect_match "gdb stops there, in square" \
  'Breakpoint 1, [a-z_0-9]*square[a-z_0-9]* \([^)]*\) at [^ ]*prog\.c:3' "$out"
expect_match "the caller is main, at its line 10" \
  '#1 +0x[0-9a-f]+ in [a-z_0-9]*main[a-z_0-9]* \([^)]*\) at [^ ]*prog\.c:10' "$out"
expect_match "the second stop has square's second argument" \
  'l0[a-z_]* = 1' "$out"
finish
