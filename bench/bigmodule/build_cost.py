"""bench/bigmodule/build_cost.py - what it costs to turn a big module into a
native program: the "Build cost" tables of bench/run.py.

Two modules:
  - generated: bench/bigmodule/gen.py's C program (default 10,000 functions,
    about 5 MB of wasm) compiled with clang-19;
  - real: Yosys, the synthesis tool, as YoWASP ships it on npm
    (@yowasp/yosys 0.55.944, gen/yosys.core.wasm: 30.8 MB of wasm, 34,004
    functions), downloaded once into the work directory and checked against
    its SHA-256.
For each: weft translate (wall time, MB of wasm per second, peak memory, C
size and files) beside Debian's wasm2c 1.0.32 translating the same module,
then a first weft build at the default optimisation (-O2) with weft's
default -j (wall time, and the peak memory of weft and of each compiler
job).  On the generated module also: the same build through ccache, cold
and again warm, and through distcc to a distccd listening on 127.0.0.1
(what farming the C files out to other machines looks like; on one machine
it cannot be faster).  The Yosys build is checked by running `yosys -V`
natively and under node.
"""
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import tarfile
import time
import urllib.request
from pathlib import Path

YOSYS_URL = "https://registry.npmjs.org/@yowasp/yosys/-/yosys-0.55.944.tgz"
YOSYS_SHA256 = "4a13ffd784017a076f84a3d4a4149e5c63c37ec66313ed9343a5346e1f5010e8"
YOSYS_MEMBER = "package/gen/yosys.core.wasm"


def fetch_yosys(work, log):
    """The Yosys module's path (downloaded and unpacked once), or None."""
    d = work / "yosys"
    wasm = d / "yosys.core.wasm"
    if wasm.exists():
        return wasm
    d.mkdir(parents=True, exist_ok=True)
    tgz = d / "yosys.tgz"
    log(f"[build cost] downloading {YOSYS_URL} (9 MB, once)")
    try:
        with urllib.request.urlopen(YOSYS_URL, timeout=120) as r:
            data = r.read()
    except OSError as e:
        log(f"[build cost] download failed: {e}")
        return None
    if hashlib.sha256(data).hexdigest() != YOSYS_SHA256:
        log("[build cost] the downloaded Yosys package has the wrong SHA-256")
        return None
    tgz.write_bytes(data)
    with tarfile.open(tgz) as t:
        f = t.extractfile(YOSYS_MEMBER)
        tmp = Path(str(wasm) + ".tmp")
        tmp.write_bytes(f.read())
        os.replace(tmp, wasm)
    return wasm


def translate_row(name, step, cmd, stem, wasm, out_dir, measure, fmt):
    """Runs one translator; its table row (the C it wrote is removed)."""
    size = wasm.stat().st_size
    rc, s, mb, err = measure(cmd)
    files = sorted(out_dir.glob(f"{stem}*.c"))
    c = sum(f.stat().st_size for f in files)
    for f in files:
        f.unlink()
    what = (f"{c / 1e6:.0f} MB ({c / size:.1f}x) in {len(files)}" if rc == 0 else
            f"failed: {(err.strip().splitlines() or [''])[-1][:120]}")
    return [name, step, fmt(s, "{:.2f}"), fmt(size / 1e6 / s, "{:.1f}"), fmt(mb, "{:.0f}"), what]


def translate_rows(name, wasm, out_dir, tools, measure, fmt):
    """weft translate and wasm2c on one module: table rows."""
    rows = [translate_row(name, "weft translate",
                          [tools["weft"], "translate", wasm, "-o", out_dir / "w"], "w",
                          wasm, out_dir, measure, fmt)]
    if tools["wasm2c"]:
        rows.append(translate_row(name, "wasm2c 1.0.32",
                                  [tools["wasm2c"], wasm, "-o", out_dir / "p.c"], "p",
                                  wasm, out_dir, measure, fmt))
    return rows


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def distcc_build(wasm, exe, tools, work, env, measure):
    """weft build through distcc to a distccd on 127.0.0.1: (rc, wall s,
    files distccd compiled), or None without distcc."""
    if not (shutil.which("distcc") and shutil.which("distccd")):
        return None
    d = work / "distcc"
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    logf = d / "distccd.log"
    logf.touch()
    os.chmod(logf, 0o666)  # distccd run by root drops to another user
    port = free_port()
    daemon = subprocess.Popen(["distccd", "--daemon", "--no-detach", "--listen", "127.0.0.1",
                               "--port", str(port), "--allow", "127.0.0.1",
                               "--log-file", str(logf), "--log-level", "info"])
    try:
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        env.update(DISTCC_HOSTS=f"127.0.0.1:{port}/4", DISTCC_DIR=str(d), DISTCC_FALLBACK="0")
        rc, s, _, _ = measure([tools["weft"], "build", "-j", "4", "--cc", "distcc gcc", wasm,
                               "-o", exe], env=env)
    finally:
        daemon.send_signal(signal.SIGTERM)
        daemon.wait()
    return rc, s, logf.read_text().count("COMPILE_OK")


def ccache_builds(wasm, exe, tools, work, env, measure):
    """Two builds through ccache from an empty cache: (cold s, warm s,
    hits in the warm one), or None without ccache."""
    if not shutil.which("ccache"):
        return None
    cache = work / "ccache"
    shutil.rmtree(cache, ignore_errors=True)
    env["CCACHE_DIR"] = str(cache)

    def hits():
        out = subprocess.run(["ccache", "--print-stats"], env=env, capture_output=True,
                             text=True).stdout
        return sum(int(line.split()[1]) for line in out.splitlines()
                   if line.split()[0].endswith("_cache_hit"))
    cmd = [tools["weft"], "build", "--cc", "ccache gcc", wasm, "-o", exe]
    _, cold, _, _ = measure(cmd, env=env)
    h = hits()
    rc, warm, _, _ = measure(cmd, env=env)
    return (cold, warm, hits() - h) if rc == 0 else None


def build_rows(name, wasm, out_dir, tools, measure, fmt, env):
    rc, s, mb, err = measure([tools["weft"], "build", wasm, "-o", out_dir / "exe"], env=env)
    return [[name, "weft build (-O2, default -j)", fmt(s, "{:.0f}"), fmt(mb, "{:.0f}"),
             "" if rc == 0 else f"failed: {err.strip()[-200:]}"]], rc == 0


def run_build_cost(generated, work, tools, measure, fmt, table, log, failures, node_cmd,
                   real=True):
    """Prints the build-cost tables for the generated module and (if real)
    for Yosys; node_cmd runs a WASI module under node."""
    out = work / "bigmodule" / "out"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    env = dict(os.environ)
    env["WEFT_CACHE_DIR"] = str(work / "weft-cache")
    modules = [("generated", generated)]
    yosys = fetch_yosys(work, log) if real else None
    if yosys:
        modules.append(("yosys", yosys))
    elif real:
        failures.append("build cost: could not download the Yosys module")
    # weft's runtime objects are compiled once per configuration: warm them
    subprocess.run([tools["weft"], "build", generated, "-o", out / "warm"], env=env,
                   capture_output=True)
    tr, bu = [], []
    for name, wasm in modules:
        log(f"[build cost] translating {name} ({wasm.stat().st_size / 1e6:.1f} MB of wasm)")
        tr += translate_rows(name, wasm, out, tools, measure, fmt)
        log(f"[build cost] building {name}")
        rows, ok = build_rows(name, wasm, out, tools, measure, fmt, env)
        bu += rows
        if not ok:
            failures.append(f"build cost: weft build of {name} failed")
        elif name == "yosys" and tools["node"]:
            a = subprocess.run([out / "exe", "-V"], capture_output=True, text=True)
            b = subprocess.run([*node_cmd, wasm, "-V"], capture_output=True, text=True)
            if a.returncode or a.stdout != b.stdout:
                failures.append(f"build cost: yosys -V differs: weft {a.stdout!r}, "
                                f"node {b.stdout!r}")
        if name == "generated":
            log("[build cost] building generated through ccache (cold, warm)")
            c = ccache_builds(wasm, out / "exe-cc", tools, work, dict(env), measure)
            if c:
                bu.append([name, "weft build --cc 'ccache gcc', empty cache",
                           fmt(c[0], "{:.0f}"), "", ""])
                bu.append([name, "the same again (all hits)", fmt(c[1], "{:.1f}"), "",
                           f"{c[2]} ccache hits"])
            log("[build cost] building generated through distcc (distccd on 127.0.0.1)")
            d = distcc_build(wasm, out / "exe-dcc", tools, work, dict(env), measure)
            if d:
                bu.append([name, "weft build -j 4 --cc 'distcc gcc'", fmt(d[1], "{:.0f}"), "",
                           f"distccd compiled {d[2]} files" if d[0] == 0 else "failed"])
    print("\nBuild cost, translation: wall s, MB of wasm per second, peak MiB, C written "
          "(size, x the wasm, files)\n")
    print(table(["module", "step", "wall s", "MB/s", "peak MiB", "C"], tr,
                ["<", "<", ">", ">", ">", "<"]))
    print("\nBuild cost, first build (weft's runtime already cached): wall s; peak MiB is the "
          "largest of weft and any one compiler job\n")
    print(table(["module", "step", "wall s", "peak MiB", "notes"], bu,
                ["<", "<", ">", ">", "<"]))
