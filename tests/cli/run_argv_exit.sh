#!/bin/bash
# weft run: options before MODULE, everything after it is the program's
# argv (argv[0] = the module's file name), and the program's exit status is
# weft's.  The program echoes its argv and exits with argc.
. "$TESTS/lib/expect.sh"
out=$("$WEFT" run "$TESTS/cli/echo_args.wat" -O3 "two words" --env=X); st=$?
expect_eq "argv" $'echo_args.wat\n-O3\ntwo words\n--env=X' "$out"
expect_eq "exit status is argc" 4 "$st"
out=$("$WEFT" run --env A=1 "$TESTS/cli/echo_args.wat"); st=$?
expect_eq "no args" "echo_args.wat" "$out"
expect_eq "exit status with no args" 1 "$st"
finish
