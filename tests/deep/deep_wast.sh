#!/bin/bash
# The modules of gen_deep.py (nesting, operand stack, br_table, locals,
# parameters and results far past the spec tests) translate and run at -O2
# with the compiler CC names.
. "$TESTS/lib/expect.sh"
python3 "$TESTS/deep/gen_deep.py" "$WORK/deep.wast" || fail "generate"
python3 "$TESTS/wast/run_wast.py" --opt 2 --cc "$1" --weft "$WEFT" \
  --rt-cache "$RT_CACHE" -j 1 "$WORK/deep.wast" && pass || fail "deep.wast with $1"
finish
