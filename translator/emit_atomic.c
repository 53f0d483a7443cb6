/*
 * emit_atomic.c - the threads proposal: atomic loads, stores, read-modify-
 * write families, cmpxchg, wait/notify and fence.
 *
 * All atomics are sequentially consistent C11 atomics on the naturally
 * aligned address (WF_ATOMIC_EA traps "unaligned atomic" first).  The
 * opcodes of each family come in one fixed order of widths, so the family
 * and width are computed from the opcode.
 */
#include <inttypes.h>
#include <stdio.h>

#include "emit.h"

typedef struct width {
  char type;       /* i32 or i64 operand/result */
  uint8_t bits;    /* access width */
} width;

/* Order of the 7 members of every rmw family: i32, i64, i32 8u, i32 16u,
 * i64 8u, i64 16u, i64 32u. */
static const width rmw_widths[7] = {{'i', 32}, {'j', 64}, {'i', 8}, {'i', 16},
                                    {'j', 8},  {'j', 16}, {'j', 32}};
static const char *const rmw_names[7] = {"add", "sub", "and", "or",
                                         "xor", "xchg", "cmpxchg"};

static const char *utype(uint8_t bits) {
  return bits == 8 ? "u8" : bits == 16 ? "u16" : bits == 32 ? "u32" : "u64";
}

static const char *ea(fctx *fx, const char *addr, const wm_instr *in,
                      uint8_t bits) {
  fx_need_mem(fx);
  return fx_fmt(fx, "WF_ATOMIC_EA(mb, %s, %s, %" PRIu64 "u, %u)",
                fx_mem_size_expr(fx), addr, in->imm, bits / 8u);
}

static void emit_load(fctx *fx, const wm_instr *in, width w) {
  const char *addr = fx_top(fx, 0);
  fx_pop(fx, 1);
  const char *p = ea(fx, addr, in, w.bits);
  fx_line(fx, "%s = (%s)wf_atomic_ld%u(%s);", fx_push(fx, (uint8_t)w.type),
          fx_ctype((uint8_t)w.type), w.bits, p);
}

static void emit_store(fctx *fx, const wm_instr *in, width w) {
  const char *addr, *val;
  addr = fx_top(fx, 1);
  val = fx_top(fx, 0);
  fx_pop(fx, 2);
  const char *p = ea(fx, addr, in, w.bits);
  fx_line(fx, "wf_atomic_st%u(%s, (%s)%s);", w.bits, p, utype(w.bits), val);
}

static void emit_rmw(fctx *fx, const wm_instr *in, int family, width w) {
  const char *ut = utype(w.bits);
  if (family == 6) { /* cmpxchg: the expected value is wrapped to width */
    const char *addr, *exp, *rep;
    addr = fx_top(fx, 2);
    exp = fx_top(fx, 1);
    rep = fx_top(fx, 0);
    fx_pop(fx, 3);
    const char *p = ea(fx, addr, in, w.bits);
    fx_line(fx, "%s = (%s)wf_atomic_cmpxchg%u(%s, (%s)%s, (%s)%s);",
            fx_push(fx, (uint8_t)w.type), fx_ctype((uint8_t)w.type), w.bits, p,
            ut, exp, ut, rep);
    return;
  }
  const char *addr, *val;
  addr = fx_top(fx, 1);
  val = fx_top(fx, 0);
  fx_pop(fx, 2);
  const char *p = ea(fx, addr, in, w.bits);
  fx_line(fx, "%s = (%s)wf_atomic_%s%u(%s, (%s)%s);",
          fx_push(fx, (uint8_t)w.type), fx_ctype((uint8_t)w.type),
          rmw_names[family], w.bits, p, ut, val);
}

static void emit_wait_notify(fctx *fx, const wm_instr *in) {
  const char *a, *b, *c;
  if (in->op == OP_ATOMIC_NOTIFY) {
    a = fx_top(fx, 1);
    b = fx_top(fx, 0);
    fx_pop(fx, 2);
    fx_line(fx, "%s = wf_atomic_notify(M0, (u64)%s + %" PRIu64 "u, %s);",
            fx_push(fx, 'i'), a, in->imm, b);
    return;
  }
  a = fx_top(fx, 2);
  b = fx_top(fx, 1);
  c = fx_top(fx, 0);
  fx_pop(fx, 3);
  fx_line(fx, "%s = wf_atomic_wait%d(M0, (u64)%s + %" PRIu64 "u, %s, (s64)%s);",
          fx_push(fx, 'i'), in->op == OP_ATOMIC_WAIT32 ? 32 : 64, a, in->imm,
          b, c);
}

bool emit_atomic(fctx *fx, const wm_instr *in) {
  uint32_t op = in->op;
  if (op == OP_ATOMIC_FENCE) {
    fx_line(fx, "wf_atomic_fence();");
    return true;
  }
  if (op == OP_ATOMIC_NOTIFY || op == OP_ATOMIC_WAIT32 ||
      op == OP_ATOMIC_WAIT64) {
    emit_wait_notify(fx, in);
    return true;
  }
  if (op >= 0xfe10 && op <= 0xfe16) {
    emit_load(fx, in, rmw_widths[op - 0xfe10]);
    return true;
  }
  if (op >= 0xfe17 && op <= 0xfe1d) {
    emit_store(fx, in, rmw_widths[op - 0xfe17]);
    return true;
  }
  if (op >= 0xfe1e && op <= 0xfe4e) {
    uint32_t k = op - 0xfe1e;
    emit_rmw(fx, in, (int)(k / 7), rmw_widths[k % 7]);
    return true;
  }
  return false;
}
