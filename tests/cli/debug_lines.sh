#!/bin/bash
# weft build -g: a C program compiled to Wasm with clang -g is debugged at
# its own source: gdb stops at a breakpoint set by the original file:line,
# in the right function, with its caller's line on the stack.  Without -g
# the C carries no #line.  A function without line rows (compiled without
# -g) after one with them is the C file's own again: #line back to it, at
# the right line, and gdb stops in it at that file and line.
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

# twice() comes from helper.c, compiled without -g, right after square()
cat >"$WORK/calls.c" <<'SRC'
#include <stdio.h>
int twice(int x);
static int square(int x) {
  return x * x;
}
int main(int argc, char **argv) {
  (void)argv;
  printf("r=%d\n", twice(square(argc + 2)));
  return 0;
}
SRC
printf 'int twice(int x) {\n  return x + x;\n}\n' >"$WORK/helper.c"
clang-19 --target=wasm32-wasi -g -O0 -c "$WORK/calls.c" -o "$WORK/calls.o" &&
  clang-19 --target=wasm32-wasi -O0 -c "$WORK/helper.c" -o "$WORK/helper.o" &&
  clang-19 --target=wasm32-wasi "$WORK/calls.o" "$WORK/helper.o" \
    -o "$WORK/twofiles.wasm" || fail "clang-19 calls.c -g, helper.c"
# Every #line naming a part of the C itself gives the next line its number.
resets() {  # FILE: "ok N" or the bad directives
  grep -n "^#line [0-9]* \"$(basename "$1")\"$" "$1" |
    awk -F'[: ]' '$3 != $1 + 1 {bad = bad " line " $1 ": " $0} END {
      print bad ? "bad" bad : "ok " NR}'
}
"$WEFT" translate -g "$WORK/twofiles.wasm" -o "$WORK/twofiles" ||
  fail "translate -g twofiles"
C="$WORK/twofiles.c"
expect_match "#line back to twofiles.c at the right lines" '^ok [1-9]' "$(resets "$C")"
fn=$(grep -o '^static u32 twofiles_f[0-9]*_twice(' "$C" | head -1 | tr -d '(' | cut -d' ' -f3)
start=$(grep -n "^static u32 $fn(.*{\$" "$C" | cut -d: -f1)
expect_match "twice is translated" '^[0-9]+$' "$start"
# from the #line before twice's comment to its closing brace
span=$(awk -v s="${start:-0}" 'NR >= s - 2 && NR <= s {print}
  NR > s {print} NR > s && /^}$/ {exit}' "$C")
expect_eq "twice starts with #line to its own line" \
  "#line $((start - 1)) \"twofiles.c\"" "$(head -1 <<<"$span")"
expect_eq "no source #line inside twice" 1 "$(grep -c '^#line' <<<"$span")"
"$WEFT" translate -g -j 3 "$WORK/twofiles.wasm" -o "$WORK/parts" ||
  fail "translate -g -j 3"
for part in "$WORK"/parts*.c; do
  expect_match "#line back to $(basename "$part")" '^ok' "$(resets "$part")"
done

"$WEFT" build -g -O0 "$WORK/twofiles.wasm" -o "$WORK/twofiles" ||
  fail "build -g twofiles"
expect_eq "twofiles runs" "r=18" "$("$WORK/twofiles")"
out=$(cd "$WORK" && timeout 120 gdb -nx -batch -ex "break ${fn:-twice}" -ex run \
        -ex bt ./twofiles 2>&1)
stop=$(grep -o "^Breakpoint 1, ${fn:-twice} ([^)]*) at [^ ]*" <<<"$out" |
       sed 's/.* at //')
expect_match "gdb stops in twice, in twofiles.c" '^twofiles\.c:[0-9]+$' "$stop"
end=$((${start:-0} + $(wc -l <<<"$span") - 3))
[ "${stop##*:}" -gt "${start:-0}" ] 2>/dev/null && [ "${stop##*:}" -le "$end" ] &&
  pass || fail "gdb's stop [$stop] within twice, lines $start-$end of twofiles.c"
expect_match "called from main at calls.c:8" \
  '#1 +0x[0-9a-f]+ in [a-z_0-9]*main[a-z_0-9]* \([^)]*\) at [^ ]*calls\.c:8' "$out"
finish
