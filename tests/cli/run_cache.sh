#!/bin/bash
# weft run builds once into its cache and reuses the build: the second run
# of the same module with the same flags adds no cache entry and does not
# rebuild; different flags make a separate entry.  No temporary entries are
# left behind.
. "$TESTS/lib/expect.sh"
export WEFT_CACHE_DIR="$WORK/cache"
prog="$SHARED/seed/programs/1-wasi-print.wat"
expect_eq "first run" "From main thread" "$("$WEFT" run "$prog")"
entries() { ls -d "$WEFT_CACHE_DIR"/run-* 2>/dev/null | wc -l; }
expect_eq "entries after first run" 1 "$(entries)"
stamp=$(stat -c %Y.%i "$WEFT_CACHE_DIR"/run-*/prog)
expect_eq "second run" "From main thread" "$("$WEFT" run "$prog")"
expect_eq "entries after second run" 1 "$(entries)"
expect_eq "prog reused" "$stamp" "$(stat -c %Y.%i "$WEFT_CACHE_DIR"/run-*/prog)"
expect_eq "-O1 run" "From main thread" "$("$WEFT" run -O1 "$prog")"
expect_eq "entries after -O1 run" 2 "$(entries)"
expect_eq "no temporary entries" 0 "$(ls -d "$WEFT_CACHE_DIR"/tmp-* 2>/dev/null | wc -l)"
# XDG_CACHE_HOME is the fallback when WEFT_CACHE_DIR is unset.
unset WEFT_CACHE_DIR
XDG_CACHE_HOME="$WORK/xdg" "$WEFT" run "$prog" >/dev/null
expect_eq "XDG cache used" 1 "$(ls -d "$WORK"/xdg/weft/run-* 2>/dev/null | wc -l)"
finish
