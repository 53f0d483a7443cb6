#!/bin/bash
# exhaust.sh - modules asking for more than the machine gives must fail
# with a clear error or a Wasm-level refusal (memory.grow/table.grow -1),
# never a crash or a hang: memory growth under `ulimit -v` in both bounds
# modes, a table of 10 million entries (and too little address space for
# it), table.grow past the limit, a data segment past the end of memory,
# and 10,000 threads spawned in waves of 100.  Stack exhaustion is
# cli_stack_limits' (tests/cli).
. "$TESTS/lib/expect.sh"
HERE="$TESTS/exhaust"
NL=$'\n'

build() {  # build NAME BOUNDS
  "$WEFT" build --bounds "$2" "$HERE/$1.wat" -o "$WORK/$1-$2" || fail "build $1 $2"
}

# run WHAT VMEM_KB EXE -> sets st, out, err; VMEM_KB 0 = no limit.
# A sanitizer's shadow memory cannot be mapped under `ulimit -v`: with one,
# callers skip the limited runs (limited is false).
limited() { [ -z "${WEFT_SANITIZE:-}" ]; }
run() {
  local what=$1 vmem=$2 exe=$3
  out=$( (if [ "$vmem" != 0 ]; then ulimit -v "$vmem"; fi
          exec timeout 120 "$exe") 2>"$WORK/err"); st=$?
  err=$(cat "$WORK/err")
  if [ "$st" -gt 128 ] && [ "$st" -ne 134 ]; then fail "$what: killed by signal $((st - 128))"; fi
  [ "$st" -ne 124 ] || fail "$what: hung"
}

for b in guard explicit; do
  build grow_until_refused $b
  build big_table $b
  build grow_table $b
  build data_past_end $b
done
build thread_waves guard
build thread_waves explicit

# memory.grow: with no limit the whole 4 GiB is granted (only the last page
# is touched); under ulimit -v explicit bounds grow until refused, and guard
# pages, which need 8 GiB of address space up front, say why they cannot
run "grow guard" 0 "$WORK/grow_until_refused-guard"
expect_eq "grow guard: status" 0 "$st"
expect_eq "grow guard: stdout" "grew 65535 pages" "$out"
if limited; then
  run "grow explicit, 1 GiB" 1048576 "$WORK/grow_until_refused-explicit"
  expect_eq "grow explicit under ulimit: status" 0 "$st"
  expect_match "grow explicit under ulimit: stdout" '^grew [0-9]+ pages$' "$out"
  n=${out//[^0-9]/}
  [ -n "$n" ] && [ "$n" -gt 1000 ] && [ "$n" -lt 16384 ] ||
    fail "grow explicit under 1 GiB: $n pages is not between 1000 and 16384"
  run "grow guard, 4 GiB" 4194304 "$WORK/grow_until_refused-guard"
  expect_eq "grow guard under ulimit: status" 1 "$st"
  expect_match "grow guard under ulimit: stderr" \
    "^[^$NL]*grow_until_refused-guard: cannot allocate the module's memory or tables .*ulimit -v.*--bounds explicit[^$NL]*$" "$err"
fi

# a 10-million-entry table: works with room, a clear error without
for b in guard explicit; do
  run "big table $b" 0 "$WORK/big_table-$b"
  expect_eq "big table $b: status (called through entry 9,999,999)" 42 "$st"
  if limited; then
    run "big table $b, 150 MiB" 153600 "$WORK/big_table-$b"
    expect_eq "big table $b under ulimit: status" 1 "$st"
    expect_match "big table $b under ulimit: stderr" \
      "^[^$NL]*big_table-$b: cannot allocate the module's memory or tables[^$NL]*$" "$err"
  fi
  run "grow table $b" 0 "$WORK/grow_table-$b"
  expect_eq "grow table $b: to 10 million granted, past it refused" 11 "$st"
  run "data past end $b" 0 "$WORK/data_past_end-$b"
  expect_eq "data past end $b: status" 134 "$st"
  expect_eq "data past end $b: stdout" "" "$out"
  expect_match "data past end $b: stderr" 'wasm trap: out of bounds memory access$' "$err"
done

# 10,000 threads, 100 at a time
for b in guard explicit; do
  run "thread waves $b" 0 "$WORK/thread_waves-$b"
  expect_eq "thread waves $b: status" 0 "$st"
  expect_eq "thread waves $b: threads that ran" 10000 "$out"
  expect_eq "thread waves $b: stderr" "" "$err"
done
finish
