#!/usr/bin/env python3
"""Writes atomic_rmw.wat: THREADS threads each run ITERS rounds of every
atomic read-modify-write family at every width on shared counters; the main
thread joins them (wait/notify) and checks every counter against the total
that only atomic updates can give, printing "ok FAMILY WIDTH" or
"FAIL FAMILY WIDTH" per counter.

Families and what a lost update would break:
  add, sub   counters end at +-THREADS*ITERS modulo the width
  xor        thread t flips bit t ITERS (odd) times: all THREADS bits end set
  and/or     thread t clears then sets bit t ITERS times, so all bits end set
  xchg       a spinlock (xchg 1 / atomic store 0) around a plain increment
  cmpxchg    a compare-and-swap increment loop
"""
import sys

THREADS, ITERS = 4, 3001   # ITERS odd, for xor
# (type, width in bits, opcode infix): the seven widths of every family
WIDTHS = [("i32", 32, ""), ("i64", 64, ""), ("i32", 8, "8"), ("i32", 16, "16"),
          ("i64", 8, "8"), ("i64", 16, "16"), ("i64", 32, "32")]
FAMILIES = ["add", "sub", "xor", "andor", "xchg", "cmpxchg"]


def rmw(t, w, inf, op):
    """The rmw instruction name, e.g. i64.atomic.rmw16.add_u."""
    return f"{t}.atomic.rmw{inf}.{op}" + ("_u" if inf else "")


def load(t, inf):
    return f"{t}.atomic.load{inf}" + ("_u" if inf else "")


def store(t, inf):
    return f"{t}.atomic.store{inf}"


def plain_load(t, w):
    return f"{t}.load" if w == (32 if t == "i32" else 64) else f"{t}.load{w}_u"


def plain_store(t, w):
    return f"{t}.store" if w == (32 if t == "i32" else 64) else f"{t}.store{w}"


def slot(fi, wi):
    return 1024 + (fi * len(WIDTHS) + wi) * 16   # counter; +8: its lock


def body(fi, wi):
    """One round of family fi at width wi for thread bit $bit."""
    t, w, inf = WIDTHS[wi]
    fam, a = FAMILIES[fi], slot(fi, wi)
    c = f"({t}.const"
    if fam in ("add", "sub"):
        return f"(drop ({rmw(t, w, inf, fam)} (i32.const {a}) {c} 1)))"
    if fam == "xor":
        return f"(drop ({rmw(t, w, inf, 'xor')} (i32.const {a}) ({t}.shl {c} 1) ({ext(t)} (local.get $bit)))))"
    if fam == "andor":
        return (f"(drop ({rmw(t, w, inf, 'and')} (i32.const {a}) ({t}.xor {c} -1) ({t}.shl {c} 1) ({ext(t)} (local.get $bit))))))\n"
                f"      (drop ({rmw(t, w, inf, 'or')} (i32.const {a}) ({t}.shl {c} 1) ({ext(t)} (local.get $bit)))))")
    if fam == "xchg":
        lock = a + 8
        return (f"(block $got (loop $spin (br_if $got ({t}.eqz ({rmw(t, w, inf, 'xchg')} (i32.const {lock}) {c} 1)))) (br $spin)))\n"
                f"      ({plain_store(t, w)} (i32.const {a}) ({t}.add ({plain_load(t, w)} (i32.const {a})) {c} 1)))\n"
                f"      ({store(t, inf)} (i32.const {lock}) {c} 0))")
    return (f"(block $done (loop $retry\n"
            f"        (local.set $old{t} ({load(t, inf)} (i32.const {a})))\n"
            f"        (br_if $done ({t}.eq (local.get $old{t}) ({rmw(t, w, inf, 'cmpxchg')} (i32.const {a}) (local.get $old{t}) ({t}.add (local.get $old{t}) {c} 1)))))\n"
            f"        (br $retry)))")


def ext(t):
    return "i64.extend_i32_u" if t == "i64" else "i32.add (i32.const 0)"


def expected(fi, wi):
    t, w, inf = WIDTHS[wi]
    mask = (1 << w) - 1
    fam = FAMILIES[fi]
    if fam in ("add", "xchg", "cmpxchg"):
        return (THREADS * ITERS) & mask
    if fam == "sub":
        return (-THREADS * ITERS) & mask
    if fam == "andor":   # starts all-ones but the THREADS low bits
        return mask
    return (1 << THREADS) - 1


def check(fi, wi):
    t, w, inf = WIDTHS[wi]
    name = f"{FAMILIES[fi]} {t} {w}"
    v = expected(fi, wi)
    okmsg, badmsg = msg(f"ok {name}\n"), msg(f"FAIL {name}\n")
    return (f"    (if ({t}.eq ({load(t, inf)} (i32.const {slot(fi, wi)})) ({t}.const {v}))\n"
            f"      (then (call $print (i32.const {okmsg[0]}) (i32.const {okmsg[1]})))\n"
            f"      (else (call $print (i32.const {badmsg[0]}) (i32.const {badmsg[1]}))\n"
            f"            (global.set $failed (i32.const 1))))")


messages = []
def msg(text):
    """Places text in the data section; returns (address, length)."""
    addr = 8192 + sum(len(m) + 1 for m in messages)
    messages.append(text)
    return addr, len(text)


def main():
    rounds = "\n      ".join(body(fi, wi) for fi in range(len(FAMILIES))
                             for wi in range(len(WIDTHS)))
    checks = "\n".join(check(fi, wi) for fi in range(len(FAMILIES))
                       for wi in range(len(WIDTHS)))
    init = "\n".join(
        f"    ({store(WIDTHS[wi][0], WIDTHS[wi][2])} (i32.const {slot(fi, wi)}) ({WIDTHS[wi][0]}.const -1))"
        for fi in range(len(FAMILIES)) for wi in range(len(WIDTHS))
        if FAMILIES[fi] == "andor")
    data = "\n".join(f'  (data (i32.const {8192 + sum(len(m) + 1 for m in messages[:i])}) "{m.replace(chr(10), chr(92) + "n")}")'
                     for i, m in enumerate(messages))
    # andor counters start all-ones except the THREADS low bits
    init = init.replace("const -1))", f"const {-(1 << THREADS)}))")
    sys.stdout.write(f""";; Generated by gen_atomic_rmw.py; do not edit.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "env" "memory" (memory 1 1 shared))
  (global $failed (mut i32) (i32.const 0))
  (func $print (param $p i32) (param $n i32)
    (i32.store (i32.const 0) (local.get $p))
    (i32.store (i32.const 4) (local.get $n))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 16))))
  (func (export "wasi_thread_start") (param $tid i32) (param $bit i32)
    (local $i i32) (local $oldi32 i32) (local $oldi64 i64)
    (loop $round
      {rounds}
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $round (i32.lt_u (local.get $i) (i32.const {ITERS}))))
    (drop (i32.atomic.rmw.add (i32.const 512) (i32.const 1)))
    (drop (memory.atomic.notify (i32.const 512) (i32.const 1))))
  (func (export "_start")
    (local $t i32) (local $n i32)
{init}
    (loop $spawn_all
      (if (i32.lt_s (call $spawn (local.get $t)) (i32.const 1)) (then (call $proc_exit (i32.const 3))))
      (local.set $t (i32.add (local.get $t) (i32.const 1)))
      (br_if $spawn_all (i32.lt_u (local.get $t) (i32.const {THREADS}))))
    (block $joined (loop $join
      (local.set $n (i32.atomic.load (i32.const 512)))
      (br_if $joined (i32.eq (local.get $n) (i32.const {THREADS})))
      (drop (memory.atomic.wait32 (i32.const 512) (local.get $n) (i64.const -1)))
      (br $join)))
{checks}
    (if (global.get $failed) (then (call $proc_exit (i32.const 1)))))
{data})
""")


if __name__ == "__main__":
    main()
