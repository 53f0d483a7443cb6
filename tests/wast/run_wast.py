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

Scripts of the threads proposal may hold `(thread $T (shared (module $M))
CMDS...)` blocks and `(wait $T)` joins, which wast2json cannot parse: they
are split off first (split_threads), the commands of every block written
inline into a flat script wast2json accepts, and the harness runs each
block on its own pthread, started where the block stands and joined at its
`wait`, with its own current module and registry (see wast_host.h).
Sibling threads that act meet at a start barrier right before their first
action, so they overlap; --repeat N runs a script's harness N times
(litmus tests show little in one run).

Python 3 standard library only.
"""
import argparse
import bisect
import concurrent.futures
import glob
import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
RT_DIR = os.path.join(ROOT, "rt")
HOST_SOURCES = [os.path.join(HERE, "wast_host.c")]

# As weft build compiles (translator/driver_build.c), at -O1 by default to
# keep compile time down; --opt raises it.
CFLAGS = ["-std=gnu11", "-ffp-contract=off", "-fno-fast-math",
          "-fno-math-errno", "-fstack-clash-protection", "-pthread"]

SIG_CHAR = {"i32": "i", "i64": "j", "f32": "f", "f64": "d",
            "funcref": "r", "externref": "x", "v128": "v"}
C_TYPE = {"i": "u32", "j": "u64", "f": "f32", "d": "f64", "r": "wf_ref",
          "x": "wf_ref", "v": "v128"}
ARG_CONV = {"i": "(u32)a[{0}]", "j": "a[{0}]", "f": "wast_f32(a[{0}])",
            "d": "wast_f64(a[{0}])", "r": "(wf_ref)(uintptr_t)a[{0}]",
            "x": "(wf_ref)(uintptr_t)a[{0}]"}
RES_CONV = {"i": "{0}", "j": "{0}", "f": "wast_f32_bits({0})",
            "d": "wast_f64_bits({0})", "r": "(u64)(uintptr_t){0}",
            "x": "(u64)(uintptr_t){0}"}
EXTERNREF_BASE = 0x1000

# wast_expect_kind in wast_host.h
EXACT, NAN_CANONICAL, NAN_ARITHMETIC, NONNULL_REF, ANY, LANES = range(6)
LANE_BITS = {"i8": 8, "i16": 16, "i32": 32, "i64": 64, "f32": 32, "f64": 64}

HARNESS_OPS = {
    "module": "WAST_MODULE", "register": "WAST_REGISTER",
    "action": "WAST_ACTION", "assert_return": "WAST_RETURN",
    "assert_trap": "WAST_TRAP", "assert_exhaustion": "WAST_EXHAUSTION",
    "assert_unlinkable": "WAST_UNLINKABLE",
    "assert_uninstantiable": "WAST_UNINSTANTIABLE",
    "spawn": "WAST_SPAWN", "join": "WAST_JOIN",
}
ACTIONS = ("action", "assert_return", "assert_trap", "assert_exhaustion")
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
        self.cflags = CFLAGS + ["-O%s" % args.opt, "-DWF_BOUNDS_EXPLICIT=%d" %
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
        with open(wast, "rb") as f:
            text = f.read().decode("utf-8", "surrogateescape")
        try:
            split = split_threads(text)
        except ScriptError as ex:
            res.add(0, "threads", False, "fail", str(ex))
            return res
        plan, source = None, wast
        if split:  # wast2json reads the flat script instead
            source = os.path.join(sd, stem + ".flat.wast")
            with open(source, "w", encoding="utf-8",
                      errors="surrogateescape") as f:
                f.write(split[0])
            plan = split[1]
        rc, _, err = self.proc([self.args.wast2json, "--enable-threads", source,
                                "-o", os.path.join(sd, stem + ".json")])
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
        barriers = []
        if plan:
            try:
                harness_cmds, barriers = thread_harness_cmds(entries, plan)
            except ScriptError as ex:
                res.add(0, "threads", False, "fail", str(ex))
                return res
        else:
            harness_cmds = [e for e in entries if e.cmd["type"] in HARNESS_OPS
                            and (not e.status or e.cmd["type"] == "module")]
        if any(not e.status for e in harness_cmds):
            self.run_harness(sd, entries, harness_cmds, rt, plan, barriers)
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

    def run_harness(self, sd, entries, hcmds, rt, plan=None, barriers=()):
        src = generate_harness(entries, hcmds, plan, barriers)
        hc = os.path.join(sd, "harness.c")
        with open(hc, "w", encoding="utf-8") as f:
            f.write(src)
        real = [e for e in hcmds if not e.synthetic]
        if rt is None:
            for e in real:
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
            for e in real:
                if not e.status:
                    e.status, e.msg = "fail", err
            return
        # A command passes when it passes in every run; the first run in
        # which anything fails is the last one.
        repeat = max(1, self.args.repeat)
        final = {}
        for run in range(repeat):
            tag = "run %d of %d: " % (run + 1, repeat) if repeat > 1 else ""
            got, why = self.run_once(exe, sd)
            bad = False
            for i, e in enumerate(hcmds):
                if e.status or e.synthetic or i in final and \
                        final[i][0] == "fail":
                    continue  # already failed before the harness
                if i in got:
                    status, msg = got[i]
                elif why:
                    status, msg = "fail", why
                    why = "not run: " + why.replace("not run: ", "", 1)
                else:
                    continue
                if status == "fail":
                    bad, msg = True, tag + msg
                final[i] = (status, msg)
            if bad:
                break
        for i, (status, msg) in final.items():
            hcmds[i].status, hcmds[i].msg = status, msg

    def run_once(self, exe, sd):
        """Runs the harness once: ({index: (status, message)}, why) where
        why says what went wrong when the harness did not finish."""
        rc, out, err = self.proc(shlex.split(self.args.runner) + [exe],
                                 timeout=self.args.timeout, cwd=sd)
        got, done = {}, False
        for ln in out.splitlines():
            parts = ln.split(" ", 2)
            if parts[0] == "D":
                done = True
            elif parts[0] in ("P", "F") and len(parts) >= 2:
                got[int(parts[1])] = ("pass" if parts[0] == "P" else "fail",
                                      parts[2] if len(parts) > 2 else "")
        if done:
            return got, None
        if rc is None:
            why = "harness timed out after %ds" % self.args.timeout
        elif rc < 0:
            why = "harness killed by signal %d" % -rc
        else:
            why = "harness exited with status %d" % rc
        if err.strip() and rc is not None:
            why += " (" + first_lines(err) + ")"
        return got, why


class Entry:
    def __init__(self, cmd):
        self.cmd = cmd
        self.status = None       # pass, fail, skip
        self.msg = None
        self.prefix = None
        self.sources = []
        self.objects = []
        self.group = 0           # thread group that runs it; 0 = main
        self.target = -1         # spawn/join: the child group
        self.barrier = -1        # start barrier to meet before acting
        self.synthetic = False   # a spawn/join step, not a script command


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


# ---- threads-proposal scripts --------------------------------------------

class ScriptError(Exception):
    """A script the thread splitter cannot make sense of."""


class SNode:
    """One S-expression: a list (items) or an atom (text), with the offsets
    of its first character and one past its last."""
    __slots__ = ("start", "end", "items", "text")

    def __init__(self, start, end, items=None, text=None):
        self.start, self.end, self.items, self.text = start, end, items, text

    def head(self):
        if self.items and self.items[0].text is not None:
            return self.items[0].text
        return None


def parse_sexprs(text, line_of):
    """The top-level S-expressions of a script.  Knows what the lexer must:
    `;;` line comments, nestable `(; ;)` block comments, strings with
    backslash escapes; every other run of characters is an atom."""
    stack, starts = [[]], []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in " \t\r\n":
            i += 1
        elif text.startswith(";;", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("(;", i):
            depth, j = 1, i + 2
            while depth:
                if j >= n:
                    raise ScriptError("line %d: unterminated block comment"
                                      % line_of(i))
                if text.startswith("(;", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith(";)", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            i = j
        elif ch == "(":
            starts.append(i)
            stack.append([])
            i += 1
        elif ch == ")":
            if not starts:
                raise ScriptError("line %d: unbalanced ')'" % line_of(i))
            items = stack.pop()
            stack[-1].append(SNode(starts.pop(), i + 1, items=items))
            i += 1
        elif ch == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            if j >= n:
                raise ScriptError("line %d: unterminated string" % line_of(i))
            stack[-1].append(SNode(i, j + 1, text=text[i:j + 1]))
            i = j + 1
        else:
            j = i + 1
            while j < n and text[j] not in " \t\r\n()\";":
                j += 1
            stack[-1].append(SNode(i, j, text=text[i:j]))
            i = j
    if starts:
        raise ScriptError("line %d: unclosed '('" % line_of(starts[-1]))
    return stack[0]


class ThreadPlan:
    """How a threads-proposal script runs.  `steps` is the script in text
    order: ("cmd", group, first line, last line) for every command
    wast2json sees (the JSON's commands, one to one), ("spawn", group, child, line) where a
    thread block starts and ("join", group, child, line) at its `wait`.
    Group 0 is the main script; groups[g] = (parent, shared module names,
    thread name, line)."""

    def __init__(self):
        self.steps = []
        self.groups = [(-1, [], None, 0)]


THREAD_RE = re.compile(r"\(\s*(thread|wait)\b")


def split_threads(text):
    """(flat script text, ThreadPlan), or None for a script without thread
    blocks.  The flat text is the script with every thread block's head
    (`(thread $T (shared ...)`), its closing parenthesis and every
    `(wait $T)` blanked out, newlines kept, so each command keeps its
    line and the block's commands sit inline where the block stood.

    wast2json resolves module references in text order, which is wrong
    once blocks are inline (a thread's module would become the main
    script's current one), so the splitter resolves them as the threads
    proposal's interpreter does, per thread: a thread sees only the
    modules its `(shared (module $M))` clauses name (the last of them
    being its current module) and those it defines.  Every top-level
    module gets a script-wide unique name ($M.N, or $anon.N) and every
    module reference, implicit ones included, is written out with it."""
    if not THREAD_RE.search(text):
        return None
    newlines = [i for i, ch in enumerate(text) if ch == "\n"]

    def line_of(pos):
        return bisect.bisect_left(newlines, pos) + 1

    top = parse_sexprs(text, line_of)
    edits = []  # (start, end, replacement), never overlapping
    plan = ThreadPlan()

    def blank(a, b):
        edits.append((a, b, re.sub(r"[^\n]", " ", text[a:b])))

    def is_name(node):
        return node.text is not None and node.text.startswith("$")

    def resolve(node, scope, at):
        """Writes out the module reference of an action or register node
        whose reference is (optional) node.items[at]."""
        names, last = scope
        if at < len(node.items) and is_name(node.items[at]):
            ref = node.items[at]
            if ref.text in names:
                edits.append((ref.start, ref.end, names[ref.text]))
        elif last[0]:
            pos = node.items[at - 1].end
            edits.append((pos, pos, " " + last[0]))

    def walk(nodes, group, threads, scope):
        names, last = scope
        for node in nodes:
            head = node.head()
            line = line_of(node.start)
            if head == "thread":
                items = node.items[1:]
                name = None
                if items and is_name(items[0]):
                    name, items = items[0].text, items[1:]
                shared, child_names = [], {}
                while items and items[0].head() == "shared":
                    for m in items[0].items[1:]:
                        if m.head() != "module" or len(m.items) != 2 or \
                                not is_name(m.items[1]):
                            raise ScriptError("line %d: expected (module $NAME)"
                                              " in (shared ...)" %
                                              line_of(m.start))
                        if m.items[1].text not in names:
                            raise ScriptError("line %d: unknown module %s" %
                                              (line_of(m.start),
                                               m.items[1].text))
                        shared.append(names[m.items[1].text])
                        child_names[m.items[1].text] = shared[-1]
                    items = items[1:]
                child = len(plan.groups)
                plan.groups.append((group, shared, name, line))
                plan.steps.append(("spawn", group, child, line))
                threads[""] = child
                if name:
                    threads[name] = child
                blank(node.start, items[0].start if items else node.end - 1)
                blank(node.end - 1, node.end)
                walk(items, child, {}, (child_names, [shared[-1] if shared
                                                      else None]))
            elif head == "wait":
                name = node.items[1].text if len(node.items) > 1 else ""
                if name not in threads:
                    raise ScriptError("line %d: wait for unknown thread %s" %
                                      (line, name or "(none started)"))
                plan.steps.append(("join", group, threads[name], line))
                blank(node.start, node.end)
            else:
                plan.steps.append(("cmd", group, line, line_of(node.end - 1)))
                if head == "module":
                    unique = "%s.%d" % (node.items[1].text if len(node.items) > 1
                                        and is_name(node.items[1]) else "$anon",
                                        len(edits))
                    if len(node.items) > 1 and is_name(node.items[1]):
                        names[node.items[1].text] = unique
                        ref = node.items[1]
                        edits.append((ref.start, ref.end, unique))
                    else:
                        pos = node.items[0].end
                        edits.append((pos, pos, " " + unique))
                    last[0] = unique
                elif head == "register" and len(node.items) >= 2:
                    resolve(node, scope, 2)
                elif head in ("invoke", "get"):
                    resolve(node, scope, 1)
                elif head in ("assert_return", "assert_trap",
                              "assert_exhaustion") and len(node.items) > 1 \
                        and node.items[1].head() in ("invoke", "get"):
                    resolve(node.items[1], scope, 1)

    walk(top, 0, {}, ({}, [None]))
    if len(plan.groups) == 1:
        return None
    out, pos = [], 0
    for a, b, repl in sorted(edits, key=lambda x: (x[0], x[1])):
        out += [text[pos:a], repl]
        pos = b
    out.append(text[pos:])
    return "".join(out), plan


def thread_harness_cmds(entries, plan):
    """The harness's command list for a threaded script: the entries that
    run, in text order, with spawn/join steps between them.  Marks, per
    group of sibling threads started together (consecutive spawns), the
    first action of each that acts with a shared start barrier, so they
    overlap; returns (hcmds, barrier counts)."""
    cmd_steps = [s for s in plan.steps if s[0] == "cmd"]
    if len(cmd_steps) != len(entries):
        raise ScriptError("the script has %d commands outside thread blocks "
                          "and waits, wast2json gave %d" %
                          (len(cmd_steps), len(entries)))
    k = 0
    for step in plan.steps:
        if step[0] == "cmd":
            e = entries[k]
            if not step[2] <= e.cmd["line"] <= step[3]:
                raise ScriptError("command %d is on lines %d-%d, wast2json "
                                  "says %d" % (k, step[2], step[3],
                                               e.cmd["line"]))
            e.group = step[1]
            k += 1

    def runs(e):
        return e.cmd["type"] in HARNESS_OPS and \
            (not e.status or e.cmd["type"] == "module")

    # Each group's own steps, to find cohorts and first actions.
    own = {}
    k = 0
    for step in plan.steps:
        if step[0] == "cmd":
            own.setdefault(step[1], []).append(("cmd", entries[k]))
            k += 1
        else:
            own.setdefault(step[1], []).append(step)
    first_action = {}
    for g, steps in own.items():
        for st in steps:
            if st[0] == "cmd" and st[1].cmd["type"] in ACTIONS and runs(st[1]):
                first_action[g] = st[1]
                break
    counts = []
    for g, steps in own.items():
        cohort = []
        for st in steps + [("end",)]:
            if st[0] == "spawn":
                cohort.append(st[2])
                continue
            acting = [c for c in cohort if c in first_action]
            if len(acting) > 1:
                for c in acting:
                    first_action[c].barrier = len(counts)
                counts.append(len(acting))
            cohort = []

    hcmds = []
    k = 0
    for step in plan.steps:
        if step[0] == "cmd":
            if runs(entries[k]):
                hcmds.append(entries[k])
            k += 1
        else:
            e = Entry({"type": step[0], "line": step[3]})
            e.synthetic, e.group, e.target = True, step[1], step[2]
            hcmds.append(e)
    return hcmds, counts


# ---- harness generation ------------------------------------------------

def value(v):
    """The harness values of a JSON value, as (type char, kind, bits, lane,
    lane kind, lane kind) tuples: one for a scalar, two (its halves) for a
    v128."""
    t = SIG_CHAR.get(v["type"])
    if t is None:
        raise Unsupported("%s values are not supported" % v["type"])
    if t == "v":
        return v128_halves(v)
    if "value" not in v:
        return [(t, ANY, 0, 0, 0, 0)]
    s = v["value"]
    if t in "rx":
        if s == "null":
            return [(t, EXACT, 0, 0, 0, 0)]
        if t == "x":
            return [(t, EXACT, int(s) + EXTERNREF_BASE, 0, 0, 0)]
        return [(t, NONNULL_REF, 0, 0, 0, 0)]
    if s == "nan:canonical":
        return [(t, NAN_CANONICAL, 0, 0, 0, 0)]
    if s == "nan:arithmetic":
        return [(t, NAN_ARITHMETIC, 0, 0, 0, 0)]
    return [(t, EXACT, int(s), 0, 0, 0)]


def v128_halves(v):
    """A v128's two halves: its lanes, little-endian, packed into 64-bit
    numbers; float lanes that are NaN patterns make the half WAST_LANES."""
    if "value" not in v:
        return [("v", ANY, 0, 0, 0, 0), ("V", ANY, 0, 0, 0, 0)]
    lt = v["lane_type"]
    w = LANE_BITS[lt]
    per_half = 64 // w
    halves = []
    for h, tc in enumerate("vV"):
        bits, kinds = 0, []
        for i in range(per_half):
            s = v["value"][h * per_half + i]
            kind = {"nan:canonical": NAN_CANONICAL,
                    "nan:arithmetic": NAN_ARITHMETIC}.get(s, EXACT)
            if kind == EXACT:
                bits |= (int(s) & ((1 << w) - 1)) << (i * w)
            kinds.append(kind)
        if any(kinds):
            k = kinds + [0] * (2 - len(kinds))
            halves.append((tc, LANES, bits, "f" if w == 32 else "d", k[0], k[1]))
        else:
            halves.append((tc, EXACT, bits, 0, 0, 0))
    return halves


def flat(vals):
    return [x for v in vals for x in value(v)]


def thunk_source(name, sig):
    """A thunk calling a function of signature sig with its arguments and
    results as u64 slots (two for a v128)."""
    params, results = sig.split(":")
    ptypes = ", ".join(["void *"] + [C_TYPE[p] for p in params])
    args, k = [], 0
    for p in params:
        args.append("wast_v128(a[%d], a[%d])" % (k, k + 1) if p == "v"
                    else ARG_CONV[p].format(k))
        k += 2 if p == "v" else 1
    call = "((fn_t)f->fn)(f->ctx%s)" % "".join(", " + a for a in args)

    def store(t, expr, slot):
        if t == "v":
            return "  wast_v128_split(%s, &r[%d]);" % (expr, slot)
        return "  r[%d] = %s;" % (slot, RES_CONV[t].format(expr))

    lines = ["static void %s(const wf_func *f, const u64 *a, u64 *r) {" % name]
    if not results:
        lines += ["  typedef void (*fn_t)(%s);" % ptypes, "  %s;" % call,
                  "  (void)a; (void)r;"]
    elif len(results) == 1:
        lines += ["  typedef %s (*fn_t)(%s);" % (C_TYPE[results], ptypes),
                  store(results, call, 0), "  (void)a;"]
    else:
        fields = " ".join("%s r%d;" % (C_TYPE[t], i)
                          for i, t in enumerate(results))
        lines += ["  typedef struct { %s } res_t;" % fields,
                  "  typedef res_t (*fn_t)(%s);" % ptypes,
                  "  res_t x = %s;" % call]
        k = 0
        for i, t in enumerate(results):
            lines.append(store(t, "x.r%d" % i, k))
            k += 2 if t == "v" else 1
        lines.append("  (void)a;")
    lines.append("}")
    return "\n".join(lines)


def values_array(name, vals):
    if not vals:
        return None
    body = ", ".join("{'%s', %d, 0x%xull, %s, {%d, %d}}" %
                     (t, k, b, "'%s'" % lane if lane else "0", k0, k1)
                     for t, k, b, lane, k0, k1 in vals)
    return "static const wast_value %s[] = {%s};" % (name, body)


def generate_harness(entries, hcmds, plan=None, barriers=()):
    """C source of one script's harness.  Commands that already have a
    result (a module weft refused, a skipped one) become no-ops that still
    take their instance slot, so later commands name the right module.
    Module names and the current module are resolved per thread group
    (a spawned group starts with its shared modules only)."""
    out = ["/* Generated by run_wast.py; the script's commands as data. */",
           "#include \"wast_host.h\""]
    for e in entries:
        if e.objects:
            out.append("#include \"%s.h\"" % e.prefix)
    decls, rows, thunks = [], [], {}
    scopes = {0: ({}, [-1])}  # group: (slot of name, [current slot])
    nslots = 0
    for i, e in enumerate(hcmds):
        c = e.cmd
        t = c["type"]
        slot, mod, name, is_get, sig, thunk = -1, "NULL", b"", 0, None, None
        args, results, text, either = [], [], c.get("text"), False
        slot_of_name, last = scopes[e.group]
        last_slot = last[0]
        if t == "module":
            slot = nslots
            nslots += 1
            last[0] = slot
            if "name" in c:
                slot_of_name[c["name"]] = slot
        elif t == "spawn":
            shared = plan.groups[e.target][1]
            names = {x: slot_of_name[x] for x in shared if x in slot_of_name}
            scopes[e.target] = (names, [names.get(shared[-1], -1)
                                        if shared else -1])
        try:
            if t in ("spawn", "join"):
                pass
            elif t in ("module", "assert_unlinkable", "assert_uninstantiable"):
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
                args = flat(a.get("args", []))
                results = flat(c.get("expected", []))
                if "either" in c:  # one result, any of these values
                    results = flat(c["either"])
                    if any(r[0] in "vV" for r in results):
                        raise Unsupported("either with v128 values")
                    either = True
                if not is_get:
                    sig = "".join(v[0] for v in args if v[0] != "V") + ":" + \
                        "".join(v[0] for v in results[:1 if either else None]
                                if v[0] != "V")
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
                    "%s, %s, %d, %d, %d}," % (
                        op, c["line"], slot, mod, c_string(name), len(name),
                        "true" if is_get else "false",
                        c_string(sig.encode()) if sig else "NULL",
                        thunk or "NULL", len(args),
                        "args%d" % i if an else "NULL", len(results),
                        "res%d" % i if rn else "NULL",
                        c_string(text.encode("utf-8")) if text else "NULL",
                        "true" if either else "false", e.group, e.target,
                        e.barrier))
    out += [thunk_source(n, s) for s, n in thunks.items()]
    out += decls
    out.append("const wast_cmd wast_cmds[] = {")
    out += rows or ["  {WAST_NOP, 0, -1, NULL, \"\", 0, false, NULL, "
                    "NULL, 0, NULL, 0, NULL, NULL, false, 0, -1, -1},"]
    out.append("};")
    out.append("const int wast_ncmds = %d;" % len(hcmds))
    out.append("const int wast_nslots = %d;" % nslots)
    out.append("const int wast_ngroups = %d;" % (len(plan.groups) if plan
                                                 else 1))
    out.append("const int wast_nbarriers = %d;" % len(barriers))
    out.append("const int wast_barrier_counts[] = {%s};" %
               (", ".join(str(n) for n in barriers) or "0"))
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("wast", nargs="+", help=".wast scripts")
    ap.add_argument("--bounds", choices=("guard", "explicit"),
                    default="guard")
    ap.add_argument("--weft", default=os.environ.get("WEFT") or
                    os.path.join(ROOT, "build", "weft"))
    ap.add_argument("--cc", default=os.environ.get("CC") or "cc")
    ap.add_argument("--opt", choices=("0", "1", "2", "3"), default="1",
                    help="C optimisation level (default 1)")
    ap.add_argument("--wast2json", default="wast2json")
    ap.add_argument("--keep", metavar="DIR",
                    help="work in DIR and keep everything there")
    ap.add_argument("--rt-cache", metavar="DIR",
                    help="keep compiled runtime objects in DIR across runs")
    ap.add_argument("--skip-list", metavar="FILE",
                    help="`file.wast:line reason` entries to skip")
    ap.add_argument("-j", "--jobs", type=int, default=2,
                    help="processes at once (default 2)")
    ap.add_argument("--runner", default="",
                    help="command prefix the harness runs under, e.g. "
                    "'qemu-aarch64-static -L /usr/aarch64-linux-gnu' with a "
                    "cross --cc")
    ap.add_argument("--timeout", type=int, default=120,
                    help="seconds a script's harness may run (default 120)")
    ap.add_argument("--max-failures", type=int, default=None,
                    help="failure lines printed per script")
    ap.add_argument("--repeat", type=int, default=1, metavar="N",
                    help="run each script's harness N times; a command "
                    "passes only if it passes every time (default 1)")
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
