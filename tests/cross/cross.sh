#!/bin/bash
# cross.sh TRIPLE PART - weft build --target TRIPLE, run under qemu-user
# ($QEMU, with the cross sysroot /usr/TRIPLE).  PART:
#   seed      seed stages 1-5 (stage 5 race-free 10 times), and --static
#   threads   tests/threads, every case (check.sh)
#   wasi      wasi-testsuite's C programs and the wasi-threads tests
#   programs  tests/programs against the native build (compare.sh)
#   spec      the spec scripts on memory, numbers and atomics, in every
#             bounds mode the target has (see SPEC below)
#   simd      every spec/simd script at -O2 (guard pages where the target
#             has them)
#   manual    weft translate, then the target's gcc by hand with the
#             runtime's sources, as the README shows
. "$TESTS/lib/expect.sh"
T=$1 PART=$2
: "${QEMU:?QEMU must name qemu-user for the target}"
ROOT="$TESTS/.."
RUN="$QEMU -L /usr/$T"
case $T in
  arm-linux-gnueabihf) MODES=explicit ;;  # 32-bit: no guard pages
  *) MODES="guard explicit" ;;
esac
S="$SHARED/testsuite/spec"
SPEC="core/address core/align core/endianness threads/memory core/memory_grow
      core/memory_copy core/memory_fill core/memory_init core/bulk
      core/float_memory core/float_exprs core/conversions core/i32 core/i64
      core/f32 core/f64 core/int_exprs threads/atomic
      threads/threads-repo/threads/atomic"

seed_run() {  # seed_run STAGE EXE: its stdout, exit status on the last line
  timeout 120 $RUN "$2" 2>"$WORK/err"; echo "exit $?"
}

case $PART in
  seed)
    for stage in 1 2 3 4 5; do
      prog=$(ls "$SHARED"/seed/programs/"$stage"-*.wat)
      "$WEFT" build --target "$T" "$prog" -o "$WORK/s$stage" || { fail "build $stage"; continue; }
      case $stage in
        1|2) want=$'From main thread\nexit 0' ;;
        3|4) want=$'From main thread\nFrom thread 1\nexit 0' ;;
        5) want='From main thread' ;;
      esac
      out=$(seed_run $stage "$WORK/s$stage")
      if [ $stage = 5 ]; then  # the verbatim stage 5 races on its buffer
        expect_match "stage 5" $'^From main thread\nFrom thread [12]\nFrom thread [12]\nexit 0$' "$out"
      else
        expect_eq "stage $stage" "$want" "$out"
      fi
    done
    "$WEFT" build --target "$T" "$TESTS/seed/5-two-threads-race-free.wat" -o "$WORK/rf" ||
      fail "build race-free"
    for i in $(seq 10); do
      out=$(seed_run 5 "$WORK/rf" | sort)
      expect_eq "race-free stage 5, run $i" $'From main thread\nFrom thread 1\nFrom thread 2\nexit 0' "$out"
    done
    # --static: no sysroot needed to run it
    "$WEFT" build --target "$T" --static "$TESTS/seed/5-two-threads-race-free.wat" \
      -o "$WORK/rf-static" || fail "build --static"
    expect_match "--static is static" "statically linked" "$(file "$WORK/rf-static")"
    out=$(timeout 120 $QEMU "$WORK/rf-static" | sort)
    expect_eq "static stage 5" $'From main thread\nFrom thread 1\nFrom thread 2' "$out" ;;
  threads)
    for c in atomic_rmw wait_notify_many wait_timeout thread_ids wait_unshared_traps \
             misaligned_atomic_traps trap_in_thread exhaustion_in_threads \
             proc_exit_from_thread main_returns_while_thread_blocks; do
      WEFT_BUILD_FLAGS="--target $T" WEFT_BOUNDS_MODES="$MODES" WEFT_RUNNER="$RUN" \
        bash "$TESTS/threads/check.sh" "$c" >"$WORK/out" 2>&1 && pass ||
        { fail "threads $c"; tail -5 "$WORK/out" >&2; }
    done ;;
  wasi)
    for suite in c wasi-threads; do
      dir="$SHARED/testsuite/wasi/$suite"
      [ $suite = wasi-threads ] && dir="$SHARED/testsuite/wasi-threads"
      python3 "$TESTS/wasi/run_wasi_tests.py" --build-flags "--target $T" \
        --runner "$RUN" --timeout 60 "$suite" "$dir" >"$WORK/out" 2>&1 && pass ||
        { fail "wasi $suite"; grep FAIL "$WORK/out" >&2; }
      tail -1 "$WORK/out"
    done ;;
  programs)
    P="$TESTS/programs"
    while read -r name args; do
      eval "set -- $args"
      WEFT_TARGET="$T" WEFT_RUNNER="$RUN" WASI_CC=clang-19 HOST_CC=cc \
        bash "$P/compare.sh" "$name" "$@" >"$WORK/out" 2>&1 && pass ||
        { fail "program $name"; tail -5 "$WORK/out" >&2; }
    done <<EOF2
printf_formats
malloc_stress --status 0
sort_search
math_lib
string_ops
recursion
integer_ops
io_args_env --stdin $P/recursion.c --env GREETING=hello --env COUNT=3 --status 7 -- alpha "two words" --exit=7
io_args_env --stdin $P/io_input.txt --status 23
EOF2
    ;;
  spec|simd)
    files=() opt=1 modes=$MODES
    if [ $PART = spec ]; then
      for f in $SPEC; do files+=("$S/$f.wast"); done
    else
      files=("$S"/simd/*.wast) opt=2 modes=${MODES%% *}
    fi
    for mode in $modes; do
      python3 "$TESTS/wast/run_wast.py" --cc "$T-gcc" --runner "$RUN" --bounds $mode \
        --opt $opt --weft "$WEFT" -j 2 --timeout 300 \
        --rt-cache "${RT_CACHE:-$WORK/rt}" \
        --skip-list "$TESTS/wast/skip.txt" "${files[@]}" >"$WORK/out" 2>&1 && pass ||
        { fail "$PART, $mode"; grep -v " 0 failed" "$WORK/out" | tail -8 >&2; }
      echo "$mode: $(tail -1 "$WORK/out")"
    done ;;
  manual)
    # what the README shows: translate, then the target's compiler by hand
    "$WEFT" translate -n hello "$TESTS/cross/hello.wat" -o "$WORK/hello" || fail translate
    printf '#include "hello.h"\n#include "wasi_main.h"\nint main(int argc, char **argv) { return wasi_main(&hello_module, argc, argv); }\n' \
      >"$WORK/main.c"
    "$T-gcc" -std=gnu11 -O2 -ffp-contract=off -fno-fast-math -fstack-clash-protection \
      -pthread -I "$ROOT/rt" -I "$ROOT/wasi-rt" -I "$WORK" "$WORK/hello.c" "$WORK/main.c" \
      "$ROOT"/rt/*.c "$ROOT"/wasi-rt/*.c -lm -o "$WORK/hello" || fail "$T-gcc by hand"
    expect_eq "hand-built hello" $'hello from weft\nexit 0' \
      "$(timeout 60 $RUN "$WORK/hello"; echo "exit $?")" ;;
  *) fail "unknown part $PART" ;;
esac
finish
