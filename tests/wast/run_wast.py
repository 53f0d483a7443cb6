#!/usr/bin/env python3
"""run_wast.py - run .wast scripts through weft.

For each script: wast2json --enable-threads turns it into modules and
commands; every module command is translated with `weft translate` (a
module that assert_invalid/assert_malformed names must be refused: non-zero
exit and no output files); the translated modules are compiled in parallel
and linked with one generated harness per script (the script's commands as
data, see wast_host.h) plus the fixed host wast_host.c and weft's runtime
rt/*.c, compiled once per run; the harness executes the commands in order.

Prints per script "N passed, N failed[, N skipped]" counted over the
assert_* commands (a module, register or action command that goes wrong
counts as a failure too), and one line per failure naming the command's
line, what was expected and what came.  Exits 1 if anything failed.

Python 3 standard library only.
"""
import argparse
import concurrent.futures
import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
RT_DIR = os.path.join(ROOT, "rt")
HOST_SOURCES = [os.path.join(HERE, "wast_host.c")]

CFLAGS = ["-std=gnu11", "-O1", "-ffp-contract=off", "-fno-fast-math",
          "-pthread"]

SIG_CHAR = {"i32": "i", "i64": "j", "f32": "f", "f64": "d",
            "funcref": "r", "externref": "x", "v128": "v"}
C_TYPE = {"i": "u32", "j": "u64", "f": "f32", "d": "f64", "r": "wf_ref",
          "x": "wf_ref"}
ARG_CONV = {"i": "(u32)a[{0}]", "j": "a[{0}]", "f": "wast_f32(a[{0}])",
            "d": "wast_f64(a[{0}])", "r": "(wf_ref)(uintptr_t)a[{0}]",
            "x": "(wf_ref)(uintptr_t)a[{0}]"}
RES_CONV = {"i": "{0}", "j": "{0}", "f": "wast_f32_bits({0})",
            "d": "wast_f64_bits({0})", "r": "(u64)(uintptr_t){0}",
            "x": "(u64)(uintptr_t){0}"}
EXTERNREF_BASE = 0x1000

# wast_expect_kind in wast_host.h
EXACT, NAN_CANONICAL, NAN_ARITHMETIC, NONNULL_REF, ANY = range(5)

HARNESS_OPS = {
    "module": "WAST_MODULE", "register": "WAST_REGISTER",
    "action": "WAST_ACTION", "assert_return": "WAST_RETURN",
    "assert_trap": "WAST_TRAP", "assert_exhaustion": "WAST_EXHAUSTION",
    "assert_unlinkable": "WAST_UNLINKABLE",
    "assert_uninstantiable": "WAST_UNINSTANTIABLE",
}
REFUSED = ("assert_invalid", "assert_malformed")


class Unsupported(Exception):
    """A command the harness cannot express (e.g. v128 values)."""


def c_string(data):
    """A C string literal for bytes; every byte that is not plainly safe
    is written as a 3-digit octal escape."""
    out = []
    for b in data:
        ch = chr(b)
        if ch.isascii() and (ch.isalnum() or ch in " _-.:,;/()[]<>=+*$@#!~^&|%'"):
            out.append(ch)
        else:
            out.append("\\%03o" % b)
    return '"' + "".join(out) + '"'


class Runner:
    def __init__(self, args):
        self.args = args
        self.sem = threading.Semaphore(args.jobs)
        self.cflags = CFLAGS + ["-DWF_BOUNDS_EXPLICIT=%d" %
                                (args.bounds == "explicit"), "-I", RT_DIR,
                                "-I", HERE]
        self.rt_lock = threading.Lock()
        self.rt_objs = None
        self.rt_error = None
        self.skips = load_skips(args.skip_list) if args.skip_list else {}
        self.pool = concurrent.futures.ThreadPoolExecutor(args.jobs * 2)

    # -- processes --------------------------------------------------------

    def proc(self, argv, timeout=600, cwd=None):
        """Runs argv, at most `jobs` at a time; (rc, stdout, stderr) with
        rc None on timeout."""
        with self.sem:
            try:
                p = subprocess.run(argv, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, timeout=timeout,
                                   cwd=cwd)
                return p.returncode, p.stdout.decode(errors="replace"), \
                    p.stderr.decode(errors="replace")
            except subprocess.TimeoutExpired as e:
                out = (e.stdout or b"").decode(errors="replace")
                return None, out, "timed out after %ds" % timeout
            except OSError as e:  # could not run at all: never a refusal
                return -256, "", str(e)

    def compile(self, src, obj):
        rc, _, err = self.proc([self.args.cc] + self.cflags +
                               ["-c", src, "-o", obj])
        return None if rc == 0 else (err.strip() or "compiler failed")

    def runtime(self, root):
        """Objects of rt/*.c and the host, compiled once per run, or once
        per source/compiler/flags combination with --rt-cache (entries
        appear by rename only when complete)."""
        with self.rt_lock:
            if self.rt_objs is not None or self.rt_error:
                return self.rt_objs
            srcs = sorted(glob.glob(os.path.join(RT_DIR, "*.c"))) + HOST_SOURCES
            names = [os.path.basename(s)[:-2] + ".o" for s in srcs]
            final = None
            if self.args.rt_cache:
                h = hashlib.sha256(" ".join([self.args.cc] + self.cflags).encode())
                for f in sorted(srcs + glob.glob(os.path.join(RT_DIR, "*.h")) +
                                glob.glob(os.path.join(HERE, "*.h"))):
                    with open(f, "rb") as fh:
                        h.update(fh.read())
                final = os.path.join(self.args.rt_cache, "rt-%s-%s" % (
                    self.args.bounds, h.hexdigest()[:16]))
                if os.path.isdir(final):
                    self.rt_objs = [os.path.join(final, n) for n in names]
                    return self.rt_objs
                os.makedirs(self.args.rt_cache, exist_ok=True)
                d = tempfile.mkdtemp(dir=self.args.rt_cache, prefix="tmp-")
            else:
                d = os.path.join(root, "rt-" + self.args.bounds)
                os.makedirs(d, exist_ok=True)
            objs = [os.path.join(d, n) for n in names]
            errs = list(self.pool.map(self.compile, srcs, objs))
            bad = [e for e in errs if e]
            if bad:
                self.rt_error = "runtime does not compile: " + first_lines(bad[0])
                return None
            if final:
                try:
                    os.rename(d, final)
                except OSError:  # another run got there first
                    shutil.rmtree(d, ignore_errors=True)
                objs = [os.path.join(final, n) for n in names]
            self.rt_objs = objs
            return objs

    # -- one script ---------------------------------------------------------

    def run_script(self, wast, root, index):
        stem = os.path.splitext(os.path.basename(wast))[0]
        sd = os.path.join(root, "%03d_%s" % (index, stem))
        os.makedirs(sd, exist_ok=True)
        res = ScriptResult(wast)
        rc, _, err = self.proc([self.args.wast2json, "--enable-threads", wast, "-o",
                                os.path.join(sd, stem + ".json")])
        if rc != 0:
            res.add(0, "wast2json", False, "fail",
                    "wast2json failed: " + first_lines(err))
            return res
        with open(os.path.join(sd, stem + ".json"), encoding="utf-8") as f:
            commands = json.load(f)["commands"]
        mine = {line: why for (f, line), why in self.skips.items()
                 if skip_applies(f, wast)}
        entries = []
        for c in commands:
            e = Entry(c)
            reason = mine.get(c["line"])
            if reason is not None:
                e.status, e.msg = "skip", reason
            entries.append(e)

        # Translate every module, refused ones included, in parallel.
        def translate(e, prefix):
            src = os.path.join(sd, e.cmd["filename"])
            out = os.path.join(sd, prefix)
            rc, _, err = self.proc([self.args.weft, "translate", "-n", prefix,
                                    src, "-o", out], timeout=120)
            files = glob.glob(out + ".[ch]") + glob.glob(out + "_*.c")
            return rc, err, files

        jobs = {}
        for i, e in enumerate(entries):
            if e.status or "filename" not in e.cmd:
                continue
            if e.cmd["type"] == "assert_trap":  # a trap at instantiation
                e.cmd["type"] = "assert_uninstantiable"
            e.prefix = ("b%d" if e.cmd["type"] in REFUSED else "m%d") % i
            jobs[i] = self.pool.submit(translate, e, e.prefix)
        for i, fut in jobs.items():
            e = entries[i]
            rc, err, files = fut.result()
            if e.cmd["type"] in REFUSED:
                if rc is None:
                    e.status, e.msg = "fail", "weft translate timed out"
                elif rc < 0:
                    e.status, e.msg = "fail", "weft crashed or did not run: " + \
                        (first_lines(err) or "signal %d" % -rc)
                elif rc != 0 and not files:
                    e.status = "pass"
                elif rc == 0:
                    e.status, e.msg = "fail", (
                        "expected weft to refuse the module (%s), it "
                        "translated it" % e.cmd.get("text", ""))
                else:
                    e.status, e.msg = "fail", (
                        "weft refused the module but left output files: " +
                        " ".join(os.path.basename(f) for f in files))
            elif rc != 0:
                e.status, e.msg = "fail", ("valid module refused by weft: " +
                                           first_lines(err))
            else:
                e.sources = sorted(f for f in files if f.endswith(".c"))

        # Compile the translated modules in parallel.
        rt = self.runtime(root)
        cjobs = []
        for e in entries:
            for src in e.sources:
                cjobs.append((e, self.pool.submit(self.compile, src,
                                                  src[:-2] + ".o")))
        for e, fut in cjobs:
            err = fut.result()
            if err and not e.status:
                e.status, e.msg = "fail", ("generated C does not compile: " +
                                           first_lines(err))
        for e in entries:
            if e.sources and not e.status:
                e.objects = [s[:-2] + ".o" for s in e.sources]

        # The harness runs every command it can express; module commands
        # that already failed or are skipped still hold their place.
        harness_cmds = [e for e in entries if e.cmd["type"] in HARNESS_OPS
                        and (not e.status or e.cmd["type"] == "module")]
        if any(not e.status for e in harness_cmds):
            self.run_harness(sd, entries, harness_cmds, rt)
        lines = set()
        for e in entries:
            lines.add(e.cmd["line"])
            if not e.status and e.cmd["type"] not in HARNESS_OPS:
                e.status, e.msg = "fail", "unsupported command"
            res.add(e.cmd["line"], e.cmd["type"],
                    e.cmd["type"].startswith("assert_"), e.status or "fail",
                    e.msg or "not run")
        for (f, line) in self.skips:
            if skip_applies(f, wast) and line not in lines:
                res.notes.append("%s:%d: skip entry matches no command" %
                                 (f, line))
        return res

    def run_harness(self, sd, entries, hcmds, rt):
        src = generate_harness(entries, hcmds)
        hc = os.path.join(sd, "harness.c")
        with open(hc, "w", encoding="utf-8") as f:
            f.write(src)
        if rt is None:
            for e in hcmds:
                if not e.status:
                    e.status, e.msg = "fail", self.rt_error
            return
        exe = os.path.join(sd, "harness")
        err = self.compile(hc, hc[:-2] + ".o")
        if not err:
            objs = [o for e in entries for o in e.objects]
            rc, _, lerr = self.proc([self.args.cc, "-pthread", "-o", exe,
                                     hc[:-2] + ".o"] + objs + rt + ["-lm"])
            err = None if rc == 0 else "link failed: " + first_lines(lerr)
        else:
            err = "harness does not compile: " + first_lines(err)
        if err:
            for e in hcmds:
                if not e.status:
                    e.status, e.msg = "fail", err
            return
        rc, out, err = self.proc([exe], timeout=self.args.timeout, cwd=sd)
        done = False
        for ln in out.splitlines():
            parts = ln.split(" ", 2)
            if parts[0] == "D":
                done = True
            elif parts[0] in ("P", "F") and len(parts) >= 2:
                e = hcmds[int(parts[1])]
                if e.status:  # already failed before the harness
                    continue
                e.status = "pass" if parts[0] == "P" else "fail"
                e.msg = parts[2] if len(parts) > 2 else ""
        if not done:
            if rc is None:
                why = "harness timed out after %ds" % self.args.timeout
            elif rc < 0:
                why = "harness killed by signal %d" % -rc
            else:
                why = "harness exited with status %d" % rc
            if err.strip() and rc is not None:
                why += " (" + first_lines(err) + ")"
            first = True
            for e in hcmds:
                if not e.status:
                    e.status = "fail"
                    e.msg = why if first else "not run: " + why
                    first = False


class Entry:
    def __init__(self, cmd):
        self.cmd = cmd
        self.status = None       # pass, fail, skip
        self.msg = None
        self.prefix = None
        self.sources = []
        self.objects = []


class ScriptResult:
    def __init__(self, wast):
        self.wast = wast
        self.passed = self.failed = self.skipped = 0
        self.failures = []
        self.notes = []

    def add(self, line, ctype, counted, status, msg):
        if status == "skip":
            self.skipped += 1
        elif status == "pass":
            self.passed += counted
        else:
            self.failed += 1
            self.failures.append((line, ctype, msg))

    def report(self, out, max_failures):
        name = os.path.basename(self.wast)
        for note in self.notes:
            out.write("  note: %s\n" % note)
        for n, (line, ctype, msg) in enumerate(self.failures):
            if max_failures is not None and n >= max_failures:
                out.write("  ... and %d more failures\n" %
                          (len(self.failures) - n))
                break
            out.write("  %s:%d: %s: %s\n" % (name, line, ctype, msg))
        summary = "%d passed, %d failed" % (self.passed, self.failed)
        if self.skipped:
            summary += ", %d skipped" % self.skipped
        out.write("%s: %s\n" % (self.wast, summary))
        out.flush()


def first_lines(text, n=3):
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    return " | ".join(lines[:n])[:600]


def skip_applies(entry, wast):
    """A skip entry names a script by a path suffix, e.g.
    threads/imports.wast (so it never matches core/imports.wast)."""
    return wast == entry or wast.endswith("/" + entry)


def load_skips(path):
    """`file.wast:line reason` per line; # comments and blank lines."""
    skips = {}
    with open(path, encoding="utf-8") as f:
        for ln in f:
            ln = ln.strip()
            if not ln or ln.startswith("#"):
                continue
            where, _, reason = ln.partition(" ")
            m = re.fullmatch(r"(.+):(\d+)", where)
            if not m:
                sys.exit("%s: bad skip entry: %s" % (path, ln))
            skips[(m.group(1), int(m.group(2)))] = \
                reason.strip() or "skipped"
    return skips


# ---- harness generation ------------------------------------------------

def value(v):
    """(type char, kind, bits) of a JSON value."""
    t = SIG_CHAR.get(v["type"])
    if t is None or t == "v":
        raise Unsupported("%s values are not supported" % v["type"])
    if "value" not in v:
        return t, ANY, 0
    s = v["value"]
    if isinstance(s, list):
        raise Unsupported("lane values are not supported")
    if t in "rx":
        if s == "null":
            return t, EXACT, 0
        if t == "x":
            return t, EXACT, int(s) + EXTERNREF_BASE
        return t, NONNULL_REF, 0
    if s == "nan:canonical":
        return t, NAN_CANONICAL, 0
    if s == "nan:arithmetic":
        return t, NAN_ARITHMETIC, 0
    return t, EXACT, int(s)


def thunk_source(name, sig):
    params, results = sig.split(":")
    ptypes = ", ".join(["void *"] + [C_TYPE[p] for p in params])
    call = "((fn_t)f->fn)(f->ctx%s)" % "".join(
        ", " + ARG_CONV[p].format(i) for i, p in enumerate(params))
    lines = ["static void %s(const wf_func *f, const u64 *a, u64 *r) {" % name]
    if not results:
        lines += ["  typedef void (*fn_t)(%s);" % ptypes, "  %s;" % call,
                  "  (void)a; (void)r;"]
    elif len(results) == 1:
        lines += ["  typedef %s (*fn_t)(%s);" % (C_TYPE[results], ptypes),
                  "  r[0] = %s;" % RES_CONV[results].format(call),
                  "  (void)a;"]
    else:
        fields = " ".join("%s r%d;" % (C_TYPE[t], i)
                          for i, t in enumerate(results))
        lines += ["  typedef struct { %s } res_t;" % fields,
                  "  typedef res_t (*fn_t)(%s);" % ptypes,
                  "  res_t x = %s;" % call]
        lines += ["  r[%d] = %s;" % (i, RES_CONV[t].format("x.r%d" % i))
                  for i, t in enumerate(results)]
        lines.append("  (void)a;")
    lines.append("}")
    return "\n".join(lines)


def values_array(name, vals):
    if not vals:
        return None
    body = ", ".join("{'%s', %d, 0x%xull}" % v for v in vals)
    return "static const wast_value %s[] = {%s};" % (name, body)


def generate_harness(entries, hcmds):
    """C source of one script's harness.  Commands that already have a
    result (a module weft refused, a skipped one) become no-ops that still
    take their instance slot, so later commands name the right module."""
    out = ["/* Generated by run_wast.py; the script's commands as data. */",
           "#include \"wast_host.h\""]
    for e in entries:
        if e.objects:
            out.append("#include \"%s.h\"" % e.prefix)
    decls, rows, thunks = [], [], {}
    slot_of_name, last_slot, nslots = {}, -1, 0
    for i, e in enumerate(hcmds):
        c = e.cmd
        t = c["type"]
        slot, mod, name, is_get, sig, thunk = -1, "NULL", b"", 0, None, None
        args, results, text = [], [], c.get("text")
        if t == "module":
            slot = nslots
            nslots += 1
            last_slot = slot
            if "name" in c:
                slot_of_name[c["name"]] = slot
        try:
            if t in ("module", "assert_unlinkable", "assert_uninstantiable"):
                mod = "&%s_module" % e.prefix if e.objects else "NULL"
            elif t == "register":
                slot = slot_of_name.get(c["name"], -1) if "name" in c \
                    else last_slot
                name = c["as"].encode("utf-8")
            else:
                a = c["action"]
                slot = slot_of_name.get(a["module"], -1) if "module" in a \
                    else last_slot
                name = a["field"].encode("utf-8")
                is_get = int(a["type"] == "get")
                args = [value(v) for v in a.get("args", [])]
                results = [value(v) for v in c.get("expected", [])]
                if not is_get:
                    sig = "".join(v[0] for v in args) + ":" + \
                        "".join(v[0] for v in results)
                    if sig not in thunks:
                        thunks[sig] = "call%d" % len(thunks)
                    thunk = thunks[sig]
        except Unsupported as ex:
            e.status, e.msg = "fail", str(ex)
        op = HARNESS_OPS[t]
        if e.status:
            op, mod, args, results, sig, thunk = "WAST_NOP", "NULL", [], [], \
                None, None
        an = values_array("args%d" % i, args)
        rn = values_array("res%d" % i, results)
        decls += [d for d in (an, rn) if d]
        rows.append("  {%s, %d, %d, %s, %s, %d, %s, %s, %s, %d, %s, %d, %s, "
                    "%s}," % (op, c["line"], slot, mod,
                              c_string(name), len(name),
                              "true" if is_get else "false",
                              c_string(sig.encode()) if sig else "NULL",
                              thunk or "NULL", len(args),
                              "args%d" % i if an else "NULL", len(results),
                              "res%d" % i if rn else "NULL",
                              c_string(text.encode("utf-8")) if text
                              else "NULL"))
    out += [thunk_source(n, s) for s, n in thunks.items()]
    out += decls
    out.append("const wast_cmd wast_cmds[] = {")
    out += rows or ["  {WAST_NOP, 0, -1, NULL, \"\", 0, false, NULL, "
                    "NULL, 0, NULL, 0, NULL, NULL},"]
    out.append("};")
    out.append("const int wast_ncmds = %d;" % len(hcmds))
    out.append("const int wast_nslots = %d;" % nslots)
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("wast", nargs="+", help=".wast scripts")
    ap.add_argument("--bounds", choices=("guard", "explicit"),
                    default="guard")
    ap.add_argument("--weft", default=os.environ.get("WEFT") or
                    os.path.join(ROOT, "build", "weft"))
    ap.add_argument("--cc", default=os.environ.get("CC") or "cc")
    ap.add_argument("--wast2json", default="wast2json")
    ap.add_argument("--keep", metavar="DIR",
                    help="work in DIR and keep everything there")
    ap.add_argument("--rt-cache", metavar="DIR",
                    help="keep compiled runtime objects in DIR across runs")
    ap.add_argument("--skip-list", metavar="FILE",
                    help="`file.wast:line reason` entries to skip")
    ap.add_argument("-j", "--jobs", type=int, default=2,
                    help="processes at once (default 2)")
    ap.add_argument("--timeout", type=int, default=120,
                    help="seconds a script's harness may run (default 120)")
    ap.add_argument("--max-failures", type=int, default=None,
                    help="failure lines printed per script")
    args = ap.parse_args()
    if not os.access(args.weft, os.X_OK):
        sys.exit("run_wast.py: no weft at %s (use --weft)" % args.weft)
    args.weft = os.path.abspath(args.weft)
    if args.keep:
        root = os.path.abspath(args.keep)
        os.makedirs(root, exist_ok=True)
    else:
        root = tempfile.mkdtemp(prefix="weft-wast.")
    runner = Runner(args)
    total = ScriptResult("TOTAL")
    try:
        # Scripts overlap (one compiles while another runs); the semaphore
        # keeps at most `jobs` processes alive.
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as scripts:
            futs = [scripts.submit(runner.run_script, os.path.abspath(w),
                                   root, i) for i, w in enumerate(args.wast)]
            for fut in futs:
                r = fut.result()
                r.report(sys.stdout, args.max_failures)
                total.passed += r.passed
                total.failed += r.failed
                total.skipped += r.skipped
    finally:
        runner.pool.shutdown()
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    if len(args.wast) > 1:
        print("TOTAL: %d passed, %d failed%s" % (
            total.passed, total.failed,
            ", %d skipped" % total.skipped if total.skipped else ""))
    return 1 if total.failed else 0


if __name__ == "__main__":
    sys.exit(main())
