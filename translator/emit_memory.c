/*
 * emit_memory.c - plain loads and stores, memory.size/grow and the bulk
 * memory instructions, all on memory 0.
 *
 * Inside a function, `mb` is memory 0's base and `msz` its size in bytes
 * (explicit-bounds builds only).  They are loaded where first needed (see
 * fx_need_mem) and, once loaded, reloaded after anything that may grow the
 * memory.  Accesses to a shared memory use the fenced wf_rds and
 * wf_sts forms (see weft_rt_mem.h), to an unshared one the plain forms.
 *
 * Forced reads.  With guard pages a load's fault is its bounds check, so a
 * load the C compiler could delete as unused must be kept by WF_FORCE_READ.
 * Forcing every load costs (it pins values in registers and blocks load
 * combining), so a loaded value is left pending and settled where it is
 * consumed:
 *   - as the address of another access, it needs nothing: that access is
 *     made (forced itself if need be), and it needs the address;
 *   - through float arithmetic it stays pending: with NaNs honoured, and
 *     the other operand hidden from the folder (see emit_numeric.c), no
 *     float operation can drop an operand, so forcing the result forces
 *     the load;
 *   - stored, it needs nothing once at least one add, sub, mul or div lies
 *     between load and store; a plain copy is forced, since `*p = *p` is a
 *     store the compiler may delete;
 *   - anything else forces it first.  Instructions that may trap for
 *     another reason, have effects, or leave the expression (stores,
 *     calls, division, control flow ...) force every pending value first,
 *     so faults keep their order: GCC does sink a load past a division's
 *     zero check when only a later instruction uses it.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "emit.h"

typedef struct memop {
  uint32_t op;
  uint8_t bytes;
  char type;           /* value type loaded or stored */
  const char *cast;    /* load: conversion of the loaded bits; NULL for
                          floats, which have loads of their own */
} memop;

static const memop loads[] = {
  {0x28, 4, 'i', ""},          {0x29, 8, 'j', ""},
  {0x2a, 4, 'f', NULL},        {0x2b, 8, 'd', NULL},
  {0x2c, 1, 'i', "(u32)(s32)(s8)"},   {0x2d, 1, 'i', "(u32)"},
  {0x2e, 2, 'i', "(u32)(s32)(s16)"},  {0x2f, 2, 'i', "(u32)"},
  {0x30, 1, 'j', "(u64)(s64)(s8)"},   {0x31, 1, 'j', "(u64)"},
  {0x32, 2, 'j', "(u64)(s64)(s16)"},  {0x33, 2, 'j', "(u64)"},
  {0x34, 4, 'j', "(u64)(s64)(s32)"},  {0x35, 4, 'j', "(u64)"},
};

static const memop stores[] = {
  {0x36, 4, 'i', ""}, {0x37, 8, 'j', ""},
  {0x38, 4, 'f', "wf_f32_bits"}, {0x39, 8, 'd', "wf_f64_bits"},
  {0x3a, 1, 'i', "(u8)"},  {0x3b, 2, 'i', "(u16)"},
  {0x3c, 1, 'j', "(u8)"},  {0x3d, 2, 'j', "(u16)"}, {0x3e, 4, 'j', "(u32)"},
};

static const memop *find(const memop *t, size_t n, uint32_t op) {
  for (size_t i = 0; i < n; i++)
    if (t[i].op == op) return &t[i];
  return NULL;
}

const char *fx_mem_size_expr(fctx *fx) {
  return fx->shared_memory ? "wf_memory_bytes(M0)" : "msz";
}

void fx_need_mem(fctx *fx) {
  if (fx->mem_loaded) return;
  fx_line(fx, "WF_MEM_LOAD(mb, msz, M0);");
  fx->mem_loaded = true;
}

void fx_force(fctx *fx, uint32_t from_top) {
  uint32_t d = fx->sp - 1 - from_top;
  if (!(fx->pend[d] & PEND_READ)) return;
  bool flt = fx->stack[d] == 'f' || fx->stack[d] == 'd';
  fx_line(fx, "WF_FORCE_READ%s(%s);", flt ? "_FLOAT" : "", fx_top(fx, from_top));
  fx->pend[d] = 0;
}

void fx_force_all(fctx *fx) {
  for (uint32_t i = 0; i < fx->sp; i++) fx_force(fx, i);
}

/* An access's offset: most are 0. */
static const char *offset_text(fctx *fx, uint64_t off) {
  return off ? fx_fmt(fx, "%" PRIu64 "u", off) : "0";
}

static void emit_load(fctx *fx, const wm_instr *in, const memop *l) {
  const char *addr = fx_top(fx, 0);
  fx_pop(fx, 1);  /* an address settles what it was loaded from */
  fx_need_mem(fx);
  static const char *const width[] = {"", "8, ", "16, ", "", "32, ", "", "",
                                      "", "64, "};
  const char *dst = fx_push(fx, (uint8_t)l->type);
  const char *off = offset_text(fx, in->imm);
  bool cast = l->cast && *l->cast;
  strbuf *t = &fx->line;  /* without a format: loads are many */
  t->len = 0;
  if (cast) sb_puts(t, l->cast), sb_putn(t, "(", 1);
  sb_puts(t, fx->shared_memory ? "WF_LDS" : "WF_LD");
  if (!l->cast) sb_putn(t, "F", 1);
  sb_putn(t, "(", 1);
  sb_puts(t, width[l->bytes]);
  sb_puts(t, addr);
  sb_putn(t, ", ", 2);
  sb_puts(t, off);
  sb_puts(t, cast ? "))" : ")");
  fx_assign(fx, dst, t->data);
  fx->pend[fx->sp - 1] = PEND_READ | PEND_COPY;
}

static void emit_store(fctx *fx, const wm_instr *in, const memop *s) {
  const char *addr, *val;
  if (fx->pend[fx->sp - 1] & PEND_COPY) fx_force(fx, 0);
  fx->pend[fx->sp - 1] = fx->pend[fx->sp - 2] = 0;
  fx_force_all(fx);  /* a store is an effect: no pending read moves past it */
  addr = fx_top(fx, 1);
  if (s->cast[0] == '(')  /* a C cast binds tighter than any operator */
    val = fx_fmt(fx, "%s%s", s->cast, fx_top(fx, 0));
  else if (s->cast[0])
    val = fx_fmt(fx, "%s(%s)", s->cast, fx_arg(fx, 0));
  else
    val = fx_arg(fx, 0);
  fx_pop(fx, 2);
  fx_need_mem(fx);
  fx_line(fx, "%s(%u, %s, %s, %s);", fx->shared_memory ? "WF_STS" : "WF_ST",
          s->bytes * 8u, addr, offset_text(fx, in->imm), val);
}

bool emit_memory(fctx *fx, const wm_instr *in) {
  const memop *p;
  if ((p = find(loads, sizeof loads / sizeof *loads, in->op))) {
    emit_load(fx, in, p);
    return true;
  }
  if ((p = find(stores, sizeof stores / sizeof *stores, in->op))) {
    emit_store(fx, in, p);
    return true;
  }
  const char *a, *b, *c;
  switch (in->op) {
    case OP_MEMORY_SIZE:
      fx_line(fx, "%s = wf_memory_pages(M0);", fx_push(fx, 'i'));
      return true;
    case OP_MEMORY_GROW:
      a = fx_top(fx, 0);
      fx_pop(fx, 1);
      fx_line(fx, "%s = wf_memory_grow(M0, %s);", fx_push(fx, 'i'), a);
      if (fx->mem_loaded) fx_line(fx, "WF_MEM_REFRESH(mb, msz, M0);");
      return true;
    case OP_MEMORY_FILL:
    case OP_MEMORY_COPY:
    case OP_MEMORY_INIT:
      a = fx_top(fx, 2);
      b = fx_top(fx, 1);
      c = fx_top(fx, 0);
      fx_pop(fx, 3);
      if (in->op == OP_MEMORY_FILL)
        fx_line(fx, "wf_memory_fill(M0, %s, %s, %s);", a, b, c);
      else if (in->op == OP_MEMORY_COPY)
        fx_line(fx, "wf_memory_copy(M0, M0, %s, %s, %s);", a, b, c);
      else
        fx_line(fx, "wf_memory_init_seg(M0, %s_d%u, inst->dlen[%u], %s, %s, %s);",
                fx->o->prefix, in->a, in->a, a, b, c);
      return true;
    case OP_DATA_DROP:
      fx_line(fx, "inst->dlen[%u] = 0;", in->a);
      return true;
    default:
      return false;
  }
}
