#!/bin/bash
# cases.sh CASE - weft refuses one kind of bad input cleanly.  Every refusal
# must exit non-zero without crashing (status < 128, no signal message),
# print nothing on stdout and exactly one line on stderr that names the
# file (where there is one) and the problem, and leave no output behind:
# no OUT.c/OUT.h after translate, no EXE after build, no temporary files,
# and no run-cache entry.
. "$TESTS/lib/expect.sh"
HERE="$TESTS/bad_input"
OUT="$WORK/out"         # the directory every -o points into
CACHE="$WORK/cache"     # this test's own weft run cache

# refuse WHAT FILE REGEX WEFT-ARGS...: FILE is the path the message must
# start with ("-": none), REGEX what the rest of the line must match.
refuse() {
  local what=$1 file=$2 re=$3
  shift 3
  rm -rf "$OUT" && mkdir -p "$OUT" "$CACHE"
  WEFT_CACHE_DIR="$CACHE" timeout 120 "$WEFT" "$@" \
    </dev/null >"$WORK/stdout" 2>"$WORK/stderr"
  local st=$? err
  err=$(cat "$WORK/stderr")
  if [ "$st" -eq 0 ]; then fail "$what: exit status 0, expected an error"
  elif [ "$st" -ge 128 ]; then fail "$what: died with status $st"
  else pass; fi
  expect_eq "$what: stderr line count" 1 "$(wc -l <"$WORK/stderr")"
  expect_eq "$what: text after stderr's first line" "" \
    "$(tail -n +2 "$WORK/stderr")"
  if printf '%s' "$err" | grep -Eq 'Segmentation|Aborted|core dumped|Bus error|terminate called'; then
    fail "$what: crashed: [$err]"
  fi
  if [ "$file" != - ]; then
    case "$err" in
      "$file"*) pass ;;
      *) fail "$what: expected the message to start with [$file], got [$err]" ;;
    esac
  fi
  expect_match "$what: message" "$re" "$err"
  expect_eq "$what: stdout" "" "$(cat "$WORK/stdout")"
  expect_eq "$what: files left in the output directory" "" "$(ls -A "$OUT")"
  expect_eq "$what: run-cache entries left" "" \
    "$(ls -A "$CACHE" | grep -E '^(run|tmp)-')"
}

# refuse_all FILE REGEX MODULE [OPTIONS...]: translate, build and run.
refuse_all() {
  local file=$1 re=$2 module=$3
  shift 3
  refuse "translate $module" "$file" "$re" translate "$@" "$module" -o "$OUT/out"
  refuse "build $module" "$file" "$re" build "$@" "$module" -o "$OUT/exe"
  refuse "run $module" "$file" "$re" run "$@" "$module" arg
}

# A valid binary module to cut short or to point the option tests at.
good_wasm() {
  wat2wasm "$HERE/good.wat" -o "$WORK/good.wasm" || fail "wat2wasm good.wat"
}

case $1 in
  truncated_wasm)
    good_wasm
    size=$(stat -c %s "$WORK/good.wasm")
    for n in 6 11 $((size / 2)) $((size - 1)); do
      head -c "$n" "$WORK/good.wasm" >"$WORK/cut$n.wasm"
      refuse_all "$WORK/cut$n.wasm" '^[^ ]*:0x[0-9a-f]+: ' "$WORK/cut$n.wasm"
    done ;;
  garbage_bytes)
    printf '\177ELF\002\001\001\000garbage\377\376\000\001 bytes\n' >"$WORK/junk.wasm"
    refuse_all "$WORK/junk.wasm" 'not a WebAssembly module' "$WORK/junk.wasm"
    # the magic number, then a version that does not exist
    printf '\000asm\002\000\000\000\001\002\003' >"$WORK/version.wasm"
    refuse_all "$WORK/version.wasm" ':0x[0-9a-f]+: .*version' "$WORK/version.wasm" ;;
  fuzz_regressions)
    # inputs that once crashed the translator or showed undefined behaviour
    # under fuzzing, or were accepted with C that did not compile
    # (tests/fuzz/crashes): valid ones translate to C that compiles, the
    # others are refused with one line; none kills weft
    for f in "$TESTS"/fuzz/crashes/crash-*; do
      n=$(basename "$f")
      rm -rf "$OUT" && mkdir -p "$OUT"
      timeout 120 "$WEFT" translate "$f" -o "$OUT/out" 2>"$WORK/stderr"
      st=$?
      if [ "$st" -eq 0 ]; then
        cc -std=gnu11 -c -I"$TESTS/../rt" -I"$TESTS/../wasi-rt" "$OUT/out.c" \
           -o "$OUT/out.o" && pass || fail "$n: accepted, but its C does not compile"
      elif [ "$st" -eq 1 ]; then
        expect_eq "$n: stderr lines" 1 "$(wc -l <"$WORK/stderr")"
      else fail "$n: exit status $st"; fi
    done ;;
  empty_file)
    : >"$WORK/empty.wasm"
    refuse_all "$WORK/empty.wasm" ': empty file$' "$WORK/empty.wasm" ;;
  wat_syntax_error)
    refuse_all "$HERE/syntax_error.wat" '^[^ ]*syntax_error\.wat:4:[0-9]+: .*oops' \
      "$HERE/syntax_error.wat" ;;
  invalid_module)
    refuse_all "$HERE/type_mismatch.wat" 'type_mismatch\.wat:4:[0-9]+: type mismatch' \
      "$HERE/type_mismatch.wat"
    wat2wasm --no-check "$HERE/type_mismatch.wat" -o "$WORK/mismatch.wasm" ||
      fail "wat2wasm --no-check"
    refuse_all "$WORK/mismatch.wasm" 'mismatch\.wasm:0x[0-9a-f]+: type mismatch' \
      "$WORK/mismatch.wasm" ;;
  unknown_import)
    f="$HERE/unknown_import.wat"
    refuse "build" "$f" 'unknown import env\.nope' build "$f" -o "$OUT/exe"
    refuse "run" "$f" 'unknown import env\.nope' run "$f" ;;
  import_wrong_signature)
    f="$HERE/wrong_signature.wat"
    refuse "build" "$f" 'wrong signature.*wasi_snapshot_preview1\.fd_write' \
      build "$f" -o "$OUT/exe"
    refuse "run" "$f" 'wrong signature.*wasi_snapshot_preview1\.fd_write' run "$f" ;;
  unreadable_nonexistent)
    refuse_all "$WORK/no/such.wasm" 'cannot read: No such file' "$WORK/no/such.wasm" ;;
  unreadable_directory)
    mkdir -p "$WORK/dir.wasm"
    refuse_all "$WORK/dir.wasm" 'cannot read: Is a directory' "$WORK/dir.wasm" ;;
  unknown_flag)
    good_wasm
    refuse_all - "unknown option '--frobnicate'" "$WORK/good.wasm" --frobnicate
    refuse "build, flag after MODULE" - "unknown option '-Q'" \
      build "$WORK/good.wasm" -Q -o "$OUT/exe"
    refuse "unknown command" - "unknown command 'frob'" frob "$WORK/good.wasm"
    refuse "no command" - 'no command' ;;
  missing_output)
    good_wasm
    refuse "translate without -o" - 'translate needs -o' translate "$WORK/good.wasm"
    refuse "build without -o" - 'build needs -o' build "$WORK/good.wasm"
    refuse "build -o without a value" - '-o needs a value' build "$WORK/good.wasm" -o
    refuse "run with -o" - 'run takes no -o' run -o "$OUT/exe" "$WORK/good.wasm" ;;
  bad_jobs)
    good_wasm
    for j in 0 -3 abc 2x 100000; do
      refuse_all - "-j needs a number.*'$j'" "$WORK/good.wasm" -j "$j"
    done
    refuse "-j without a value" - '-j needs a' build "$WORK/good.wasm" -o "$OUT/exe" -j ;;
  simd)
    # SIMD runs; malformed SIMD gets the validator's message
    WEFT_CACHE_DIR="$WORK/good-cache" "$WEFT" run "$HERE/simd.wat" && pass ||
      fail "weft run simd.wat"
    refuse_all "$HERE/simd_lane.wat" 'simd_lane\.wat:2:[0-9]+: lane index must be less than 16' \
      "$HERE/simd_lane.wat"
    refuse_all "$HERE/simd_align.wat" 'simd_align\.wat:2:[0-9]+: alignment must not be larger than natural alignment \(16\)' \
      "$HERE/simd_align.wat"
    for f in simd_lane simd_align; do
      wat2wasm --no-check "$HERE/$f.wat" -o "$WORK/$f.wasm" || fail "wat2wasm $f"
    done
    refuse_all "$WORK/simd_lane.wasm" 'simd_lane\.wasm:0x[0-9a-f]+: lane index must be less than 16' \
      "$WORK/simd_lane.wasm"
    refuse_all "$WORK/simd_align.wasm" 'simd_align\.wasm:0x[0-9a-f]+: alignment must not be larger' \
      "$WORK/simd_align.wasm" ;;
  own_memory_threads)
    for m in own_memory_threads unshared_memory_threads; do
      f="$HERE/$m.wat"
      refuse "build $m" "$f" 'spawns threads .*must import a shared memory' \
        build "$f" -o "$OUT/exe"
      refuse "run $m" "$f" 'spawns threads .*must import a shared memory' run "$f"
    done ;;
  run_no_start)
    f="$HERE/no_start.wat"
    refuse "run" "$f" 'no _start' run "$f"
    refuse "build" "$f" 'no _start' build "$f" -o "$OUT/exe"
    # translate is for libraries too: no _start is fine there
    WEFT_CACHE_DIR="$CACHE" "$WEFT" translate "$f" -o "$WORK/lib" ||
      fail "translate of a module without _start failed"
    [ -s "$WORK/lib.c" ] && [ -s "$WORK/lib.h" ] && pass ||
      fail "translate wrote no lib.c/lib.h" ;;
  translate_keeps_old_output)
    "$WEFT" translate "$HERE/good.wat" -o "$WORK/keep/out" 2>"$WORK/err" &&
      fail "translate into a missing directory succeeded"
    expect_match "translate into a missing directory" \
      '^weft: cannot write .*/keep/out\.c: directory .*/keep does not exist$' "$(cat "$WORK/err")"
    "$WEFT" build "$HERE/good.wat" -o "$WORK/keep/exe" 2>"$WORK/err" &&
      fail "build into a missing directory succeeded"
    expect_match "build into a missing directory" \
      '^weft: cannot write .*/keep/exe: directory .*/keep does not exist$' "$(cat "$WORK/err")"
    mkdir -p "$WORK/keep"
    "$WEFT" translate "$HERE/good.wat" -o "$WORK/keep/out" || fail "translate good.wat"
    cp "$WORK/keep/out.c" "$WORK/old.c" && cp "$WORK/keep/out.h" "$WORK/old.h"
    touch -d '2001-01-01' "$WORK/keep/out.c" "$WORK/keep/out.h"
    for bad in syntax_error.wat type_mismatch.wat simd_lane.wat; do
      "$WEFT" translate "$HERE/$bad" -o "$WORK/keep/out" 2>"$WORK/err" &&
        fail "translate $bad succeeded"
      expect_eq "$bad: stderr lines" 1 "$(wc -l <"$WORK/err")"
      cmp -s "$WORK/old.c" "$WORK/keep/out.c" && pass || fail "$bad changed out.c"
      cmp -s "$WORK/old.h" "$WORK/keep/out.h" && pass || fail "$bad changed out.h"
      expect_eq "$bad: out.c untouched (mtime)" "2001-01-01" \
        "$(date -r "$WORK/keep/out.c" +%F)"
      expect_eq "$bad: files in the output directory" "out.c out.h" \
        "$(ls -A "$WORK/keep" | tr '\n' ' ' | sed 's/ $//')"
    done ;;
  help_version)
    out=$("$WEFT" --help 2>"$WORK/err"); st=$?
    expect_eq "--help status" 0 "$st"
    expect_match "--help text" '^usage: weft run' "$out"
    expect_match "--help lists translate" 'weft translate' "$out"
    expect_eq "--help stderr" "" "$(cat "$WORK/err")"
    out=$("$WEFT" --version 2>"$WORK/err"); st=$?
    expect_eq "--version status" 0 "$st"
    expect_match "--version text" '^weft [0-9]+\.[0-9]+\.[0-9]+$' "$out"
    expect_eq "--version stderr" "" "$(cat "$WORK/err")"
    out=$("$WEFT" build --help 2>&1); st=$?
    expect_eq "build --help status" 0 "$st"
    expect_match "build --help text" '^usage: weft' "$out" ;;
  *) fail "unknown case '$1'" ;;
esac
finish
