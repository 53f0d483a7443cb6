#!/bin/bash
# Compiler launchers (--cc "ccache gcc", CC="ccache gcc", --cc "distcc gcc")
# on a module big enough to be built in several C files: the builds run
# right, a second build of the unchanged module is all ccache hits (the
# files and commands are the same in every build), and distcc compiles
# the files on a distccd listening on 127.0.0.1.  On a terminal a build
# shows its progress; otherwise it prints nothing.
. "$TESTS/lib/expect.sh"
ROOT="$TESTS/.."
for t in ccache distcc distccd; do
  command -v $t >/dev/null || fail "$t is not installed (make.sh installs it)"
done
python3 "$ROOT/bench/bigmodule/gen.py" 700 "$WORK/big.c"
clang-19 --target=wasm32-wasi -O2 -o "$WORK/big.wasm" "$WORK/big.c" ||
  fail "clang-19 --target=wasm32-wasi"
cc -O1 -o "$WORK/native" "$WORK/big.c" -lm || fail "native build"
expected=$("$WORK/native")
export WEFT_CACHE_DIR="$WORK/cache" CCACHE_DIR="$WORK/ccache"
stat() { ccache --print-stats | awk -v k="$1" '$1 ~ k {s += $2} END {print s + 0}'; }

"$WEFT" build -O1 --cc "ccache gcc" "$WORK/big.wasm" -o "$WORK/a" ||
  fail "build with --cc 'ccache gcc'"
expect_eq "--cc 'ccache gcc': output" "$expected" "$("$WORK/a")"
misses=$(stat '^cache_miss$')
[ "$misses" -ge 3 ] && pass ||
  fail "first build: expected at least 3 compiles through ccache, saw $misses"
hits=$(stat '_cache_hit$')
CC="ccache gcc" "$WEFT" build -O1 "$WORK/big.wasm" -o "$WORK/b" ||
  fail "build with CC='ccache gcc'"
expect_eq "CC='ccache gcc': output" "$expected" "$("$WORK/b")"
expect_eq "second build: ccache misses" "$misses" "$(stat '^cache_miss$')"
new_hits=$(( $(stat '_cache_hit$') - hits ))
[ "$new_hits" -ge 3 ] && pass ||
  fail "second build: expected the parts and main to hit, $new_hits hits"

# progress: a status line on a terminal (script gives weft one), erased at
# the end; nothing when stderr is not a terminal
script -qec "'$WEFT' build -O0 '$WORK/big.wasm' -o '$WORK/t'" /dev/null \
  >"$WORK/tty.txt" </dev/null || fail "build on a terminal"
expect_match "on a terminal: status line" \
  '\^Mweft: big.wasm: 0/3 compiled, 0 s.*\^Mweft: big.wasm: 3/3 compiled, [0-9]+ s\^M\^\[\[K$' \
  "$(cat -v "$WORK/tty.txt")"
"$WEFT" build -O0 "$WORK/big.wasm" -o "$WORK/t" 2>"$WORK/err" ||
  fail "build off a terminal"
expect_eq "off a terminal: stderr" "" "$(cat "$WORK/err")"

port=$((20000 + RANDOM % 20000))
mkdir -p "$WORK/distcc"
# distccd run by root drops to an unprivileged user, which must reach its log
touch "$WORK/distccd.log" && chmod 666 "$WORK/distccd.log" && chmod 755 "$WORK"
distccd --daemon --no-detach --listen 127.0.0.1 --port $port \
  --allow 127.0.0.1 --log-file "$WORK/distccd.log" --log-level info &
dpid=$!
for i in $(seq 50); do
  (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break
  sleep 0.1
done
DISTCC_HOSTS="127.0.0.1:$port/4" DISTCC_DIR="$WORK/distcc" DISTCC_FALLBACK=0 \
  "$WEFT" build -O1 -j 4 --cc "distcc gcc" "$WORK/big.wasm" -o "$WORK/c" ||
  fail "build with --cc 'distcc gcc'"
kill $dpid; wait $dpid 2>/dev/null
expect_eq "--cc 'distcc gcc': output" "$expected" "$("$WORK/c")"
remote=$(grep -c 'COMPILE_OK' "$WORK/distccd.log" || true)
[ "$remote" -ge 3 ] && pass ||
  fail "distccd compiled $remote files, expected the parts and main"
finish
