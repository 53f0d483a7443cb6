#!/bin/bash
# check.sh CASE - weft's own WASI programs (tests/wasi/*.wat), built with
# weft and run as CASE requires; see each .wat for what it does.
. "$TESTS/lib/expect.sh"
case=$1
W="$TESTS/wasi"

# An open pipe that never carries data, as stdin: reads block forever.
mkfifo "$WORK/never"
exec {never}<>"$WORK/never"

lines_of() { grep -c "^$1\$" "$2"; }

case $case in
  threads_concurrent_io)
    for bounds in guard explicit; do
      "$WEFT" build --bounds $bounds "$W/$case.wat" -o "$WORK/prog" || fail "build $bounds"
      for run in 1 2 3; do
        rm -rf "$WORK/d"; mkdir "$WORK/d"
        (cd "$WORK" && timeout 20 ./prog --weft --dir d::d -- >out 2>err); st=$?
        expect_eq "$bounds run $run: exit status" 0 "$st"
        expect_eq "$bounds run $run: last line" ok "$(tail -1 "$WORK/out")"
        expect_eq "$bounds run $run: stdout lines" 801 "$(wc -l <"$WORK/out")"
        expect_eq "$bounds run $run: stderr lines" 800 "$(wc -l <"$WORK/err")"
        for i in 0 1 2 3; do
          expect_eq "$bounds run $run: t$i on stdout" 200 "$(lines_of "t$i" "$WORK/out")"
          expect_eq "$bounds run $run: e$i on stderr" 200 "$(lines_of "e$i" "$WORK/err")"
          expect_eq "$bounds run $run: t$i.txt" 200 "$(lines_of "thread $i line" "$WORK/d/t$i.txt")"
          expect_eq "$bounds run $run: t$i.txt size" 2800 "$(wc -c <"$WORK/d/t$i.txt")"
        done
      done
    done ;;
  threads_stdin_blocked)
    "$WEFT" build "$W/$case.wat" -o "$WORK/prog" || fail build
    want=$'computed 0: 3167741088\ncomputed 1: 2040514880\ncomputed 2: 0913288672\nmain done'
    for run in 1 2 3 4 5; do
      start=$(date +%s%N)
      out=$(timeout 20 "$WORK/prog" <&$never); st=$?
      ms=$(( ($(date +%s%N) - start) / 1000000 ))
      expect_eq "run $run: exit status (124 = hung on the blocked reader)" 0 "$st"
      expect_eq "run $run: output" "$want" "$(sort <<<"$out")"
      [ "$ms" -lt 5000 ] && pass || fail "run $run took $ms ms"
      out=$(timeout 20 "$WORK/prog" --weft -- exit <&$never); st=$?
      expect_eq "run $run: proc_exit from a compute thread" 5 "$st"
      expect_match "run $run: reader never woke" '^(computed [02]: [0-9]+
?)*$' "$out"
    done
    # With data on stdin the reader wakes (it may or may not print before
    # main ends the process); nothing else changes.
    out=$(echo hi | timeout 20 "$WORK/prog"); st=$?
    expect_eq "stdin with data: exit status" 0 "$st"
    expect_match "stdin with data: main finished" 'main done' "$out" ;;
  threads_spawn_limit)
    # A sanitizer's shadow memory cannot be mapped under `ulimit -v`.
    if [ -n "${WEFT_SANITIZE:-}" ]; then
      echo "skipped under $WEFT_SANITIZE: the test needs ulimit -v"; exit 77
    fi
    # Explicit bounds: a guard-page memory alone would exceed the limit.
    "$WEFT" build --bounds explicit "$W/$case.wat" -o "$WORK/prog" || fail build
    for run in 1 2 3; do
      out=$( (ulimit -v 1048576; timeout 60 "$WORK/prog") 2>"$WORK/err"); st=$?
      expect_eq "run $run: exit status" 0 "$st"
      expect_match "run $run: refused, after some" '^refused after 0*[1-9][0-9]*$' "$out"
      expect_eq "run $run: stderr" "" "$(cat "$WORK/err")"
    done ;;
  inherit_env)
    out=$(cd "$WORK" && FOO=bar "$WEFT" run --env A=1 "$W/print_env.wat")
    expect_eq "run: only --env" "A=1" "$out"
    out=$(cd "$WORK" && FOO=bar "$WEFT" run --inherit-env --env FOO=baz --env NEW=x "$W/print_env.wat")
    expect_eq "run --inherit-env: --env overrides" "FOO=baz" "$(grep '^FOO=' <<<"$out")"
    expect_eq "run --inherit-env: --env adds" "NEW=x" "$(grep '^NEW=' <<<"$out")"
    expect_eq "run --inherit-env: host variable" "PATH=$PATH" "$(grep '^PATH=' <<<"$out")"
    "$WEFT" build "$W/print_env.wat" -o "$WORK/prog" || fail build
    out=$(env -i FOO=bar Z=1 "$WORK/prog" --weft --inherit-env --env Z=2 --)
    expect_eq "built --inherit-env" $'FOO=bar\nZ=2' "$out"
    out=$(env -i FOO=bar "$WORK/prog")
    expect_eq "built, nothing given" "" "$out" ;;
  *) fail "unknown case $case" ;;
esac
finish
