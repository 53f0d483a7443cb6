#!/usr/bin/env python3
"""run_wasi_tests.py - runs one wasi-testsuite folder through weft.

    run_wasi_tests.py [--only SUBSTR] [--jobs N] SUITE_NAME SUITE_DIR

Every SUITE_DIR/*.wasm is built with `weft build` (at most N builds at a
time, 2 by default, shared with any other runner on the machine through
lock files; each built program is cached under $WEFT_CACHE_DIR/wasi-tests,
keyed by the weft binary and the module) and run as wasi-testsuite's
reference runner would (../shared/testsuite/README.md, "wasi/"):

  * the .json beside the module (legacy schema) gives args (after
    argv[0]), env (exactly these variables), dirs (preopened under the
    same relative name, on a scratch copy of the fixture directory, one
    copy per test), exit_code, and stdout/stderr prefixes;
  * stdin is /dev/null, except for *_wasi_read tests, whose thread must
    block in fd_read(0): they get a pipe that never carries data;
  * a test that has not exited after --timeout seconds (10) fails.

tests/wasi/expected_failures.txt lists tests that cannot pass, as
"SUITE/TEST  reason" lines: such a test still runs, counts as skipped when
it fails and as a failure when it passes, so the list stays honest.
Prints one line per test and ends with "SUITE: N passed, N failed, N
skipped"; exits 1 if anything failed.
"""
import argparse
import concurrent.futures
import fcntl
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def load_expected_failures(suite):
    """{test name: reason} for this suite."""
    out = {}
    path = os.path.join(HERE, "expected_failures.txt")
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            name, _, reason = line.partition(" ")
            s, _, test = name.partition("/")
            if s == suite:
                out[test] = reason.strip() or "(no reason given)"
    return out


class BuildSlots:
    """At most `jobs` weft builds at once on this machine: slot i is an
    flock on CACHE/build-slot-i.lock, shared by every runner process."""

    def __init__(self, cache, jobs):
        self.paths = [os.path.join(cache, f"build-slot-{i}.lock")
                      for i in range(jobs)]
        self.local = threading.Semaphore(jobs)

    def acquire(self):
        """Returns the descriptor holding a slot, for release()."""
        self.local.acquire()
        try:
            for p in self.paths:
                fd = os.open(p, os.O_RDWR | os.O_CREAT, 0o644)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    return fd
                except BlockingIOError:
                    os.close(fd)
            # every slot is busy: queue on one of them
            fd = os.open(self.paths[threading.get_ident() % len(self.paths)],
                         os.O_RDWR | os.O_CREAT, 0o644)
            fcntl.flock(fd, fcntl.LOCK_EX)
            return fd
        except BaseException:
            self.local.release()
            raise

    def release(self, fd):
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
        self.local.release()


def prune_stale(cache_root, current):
    """Removes the builds of other weft binaries unused for an hour."""
    now = time.time()
    for d in os.listdir(cache_root):
        path = os.path.join(cache_root, d)
        if d != current and os.path.isdir(path):
            try:
                if now - os.stat(path).st_mtime > 3600:
                    shutil.rmtree(path, ignore_errors=True)
            except OSError:
                pass


def build(weft, wasm, cache, slots, opt, extra=()):
    """Path of the native program for `wasm`, built unless cached; or
    raises RuntimeError with weft's message.  extra: more weft build
    options (e.g. --target)."""
    key = hashlib.sha256((sha256_file(wasm) + opt + " ".join(extra)).encode()
                         ).hexdigest()[:32]
    entry = os.path.join(cache, key)
    prog = os.path.join(entry, "prog")
    if os.path.exists(prog):
        return prog
    slot = slots.acquire()
    try:
        if os.path.exists(prog):
            return prog
        tmp = tempfile.mkdtemp(prefix="tmp-", dir=cache)
        try:
            r = subprocess.run(
                [weft, "build", opt, *extra, "-j", "1", wasm, "-o",
                 os.path.join(tmp, "prog")],
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                timeout=1200)
            if r.returncode != 0:
                raise RuntimeError(r.stdout.decode(errors="replace").strip())
            try:
                os.rename(tmp, entry)
            except OSError:
                if not os.path.exists(prog):
                    raise
        finally:
            if os.path.exists(tmp):
                shutil.rmtree(tmp, ignore_errors=True)
    finally:
        slots.release(slot)
    return prog


def load_spec(wasm):
    spec = {"args": [], "dirs": [], "env": {}, "exit_code": 0,
            "stdout": "", "stderr": ""}
    js = wasm[:-len(".wasm")] + ".json"
    if os.path.exists(js):
        with open(js, encoding="utf-8") as f:
            spec.update(json.load(f))
    return spec


def run_one(prog, wasm, spec, timeout, runner=()):
    """None if the test passed, else what went wrong.  runner: a command
    prefix (qemu-user for a cross build), which takes -0 ARGV0."""
    name = os.path.basename(wasm)[:-len(".wasm")]
    suite_dir = os.path.dirname(wasm)
    scratch = tempfile.mkdtemp(prefix=f"weft-wasi-{name}-")
    try:
        argv = [name + ".wasm", "--weft"]
        for d in spec["dirs"]:
            shutil.copytree(os.path.join(suite_dir, d),
                            os.path.join(scratch, d), symlinks=True)
            argv += ["--dir", f"{d}::{d}"]
        for k, v in spec["env"].items():
            argv += ["--env", f"{k}={v}"]
        argv += ["--"] + list(spec["args"])
        blocking_stdin = name.endswith("_wasi_read")
        stdin_r = stdin_w = None
        if blocking_stdin:
            stdin_r, stdin_w = os.pipe()
        if runner:  # argv[0] through qemu's -0
            argv = [*runner, "-0", argv[0], prog, *argv[1:]]
        p = subprocess.Popen(
            argv, executable=None if runner else prog, cwd=scratch,
            stdin=stdin_r if blocking_stdin else subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")},
            start_new_session=True)
        if stdin_r is not None:
            os.close(stdin_r)
        try:
            out, err = p.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.communicate()
            return f"timed out after {timeout} s"
        finally:
            if stdin_w is not None:
                os.close(stdin_w)
        problems = []
        status = p.returncode if p.returncode >= 0 else 128 - p.returncode
        if status != spec["exit_code"]:
            problems.append(f"exit status {status}, expected "
                            f"{spec['exit_code']}")
        for stream, got in (("stdout", out), ("stderr", err)):
            want = spec[stream].encode()
            if got[:len(want)] != want:
                problems.append(f"{stream} {got[:len(want) + 40]!r}, "
                                f"expected to start with {want!r}")
        if problems:
            tail = err.decode(errors="replace").strip().splitlines()[-3:]
            if tail and not any(s.startswith("stderr") for s in problems):
                problems.append("stderr ends: " + " | ".join(tail))
            return "; ".join(problems)
        return None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("suite")
    ap.add_argument("suite_dir")
    ap.add_argument("--only", default="")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--opt", default="-O1")
    ap.add_argument("--build-flags", default="",
                    help="more weft build options, e.g. '--target aarch64-linux-gnu'")
    ap.add_argument("--runner", default="",
                    help="command prefix the programs run under (qemu-user)")
    a = ap.parse_args()
    extra, runner = a.build_flags.split(), a.runner.split()
    weft = os.environ["WEFT"]
    cache_root = os.environ.get("WEFT_CACHE_DIR") or os.path.join(
        tempfile.gettempdir(), "weft-cache")
    # Builds of one weft binary live together; older ones are pruned.
    cache_root = os.path.join(cache_root, "wasi-tests")
    current = "weft-" + sha256_file(weft)[:24]
    cache = os.path.join(cache_root, current)
    os.makedirs(cache, exist_ok=True)
    os.utime(cache)
    prune_stale(cache_root, current)
    slots = BuildSlots(cache_root, a.jobs)
    xfail = load_expected_failures(a.suite)
    tests = sorted(f for f in os.listdir(a.suite_dir)
                   if f.endswith(".wasm") and a.only in f)
    if not tests:
        print(f"{a.suite}: no tests in {a.suite_dir}")
        return 1
    unknown = set(xfail) - {t[:-5] for t in tests}
    lock = threading.Lock()
    counts = {"passed": 0, "failed": 0, "skipped": 0}

    def report(kind, line):
        with lock:
            counts[kind] += 1
            print(line, flush=True)

    def job(t):
        wasm = os.path.join(a.suite_dir, t)
        name = t[:-5]
        try:
            prog = build(weft, wasm, cache, slots, a.opt, extra)
            why = run_one(prog, wasm, load_spec(wasm), a.timeout, runner)
        except Exception as e:  # a build failure is a test failure
            why = f"build failed: {e}"
        if name in xfail:
            if why is None:
                report("failed", f"FAIL {a.suite}/{name}: passed, but "
                       "expected_failures.txt says it cannot "
                       f"({xfail[name]}); remove it from the list")
            else:
                report("skipped", f"SKIP {a.suite}/{name}: expected failure "
                       f"({xfail[name]}); got: {why}")
        elif why is None:
            report("passed", f"PASS {a.suite}/{name}")
        else:
            report("failed", f"FAIL {a.suite}/{name}: {why}")

    with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as ex:
        list(ex.map(job, tests))
    if unknown and not a.only:
        for n in sorted(unknown):
            print(f"FAIL {a.suite}/{n}: listed in expected_failures.txt but "
                  "no such test")
        counts["failed"] += len(unknown)
    print(f"{a.suite}: {counts['passed']} passed, {counts['failed']} failed, "
          f"{counts['skipped']} skipped")
    return 1 if counts["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
