#!/usr/bin/env python3
"""gen_deep.py - write deep.wast: valid modules far past the sizes the spec
tests reach, with the results their functions must give.

  gen_deep.py OUT.wast [SCALE]

6000 nested blocks, 2000 nested ifs and 1000 nested loops, 5000 values on
the operand stack, a br_table of 5000 cases over as many nested blocks
(what a C switch compiles to), 24000 locals, a thousand parameters and a
hundred results (SCALE multiplies the counts).  Nothing here is a limit of
the Wasm spec; weft must translate and run all of it.  (The C compilers set
the sizes: clang's optimiser takes time about quadratic in the nesting of
ifs and cubic in the nesting of loops.)
"""
import sys

out = sys.argv[1]
scale = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
mods = []


def module(funcs, asserts):
    mods.append("(module\n" + "\n".join(funcs) + "\n)\n" + "\n".join(asserts) + "\n")


def i32(v):
    return f"(i32.const {v & 0xffffffff})"


# Nested blocks left by br_table at any depth; the end of the block d levels
# out from the innermost adds d + 1.
n = int(6000 * scale)
body = ["local.get 0"] + ["block (param i32) (result i32)"] * n
body += ["local.get 0", "br_table " + " ".join(map(str, range(n)))]
for d in range(n):
    body += ["end", f"i32.const {d + 1}", "i32.add"]
def nest(x):
    k = min(x, n - 1)
    return x + sum(d + 1 for d in range(k, n))
funcs = ['(func (export "blocks") (param i32) (result i32)\n' + "\n".join(body) + ")"]
asserts = [f'(assert_return (invoke "blocks" {i32(x)}) {i32(nest(x))})'
           for x in (0, 1, 63, 64, 65, n // 2, n - 1, n, 10 ** 6)]

# Nested ifs: level i goes deeper while x > i and otherwise gives i * 3.
n = int(2000 * scale)
body = []
for i in range(n):
    body += ["local.get 0", f"i32.const {i}", "i32.gt_u", "if (result i32)"]
body += [i32(-1)]
for i in reversed(range(n)):
    body += ["else", f"i32.const {i * 3}", "end"]
funcs.append('(func (export "ifs") (param i32) (result i32)\n' + "\n".join(body) + ")")
asserts += [f'(assert_return (invoke "ifs" {i32(x)}) {i32(x * 3 if x < n else -1)})'
            for x in (0, 5, 64, 65, 100, n - 1, n)]

# Nested loops: the innermost counts x down and branches back to the loop
# (x % n) levels out, which re-enters every loop inside it.
n = int(1000 * scale)
body = ["loop"] * n
body += ["local.get $k", "i32.const 1", "i32.add", "local.set $k",
         "local.get 0", "i32.const 1", "i32.sub", "local.tee 0",
         "local.get 0", "i32.eqz", "br_if " + str(n)]  # done: leave all loops
body += [f"i32.const {n}", "i32.rem_u", "br_table " + " ".join(map(str, range(n)))]
body += ["end"] * n
funcs.append('(func (export "loops") (param i32) (result i32) (local $k i32)\n'
             '(block ' + "\n".join(body) + ")\nlocal.get $k)")
asserts += [f'(assert_return (invoke "loops" {i32(x)}) {i32(x)})' for x in (1, 2, 100, 7000)]

# n values on the operand stack at once, then summed.
n = int(5000 * scale)
body = [f"local.get 0 i32.const {i} i32.add" for i in range(n)] + ["i32.add"] * (n - 1)
funcs.append('(func (export "stack") (param i32) (result i32)\n' + "\n".join(body) + ")")
asserts += [f'(assert_return (invoke "stack" {i32(x)}) {i32(n * x + n * (n - 1) // 2)})'
            for x in (0, 7)]

# A switch: br_table over n cases, each returning its own value.
n = int(5000 * scale)
body = ["block"] * (n + 1) + ["local.get 0", "br_table " + " ".join(map(str, range(n + 1)))]
for i in range(n):
    body += ["end", f"i32.const {i * 7 + 1}", "return"]
body += ["end", i32(-1)]
funcs.append('(func (export "switch") (param i32) (result i32)\n' + "\n".join(body) + ")")
asserts += [f'(assert_return (invoke "switch" {i32(x)}) {i32(x * 7 + 1 if x < n else -1)})'
            for x in (0, 1, n // 3, n - 1, n, 2 ** 31)]
module(funcs, asserts)

# Thousands of locals of every numeric type, a thousand parameters, a
# hundred results.
types = ["i32", "i64", "f32", "f64"]
nlocals = int(24000 * scale)
body = [f"(local {' '.join(types[i % 4] for i in range(nlocals))})"]
for i in range(0, nlocals, 4):
    body += [f"local.get 0 i32.const {i} i32.add local.set {i + 1}"]
body += ["i32.const 0"] + [f"local.get {i + 1} i32.add" for i in range(0, nlocals, 4)]
funcs = ['(func (export "locals") (param i32) (result i32)\n' + "\n".join(body) + ")"]
nparams = 1000
funcs.append(f'(func $wide (param {" ".join(["i32"] * nparams)}) (result i32)\n' +
             "i32.const 0 " + " ".join(f"local.get {i} i32.add" for i in range(nparams)) + ")")
funcs.append('(func (export "wide") (param i32) (result i32)\n' +
             " ".join(f"local.get 0 i32.const {i} i32.mul" for i in range(nparams)) +
             " call $wide)")
nres = 100
funcs.append(f'(func $multi (param i32) (result {" ".join(["i32"] * nres)})\n' +
             " ".join(f"local.get 0 i32.const {i} i32.add" for i in range(nres)) + ")")
funcs.append('(func (export "multi") (param i32) (result i32)\nlocal.get 0 call $multi\n' +
             "\n".join(["i32.add"] * (nres - 1)) + ")")
asserts = [f'(assert_return (invoke "locals" {i32(3)}) '
           f'{i32(sum(3 + i for i in range(0, nlocals, 4)))})',
           f'(assert_return (invoke "wide" {i32(3)}) {i32(sum(3 * i for i in range(nparams)))})',
           f'(assert_return (invoke "multi" {i32(5)}) {i32(sum(5 + i for i in range(nres)))})']
module(funcs, asserts)

with open(out, "w") as f:
    f.write(";; generated by gen_deep.py; see there\n" + "\n".join(mods))
