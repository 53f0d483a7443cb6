#!/usr/bin/env python3
"""difftest.py - differential execution of random modules: weft against
wabt's wasm-interp.

For each seed a valid module is made, by gen_module.py (odd seeds: deep
expression trees over every numeric instruction, memory at every width,
atomics, bulk memory, calls, SIMD in half of them; see there) or (even seeds) from random bytes
(Python's random, seeded) by binaryen's `wasm-opt -ttf` (with threads, bulk memory,
sign-extension, saturating conversions, multi-value; not SIMD, since with
it binaryen imports a log-v128 and plugins pass no v128; --denan, since Wasm
lets NaN bits differ between engines); wrap_exports.py makes every export
callable without arguments and comparable exactly; wasm-interp runs it
(--run-all-exports --dummy-import-func) and so does weft (`weft build
--shared`, then diff_host), and the two outputs must be equal: every
import call with its arguments, every result or trap, and a hash of memory
at the end.  A trap's detail after the message is dropped (wasm-interp adds
addresses).  A module the reference cannot run in time is skipped; one it
cannot run to the end (see compare) is compared as far as it ran.

  difftest.py --weft WEFT --host DIFF_HOST --work DIR --seeds FIRST:COUNT
              [-j JOBS] [-O LEVEL] [--gen ttf|own|both] [--modules M.wasm...]

Prints one line per mismatch (the inputs are kept in DIR/mismatch-SEED/)
and a summary; exits 1 if any module differed or weft failed on it.
"""
import argparse
import concurrent.futures
import os
import random
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
FEATURES = ["--enable-threads", "--enable-bulk-memory", "--enable-sign-ext",
            "--enable-nontrapping-float-to-int", "--enable-mutable-globals",
            "--enable-multivalue"]


def run(cmd, timeout, **kw):
    try:
        return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=timeout, **kw)
    except subprocess.TimeoutExpired:
        return None


def normalize(text):
    """wasm-interp's output without the detail after a trap's message."""
    lines = []
    for line in text.splitlines():
        head, sep, msg = line.partition("error: ")
        if sep:
            line = head + sep + msg.split(": ")[0]
        lines.append(line)
    return lines


def make_module(seed, d, gen):
    """d/m.wasm from seed: binaryen's translate-to-fuzz (gen "ttf"),
    gen_module.py ("own"), or one and the other by the seed's parity; with
    --modules, the seed-th file given."""
    if isinstance(gen, list):
        shutil.copy(gen[seed], os.path.join(d, "gen.wasm"))
        return wrap(d)
    if gen == "own" or (gen == "both" and seed % 2):
        wat = os.path.join(d, "gen.wat")
        r = run([sys.executable, os.path.join(HERE, "gen_module.py"), str(seed)], 60)
        if r is None or r.returncode:
            return "gen_module.py failed"
        with open(wat, "wb") as f:
            f.write(r.stdout)
        r = run(["wat2wasm", "--enable-threads", wat, "-o", os.path.join(d, "gen.wasm")], 60)
        if r is None or r.returncode:
            return "wat2wasm: " + (r.stderr.decode(errors="replace").strip()[:200] if r else "timeout")
        return wrap(d)
    rng = random.Random(seed)
    raw = bytes(rng.getrandbits(8) for _ in range(rng.randint(1024, 24576)))
    with open(os.path.join(d, "random.bin"), "wb") as f:
        f.write(raw)
    gen = os.path.join(d, "gen.wasm")
    r = run(["wasm-opt", os.path.join(d, "random.bin"), "-ttf", *FEATURES,
             "--denan", "-o", gen], 60)
    if r is None or r.returncode:
        return "wasm-opt could not make a module"
    return wrap(d)


def wrap(d):
    r = run([sys.executable, os.path.join(HERE, "wrap_exports.py"), os.path.join(d, "gen.wasm"),
             os.path.join(d, "m.wasm")], 60)
    if r is None or r.returncode:
        return "wrap_exports.py: " + (r.stderr.decode(errors="replace").strip() if r else "timeout")
    return None


def check(seed, args):
    """('same'|'partial'|'skip'|'differ', why) for one seed."""
    d = os.path.join(args.work, "s%d" % seed)
    os.makedirs(d, exist_ok=True)
    why = make_module(seed, d, args.modules or args.gen)
    if why:
        return "skip", why
    m = os.path.join(d, "m.wasm")
    ref = run(["wasm-interp", "--enable-threads", "--run-all-exports",
               "--dummy-import-func", m], 30)
    if ref is None:
        return "skip", "wasm-interp ran out of time"
    if ref.returncode:
        return "skip", "wasm-interp failed: " + ref.stderr.decode(errors="replace").strip()[:200]
    so = os.path.join(d, "m.so")
    b = run([args.weft, "build", "--shared", "-O%d" % args.opt, m, "-o", so], 600,
            env=dict(os.environ, WEFT_CACHE_DIR=os.path.join(args.work, "cache")))
    if b is None or b.returncode:
        return "differ", "weft build failed: " + (b.stderr.decode(errors="replace").strip()[:300] if b else "timeout")
    got = run([args.host, so], 60)
    if got is None:
        return "differ", "weft's run timed out (wasm-interp finished)"
    if got.returncode:
        return "differ", "weft's run exited %d: %s" % (got.returncode, got.stderr.decode(errors="replace").strip()[:300])
    return compare(normalize(ref.stdout.decode(errors="replace")),
                   normalize(got.stdout.decode(errors="replace")))


def same_line(want, have):
    """wasm-interp says "invalid atomic access" both for an unaligned and for
    an out-of-bounds atomic; weft (as the spec's interpreter) tells them
    apart."""
    head, sep, msg = want.partition("error: ")
    if sep and msg.startswith("invalid atomic access"):
        return have in (head + "error: out of bounds memory access",
                        head + "error: atomic memory access is unaligned")
    return want == have


def compare(want, have):
    """wasm-interp 1.0.32 implements neither atomic.fence nor
    memory.atomic.notify/wait ("not implemented"): the outputs are compared up
    to the first such call, after which the two states part."""
    for i in range(max(len(want), len(have))):
        w = want[i] if i < len(want) else "(nothing)"
        h = have[i] if i < len(have) else "(nothing)"
        if w.endswith("error: not implemented"):
            if i:
                return "partial", None
            return "skip", "wasm-interp lacks the first call's instructions"
        if not same_line(w, h):
            return "differ", "line %d: wasm-interp %r, weft %r" % (i + 1, w, h)
    return "same", None


def one(seed, args):
    status, why = check(seed, args)
    d = os.path.join(args.work, "s%d" % seed)
    if status == "differ":
        keep = os.path.join(args.work, "mismatch-%d" % seed)
        shutil.rmtree(keep, ignore_errors=True)
        os.rename(d, keep)
    else:
        shutil.rmtree(d, ignore_errors=True)
    return seed, status, why


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--weft", required=True)
    ap.add_argument("--host", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--seeds", default="1:100", help="FIRST:COUNT")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("-O", "--opt", type=int, default=1)
    ap.add_argument("--gen", choices=["ttf", "own", "both"], default="both")
    ap.add_argument("--modules", nargs="+", help="check these .wasm files instead of seeds")
    args = ap.parse_args()
    args.work = os.path.abspath(args.work)
    os.makedirs(args.work, exist_ok=True)
    first, count = (int(x) for x in args.seeds.split(":"))
    if args.modules:
        args.modules = [os.path.abspath(m) for m in args.modules]
        first, count = 0, len(args.modules)
    start = time.time()
    counts = {"same": 0, "partial": 0, "skip": 0, "differ": 0}
    skips = {}
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for seed, status, why in pool.map(lambda s: one(s, args), range(first, first + count)):
            counts[status] += 1
            if status == "differ":
                print("seed %d: %s (kept in %s/mismatch-%d)" % (seed, why, args.work, seed), flush=True)
            elif status == "skip":
                skips[why.split(":")[0]] = skips.get(why.split(":")[0], 0) + 1
    print("difftest: %d modules, %d the same to the end, %d the same as far as"
          " wasm-interp ran, %d differ, %d skipped %s, -O%d, %.0f s"
          % (count, counts["same"], counts["partial"], counts["differ"], counts["skip"],
             skips or "", args.opt, time.time() - start))
    if args.modules:
        print("difftest: modules %s" % " ".join(os.path.basename(m) for m in args.modules))
    else:
        print("difftest: generators %s, seeds %s" % (args.gen, args.seeds))
    sys.exit(1 if counts["differ"] else 0)


if __name__ == "__main__":
    main()
