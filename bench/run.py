#!/usr/bin/env python3
"""bench/run.py - build and run weft's benchmarks and print four tables.

    python3 bench/run.py            # everything, 5 runs of each variant
    python3 bench/run.py --quick    # everything, 1 run of each variant
    python3 bench/run.py --check    # correctness smoke test at tiny sizes

1. Kernels (bench/kernels/*.c): each is compiled natively with gcc -O2 (the
   baseline) and to wasm32-wasi with clang-19 -O2 + wasi-libc; the wasm runs
   through weft (weft build -O2), as a weft plugin (weft build --shared,
   run by bench/plugin/run_plugin.c through libweft: what plugin code
   costs), Debian's wasm2c with our WASI glue (bench/wasm2c/), and
   node (node:wasi, bench/node/run_wasi.mjs).  Each
   kernel times itself (monotonic clock around the work, printed on stderr
   as BENCH_TIME), so start-up, and node's compilation before main, are not
   counted.  Every run's stdout must equal the native one (the kernels also
   check their own checksum and exit non-zero on a mismatch).
2. Thread primitives (bench/threads/*.c): the same C source built natively
   (pthreads, futex) and for wasm32 with wasi-threads (libc-free, thread
   entry in tb_entry_wasm.s), run through weft; each prints its own
   measurement.
3. Plugin calls (bench/plugin/calls.c): ns per call from a host into a
   plugin (typed fast path and by name) and from a plugin into a host
   function, against a native call through a function pointer.
4. Build cost (bench/bigmodule/build_cost.py): a generated C program
   (bench/bigmodule/gen.py, about 5 MB of wasm) and a real one (Yosys from
   npm, 30.8 MB of wasm, downloaded once): translation speed, memory and C
   size against wasm2c; the first weft build's wall time and peak memory
   per compiler job; builds through ccache (cold, warm) and distcc.

Times are medians over the runs.  Variants run interleaved (kernel by
kernel, one variant after another) so that load from elsewhere on the
machine spreads over all of them.  This is a benchmark, not a test: it
asserts nothing about speed.  --check asserts only correctness and ends
with "N passed, M failed".

Only the Python standard library is used.  Everything is built under the
work directory (default build/bench); builds are redone when a source, a
tool or weft changed.  At most one compiler command runs at a time
(weft build itself may run two C compiles).
"""
import argparse
import hashlib
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
KERNELS = BENCH / "kernels"
THREADS = BENCH / "threads"
W2C_GLUE = BENCH / "wasm2c" / "wasi_glue.c"
NODE_RUNNER = BENCH / "node" / "run_wasi.mjs"
GEN = BENCH / "bigmodule" / "gen.py"

VARIANTS = ["native", "weft", "plugin", "wasm2c", "node"]
# The SIMD table: kernels built for wasm with -msimd128 (clang's
# auto-vectoriser; dotprod is written with wasm_simd128.h intrinsics) run
# through weft, wasm2c and node, beside the scalar weft build and native
# gcc -O2 (which vectorises too).
SIMD_KERNELS = ["matmul", "memops", "stencil2d", "strings", "sha256", "dotprod"]
SIMD_VARIANTS = ["native", "weft-scalar", "weft", "wasm2c", "node"]
PLUGIN = BENCH / "plugin"
THREAD_PROGRAMS = ["rmw", "pingpong", "spawn", "parallel"]
# clang runs binaryen's wasm-opt after linking when it is on PATH and the
# link command has -O (and clang 19's --no-wasm-opt skips the link step
# altogether), so wasm is built in two steps: compile with -O2, link without
# -O.  The wasm is then what clang-19 + wasm-ld alone make.
WASM_CC_FLAGS = ["--target=wasm32-wasi", "-O2"]
WASM_LINK_FLAGS = ["--target=wasm32-wasi"]
WASM_THREAD_CC_FLAGS = ["--target=wasm32-wasi", "-O2", "-nostdlib", "-matomics", "-mbulk-memory"]
WASM_THREAD_LINK_FLAGS = ["--target=wasm32-wasi", "-nostdlib",
                          "-Wl,--shared-memory", "-Wl,--import-memory",
                          "-Wl,--initial-memory=16777216", "-Wl,--max-memory=16777216",
                          "-Wl,-z,stack-size=65536"]
W2C_INCLUDE_DIRS = ["/usr/share/wabt/wasm2c", "/usr/src/wasm2c"]
RUN_TIMEOUT = 900
# node 20's WASI imports go through V8 fast API calls, which crash some
# wasm32-wasi programs (SIGSEGV or abort, usually after main has returned;
# here recursion and stencil2d at a 1536^2 grid): nodejs/node#53087.
# Turning fast API calls off only changes how WASI calls are made.
NODE_FLAGS = ["--no-warnings", "--no-turbo-fast-api-calls"]

# Targets from the benchmark issue; printed under the tables.
THREAD_TARGETS = {  # metric: (max weft/native, how it reads)
    "rmw_1thread": (1.10, "a seq_cst rmw costs what C11 costs natively"),
    "wait_notify_round_trip": (1.5, "<= 1.5x native futex"),
    "spawn_join": (2.0, "<= 2x pthread_create+join"),
}


def log(msg):
    print(msg, file=sys.stderr, flush=True)


class BuildError(Exception):
    pass


# ---- tools and building -----------------------------------------------------

def find_tools(args):
    weft = Path(args.weft) if args.weft else ROOT / "build" / "weft"
    tools = {
        "gcc": shutil.which(args.cc),
        "clang": shutil.which(args.wasm_cc),
        "weft": str(weft) if weft.exists() else None,
        "wasm2c": shutil.which("wasm2c"),
        "node": shutil.which("node"),
    }
    # the plugin variant: the kernel built with weft build --shared, run by
    # bench/plugin/run_plugin.c through the libweft beside the weft binary
    tools["libweft"] = (str(Path(tools["weft"]).parent) if tools["weft"] and
                        (Path(tools["weft"]).parent / "libweft.so").exists() else None)
    tools["w2c_include"] = next((d for d in W2C_INCLUDE_DIRS
                                 if Path(d, "wasm-rt-impl.h").exists()), None)
    for need in ("gcc", "clang", "weft"):
        if not tools[need]:
            sys.exit(f"run.py: {need} not found ({'build weft first: ./make.sh build' if need == 'weft' else 'install it: ./make.sh build installs the toolchain'})")
    if not tools["w2c_include"]:
        tools["wasm2c"] = None
    return tools


def stale(target, inputs):
    """True when target is missing or older than any input file."""
    target = Path(target)
    if not target.exists():
        return True
    t = target.stat().st_mtime
    return any(Path(i).stat().st_mtime > t for i in inputs)


def sh(cmd, env=None, cwd=None, what=None):
    """Runs a build command; raises BuildError with its output on failure."""
    r = subprocess.run([str(c) for c in cmd], env=env, cwd=cwd, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    if r.returncode:
        raise BuildError(f"{what or cmd[0]} failed ({' '.join(map(str, cmd))}):\n{r.stdout[-3000:]}")
    return r.stdout


def wasm_build(tools, cflags, lflags, srcs, out, libs=()):
    """Compiles srcs with cflags, links them without -O (no wasm-opt) into out."""
    objs = []
    for src in srcs:
        obj = Path(str(out) + "." + Path(src).name + ".o")
        sh([tools["clang"], *cflags, "-c", "-o", obj, src], what="clang-19")
        objs.append(obj)
    sh([tools["clang"], *lflags, "-o", out, *objs, *libs], what="clang-19 (link)")
    if not Path(out).exists():
        raise BuildError(f"clang-19 made no {out}")


def weft_env(work):
    env = dict(os.environ)
    env["WEFT_CACHE_DIR"] = str(work / "weft-cache")  # keep the user's cache clean
    return env


def build_plugin_host(work, tools, name):
    """Builds bench/plugin/NAME.c against libweft; its path, or None."""
    if not tools["libweft"]:
        return None
    src, lib = PLUGIN / f"{name}.c", tools["libweft"]
    exe = work / f"plugin-{name}"
    if stale(exe, [src, Path(lib) / "libweft.so", ROOT / "host" / "weft.h"]):
        sh([tools["gcc"], "-O2", "-I", ROOT / "host", "-o", exe, src, "-L", lib,
            "-lweft", f"-Wl,-rpath,{lib}"], what=f"gcc ({name}.c)")
    return exe


def build_kernel(name, work, tools, defines, simd=False):
    """Builds every variant of one kernel; returns {variant: argv or None}.
    With simd, the wasm is built with -msimd128 (no plugin variant; wasm2c
    only if it manages)."""
    src = KERNELS / f"{name}.c"
    common = [src, KERNELS / "bench.h", Path(__file__)]
    if simd:
        cmds = build_simd_kernel(name, work, tools, defines, src, common)
        cmds["weft-scalar"] = build_kernel(name, work, tools, defines)["weft"]
        return cmds
    d = work / "kernels" / name
    d.mkdir(parents=True, exist_ok=True)
    cmds = {}
    native = d / f"{name}.native"
    if stale(native, common + [tools["gcc"]]):
        sh([tools["gcc"], "-O2", *defines, "-o", native, src, "-lm"], what="gcc")
    cmds["native"] = [native]
    wasm = d / f"{name}.wasm"
    if stale(wasm, common + [tools["clang"]]):
        wasm_build(tools, WASM_CC_FLAGS + defines, WASM_LINK_FLAGS, [src], wasm, ["-lm"])
    exe = d / f"{name}.weft"
    if stale(exe, [wasm, tools["weft"]]):
        sh([tools["weft"], "build", "-O2", wasm, "-o", exe], env=weft_env(work), what="weft build")
    cmds["weft"] = [exe]
    cmds["plugin"] = None
    runner = build_plugin_host(work, tools, "run_plugin")
    if runner:
        so = d / f"lib{name}.so"
        if stale(so, [wasm, tools["weft"]]):
            sh([tools["weft"], "build", "-O2", "--shared", wasm, "-o", so],
               env=weft_env(work), what="weft build --shared")
        cmds["plugin"] = [runner, so]
    cmds["wasm2c"] = None
    if tools["wasm2c"]:
        w2c_dir = d / "wasm2c"
        w2c_dir.mkdir(exist_ok=True)
        w2c_exe = w2c_dir / f"{name}.wasm2c"
        if stale(w2c_exe, [wasm, W2C_GLUE, tools["wasm2c"]]):
            sh([tools["wasm2c"], "-n", "kernel", wasm, "-o", w2c_dir / "kernel.c"], what="wasm2c")
            sh([tools["gcc"], "-O2", "-I", w2c_dir, "-I", tools["w2c_include"],
                "-o", w2c_exe, w2c_dir / "kernel.c", W2C_GLUE, *wasm_rt_impl(tools), "-lm"],
               what="gcc (wasm2c output)")
        cmds["wasm2c"] = [w2c_exe]
    cmds["node"] = ([tools["node"], *NODE_FLAGS, NODE_RUNNER, wasm]
                    if tools["node"] else None)
    return cmds


def build_simd_kernel(name, work, tools, defines, src, common):
    d = work / "kernels-simd" / name
    d.mkdir(parents=True, exist_ok=True)
    native = work / "kernels" / name / f"{name}.native"
    native.parent.mkdir(parents=True, exist_ok=True)
    if stale(native, common + [tools["gcc"]]):
        sh([tools["gcc"], "-O2", *defines, "-o", native, src, "-lm"], what="gcc")
    cmds = {"native": [native]}
    wasm = d / f"{name}.wasm"
    if stale(wasm, common + [tools["clang"]]):
        wasm_build(tools, WASM_CC_FLAGS + ["-msimd128"] + defines, WASM_LINK_FLAGS,
                   [src], wasm, ["-lm"])
    exe = d / f"{name}.weft"
    if stale(exe, [wasm, tools["weft"]]):
        sh([tools["weft"], "build", "-O2", wasm, "-o", exe], env=weft_env(work), what="weft build")
    cmds["weft"] = [exe]
    cmds["wasm2c"] = None
    if tools["wasm2c"]:
        w2c_dir = d / "wasm2c"
        w2c_dir.mkdir(exist_ok=True)
        w2c_exe = w2c_dir / f"{name}.wasm2c"
        try:
            if stale(w2c_exe, [wasm, W2C_GLUE, tools["wasm2c"]]):
                sh([tools["wasm2c"], "-n", "kernel", wasm, "-o", w2c_dir / "kernel.c"],
                   what="wasm2c")
                sh([tools["gcc"], "-O2", "-I", w2c_dir, "-I", tools["w2c_include"],
                    "-o", w2c_exe, w2c_dir / "kernel.c", W2C_GLUE, *wasm_rt_impl(tools),
                    "-lm"], what="gcc (wasm2c output)")
            cmds["wasm2c"] = [w2c_exe]
        except BuildError:
            log(f"wasm2c cannot build the SIMD {name}: n/a")
    cmds["node"] = ([tools["node"], *NODE_FLAGS, NODE_RUNNER, wasm]
                    if tools["node"] else None)
    return cmds


def wasm_rt_impl(tools):
    """wasm2c's runtime: Debian's static library, else its shipped source."""
    for lib in ("/usr/lib/x86_64-linux-gnu/libwasm-rt-impl.a", "/usr/lib/libwasm-rt-impl.a"):
        if Path(lib).exists():
            return [lib]
    return [Path(tools["w2c_include"]) / "wasm-rt-impl.c"]


def build_thread_program(name, work, tools, defines):
    src = THREADS / f"{name}.c"
    common = [src, THREADS / "tb.h", Path(__file__)]
    d = work / "threads" / name
    d.mkdir(parents=True, exist_ok=True)
    native = d / f"{name}.native"
    if stale(native, common + [tools["gcc"]]):
        sh([tools["gcc"], "-O2", "-pthread", *defines, "-o", native, src], what="gcc")
    wasm = d / f"{name}.wasm"
    entry = THREADS / "tb_entry_wasm.s"
    if stale(wasm, common + [entry, tools["clang"]]):
        wasm_build(tools, WASM_THREAD_CC_FLAGS + defines, WASM_THREAD_LINK_FLAGS, [src, entry], wasm)
    exe = d / f"{name}.weft"
    if stale(exe, [wasm, tools["weft"]]):
        sh([tools["weft"], "build", "-O2", wasm, "-o", exe], env=weft_env(work), what="weft build")
    return {"native": [native], "weft": [exe]}


# ---- running ------------------------------------------------------------------

class RunResult:
    def __init__(self, rc, out, err, wall):
        self.rc, self.out, self.err, self.wall = rc, out, err, wall

    def bench_time(self):
        m = re.search(r"^BENCH_TIME ([0-9.]+)$", self.err, re.M)
        return float(m.group(1)) if m else None

    def results(self):
        return {m.group(1): (float(m.group(2)), m.group(3))
                for m in re.finditer(r"^RESULT (\S+) ([0-9.]+) (\S+)$", self.out, re.M)}


def run(cmd, cwd, cpu=None):
    """Runs cmd; with cpu, pinned to that CPU (see --cpu)."""
    t0 = time.monotonic()
    pin = (lambda: os.sched_setaffinity(0, {cpu})) if cpu is not None else None
    try:
        r = subprocess.run([str(c) for c in cmd], cwd=cwd, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           timeout=RUN_TIMEOUT, preexec_fn=pin)
        return RunResult(r.returncode, r.stdout, r.stderr, time.monotonic() - t0)
    except subprocess.TimeoutExpired:
        return RunResult(-1, "", f"timed out after {RUN_TIMEOUT} s", time.monotonic() - t0)


def measure(cmd, env=None):
    """Runs cmd; returns (returncode, wall seconds, peak RSS in MiB of cmd and
    every child it waited for, e.g. the C compiler under weft build)."""
    t0 = time.monotonic()
    p = subprocess.Popen([str(c) for c in cmd], stdin=subprocess.DEVNULL, env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    p.stderr.close()
    return p.returncode, time.monotonic() - t0, ru.ru_maxrss / 1024.0, err.decode(errors="replace")


# ---- formatting -----------------------------------------------------------------

def geomean(xs):
    xs = [x for x in xs if x is not None and x > 0]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else None


def fmt(x, spec="{:.3f}"):
    return "n/a" if x is None else spec.format(x)


def table(headers, rows, align=None):
    cells = [headers] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    align = align or ["<"] + [">"] * (len(headers) - 1)
    lines = []
    for k, r in enumerate(cells):
        lines.append("  ".join(f"{c:{a}{w}}" for c, a, w in zip(r, align, widths)).rstrip())
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


# ---- the three parts --------------------------------------------------------------

def kernel_names(only):
    names = sorted(p.stem for p in KERNELS.glob("*.c"))
    return [n for n in names if not only or n in only]


def do_kernels(args, work, tools, failures, simd=False):
    names = kernel_names(args.only)
    variants = SIMD_VARIANTS if simd else VARIANTS
    if simd:
        names = [n for n in names if n in SIMD_KERNELS]
    builds = {}
    for i, n in enumerate(names):
        log(f"[build {i + 1}/{len(names)}] {'SIMD ' if simd else ''}kernel {n}")
        try:
            builds[n] = build_kernel(n, work, tools, [], simd=simd)
        except BuildError as e:
            failures.append(f"kernel {n}: {e}")
            log(str(e))
    times = {n: {v: [] for v in variants} for n in builds}
    bad = {n: {} for n in builds}
    for rep in range(args.runs):
        for n, cmds in builds.items():
            line = []
            expect = None
            for v in variants:
                if not cmds.get(v) or v in bad[n]:
                    continue
                # node's compiler and GC run on threads of their own: never pinned
                r = run(cmds[v], cwd=work, cpu=None if v == "node" else args.cpu)
                t = r.bench_time()
                if v == "native":
                    expect = r.out
                if r.rc != 0 or t is None or (expect is not None and r.out != expect):
                    why = (f"exit {r.rc}" if r.rc else
                           "stdout differs from native" if t is not None else "no BENCH_TIME")
                    bad[n][v] = why
                    failures.append(f"kernel {n} under {v}: {why}: {(r.out + r.err).strip()[-400:]}")
                    line.append(f"{v} FAIL")
                    continue
                times[n][v].append(t)
                line.append(f"{v} {t:.3f}")
            log(f"[run {rep + 1}/{args.runs}] {n}: " + ", ".join(line))
    rows, ratios = [], {v: [] for v in variants[1:]}
    for n in builds:
        med = {v: statistics.median(times[n][v]) if times[n][v] else None for v in variants}
        row = [n] + [fmt(med[v]) if v not in bad[n] else "FAIL" for v in variants]
        for v in variants[1:]:
            r = med[v] / med["native"] if med[v] and med["native"] else None
            ratios[v].append(r)
            row.append(fmt(r, "{:.2f}"))
        rows.append(row)
    gm = ["geomean"] + [""] * len(variants) + [fmt(geomean(ratios[v]), "{:.2f}")
                                                for v in variants[1:]]
    rows.append(gm)
    pinned = "" if args.cpu is None else f"; native, weft and wasm2c pinned to CPU {args.cpu}"
    what = ("SIMD kernels: wasm built with clang-19 -O2 -msimd128 (weft-scalar: "
            "without)" if simd else "Kernels")
    print(f"\n{what}: median of {args.runs} run(s), seconds inside the program; "
          f"ratios to native gcc -O2 (lower is better){pinned}\n")
    print(table(["kernel"] + [f"{v} s" for v in variants] +
                [f"{v}/nat" for v in variants[1:]], rows))
    if simd:
        mm = [r for n, r in zip(builds, ratios["weft"]) if n == "matmul" and r]
        print("\ntarget: matmul with -msimd128 through weft <= 1.2x native [{}]".format(
            "n/a" if not mm else "met" if mm[0] <= 1.2 else "not met"))
        return
    pairs = [(a, b) for a, b in zip(ratios["weft"], ratios["plugin"]) if a and b]
    if pairs:
        print("\nplugin = the same wasm built with weft build --shared, run through "
              "libweft (interruptible by signal, the stack limit in the instance); "
              f"its cost over weft: geomean {geomean([b / a for a, b in pairs]):.3f}x, "
              f"worst {max(b / a for a, b in pairs):.3f}x")
    w = [r for r in ratios["weft"] if r]
    g = geomean(w)
    w2c_pairs = [(a, b) for a, b in zip(ratios["weft"], ratios["wasm2c"]) if a and b]
    print("\ntargets: geomean weft/native <= 1.05 [{}], no kernel above 1.25 [{}], "
          "weft faster than wasm2c on the geomean and every kernel [{}]".format(
              "n/a" if g is None else ("met" if g <= 1.05 else "not met"),
              "n/a" if not w else ("met" if max(w) <= 1.25 else "not met"),
              "n/a" if not w2c_pairs else
              ("met" if all(a < b for a, b in w2c_pairs)
               and geomean([a for a, _ in w2c_pairs]) < geomean([b for _, b in w2c_pairs])
               else "not met")))


def do_threads(args, work, tools, failures):
    builds = {}
    for n in THREAD_PROGRAMS:
        log(f"[build] thread benchmark {n}")
        try:
            builds[n] = build_thread_program(n, work, tools, [])
        except BuildError as e:
            failures.append(f"thread benchmark {n}: {e}")
            log(str(e))
    vals = {}  # metric -> variant -> [values]
    units, order = {}, []
    for rep in range(args.runs):
        for n, cmds in builds.items():
            for v in ("native", "weft"):
                r = run(cmds[v], cwd=work)
                if r.rc != 0 or not r.results():
                    failures.append(f"thread benchmark {n} under {v}: exit {r.rc}: "
                                    f"{(r.out + r.err).strip()[-400:]}")
                    continue
                for metric, (x, unit) in r.results().items():
                    if metric not in units:
                        units[metric] = unit
                        order.append(metric)
                    vals.setdefault(metric, {}).setdefault(v, []).append(x)
                log(f"[run {rep + 1}/{args.runs}] {n} {v}: " +
                    ", ".join(f"{m} {x:g}" for m, (x, _) in r.results().items()))
    rows = []
    for m in order:
        med = {v: statistics.median(vals[m][v]) if vals[m].get(v) else None
               for v in ("native", "weft")}
        ratio = med["weft"] / med["native"] if med["weft"] and med["native"] else None
        target = THREAD_TARGETS.get(m)
        verdict = ""
        if target and ratio is not None:
            verdict = f"<= {target[0]:g} [{'met' if ratio <= target[0] else 'not met'}]"
        if m == "parallel_speedup" and ratio is not None:
            verdict = "weft speed-up / native speed-up"
        rows.append([m, units[m], fmt(med["native"]), fmt(med["weft"]), fmt(ratio, "{:.2f}"),
                     verdict])
    print(f"\nThread primitives: median of {args.runs} run(s), measured inside each program; "
          "native = gcc -O2 + pthreads/futex, weft = the same C as wasm32 wasi-threads\n")
    print(table(["primitive", "unit", "native", "weft", "weft/nat", "target"], rows,
                ["<", "<", ">", ">", ">", "<"]))


def do_plugin_calls(args, work, tools, failures):
    """ns per call across the host/plugin boundary (bench/plugin/calls.c)."""
    host = build_plugin_host(work, tools, "calls")
    if not host:
        failures.append("plugin calls: libweft.so not found beside weft")
        return
    so = work / "libcalls.so"
    if stale(so, [PLUGIN / "calls.wat", tools["weft"]]):
        sh([tools["weft"], "build", "-O2", "--shared", PLUGIN / "calls.wat", "-o", so],
           env=weft_env(work), what="weft build --shared")
    vals, units, order = {}, {}, []
    for rep in range(args.runs):
        r = run([host, so], cwd=work, cpu=args.cpu)
        if r.rc or not r.results():
            failures.append(f"plugin calls: exit {r.rc}: {(r.out + r.err).strip()[-400:]}")
            return
        for m, (x, unit) in r.results().items():
            if m not in units:
                units[m] = unit
                order.append(m)
            vals.setdefault(m, []).append(x)
        log(f"[run {rep + 1}/{args.runs}] plugin calls: " +
            ", ".join(f"{m} {x:g}" for m, (x, _) in r.results().items()))
    base = statistics.median(vals["native_fnptr_call"])
    rows = [[m, units[m], fmt(statistics.median(vals[m]), "{:.2f}"),
             fmt(statistics.median(vals[m]) / base, "{:.1f}")] for m in order]
    print(f"\nPlugin calls: median of {args.runs} run(s), ns per call "
          "(bench/plugin/calls.c; an empty export, an empty host import)\n")
    print(table(["call", "unit", "time", "x native"], rows, ["<", "<", ">", ">"]))


def big_module(work, tools, funcs):
    """Generates and compiles the big module (cached by generator and size)."""
    d = work / "bigmodule"
    d.mkdir(parents=True, exist_ok=True)
    key = hashlib.sha256(GEN.read_bytes() + str([funcs] + WASM_CC_FLAGS + WASM_LINK_FLAGS).encode()).hexdigest()[:12]
    wasm = d / f"big-{funcs}-{key}.wasm"
    if not wasm.exists():
        src = d / f"big-{funcs}-{key}.c"
        log(f"[build] generating {funcs} functions and compiling them with clang-19 -O2 "
            "(once; cached)")
        sh([sys.executable, GEN, funcs, src], what="gen.py")
        tmp = Path(str(wasm) + ".tmp")
        wasm_build(tools, WASM_CC_FLAGS, WASM_LINK_FLAGS, [src], tmp)
        os.replace(tmp, wasm)
    return wasm


def do_build_cost(args, work, tools, failures, real):
    sys.path.insert(0, str(BENCH / "bigmodule"))
    from build_cost import run_build_cost
    print(f"\nThe generated module has {args.big_funcs} functions (bench/bigmodule/gen.py)")
    run_build_cost(big_module(work, tools, args.big_funcs), work, tools, measure, fmt, table,
                   log, failures, [tools["node"], *NODE_FLAGS, NODE_RUNNER], real=real)


def do_check(args, work, tools):
    """Tiny sizes, every variant once, outputs compared; no timing."""
    passed, failed, skipped = 0, 0, []
    runs = [(n, False) for n in kernel_names(args.only)]
    runs += [(n, True) for n in kernel_names(args.only) if n in SIMD_KERNELS]
    for n, simd in runs:
        label = f"{'SIMD ' if simd else ''}kernel {n}"
        try:
            cmds = build_kernel(n, work, tools, ["-DBENCH_CHECK"], simd=simd)
        except BuildError as e:
            print(f"FAIL {label}: build: {e}")
            failed += 1
            continue
        expect = None
        for v in (SIMD_VARIANTS if simd else VARIANTS):
            if not cmds.get(v):
                skipped.append(f"{n}/{v}{'/simd' if simd else ''}")
                continue
            r = run(cmds[v], cwd=work)
            if v == "native":
                expect = r.out
            ok = r.rc == 0 and r.bench_time() is not None and r.out == expect and " ok" in r.out
            print(f"{'ok  ' if ok else 'FAIL'} {label} under {v}: {r.out.strip()}"
                  + ("" if ok else f" (exit {r.rc}; native printed {expect.strip()!r}; "
                     f"stderr {r.err.strip()[-300:]!r})"), flush=True)
            passed, failed = passed + ok, failed + (not ok)
    for n in THREAD_PROGRAMS:
        if args.only and n not in args.only:
            continue
        try:
            cmds = build_thread_program(n, work, tools, ["-DTB_CHECK"])
        except BuildError as e:
            print(f"FAIL thread benchmark {n}: build: {e}")
            failed += 1
            continue
        names = None
        for v in ("native", "weft"):
            r = run(cmds[v], cwd=work)
            got = sorted(r.results())
            names = got if names is None else names
            ok = r.rc == 0 and got and got == names
            print(f"{'ok  ' if ok else 'FAIL'} thread benchmark {n} under {v}: "
                  f"{', '.join(got) if got else '(no RESULT)'}"
                  + ("" if ok else f" (exit {r.rc}; {(r.out + r.err).strip()[-300:]!r})"),
                  flush=True)
            passed, failed = passed + bool(ok), failed + (not ok)
    if not args.only:  # the build-cost pipeline at a tiny size
        try:
            wasm = big_module(work, tools, 20)
            exe = work / "bigmodule" / "big-check"
            sh([tools["weft"], "build", "-O2", wasm, "-o", exe], env=weft_env(work),
               what="weft build")
            src = next((work / "bigmodule").glob("big-20-*.c"))
            nat = work / "bigmodule" / "big-check.native"
            sh([tools["gcc"], "-O2", "-o", nat, src], what="gcc")
            a, b = run([exe], cwd=work), run([nat], cwd=work)
            ok = a.rc == 0 and a.out == b.out and a.out.startswith("bigmodule:")
            print(f"{'ok  ' if ok else 'FAIL'} generated module under weft: {a.out.strip()}"
                  + ("" if ok else f" (native: {b.out.strip()!r}, exit {a.rc})"))
        except BuildError as e:
            ok = False
            print(f"FAIL generated module: {e}")
        passed, failed = passed + ok, failed + (not ok)
    if skipped:
        print(f"skipped (tool missing): {', '.join(skipped)}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="one run of each variant")
    ap.add_argument("--runs", type=int, default=5, help="runs of each variant (default 5)")
    ap.add_argument("--cpu", default="last",
                    help="CPU the single-threaded kernels run on, so every variant "
                    "gets the same core (default: the last one allowed; 'none' "
                    "leaves them to the scheduler)")
    ap.add_argument("--check", action="store_true",
                    help="correctness only: tiny sizes, outputs compared; exit 1 on failure")
    ap.add_argument("--only", default="",
                    help="comma-separated kernels and/or thread benchmarks")
    ap.add_argument("--skip", default="", help="comma-separated parts: kernels,simd,threads,plugin,build,yosys")
    ap.add_argument("--work", default=str(ROOT / "build" / "bench"), help="scratch directory")
    ap.add_argument("--weft", default=None, help="weft binary (default build/weft)")
    ap.add_argument("--cc", default="gcc", help="native C compiler (default gcc)")
    ap.add_argument("--wasm-cc", default="clang-19", help="wasm32-wasi C compiler")
    ap.add_argument("--big-funcs", type=int, default=10000,
                    help="functions in the generated module (default 10000: about 5.2 MB of wasm)")
    args = ap.parse_args()
    if args.quick:
        args.runs = 1
    allowed = sorted(os.sched_getaffinity(0))
    if args.cpu == "none":
        args.cpu = None
    elif args.cpu == "last":
        args.cpu = allowed[-1]
    elif not args.cpu.isdigit() or int(args.cpu) not in allowed:
        ap.error(f"--cpu {args.cpu}: not one of the CPUs allowed here {allowed}")
    else:
        args.cpu = int(args.cpu)
    args.only = set(filter(None, args.only.split(",")))
    skip = set(filter(None, args.skip.split(",")))
    tools = find_tools(args)
    work = Path(args.work).resolve() / ("check" if args.check else "full")
    work.mkdir(parents=True, exist_ok=True)
    if args.check:
        sys.exit(do_check(args, work, tools))
    missing = [v for v in ("wasm2c", "node") if not tools[v]]
    if missing:
        log(f"run.py: {', '.join(missing)} not found: those columns will say n/a")
    print(f"weft benchmarks on {os.uname().nodename} ({os.cpu_count()} CPUs), "
          f"load average {os.getloadavg()[0]:.2f} at start")
    failures = []
    only_threads = args.only and not (args.only & set(kernel_names(None)))
    if "kernels" not in skip and not only_threads:
        do_kernels(args, work, tools, failures)
    if "simd" not in skip and not only_threads:
        do_kernels(args, work, tools, failures, simd=True)
    if "threads" not in skip and (not args.only or args.only & set(THREAD_PROGRAMS)):
        do_threads(args, work, tools, failures)
    if "plugin" not in skip and not args.only:
        do_plugin_calls(args, work, tools, failures)
    if "build" not in skip and not args.only:
        do_build_cost(args, work, tools, failures, real="yosys" not in skip)
    print(f"\nload average {os.getloadavg()[0]:.2f} at the end "
          "(other work on the machine makes every number noisier)")
    if failures:
        print("\nFAILURES:")
        for f in failures:
            print("  " + f)
        sys.exit(1)


if __name__ == "__main__":
    main()
