# expect.sh - helpers for weft's shell tests (sourced).  Each check prints
# what was expected and what came, and fails the test on mismatch.
set -u
: "${WEFT:?WEFT must name the weft binary}"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/weft-test.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
failures=0
passes=0

pass() { passes=$((passes + 1)); }
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# expect_eq WHAT EXPECTED ACTUAL
expect_eq() {
  if [ "$2" == "$3" ]; then pass; else
    fail "$1: expected [$2], got [$3]"
  fi
}

# expect_match WHAT REGEX ACTUAL
expect_match() {
  if [[ $3 =~ $2 ]]; then pass; else
    fail "$1: expected to match /$2/, got [$3]"
  fi
}

finish() {
  echo "$passes passed, $failures failed"
  [ "$failures" -eq 0 ]
}
