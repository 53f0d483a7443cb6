#!/bin/bash
# compare.sh PROG [--stdin FILE] [--env K=V]... [--status N] [--] ARGS...
#
# Builds tests/programs/PROG.c twice, for wasm32-wasi with $WASI_CC and
# natively with $HOST_CC, runs the wasm through `weft run` and the native
# program with the same arguments, environment (only the --env variables:
# a weft program sees no others) and stdin, and checks that stdout, stderr
# and the exit status are identical (and, with --status, that the status is
# N).  With WEFT_TARGET set, the wasm is built with weft build --target
# and run under WEFT_RUNNER (qemu-user) instead of weft run.
. "$TESTS/lib/expect.sh"
: "${WASI_CC:?WASI_CC must name clang for wasm32-wasi}" "${HOST_CC:=cc}"
prog=$1; shift
stdin=/dev/null want_status="" envs=() weft_envs=()
while [ $# -gt 0 ]; do
  case $1 in
    --stdin) stdin=$2; shift 2 ;;
    --env) envs+=("$2"); weft_envs+=(--env "$2"); shift 2 ;;
    --status) want_status=$2; shift 2 ;;
    --) shift; break ;;
    *) break ;;
  esac
done
src="$TESTS/programs/$prog.c"
"$WASI_CC" --target=wasm32-wasi -O2 "$src" -o "$WORK/$prog.wasm" ||
  { fail "$WASI_CC could not build $prog.wasm"; finish; exit; }
"$HOST_CC" -O2 "$src" -o "$WORK/$prog" -lm ||
  { fail "$HOST_CC could not build $prog"; finish; exit; }

(cd "$WORK" && exec env -i "${envs[@]}" "./$prog" "$@") \
  <"$stdin" >"$WORK/native.out" 2>"$WORK/native.err"
native_status=$?
if [ -n "${WEFT_TARGET:-}" ]; then
  "$WEFT" build --target "$WEFT_TARGET" "$WORK/$prog.wasm" -o "$WORK/$prog.cross" ||
    fail "weft build --target $WEFT_TARGET"
  # argv[0] as weft run gives it: the module's path
  timeout 300 ${WEFT_RUNNER:-} -0 "$WORK/$prog.wasm" "$WORK/$prog.cross" \
    --weft "${weft_envs[@]}" -- "$@" <"$stdin" >"$WORK/weft.out" 2>"$WORK/weft.err"
else
  timeout 300 "$WEFT" run "${weft_envs[@]}" "$WORK/$prog.wasm" "$@" \
    <"$stdin" >"$WORK/weft.out" 2>"$WORK/weft.err"
fi
weft_status=$?

[ -s "$WORK/native.out" ] || fail "the native $prog printed nothing"
[ "$native_status" -lt 128 ] || fail "the native $prog died (status $native_status)"
[ -n "$want_status" ] && expect_eq "native exit status" "$want_status" "$native_status"
expect_eq "exit status (native vs weft run)" "$native_status" "$weft_status"
if cmp -s "$WORK/native.out" "$WORK/weft.out"; then pass; else
  fail "stdout differs (native vs weft run):"
  diff "$WORK/native.out" "$WORK/weft.out" | head -40 >&2
fi
expect_eq "stderr (native vs weft run)" "$(cat "$WORK/native.err")" \
  "$(cat "$WORK/weft.err")"
finish
