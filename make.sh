#!/bin/bash
# make.sh - set up, build and check weft on a Debian machine.
#   ./make.sh seed   install what is missing, build weft, run seed stage 5
#   ./make.sh test   install what is missing, build weft, run every test
#   ./make.sh build  install what is missing and build only
#   ./make.sh sanitize  build under ASan+UBSan (build-asan/) and TSan
#                    (build-tsan/) and run the labels each covers there
# Test data is read from ../shared unless WEFT_SHARED_DIR says otherwise.
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES="cmake make gcc g++ python3 file wabt clang-19 lld-19 wasi-libc
          libclang-rt-19-dev-wasm32 nodejs
          gcc-aarch64-linux-gnu gcc-arm-linux-gnueabihf gcc-s390x-linux-gnu
          qemu-user-static ccache distcc pkg-config gdb dpkg-dev
          libclang-rt-19-dev libfuzzer-19-dev binaryen"

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

# build [DIR [cmake options...]]
build() {
  local dir=${1:-build} shared=${WEFT_SHARED_DIR:-$PWD/../shared}
  shift $(($# > 0 ? 1 : 0))
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DWEFT_SHARED_DIR="$shared" "$@" >/dev/null
  cmake --build "$dir" -j"$(nproc)"
}

# The sanitizer runs: the fast labels under ASan+UBSan; under TSan the
# threads tests, the threads-proposal spec scripts, wasi-threads and the
# threaded plugin and seed tests (README, "Sanitizers").
sanitize() {
  build build-asan -DWEFT_SANITIZE=address
  (cd build-asan && ctest --output-on-failure -j"$(nproc)" \
     -L '^(seed|unit|wast|bad_input|cli|wasi|plugin|threads|deep|exhaust)$')
  build build-tsan -DWEFT_SANITIZE=thread
  (cd build-tsan && ctest --output-on-failure -j"$(nproc)" \
     -R '^(threads_|spec_threads_|wasi_threads|wasi_testsuite_wasi_threads|plugin_threads|seed_|wast_threads|wast_atomics|exhaust_)')
}

install_missing
if [ "${1:-test}" = sanitize ]; then sanitize; exit; fi
build
case "${1:-test}" in
  seed) ./build/weft run "${WEFT_SHARED_DIR:-../shared}/seed/programs/5-two-threads.wat" ;;
  test) cd build && ctest --output-on-failure -j"$(nproc)" ;;
  build) ;;
  *) echo "usage: ./make.sh seed|test|build|sanitize" >&2; exit 2 ;;
esac
