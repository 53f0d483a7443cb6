#!/bin/bash
# plugin.sh CASE - builds the plugins a case needs with weft build --shared
# and runs its host (tests/plugin/host_*.c, built by CMake into $BIN).
. "$TESTS/lib/expect.sh"
HERE="$TESTS/plugin"

# plugin NAME WAT [weft options...]: builds $WORK/libNAME.so once
plugin() {
  local name=$1 wat=$2
  shift 2
  [ -f "$WORK/lib$name.so" ] && return 0
  "$WEFT" build --shared "$@" "$wat" -o "$WORK/lib$name.so" ||
    fail "weft build --shared $wat"
}

# host NAME ARGS...: runs $BIN/plugin_host_NAME, which prints ok or FAIL lines
host() {
  local h=$1
  shift
  local out
  out=$(timeout 300 "$BIN/plugin_host_$h" "$@" 2>&1)
  local st=$?
  expect_eq "host_$h (status $st)" "ok" "$(printf '%s\n' "$out" | tail -1 | cut -d' ' -f1)"
  [ "$st" -eq 0 ] || printf '%s\n' "$out" >&2
}

case $1 in
  basic|basic_static)
    # a shared object that is not a plugin (not libweft itself: a second copy
    # of the runtime in one process is what ASan calls an ODR violation)
    echo 'int not_a_plugin = 1;' | cc -shared -fPIC -x c - -o "$WORK/libnot.so"
    for bounds in guard explicit; do
      plugin calc-$bounds "$HERE/calc.wat" --bounds $bounds
      [ $1 = basic ] && h=basic || h=basic_static
      host $h "$WORK/libcalc-$bounds.so" "$WORK/libnot.so"
    done
    # one exported symbol, the entry; the runtime comes from the host
    expect_eq "exported symbols" "weft_plugin_v1" \
      "$(nm -D --defined-only "$WORK/libcalc-guard.so" | awk '{print $3}')"
    expect_match "runtime left to the host" "U wf_trap" \
      "$(nm -D --undefined-only "$WORK/libcalc-guard.so")" ;;
  traps)
    for bounds in guard explicit; do
      plugin traps-$bounds "$HERE/traps.wat" --bounds $bounds
      host traps "$WORK/libtraps-$bounds.so"
    done ;;
  threads)
    for bounds in guard explicit; do
      plugin threads-$bounds "$HERE/threads.wat" --bounds $bounds
      host threads "$WORK/libthreads-$bounds.so"
    done ;;
  multi)
    plugin calc "$HERE/calc.wat"
    cp "$WORK/libcalc.so" "$WORK/libcalc-copy.so"
    plugin samename "$HERE/traps.wat" -n calc
    host multi "$WORK/libcalc.so" "$WORK/libcalc-copy.so" "$WORK/libsamename.so" ;;
  interrupts)
    for bounds in guard explicit; do
      plugin busy-$bounds "$HERE/busy.wat" --bounds $bounds
      host interrupts "$WORK/libbusy-$bounds.so"
    done ;;
  signals)
    plugin calc "$HERE/calc.wat"
    host signals "$WORK/libcalc.so" ;;
  lifecycle)
    plugin calc "$HERE/calc.wat"
    host lifecycle "$WORK/libcalc.so" ;;
  not_exported)
    # a process without libweft's symbols: dlopen itself names the marker
    plugin calc "$HERE/calc.wat"
    out=$(python3 -c 'import ctypes, sys
try:
    ctypes.CDLL(sys.argv[1])
except OSError as e:
    print(e)' "$WORK/libcalc.so")
    expect_match "loaded without libweft" "undefined symbol: weft_host_library_v1" "$out" ;;
  bad_builds)
    "$WEFT" run --shared "$HERE/calc.wat" 2>"$WORK/err" && fail "run --shared"
    expect_match "run --shared refused" "run takes no --shared" "$(cat "$WORK/err")"
    # a plugin needs no _start, and a command module is fine too
    plugin cmd "$TESTS/cli/echo_args.wat"
    [ -s "$WORK/libcmd.so" ] && pass || fail "command module as a plugin"
    # v128 cannot cross the host boundary (plugin ABI 1)
    printf '(module (func (export "f") (param v128) (result v128) (local.get 0)))' \
      >"$WORK/vec.wat"
    "$WEFT" build --shared "$WORK/vec.wat" -o "$WORK/libvec.so" 2>"$WORK/err" &&
      fail "a plugin exporting a v128 function built"
    expect_eq "v128 export refused" \
      "$WORK/vec.wat: function 'f' takes or returns a v128: plugins pass no v128 across the host boundary (SIMD inside is fine)" \
      "$(cat "$WORK/err")"
    [ -e "$WORK/libvec.so" ] && fail "libvec.so left behind" || pass
    # a reactor's _initialize runs once, with the instance
    plugin reactor "$HERE/reactor.wat"
    expect_eq "reactor initialised" "$WORK/libreactor.so: get 42" \
      "$("$BIN/plugin_host_open" --get "$WORK/libreactor.so")" ;;
  abi)
    # the open errors: missing, not a plugin, another plugin ABI, a plugin
    # for a later host library
    cc -shared -fPIC -o "$WORK/libplain.so" "$HERE/fake_plugins.c"
    cc -shared -fPIC -DNEWER_ABI -o "$WORK/libnewer.so" "$HERE/fake_plugins.c"
    cc -shared -fPIC -DNEWER_HOST -o "$WORK/libnewhost.so" "$HERE/fake_plugins.c"
    plugin calc "$HERE/calc.wat"
    out=$("$BIN/plugin_host_open" "$WORK/missing.so" "$WORK/libplain.so" \
          "$WORK/libnewer.so" "$WORK/libnewhost.so" "$WORK/libcalc.so")
    expect_eq "open errors" "$WORK/missing.so: cannot open plugin: no such file
$WORK/libplain.so: not a weft plugin (no weft_plugin_v1 symbol; build it with weft build --shared)
$WORK/libnewer.so: built by an incompatible weft (plugin ABI 2; this host library loads ABI 1)
$WORK/libnewhost.so: built for another weft host library (weft_host_library_v2)
$WORK/libcalc.so: ok" "$out" ;;
  *) fail "unknown case $1" ;;
esac
finish
