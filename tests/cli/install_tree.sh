#!/bin/bash
# weft works after `cmake --install` with no environment (the runtime and
# templates are embedded in the binary), and the prefix alone is enough to
# build translated C: a CMake project using find_package(weft) and its
# functions (examples/cmake-project), and a compile with pkg-config.
. "$TESTS/lib/expect.sh"
cmake --install "$BUILD_DIR" --prefix "$WORK/prefix" >/dev/null || fail "install"
out=$(env -i PATH=/usr/bin:/bin HOME="$WORK" "$WORK/prefix/bin/weft" run \
      "$SHARED/seed/programs/5-two-threads.wat" | head -1)
expect_eq "installed weft runs stage 5" "From main thread" "$out"
# it linked the installed runtime instead of compiling its embedded copy
expect_eq "runtime objects compiled by the installed weft" "" \
  "$(ls "$WORK/.cache/weft" | grep '^rt-')"

# the plugin host library and its header: a host built against the prefix
# alone loads a plugin the installed weft made
P="$WORK/prefix"
lib=$(dirname "$(ls "$P"/lib*/libweft.so "$P"/lib*/*/libweft.so 2>/dev/null | head -1)")
[ -f "$P/include/weft.h" ] && [ -f "$lib/libweft.a" ] && pass ||
  fail "installed weft.h and libweft.a/.so (lib dir: $lib)"
env -i PATH=/usr/bin:/bin HOME="$WORK" "$P/bin/weft" build --shared \
  "$TESTS/../examples/plugin-host/counter.wat" -o "$WORK/libcounter.so" ||
  fail "installed weft build --shared"
cc ${WEFT_SANITIZE_CFLAGS:-} -I"$P/include" "$TESTS/plugin/host_open.c" -L"$lib" -lweft \
   -Wl,-rpath,"$lib" -o "$WORK/host_open" || fail "build a host against the prefix"
expect_eq "host against the installed libweft" "$WORK/libcounter.so: ok" \
  "$("$WORK/host_open" "$WORK/libcounter.so")"
# the CMake package: a separate project against the prefix alone
cmake -S "$TESTS/../examples/cmake-project" -B "$WORK/example" \
  -DCMAKE_PREFIX_PATH="$P" >"$WORK/cmake.log" 2>&1 ||
  { cat "$WORK/cmake.log" >&2; fail "configure examples/cmake-project"; }
env -i PATH=/usr/bin:/bin HOME="$WORK" cmake --build "$WORK/example" \
  >"$WORK/build.log" 2>&1 ||
  { tail -30 "$WORK/build.log" >&2; fail "build examples/cmake-project"; }
expect_eq "weft_add_executable" "hello from a weft-built program" \
  "$("$WORK/example/hello")"
expect_eq "weft_add_library" "fac(20) = 2432902008176640000
trap: integer divide by zero" "$("$WORK/example/use_mathlib")"
expect_eq "weft_add_plugin" "$WORK/example/libcounter.so: ok" \
  "$("$WORK/host_open" "$WORK/example/libcounter.so")"

# pkg-config, in both bounds modes
export PKG_CONFIG_PATH="$lib/pkgconfig"
"$P/bin/weft" translate -n hello "$TESTS/../examples/cmake-project/hello.wat" \
  -o "$WORK/hello" || fail "translate hello.wat"
printf '#include "hello.h"\n#include "wasi_main.h"\nint main(int c, char **v) { return wasi_main(&hello_module, c, v); }\n' \
  >"$WORK/main.c"
for pc in weft weft-explicit; do
  cc -O2 -I"$WORK" "$WORK/hello.c" "$WORK/main.c" \
     $(pkg-config --cflags --libs $pc) -Wl,-rpath,"$lib" -o "$WORK/hello-$pc" ||
    fail "compile with pkg-config $pc"
  expect_eq "built with pkg-config $pc" "hello from a weft-built program" \
    "$("$WORK/hello-$pc")"
done
finish
