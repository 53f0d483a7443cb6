#!/bin/bash
# Seed stages 1, 2 and 4: weft run prints exactly the expected lines.
. "$TESTS/lib/expect.sh"
stage=$1
prog=$(ls "$SHARED"/seed/programs/"$stage"-*.wat)
case $stage in
  1|2) want=$'From main thread' ;;
  *) want=$'From main thread\nFrom thread 1' ;;
esac
out=$(timeout 60 "$WEFT" run "$prog" 2>"$WORK/err"); status=$?
expect_eq "stage $stage exit status" 0 "$status"
expect_eq "stage $stage stdout" "$want" "$out"
expect_eq "stage $stage stderr" "" "$(cat "$WORK/err")"
finish
