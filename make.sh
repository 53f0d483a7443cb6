#!/bin/bash
# make.sh - set up, build and check weft on a Debian machine.
#   ./make.sh seed   install what is missing, build weft, run seed stage 5
#   ./make.sh test   install what is missing, build weft, run every test
#   ./make.sh build  install what is missing and build only
# Test data is read from ../shared unless WEFT_SHARED_DIR says otherwise.
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES="cmake make gcc g++ python3 file wabt clang-19 lld-19 wasi-libc
          libclang-rt-19-dev-wasm32 nodejs
          gcc-aarch64-linux-gnu gcc-arm-linux-gnueabihf gcc-s390x-linux-gnu
          qemu-user-static ccache distcc pkg-config gdb dpkg-dev
          libclang-rt-19-dev libfuzzer-19-dev"

install_missing() {
  local missing=()
  for p in $PACKAGES; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  echo "installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

build() {
  local shared=${WEFT_SHARED_DIR:-$PWD/../shared}
  cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DWEFT_SHARED_DIR="$shared" >/dev/null
  cmake --build build -j"$(nproc)"
}

install_missing
build
case "${1:-test}" in
  seed) ./build/weft run "${WEFT_SHARED_DIR:-../shared}/seed/programs/5-two-threads.wat" ;;
  test) cd build && ctest --output-on-failure -j"$(nproc)" ;;
  build) ;;
  *) echo "usage: ./make.sh seed|test|build" >&2; exit 2 ;;
esac
