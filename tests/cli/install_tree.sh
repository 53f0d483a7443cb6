#!/bin/bash
# weft works after `cmake --install` with no environment: the runtime and
# templates are embedded in the binary.
. "$TESTS/lib/expect.sh"
cmake --install "$BUILD_DIR" --prefix "$WORK/prefix" >/dev/null || fail "install"
out=$(env -i PATH=/usr/bin:/bin HOME="$WORK" "$WORK/prefix/bin/weft" run \
      "$SHARED/seed/programs/5-two-threads.wat" | head -1)
expect_eq "installed weft runs stage 5" "From main thread" "$out"

# the plugin host library and its header: a host built against the prefix
# alone loads a plugin the installed weft made
P="$WORK/prefix"
lib=$(dirname "$(ls "$P"/lib*/libweft.so "$P"/lib*/*/libweft.so 2>/dev/null | head -1)")
[ -f "$P/include/weft.h" ] && [ -f "$lib/libweft.a" ] && pass ||
  fail "installed weft.h and libweft.a/.so (lib dir: $lib)"
env -i PATH=/usr/bin:/bin HOME="$WORK" "$P/bin/weft" build --shared \
  "$TESTS/../examples/plugin-host/counter.wat" -o "$WORK/libcounter.so" ||
  fail "installed weft build --shared"
cc -I"$P/include" "$TESTS/plugin/host_open.c" -L"$lib" -lweft \
   -Wl,-rpath,"$lib" -o "$WORK/host_open" || fail "build a host against the prefix"
expect_eq "host against the installed libweft" "$WORK/libcounter.so: ok" \
  "$("$WORK/host_open" "$WORK/libcounter.so")"
finish
