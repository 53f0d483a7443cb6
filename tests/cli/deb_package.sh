#!/bin/bash
# cpack -G DEB makes a .deb that holds the install tree, declares what weft
# needs at run time, and works unpacked at any root.  The dependencies are
# found here independently of cpack: the package dpkg says ships each shared
# library the packaged ELF files link (ldd), a C compiler that provides
# `cc` (weft's default --cc) and libc's headers.  The unpacked weft must
# find the packaged runtime beside itself, not fall back to its embedded
# copy, and run the seed.
. "$TESTS/lib/expect.sh"
: "${BUILD_DIR:?}" "${CPACK:?}"

abort() { fail "$*"; finish; exit 1; }
need() { command -v "$1" >/dev/null || abort "$1 not found: install $2 (./make.sh does)"; }
need "$CPACK" cmake
need dpkg-deb dpkg
need dpkg-shlibdeps dpkg-dev   # cpack's CPACK_DEBIAN_PACKAGE_SHLIBDEPS
need file file                 # cpack uses it to find the ELF files
need ldd libc-bin

"$CPACK" -G DEB --config "$BUILD_DIR/CPackConfig.cmake" -B "$WORK/pkg" \
  >"$WORK/cpack.log" 2>&1 || { cat "$WORK/cpack.log" >&2; abort "cpack -G DEB"; }
deb=$(ls "$WORK"/pkg/weft_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || abort "cpack made no weft_*.deb in $WORK/pkg"

# --- contents -----------------------------------------------------------
listing=$(dpkg-deb -c "$deb" | awk '{print $NF}')
expect_file() {
  grep -qx "$1" <<<"$listing" && pass || fail "the .deb lacks $1"
}
expect_file ./usr/bin/weft
expect_file ./usr/include/weft.h
for h in weft_rt.h weft_rt_mem.h weft_rt_num.h weft_rt_simd.h \
         wasi.h wasi_main.h wasi_threads.h; do
  expect_file "./usr/include/weft/$h"
done
# lib/ or lib/<multiarch>/, whichever GNUInstallDirs chose
for l in libweft_rt.a libweft_rt.so libweft_rt_explicit.a \
         libweft_rt_explicit.so libweft.a libweft.so \
         pkgconfig/weft.pc pkgconfig/weft-explicit.pc \
         cmake/weft/weftConfig.cmake cmake/weft/weftConfigVersion.cmake \
         cmake/weft/weftTargets.cmake; do
  grep -qx "\./usr/lib[^ ]*/$l" <<<"$listing" && pass ||
    fail "the .deb lacks usr/lib*/$l"
done

# --- dependencies -------------------------------------------------------
depends=$(dpkg-deb -I "$deb" | sed -n 's/^ Depends: //p')
[ -n "$depends" ] || abort "the .deb has no Depends field"
# one line per group of alternatives, package names only: "gcc|clang"
groups=$(tr ',' '\n' <<<"$depends" | sed 's/([^)]*)//g; s/[[:space:]]//g')
expect_dep() {  # PACKAGE WHY: PACKAGE alone, not one of alternatives
  grep -qx "$1" <<<"$groups" && pass ||
    fail "Depends lacks $1 ($2): got [$depends]"
}

root="$WORK/root"
dpkg-deb -x "$deb" "$root" || abort "dpkg-deb -x"
# The package that ships a library, as dpkg knows its path (Debian 12
# registers libc under /lib, libstdc++ under /usr/lib; /lib is a symlink).
owner() {
  local c p
  for c in "$1" "/usr$1" "$(readlink -f "$1")"; do
    p=$(dpkg -S "$c" 2>/dev/null | head -1) && [ -n "$p" ] &&
      { echo "${p%%:*}"; return; }
  done
}
elfs=$(find "$root" -type f \( -path '*/bin/*' -o -name '*.so*' \))
libs=$(for f in $elfs; do ldd "$f"; done |
       awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}' | sort -u)
[ -n "$libs" ] || fail "ldd found no shared libraries in [$elfs]"
for lib in $libs; do
  pkg=$(owner "$lib")
  if [ -n "$pkg" ]; then expect_dep "$pkg" "ships $lib"
  else fail "no Debian package ships $lib, which the .deb's programs link"; fi
done
# weft build and weft run call `cc`: gcc, or clang, which installs a cc
# alternative; neither makes libc6-dev a hard dependency (gcc recommends it).
cc_group=$(grep -E '(^|\|)gcc(\||$)' <<<"$groups" | head -1)
expect_match "Depends names a compiler group with gcc" . "$cc_group"
for alt in ${cc_group//|/ }; do
  expect_match "compiler alternative $alt provides cc" '^(gcc|clang)$' "$alt"
done
expect_dep libc6-dev "headers for compiling translated C"

# --- the unpacked tree runs ---------------------------------------------
out=$(env -i PATH=/usr/bin:/bin HOME="$WORK" WEFT_CACHE_DIR="$WORK/cache" \
      "$root/usr/bin/weft" run "$SHARED/seed/programs/5-two-threads.wat" 2>&1)
expect_match "unpacked weft runs stage 5" "From main thread" "$out"
# it linked the packaged runtime (found relative to itself), so compiled
# no runtime of its own into the cache
expect_eq "runtime objects compiled by the unpacked weft" "" \
  "$(ls "$WORK/cache" 2>/dev/null | grep '^rt-')"
finish
