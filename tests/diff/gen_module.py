#!/usr/bin/env python3
"""gen_module.py SEED - print a random valid module (WAT) for difftest.py.

binaryen's translate-to-fuzz makes modules mostly of constants and its own
hang-limit checks; this generator goes where weft's translator does its
work: deep expression trees over every numeric instruction (the folding of
single-use values into C expressions), locals and globals set and read
between them, loads and stores at many widths and offsets, atomics (read-
modify-write, compare-exchange, narrow forms) on aligned and misaligned
addresses, bulk memory and passive data, if/block results, br_if and
br_table, loops, direct and indirect calls (with wrong signatures now and
then), traps of every kind, and in half the modules SIMD (v128 locals,
globals, parameters and results; the integer, float, saturating,
narrowing, extending and dot lane operations, shifts, splats, lane access,
shuffles, swizzles, bitselect, every v128 load and store form).  Every
float an operation makes passes through $dn32/$dn64 ($dnv32/$dnv64 for
lanes), which turn NaN into 0: Wasm lets NaN bits differ between engines.  A global fuel counter bounds every loop, and functions
call only functions before them, so every export ends.
"""
import random
import sys

T = ["i32", "i64", "f32", "f64"]
INT_BIN = ["add", "sub", "mul", "and", "or", "xor", "shl", "shr_s", "shr_u", "rotl", "rotr"]
INT_DIV = ["div_s", "div_u", "rem_s", "rem_u"]
INT_CMP = ["eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"]
FLT_BIN = ["add", "sub", "mul", "div", "min", "max", "copysign"]
FLT_UN = ["abs", "neg", "sqrt", "ceil", "floor", "trunc", "nearest"]
FLT_CMP = ["eq", "ne", "lt", "gt", "le", "ge"]
LOADS = {"i32": ["load", "load8_s", "load8_u", "load16_s", "load16_u"],
         "i64": ["load", "load8_s", "load8_u", "load16_s", "load16_u", "load32_s", "load32_u"],
         "f32": ["load"], "f64": ["load"]}
STORES = {"i32": ["store", "store8", "store16"], "i64": ["store", "store8", "store16", "store32"],
          "f32": ["store"], "f64": ["store"], "v128": ["store"]}
WIDTH = {"load": None, "store": None, "8": 1, "16": 2, "32": 4}
RMW = ["add", "sub", "and", "or", "xor", "xchg"]
# SIMD: v128 -> v128 -> v128, v128 -> v128, and float forms (NaN-cleaned)
V_BIN = ["v128.and", "v128.or", "v128.xor", "v128.andnot",
         "i8x16.add", "i8x16.sub", "i8x16.add_sat_s", "i8x16.add_sat_u", "i8x16.sub_sat_s",
         "i8x16.sub_sat_u", "i8x16.min_s", "i8x16.min_u", "i8x16.max_s", "i8x16.max_u",
         "i8x16.avgr_u", "i8x16.eq", "i8x16.ne", "i8x16.lt_s", "i8x16.gt_u", "i8x16.le_s",
         "i8x16.ge_u", "i8x16.narrow_i16x8_s", "i8x16.narrow_i16x8_u", "i8x16.swizzle",
         "i16x8.add", "i16x8.sub", "i16x8.mul", "i16x8.add_sat_s", "i16x8.sub_sat_u",
         "i16x8.min_u", "i16x8.max_s", "i16x8.avgr_u", "i16x8.q15mulr_sat_s", "i16x8.eq",
         "i16x8.lt_u", "i16x8.gt_s", "i16x8.le_u", "i16x8.ge_s", "i16x8.narrow_i32x4_s",
         "i16x8.narrow_i32x4_u", "i16x8.extmul_low_i8x16_s", "i16x8.extmul_high_i8x16_u",
         "i32x4.add", "i32x4.sub", "i32x4.mul", "i32x4.min_s", "i32x4.max_u", "i32x4.eq",
         "i32x4.ne", "i32x4.lt_s", "i32x4.gt_u", "i32x4.le_s", "i32x4.ge_u",
         "i32x4.dot_i16x8_s", "i32x4.extmul_low_i16x8_u", "i32x4.extmul_high_i16x8_s",
         "i64x2.add", "i64x2.sub", "i64x2.mul", "i64x2.eq", "i64x2.ne", "i64x2.lt_s",
         "i64x2.gt_s", "i64x2.le_s", "i64x2.ge_s", "i64x2.extmul_low_i32x4_s",
         "i64x2.extmul_high_i32x4_u", "f32x4.eq", "f32x4.lt", "f64x2.ne", "f64x2.ge"]
V_FBIN = ["f32x4.add", "f32x4.sub", "f32x4.mul", "f32x4.div", "f32x4.min", "f32x4.max",
          "f32x4.pmin", "f32x4.pmax", "f64x2.add", "f64x2.sub", "f64x2.mul", "f64x2.div",
          "f64x2.min", "f64x2.max", "f64x2.pmin", "f64x2.pmax"]
V_UN = ["v128.not", "i8x16.abs", "i8x16.neg", "i8x16.popcnt", "i16x8.abs", "i16x8.neg",
        "i16x8.extend_low_i8x16_s", "i16x8.extend_high_i8x16_u", "i16x8.extadd_pairwise_i8x16_s",
        "i32x4.abs", "i32x4.neg", "i32x4.extend_low_i16x8_u", "i32x4.extend_high_i16x8_s",
        "i32x4.extadd_pairwise_i16x8_u", "i32x4.trunc_sat_f32x4_s", "i32x4.trunc_sat_f32x4_u",
        "i32x4.trunc_sat_f64x2_s_zero", "i32x4.trunc_sat_f64x2_u_zero", "i64x2.abs",
        "i64x2.neg", "i64x2.extend_low_i32x4_s", "i64x2.extend_high_i32x4_u",
        "f32x4.convert_i32x4_s", "f32x4.convert_i32x4_u", "f64x2.convert_low_i32x4_s",
        "f64x2.convert_low_i32x4_u"]
V_FUN = ["f32x4.abs", "f32x4.neg", "f32x4.sqrt", "f32x4.ceil", "f32x4.floor", "f32x4.trunc",
         "f32x4.nearest", "f64x2.abs", "f64x2.neg", "f64x2.sqrt", "f64x2.ceil", "f64x2.floor",
         "f64x2.trunc", "f64x2.nearest", "f32x4.demote_f64x2_zero", "f64x2.promote_low_f32x4"]
V_SHIFT = ["i8x16.shl", "i8x16.shr_s", "i16x8.shr_u", "i16x8.shl", "i32x4.shr_s", "i32x4.shl",
           "i64x2.shr_u", "i64x2.shl", "i64x2.shr_s"]
LANES = {"i8x16": 16, "i16x8": 8, "i32x4": 4, "i64x2": 2, "f32x4": 4, "f64x2": 2}
LANE_T = {"i8x16": "i32", "i16x8": "i32", "i32x4": "i32", "i64x2": "i64", "f32x4": "f32",
          "f64x2": "f64"}


SIMD_HELPERS = """(global $gv128 (mut v128) %s)
(func $dnv32 (param v128) (result v128)
  (v128.bitselect (local.get 0) (v128.const i32x4 0 0 0 0) (f32x4.eq (local.get 0) (local.get 0))))
(func $dnv64 (param v128) (result v128)
  (v128.bitselect (local.get 0) (v128.const i32x4 0 0 0 0) (f64x2.eq (local.get 0) (local.get 0))))"""


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.funcs = []  # (params, result)
        self.simd = self.chance(0.5)
        self.types = T + (["v128"] if self.simd else [])

    def pick(self, xs):
        return self.r.choice(xs)

    def chance(self, p):
        return self.r.random() < p

    # ---- expressions ---------------------------------------------------

    def const(self, t):
        r = self.r
        if t == "v128":
            return "(v128.const i32x4 %s)" % " ".join(
                str(r.choice([0, 1, -1, 0x7fc00000, 0x80000000, r.getrandbits(32)]))
                for _ in range(4))
        if t in ("i32", "i64"):
            bits = 32 if t == "i32" else 64
            v = r.choice([0, 1, -1, 2, 7, 31, 32, 63, 64, 255, 256, 65535, 65536,
                          (1 << (bits - 1)) - 1, -(1 << (bits - 1)),
                          r.getrandbits(bits) - (1 << (bits - 1)), r.randint(-100, 100)])
            return "(%s.const %d)" % (t, v)
        v = r.choice(["0", "-0", "1", "-1", "0.5", "1.5", "-2.5", "1e10", "-1e-10",
                      "inf", "-inf", "3.4e38", "2147483648", "-2147483649", "4294967296",
                      "9.3e18", "%.6g" % r.uniform(-1e6, 1e6), "0x1p-149", "123456789"])
        return "(%s.const %s)" % (t, v)

    def dn(self, t, e):
        return "(call $dn%s %s)" % (t[1:], e) if t[0] == "f" else e

    def vexpr(self, d):
        """A v128 expression (the SIMD instructions weft has, but relaxed)."""
        k = self.r.random()
        if k < 0.25:
            return "(%s %s %s)" % (self.pick(V_BIN), self.expr("v128", d - 1), self.expr("v128", d - 1))
        if k < 0.35:
            op = self.pick(V_FBIN)
            return "(call $dnv%s (%s %s %s))" % (op[1:3], op, self.expr("v128", d - 1),
                                                 self.expr("v128", d - 1))
        if k < 0.47:
            return "(%s %s)" % (self.pick(V_UN), self.expr("v128", d - 1))
        if k < 0.53:
            op = self.pick(V_FUN)
            w = "64" if op.startswith("f64") or op == "f32x4.demote_f64x2_zero" else "32"
            w = "32" if op == "f32x4.demote_f64x2_zero" else w
            w = "64" if op == "f64x2.promote_low_f32x4" else w
            return "(call $dnv%s (%s %s))" % (w, op, self.expr("v128", d - 1))
        if k < 0.60:
            return "(%s %s %s)" % (self.pick(V_SHIFT), self.expr("v128", d - 1), self.expr("i32", d - 1))
        if k < 0.67:
            shape = self.pick(list(LANES))
            e = "(%s.splat %s)" % (shape, self.expr(LANE_T[shape], d - 1))
            return e
        if k < 0.73:
            shape = self.pick(list(LANES))
            return "(%s.replace_lane %d %s %s)" % (shape, self.r.randrange(LANES[shape]),
                                                   self.expr("v128", d - 1),
                                                   self.expr(LANE_T[shape], d - 1))
        if k < 0.78:
            return "(i8x16.shuffle %s %s %s)" % (" ".join(str(self.r.randrange(32)) for _ in range(16)),
                                                 self.expr("v128", d - 1), self.expr("v128", d - 1))
        if k < 0.82:
            return "(v128.bitselect %s %s %s)" % (self.expr("v128", d - 1), self.expr("v128", d - 1),
                                                  self.expr("v128", d - 1))
        if k < 0.92:
            op = self.pick(["v128.load", "v128.load8x8_s", "v128.load16x4_u", "v128.load32x2_s",
                            "v128.load8_splat", "v128.load32_splat", "v128.load64_splat",
                            "v128.load32_zero", "v128.load64_zero"])
            return "(%s offset=%d %s)" % (op, self.pick([0, 1, 16]), self.addr(16))
        w = self.pick([8, 16, 32, 64])
        return "(v128.load%d_lane %d %s %s)" % (w, self.r.randrange(128 // w), self.addr(16),
                                                self.expr("v128", d - 1))

    def from_v128(self, t, d):
        """A scalar of type t out of a v128."""
        if t == "i32" and self.chance(0.3):
            op = self.pick(["v128.any_true", "i8x16.all_true", "i16x8.all_true", "i32x4.all_true",
                            "i64x2.all_true", "i8x16.bitmask", "i16x8.bitmask", "i32x4.bitmask",
                            "i64x2.bitmask"])
            return "(%s %s)" % (op, self.expr("v128", d - 1))
        shapes = [s for s in LANES if LANE_T[s] == t]
        shape = self.pick(shapes)
        sign = "_%s" % self.pick("su") if shape in ("i8x16", "i16x8") else ""
        return "(%s.extract_lane%s %d %s)" % (shape, sign, self.r.randrange(LANES[shape]),
                                              self.expr("v128", d - 1))

    def addr(self, size):
        """An address: usually in bounds (and aligned to size if align),
        now and then anything (probably out of bounds)."""
        if self.chance(0.01):
            return self.expr("i32", 1)
        mask = 0xFFFF - 32 if self.chance(0.98) else 0xFFFF
        return "(i32.and %s (i32.const %d))" % (self.expr("i32", 1), mask)

    def aligned(self, size):
        if self.chance(0.03):
            return self.addr(size)  # maybe misaligned: traps as unaligned
        return "(i32.and %s (i32.const %d))" % (self.expr("i32", 1), (0xFFFF - 32) & ~(size - 1))

    def load(self, t, d):
        op = self.pick(LOADS[t])
        off = self.pick([0, 0, 1, 2, 4, 8, 16, 17])
        e = "(%s.%s offset=%d %s)" % (t, op, off, self.addr(8))
        return e

    def atomic_rmw(self, t, d):
        w = self.pick([8, 16, 32, 64] if t == "i64" else [8, 16, 32])
        full = (t == "i32" and w == 32) or (t == "i64" and w == 64)
        suffix = "" if full else "%d" % w
        tail = "" if full else "_u"
        a = self.aligned(w // 8)
        if self.chance(0.2):
            return "(%s.atomic.load%s%s %s)" % (t, suffix, tail, a)
        if self.chance(0.25):
            return "(%s.atomic.rmw%s.cmpxchg%s %s %s %s)" % (
                t, suffix, tail, a, self.expr(t, d - 1), self.expr(t, d - 1))
        return "(%s.atomic.rmw%s.%s%s %s %s)" % (t, suffix, self.pick(RMW), tail, a,
                                                self.expr(t, d - 1))

    def convert(self, t, d):
        s = self.pick([x for x in T if x != t])
        if t == "i32":
            if s == "i64":
                return "(i32.wrap_i64 %s)" % self.expr("i64", d - 1)
            if s == "f32" and self.chance(0.3):
                return "(i32.reinterpret_f32 %s)" % self.expr("f32", d - 1)
        if t == "i64":
            if s == "i32":
                return "(i64.extend_i32_%s %s)" % (self.pick("su"), self.expr("i32", d - 1))
            if s == "f64" and self.chance(0.3):
                return "(i64.reinterpret_f64 %s)" % self.expr("f64", d - 1)
        if t[0] == "i":
            s = self.pick(["f32", "f64"])
            sat = "_sat" if self.chance(0.7) else ""
            return "(%s.trunc%s_%s_%s %s)" % (t, sat, s, self.pick("su"), self.expr(s, d - 1))
        if t == "f32" and s == "f64":
            return self.dn(t, "(f32.demote_f64 %s)" % self.expr("f64", d - 1))
        if t == "f64" and s == "f32":
            return self.dn(t, "(f64.promote_f32 %s)" % self.expr("f32", d - 1))
        if s == "f32" or s == "f64":
            s = "i32"
        if self.chance(0.2) and ((t == "f32" and s == "i32") or (t == "f64" and s == "i64")):
            return self.dn(t, "(%s.reinterpret_%s %s)" % (t, s, self.expr(s, d - 1)))
        return "(%s.convert_%s_%s %s)" % (t, s, self.pick("su"), self.expr(s, d - 1))

    def expr(self, t, d):
        if d <= 0 or self.chance(0.12):
            k = self.r.random()
            if k < 0.45:
                return self.const(t)
            if k < 0.85:
                return "(local.get $%s)" % self.pick(self.locals[t])
            return "(global.get $g%s)" % t
        if t == "v128":
            if self.chance(0.12):
                return "(local.tee $%s %s)" % (self.pick(self.locals[t]), self.expr(t, d - 1))
            return self.vexpr(d)
        k = self.r.random()
        isint = t[0] == "i"
        if self.simd and self.chance(0.08):
            return self.from_v128(t, d)
        if k < 0.30:
            if isint:
                if self.chance(0.12):
                    op = self.pick(INT_DIV)
                    divisor = self.expr(t, d - 1)
                    if self.chance(0.85):
                        divisor = "(%s.or %s (%s.const 1))" % (t, divisor, t)
                    return "(%s.%s %s %s)" % (t, op, self.expr(t, d - 1), divisor)
                return "(%s.%s %s %s)" % (t, self.pick(INT_BIN), self.expr(t, d - 1), self.expr(t, d - 1))
            return self.dn(t, "(%s.%s %s %s)" % (t, self.pick(FLT_BIN), self.expr(t, d - 1), self.expr(t, d - 1)))
        if k < 0.40:
            if isint:
                ops = ["clz", "ctz", "popcnt", "extend8_s", "extend16_s"] + (["extend32_s"] if t == "i64" else [])
                if t == "i32" and self.chance(0.3):
                    s = self.pick(["i32", "i64"])
                    return "(%s.eqz %s)" % (s, self.expr(s, d - 1))
                return "(%s.%s %s)" % (t, self.pick(ops), self.expr(t, d - 1))
            return self.dn(t, "(%s.%s %s)" % (t, self.pick(FLT_UN), self.expr(t, d - 1)))
        if k < 0.50 and t == "i32":
            s = self.pick(T)
            ops = INT_CMP if s[0] == "i" else FLT_CMP
            return "(%s.%s %s %s)" % (s, self.pick(ops), self.expr(s, d - 1), self.expr(s, d - 1))
        if k < 0.58:
            return self.load(t, d)
        if k < 0.63 and isint:
            return self.atomic_rmw(t, d)
        if k < 0.70:
            return self.convert(t, d)
        if k < 0.75:
            return "(select %s %s %s)" % (self.expr(t, d - 1), self.expr(t, d - 1), self.expr("i32", d - 1))
        if k < 0.82:
            return "(local.tee $%s %s)" % (self.pick(self.locals[t]), self.expr(t, d - 1))
        if k < 0.87:
            return "(if (result %s) %s (then %s) (else %s))" % (
                t, self.expr("i32", d - 1), self.expr(t, d - 1), self.expr(t, d - 1))
        if k < 0.91:
            return "(block (result %s) (br_if 0 %s %s) (drop) %s)" % (
                t, self.expr(t, d - 1), self.expr("i32", d - 1), self.expr(t, d - 1))
        callees = [i for i, f in enumerate(self.funcs) if f[1] == t]
        if callees:
            i = self.pick(callees)
            args = " ".join(self.expr(p, d - 2) for p in self.funcs[i][0])
            if self.chance(0.3):
                # through the table; now and then with a signature it lacks
                ty = "$t%d" % i if self.chance(0.9) else "$t%d" % self.r.randrange(len(self.funcs))
                if ty != "$t%d" % i:
                    j = int(ty[2:])
                    args = " ".join(self.expr(p, d - 2) for p in self.funcs[j][0])
                    if self.funcs[j][1] != t:
                        return "(call $f%d %s)" % (i, " ".join(self.expr(p, d - 2) for p in self.funcs[i][0]))
                return "(call_indirect (type %s) %s (i32.const %d))" % (ty, args, i)
            return "(call $f%d %s)" % (i, args)
        return self.expr(t, d - 1)

    # ---- statements ----------------------------------------------------

    def stmt(self, d, labels):
        k = self.r.random()
        t = self.pick(self.types)
        if k < 0.25:
            return "(local.set $%s %s)" % (self.pick(self.locals[t]), self.expr(t, d))
        if k < 0.33:
            return "(global.set $g%s %s)" % (t, self.expr(t, d))
        if k < 0.48 and t == "v128" and self.chance(0.4):
            w = self.pick([8, 16, 32, 64])
            return "(v128.store%d_lane offset=%d %d %s %s)" % (
                w, self.pick([0, 3]), self.r.randrange(128 // w), self.addr(16), self.expr(t, d))
        if k < 0.48:
            op = self.pick(STORES[t])
            off = self.pick([0, 0, 1, 3, 8, 16])
            return "(%s.%s offset=%d %s %s)" % (t, op, off, self.addr(8), self.expr(t, d))
        if k < 0.53:
            w = self.pick([8, 16, 32, 64] if t == "i64" else [8, 16, 32])
            t = "i64" if w == 64 else self.pick(["i32", "i64"])
            full = (t == "i32" and w == 32) or (t == "i64" and w == 64)
            return "(%s.atomic.store%s %s %s)" % (t, "" if full else "%d" % w, self.aligned(w // 8),
                                                 self.expr(t, d))
        if k < 0.58:
            n = "(i32.and %s (i32.const 63))" % self.expr("i32", 1)
            c = self.r.random()
            if c < 0.4:
                return "(memory.fill %s %s %s)" % (self.addr(1), self.expr("i32", 1), n)
            if c < 0.8:
                return "(memory.copy %s %s %s)" % (self.addr(1), self.addr(1), n)
            if c < 0.95:
                return "(memory.init $d%d %s (i32.and %s (i32.const 7)) (i32.and %s (i32.const 7)))" % (
                    self.r.randrange(2), self.addr(1), self.expr("i32", 1), self.expr("i32", 1))
            return "(data.drop $d%d)" % self.r.randrange(2)
        if k < 0.66 and d > 0:
            return "(if %s (then %s) (else %s))" % (self.expr("i32", d), self.block(d - 1, labels),
                                                    self.block(d - 1, labels))
        if k < 0.72 and d > 0 and len(labels) < 6:
            c = "$c%d" % len(labels)
            self.counters.add(c)
            lab = "$L%d" % len(labels)
            body = self.block(d - 1, labels + [lab])
            return ("(local.set %s (i32.const 0)) (block %s_out (loop %s %s "
                    "(global.set $fuel (i32.sub (global.get $fuel) (i32.const 1))) "
                    "(local.set %s (i32.add (local.get %s) (i32.const 1))) "
                    "(br_if %s (i32.and (i32.lt_u (local.get %s) (i32.const %d)) "
                    "(i32.gt_s (global.get $fuel) (i32.const 0))))))") % (
                        c, lab, lab, body, c, c, lab, c, self.r.randint(1, 6))
        if k < 0.76 and d > 0:
            return "(block %s (br_if 0 %s))" % (self.block(d - 1, labels), self.expr("i32", d))
        if k < 0.79 and d > 0:
            return ("(block (block (block (br_table 0 1 2 %s)) %s) %s)" % (
                "(i32.and %s (i32.const 3))" % self.expr("i32", d), self.block(d - 1, labels),
                self.block(d - 1, labels)))
        if k < 0.81:
            return "(if %s (then (return %s)))" % (self.expr("i32", d), self.expr(self.result, d))
        if k < 0.812:
            return "(if %s (then unreachable))" % self.expr("i32", d)
        return "(drop %s)" % self.expr(t, d)

    def block(self, d, labels):
        return " ".join(self.stmt(d, labels) for _ in range(self.r.randint(1, 3)))

    def func(self, i):
        nparams = self.r.randint(0, 3)
        params = [self.pick(self.types) for _ in range(nparams)]
        result = self.pick(self.types)
        self.result = result
        self.locals = {t: [] for t in self.types}
        decls = []
        for j, p in enumerate(params):
            self.locals[p].append("p%d" % j)
            decls.append("(param $p%d %s)" % (j, p))
        decls.append("(result %s)" % result)
        local_decls = []
        for t in self.types:
            for j in range(2):
                name = "%s_%d" % (t, j)
                self.locals[t].append(name)
                local_decls.append("(local $%s %s)" % (name, t))
        self.counters = set()
        depth = self.r.randint(2, 5)
        body = " ".join(self.stmt(depth, []) for _ in range(self.r.randint(2, 8)))
        ret = self.expr(result, depth)
        counters = " ".join("(local %s i32)" % c for c in sorted(self.counters))
        text = "(func $f%d (export \"f%d\") (type $t%d) %s %s %s\n  %s\n  %s)" % (
            i, i, i, " ".join(decls), " ".join(local_decls), counters, body, ret)
        return params, result, text

    def module(self):
        n = self.r.randint(2, 7)
        funcs = []
        for i in range(n):
            params, result, text = self.func(i)
            self.funcs.append((params, result))
            funcs.append(text)
        types = "\n".join("(type $t%d (func %s (result %s)))" % (
            i, " ".join("(param %s)" % p for p in ps), r) for i, (ps, r) in enumerate(self.funcs))
        shared = "shared" if self.chance(0.5) else ""
        data = "\n".join("(data $d%d \"%s\")" % (j, "".join("\\%02x" % self.r.getrandbits(8)
                                                         for _ in range(self.r.randint(0, 12))))
                         for j in range(2))
        active = "(data (i32.const %d) \"%s\")" % (self.r.randrange(65000),
                                                  "".join("\\%02x" % self.r.getrandbits(8) for _ in range(16)))
        return "\n".join([
            "(module", types,
            "(memory (export \"memory\") 1 1 %s)" % shared,
            "(table %d funcref)" % n,
            "(elem (i32.const 0) %s)" % " ".join("$f%d" % i for i in range(n)),
            "(global $fuel (mut i32) (i32.const 2000))",
            "(global $gi32 (mut i32) %s)" % self.const("i32"),
            "(global $gi64 (mut i64) %s)" % self.const("i64"),
            "(global $gf32 (mut f32) %s)" % self.const("f32"),
            "(global $gf64 (mut f64) %s)" % self.const("f64"),
            SIMD_HELPERS % self.const("v128") if self.simd else "",
            "(func $dn32 (param f32) (result f32) (select (local.get 0) (f32.const 0) (f32.eq (local.get 0) (local.get 0))))",
            "(func $dn64 (param f64) (result f64) (select (local.get 0) (f64.const 0) (f64.eq (local.get 0) (local.get 0))))",
            data, active] + funcs + [")"])


if __name__ == "__main__":
    print(Gen(int(sys.argv[1])).module())
