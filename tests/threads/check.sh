#!/bin/bash
# check.sh CASE - builds tests/threads/CASE.wat with weft (both bounds
# modes) and checks its exit status, stdout and stderr as CASE requires.
# WEFT_BUILD_FLAGS adds weft build options (e.g. --cflags=-DWF_NO_FUTEX,
# --target TRIPLE); WEFT_RUNNER prefixes every run (qemu-user for a cross
# build); WEFT_BOUNDS_MODES lists the bounds modes (32-bit: explicit).
. "$TESTS/lib/expect.sh"
case=$1
src="$TESTS/threads/$case.wat"
# TSan keeps a shadow call stack of 65,536 frames per thread and does not
# check it: a recursion deep enough to run off a thread's stack overruns it
# first, and TSan itself crashes.
if [ "$case" = exhaustion_in_threads ] && [ "${WEFT_SANITIZE:-}" = thread ]; then
  echo "skipped under TSan: its shadow call stack is shallower than a thread's stack"
  exit 77
fi
if [ "$case" = atomic_rmw ]; then
  python3 "$TESTS/threads/gen_atomic_rmw.py" > "$WORK/atomic_rmw.wat"
  src="$WORK/atomic_rmw.wat"
fi

# expect_run EXE RUNS STATUS STDOUT STDERR_REGEX
expect_run() {
  local exe=$1 runs=$2 status=$3 out=$4 err=$5
  for i in $(seq "$runs"); do
    got=$(timeout 60 ${WEFT_RUNNER:-} "$exe" 2>"$WORK/stderr"); st=$?
    expect_eq "$case run $i exit status (124 = hung)" "$status" "$st"
    expect_eq "$case run $i stdout" "$out" "$got"
    expect_match "$case run $i stderr" "$err" "$(cat "$WORK/stderr")"
  done
}

for bounds in ${WEFT_BOUNDS_MODES:-guard explicit}; do
  exe="$WORK/$case-$bounds"
  "$WEFT" build ${WEFT_BUILD_FLAGS:-} --bounds $bounds "$src" -o "$exe" || { fail "build $bounds"; continue; }
  case $case in
    atomic_rmw)
      want=$(python3 - "$TESTS/threads/gen_atomic_rmw.py" <<'PY'
import importlib.util, sys
spec = importlib.util.spec_from_file_location("g", sys.argv[1])
g = importlib.util.module_from_spec(spec); spec.loader.exec_module(g)
for f in g.FAMILIES:
    for t, w, _ in g.WIDTHS:
        print(f"ok {f} {t} {w}")
PY
)
      expect_run "$exe" 3 0 "$want" '^$' ;;
    wait_notify_many)
      expect_run "$exe" 5 0 $'ok notify counts\nok all waiters woken with 0' '^$' ;;
    wait_timeout)
      expect_run "$exe" 1 0 "$(grep -o '"ok [^"]*' "$src" | sed 's/^"//; s/\\n$//')" '^$' ;;
    thread_ids)
      expect_run "$exe" 5 0 "ok thread ids" '^$' ;;
    wait_unshared_traps)
      expect_run "$exe" 1 134 "" 'wasm trap: expected shared memory$' ;;
    misaligned_atomic_traps)
      expect_run "$exe" 1 134 "" 'wasm trap: unaligned atomic$' ;;
    trap_in_thread)
      expect_run "$exe" 5 134 "" 'wasm trap: unreachable$' ;;
    exhaustion_in_threads)
      expect_run "$exe" 5 134 "" 'wasm trap: call stack exhausted$' ;;
    proc_exit_from_thread)
      expect_run "$exe" 5 7 "" '^$' ;;
    main_returns_while_thread_blocks)
      expect_run "$exe" 5 0 "" '^$' ;;
    *) fail "unknown case $case" ;;
  esac
done
finish
