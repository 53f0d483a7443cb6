#!/bin/bash
# capability.sh - a program sees the host only through its --dir: every
# escape capability_escape.wat tries (.., absolute path, host-made links
# pointing out, a chain of guest-made links, a trailing slash) is
# ENOTCAPABLE, both through `weft run --dir` and a built program's
# `--weft --dir`, and nothing outside the preopen is read or created.
. "$TESTS/lib/expect.sh"
mkdir -p "$WORK/box/root/sub" "$WORK/box/outside"
echo secret > "$WORK/box/outside/secret"
: > "$WORK/box/root/sub/file"
ln -s ../outside "$WORK/box/root/out"
ln -s /etc/passwd "$WORK/box/root/abs"
want=$'../outside/secret 76\n/etc/passwd 76\nsub/../../outside/secret 76
out/secret 76\nabs 76\nc1/secret 76\n../outside/new 76\nsymlink /etc -> mine 76
stat out/ 76\nsub/../sub/./file 00'

check_outside() {
  expect_eq "$1: outside/secret untouched" secret "$(cat "$WORK/box/outside/secret")"
  expect_eq "$1: nothing created outside" secret "$(ls "$WORK/box/outside")"
  rm -f "$WORK/box/root/c1" "$WORK/box/root/c2"
}

cd "$WORK/box"
out=$("$WEFT" run --dir root::root "$TESTS/wasi/capability_escape.wat"); st=$?
expect_eq "weft run: exit status" 0 "$st"
expect_eq "weft run: every escape refused" "$want" "$out"
check_outside "weft run"

"$WEFT" build "$TESTS/wasi/capability_escape.wat" -o "$WORK/escape" ||
  fail "weft build"
out=$("$WORK/escape" --weft --dir "$WORK/box/root::root" --); st=$?
expect_eq "built program: exit status" 0 "$st"
expect_eq "built program: every escape refused" "$want" "$out"
check_outside "built program"

# Without --dir the program has no fd 3 at all.
out=$("$WORK/escape" | head -1)
expect_eq "no preopen: fd 3 is bad" "../outside/secret 08" "$out"
finish
