#!/bin/bash
# A module's default symbol prefix comes from its file name, and no file
# name may make it collide with weft's runtime or WASI host or the C
# library: wf.wat, wasi.wat, rt.wat, parker.wat and pthread.wat, each
# exporting a function for every symbol the runtime defines in that
# namespace (wasi.wat exports "find" against wasi_find ...), build and run.
# An explicit -n in the runtime's namespaces is refused.
. "$TESTS/lib/expect.sh"
syms=$(nm -g --defined-only "$BUILD_DIR/libweft_host.a" | awk 'NF == 3 {print $3}')
for p in wf WF wasi rt parker pthread; do
  exports=""
  for s in $(printf "%s\n" $syms | grep -i "^${p}_" | sed "s/^[^_]*_//" | grep -vx "module\|instance\|main" | sort -u); do
    exports+="(func (export \"$s\") (result i32) (i32.const 1))"
  done
  [ $p = pthread ] && exports+='(func (export "create") (result i32) (i32.const 1))'
  exports+='(func (export "module")) (func (export "instance")) (func (export "main"))'
  printf '(module (memory (export "memory") 1) %s (func (export "_start")))\n' \
    "$exports" >"$WORK/$p.wat"
  out=$("$WEFT" run "$WORK/$p.wat" 2>&1); st=$?
  expect_eq "weft run $p.wat ($(grep -o export "$WORK/$p.wat" | wc -l) exports)" \
    "0 []" "$st [$out]"
done
"$WEFT" translate "$WORK/wf.wat" -o "$WORK/wf" && pass || fail "translate wf.wat"
expect_match "wf.wat's prefix" 'm_wf_instantiate' "$(cat "$WORK/wf.h")"
for n in wf wasi_x RT parker; do
  "$WEFT" translate -n $n "$WORK/wf.wat" -o "$WORK/named" 2>"$WORK/err" &&
    fail "-n $n accepted"
  expect_match "-n $n refused" "^weft: --name '$n' is reserved" "$(cat "$WORK/err")"
done
finish
