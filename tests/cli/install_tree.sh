#!/bin/bash
# weft works after `cmake --install` with no environment: the runtime and
# templates are embedded in the binary.
. "$TESTS/lib/expect.sh"
cmake --install "$BUILD_DIR" --prefix "$WORK/prefix" >/dev/null || fail "install"
out=$(env -i PATH=/usr/bin:/bin HOME="$WORK" "$WORK/prefix/bin/weft" run \
      "$SHARED/seed/programs/5-two-threads.wat" | head -1)
expect_eq "installed weft runs stage 5" "From main thread" "$out"
finish
