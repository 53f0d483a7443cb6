#!/bin/bash
# fuzz.sh - builds the libFuzzer target fuzz_translate.c (with the
# translator's reader, validator bridge and emitters, under clang-19
# -fsanitize=fuzzer,address,undefined) and runs it: first on every input in
# crashes/ (regressions: inputs that once crashed it), then from a seed
# corpus of the spec suite's modules for SECONDS with a fixed seed.
#   fuzz.sh BUILD_DIR SHARED_DIR [SECONDS [libFuzzer flags...]]
# Exits non-zero on a crash, a leak, undefined behaviour or a timeout; the
# input is left in BUILD_DIR/fuzz/ (crash-*, leak-*, timeout-*).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT="$HERE/../.."
BUILD=$(cd "$1" && pwd)
SHARED=$(cd "$2" && pwd)
SECS=${3:-60}
shift $(($# < 3 ? $# : 3))
OUT="$BUILD/fuzz"
mkdir -p "$OUT/obj" "$OUT/corpus"
FLAGS=(-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
       -I"$ROOT/translator" -I"$ROOT/rt" -I"$ROOT/wasi-rt")
SRCS="arena debug_lines decode emit_atomic emit_func emit_memory
      emit_module emit_numeric emit_plugin emit_simd emit_stack names strbuf
      templates"

# build (again only when a source is newer than the fuzzer)
newest=$(ls -t "$ROOT"/translator/*.[ch] "$ROOT"/translator/*.cc "$HERE"/*.c \
         "$BUILD/embedded.c" | head -1)
if [ ! -x "$OUT/fuzz_translate" ] || [ "$newest" -nt "$OUT/fuzz_translate" ]; then
  objs=()
  for s in $SRCS; do
    clang-19 -std=gnu11 "${FLAGS[@]}" -c "$ROOT/translator/$s.c" -o "$OUT/obj/$s.o"
    objs+=("$OUT/obj/$s.o")
  done
  clang-19 -std=gnu11 "${FLAGS[@]}" -c "$BUILD/embedded.c" -o "$OUT/obj/embedded.o"
  clang-19 -std=gnu11 "${FLAGS[@]}" -c "$HERE/fuzz_translate.c" -o "$OUT/obj/target.o"
  clang++-19 -std=c++17 "${FLAGS[@]}" -c "$ROOT/translator/wabt_bridge.cc" \
    -o "$OUT/obj/wabt_bridge.o"
  clang++-19 "${FLAGS[@]}" "${objs[@]}" "$OUT/obj/embedded.o" "$OUT/obj/target.o" \
    "$OUT/obj/wabt_bridge.o" -lwabt -lpthread -o "$OUT/fuzz_translate.tmp"
  mv "$OUT/fuzz_translate.tmp" "$OUT/fuzz_translate"
fi

# seed corpus: the modules of a spread of spec scripts (made once)
if [ ! -e "$OUT/seeds/.done" ]; then
  rm -rf "$OUT/seeds" && mkdir -p "$OUT/seeds"
  for w in "$SHARED"/testsuite/spec/core/*.wast "$SHARED"/testsuite/spec/threads/*.wast \
           "$SHARED"/testsuite/spec/simd/simd_lane.wast "$SHARED"/testsuite/spec/simd/simd_load.wast; do
    [ -f "$w" ] || continue
    n=$(basename "$w" .wast)
    (cd "$OUT/seeds" && wast2json --enable-threads "$w" -o "$n.json" >/dev/null 2>&1) || true
  done
  rm -f "$OUT"/seeds/*.json "$OUT"/seeds/*.wat
  n=$(ls "$OUT/seeds" | wc -l)
  if [ "$n" -lt 1000 ]; then
    echo "fuzz.sh: only $n seed modules made from $SHARED/testsuite/spec" >&2
    exit 1
  fi
  touch "$OUT/seeds/.done"
fi

cd "$OUT"
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1
if ls "$HERE"/crashes/crash-* >/dev/null 2>&1; then
  ./fuzz_translate "$HERE"/crashes/crash-*
fi
# a fresh corpus each time, so a run depends only on the seed and the
# sources (FUZZ_KEEP_CORPUS=1 keeps it, for long runs)
[ "${FUZZ_KEEP_CORPUS:-0}" = 1 ] || { rm -rf "$OUT/corpus" && mkdir "$OUT/corpus"; }
./fuzz_translate -seed=1 -max_total_time="$SECS" -rss_limit_mb=2048 -timeout=30 \
  -max_len=65536 -print_final_stats=1 "$@" "$OUT/corpus" "$OUT/seeds"

# Accepted modules must compile: a sample of the corpus (the inputs that
# reached new code) goes through `weft translate` and the C compiler; an
# input weft refuses is fine, one it accepts must compile.
SAMPLE=${FUZZ_COMPILE_SAMPLE:-100}
accepted=0 tried=0
mkdir -p "$OUT/compile"
for f in $(ls "$OUT/corpus" | sort | head -n "$((SAMPLE * 4))"); do
  [ "$accepted" -lt "$SAMPLE" ] || break
  tried=$((tried + 1))
  "$BUILD/weft" translate "$OUT/corpus/$f" -o "$OUT/compile/m" >/dev/null 2>&1 || continue
  accepted=$((accepted + 1))
  if ! cc -std=gnu11 -O0 -pthread -c -I"$ROOT/rt" -I"$ROOT/wasi-rt" \
       "$OUT/compile/m.c" -o "$OUT/compile/m.o" 2>"$OUT/compile/err"; then
    cp "$OUT/corpus/$f" "$OUT/compile-failed-$f"
    echo "fuzz.sh: weft accepts $f but its C does not compile:" >&2
    head -5 "$OUT/compile/err" >&2
    exit 1
  fi
done
echo "fuzz.sh: $accepted of $tried corpus inputs accepted by weft; the C of every one compiled"
