/*
 * emit_numeric.c - numeric instructions: constants, comparisons,
 * arithmetic, conversions, sign extension and saturating truncation.
 *
 * Every one of them pops one or two operands and pushes one result, so they
 * are data: an opcode, operand and result types, and a C expression in
 * which $1 and $2 stand for the operands.  Semantics that C operators do
 * not give (traps, NaN rules, shifts by the width) are runtime helpers.
 */
#include <inttypes.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"

typedef struct numop {
  uint32_t op;
  const char *args;    /* operand types, as signature characters */
  char result;
  const char *expr;
} numop;

#define CMP32(op, c) {op, "ii", 'i', "$1 " c " $2"}
#define CMP32S(op, c) {op, "ii", 'i', "(s32)$1 " c " (s32)$2"}
#define CMP64(op, c) {op, "jj", 'i', "$1 " c " $2"}
#define CMP64S(op, c) {op, "jj", 'i', "(s64)$1 " c " (s64)$2"}
#define BIN(op, t, e) {op, t t, t[0], e}
#define UN(op, t, e) {op, t, t[0], e}
#define CVT(op, from, to, e) {op, from, to, e}

static const numop numops[] = {
  {0x45, "i", 'i', "!$1"},
  CMP32(0x46, "=="), CMP32(0x47, "!="), CMP32S(0x48, "<"), CMP32(0x49, "<"),
  CMP32S(0x4a, ">"), CMP32(0x4b, ">"), CMP32S(0x4c, "<="), CMP32(0x4d, "<="),
  CMP32S(0x4e, ">="), CMP32(0x4f, ">="),
  {0x50, "j", 'i', "!$1"},
  CMP64(0x51, "=="), CMP64(0x52, "!="), CMP64S(0x53, "<"), CMP64(0x54, "<"),
  CMP64S(0x55, ">"), CMP64(0x56, ">"), CMP64S(0x57, "<="), CMP64(0x58, "<="),
  CMP64S(0x59, ">="), CMP64(0x5a, ">="),
  {0x5b, "ff", 'i', "$1 == $2"}, {0x5c, "ff", 'i', "$1 != $2"},
  {0x5d, "ff", 'i', "$1 < $2"},  {0x5e, "ff", 'i', "$1 > $2"},
  {0x5f, "ff", 'i', "$1 <= $2"}, {0x60, "ff", 'i', "$1 >= $2"},
  {0x61, "dd", 'i', "$1 == $2"}, {0x62, "dd", 'i', "$1 != $2"},
  {0x63, "dd", 'i', "$1 < $2"},  {0x64, "dd", 'i', "$1 > $2"},
  {0x65, "dd", 'i', "$1 <= $2"}, {0x66, "dd", 'i', "$1 >= $2"},

  UN(0x67, "i", "wf_clz32($1)"), UN(0x68, "i", "wf_ctz32($1)"),
  UN(0x69, "i", "wf_popcnt32($1)"),
  BIN(0x6a, "i", "$1 + $2"), BIN(0x6b, "i", "$1 - $2"),
  BIN(0x6c, "i", "$1 * $2"), BIN(0x6d, "i", "wf_div_s32($1, $2)"),
  BIN(0x6e, "i", "wf_div_u32($1, $2)"), BIN(0x6f, "i", "wf_rem_s32($1, $2)"),
  BIN(0x70, "i", "wf_rem_u32($1, $2)"), BIN(0x71, "i", "$1 & $2"),
  BIN(0x72, "i", "$1 | $2"), BIN(0x73, "i", "$1 ^ $2"),
  BIN(0x74, "i", "$1 << ($2 & 31)"),
  BIN(0x75, "i", "(u32)((s32)$1 >> ($2 & 31))"),
  BIN(0x76, "i", "$1 >> ($2 & 31)"), BIN(0x77, "i", "wf_rotl32($1, $2)"),
  BIN(0x78, "i", "wf_rotr32($1, $2)"),

  UN(0x79, "j", "wf_clz64($1)"), UN(0x7a, "j", "wf_ctz64($1)"),
  UN(0x7b, "j", "wf_popcnt64($1)"),
  BIN(0x7c, "j", "$1 + $2"), BIN(0x7d, "j", "$1 - $2"),
  BIN(0x7e, "j", "$1 * $2"), BIN(0x7f, "j", "wf_div_s64($1, $2)"),
  BIN(0x80, "j", "wf_div_u64($1, $2)"), BIN(0x81, "j", "wf_rem_s64($1, $2)"),
  BIN(0x82, "j", "wf_rem_u64($1, $2)"), BIN(0x83, "j", "$1 & $2"),
  BIN(0x84, "j", "$1 | $2"), BIN(0x85, "j", "$1 ^ $2"),
  BIN(0x86, "j", "$1 << ($2 & 63)"),
  BIN(0x87, "j", "(u64)((s64)$1 >> ($2 & 63))"),
  BIN(0x88, "j", "$1 >> ($2 & 63)"), BIN(0x89, "j", "wf_rotl64($1, $2)"),
  BIN(0x8a, "j", "wf_rotr64($1, $2)"),

  UN(0x8b, "f", "wf_f32_abs($1)"), UN(0x8c, "f", "wf_f32_neg($1)"),
  UN(0x8d, "f", "wf_f32_ceil($1)"), UN(0x8e, "f", "wf_f32_floor($1)"),
  UN(0x8f, "f", "wf_f32_trunc($1)"), UN(0x90, "f", "wf_f32_nearest($1)"),
  UN(0x91, "f", "wf_f32_sqrt($1)"),
  BIN(0x92, "f", "wf_f32_add($1, $2)"), BIN(0x93, "f", "wf_f32_sub($1, $2)"),
  BIN(0x94, "f", "wf_f32_mul($1, $2)"), BIN(0x95, "f", "wf_f32_div($1, $2)"),
  BIN(0x96, "f", "wf_f32_min($1, $2)"), BIN(0x97, "f", "wf_f32_max($1, $2)"),
  BIN(0x98, "f", "wf_f32_copysign($1, $2)"),

  UN(0x99, "d", "wf_f64_abs($1)"), UN(0x9a, "d", "wf_f64_neg($1)"),
  UN(0x9b, "d", "wf_f64_ceil($1)"), UN(0x9c, "d", "wf_f64_floor($1)"),
  UN(0x9d, "d", "wf_f64_trunc($1)"), UN(0x9e, "d", "wf_f64_nearest($1)"),
  UN(0x9f, "d", "wf_f64_sqrt($1)"),
  BIN(0xa0, "d", "wf_f64_add($1, $2)"), BIN(0xa1, "d", "wf_f64_sub($1, $2)"),
  BIN(0xa2, "d", "wf_f64_mul($1, $2)"), BIN(0xa3, "d", "wf_f64_div($1, $2)"),
  BIN(0xa4, "d", "wf_f64_min($1, $2)"), BIN(0xa5, "d", "wf_f64_max($1, $2)"),
  BIN(0xa6, "d", "wf_f64_copysign($1, $2)"),

  CVT(0xa7, "j", 'i', "(u32)$1"),
  CVT(0xa8, "f", 'i', "(u32)wf_trunc_f32_s32($1)"),
  CVT(0xa9, "f", 'i', "wf_trunc_f32_u32($1)"),
  CVT(0xaa, "d", 'i', "(u32)wf_trunc_f64_s32($1)"),
  CVT(0xab, "d", 'i', "wf_trunc_f64_u32($1)"),
  CVT(0xac, "i", 'j', "(u64)(s64)(s32)$1"),
  CVT(0xad, "i", 'j', "(u64)$1"),
  CVT(0xae, "f", 'j', "(u64)wf_trunc_f32_s64($1)"),
  CVT(0xaf, "f", 'j', "wf_trunc_f32_u64($1)"),
  CVT(0xb0, "d", 'j', "(u64)wf_trunc_f64_s64($1)"),
  CVT(0xb1, "d", 'j', "wf_trunc_f64_u64($1)"),
  CVT(0xb2, "i", 'f', "(f32)(s32)$1"), CVT(0xb3, "i", 'f', "(f32)$1"),
  CVT(0xb4, "j", 'f', "(f32)(s64)$1"), CVT(0xb5, "j", 'f', "(f32)$1"),
  CVT(0xb6, "d", 'f', "wf_f32_demote($1)"),
  CVT(0xb7, "i", 'd', "(f64)(s32)$1"), CVT(0xb8, "i", 'd', "(f64)$1"),
  CVT(0xb9, "j", 'd', "(f64)(s64)$1"), CVT(0xba, "j", 'd', "(f64)$1"),
  CVT(0xbb, "f", 'd', "wf_f64_promote($1)"),
  CVT(0xbc, "f", 'i', "wf_f32_bits($1)"), CVT(0xbd, "d", 'j', "wf_f64_bits($1)"),
  CVT(0xbe, "i", 'f', "wf_f32_from_bits($1)"),
  CVT(0xbf, "j", 'd', "wf_f64_from_bits($1)"),

  UN(0xc0, "i", "(u32)(s32)(s8)$1"), UN(0xc1, "i", "(u32)(s32)(s16)$1"),
  UN(0xc2, "j", "(u64)(s64)(s8)$1"), UN(0xc3, "j", "(u64)(s64)(s16)$1"),
  UN(0xc4, "j", "(u64)(s64)(s32)$1"),

  CVT(0xfc00, "f", 'i', "(u32)wf_trunc_sat_f32_s32($1, INT32_MIN, INT32_MAX)"),
  CVT(0xfc01, "f", 'i', "wf_trunc_sat_f32_u32($1, 0, UINT32_MAX)"),
  CVT(0xfc02, "d", 'i', "(u32)wf_trunc_sat_f64_s32($1, INT32_MIN, INT32_MAX)"),
  CVT(0xfc03, "d", 'i', "wf_trunc_sat_f64_u32($1, 0, UINT32_MAX)"),
  CVT(0xfc04, "f", 'j', "(u64)wf_trunc_sat_f32_s64($1, INT64_MIN, INT64_MAX)"),
  CVT(0xfc05, "f", 'j', "wf_trunc_sat_f32_u64($1, 0, UINT64_MAX)"),
  CVT(0xfc06, "d", 'j', "(u64)wf_trunc_sat_f64_s64($1, INT64_MIN, INT64_MAX)"),
  CVT(0xfc07, "d", 'j', "wf_trunc_sat_f64_u64($1, 0, UINT64_MAX)"),
};

/* By opcode: one-byte opcodes at [op], 0xfc-prefixed ones at [256 + sub]. */
static const numop *find(uint32_t op) {
  static const numop *index[512];
  static bool built;
  if (!built) {
    for (size_t i = 0; i < sizeof numops / sizeof numops[0]; i++)
      index[numops[i].op < 256 ? numops[i].op : 256 + (numops[i].op & 0xff)] =
          &numops[i];
    built = true;
  }
  if (op < 256) return index[op];
  return op >= 0xfc00 && op <= 0xfcff ? index[256 + (op & 0xff)] : NULL;
}

static void subst(strbuf *b, const char *expr, const char *a1,
                  const char *a2) {
  for (const char *p = expr; *p;) {
    const char *d = strchr(p, '$');
    if (!d) {
      sb_puts(b, p);
      return;
    }
    sb_putn(b, p, (size_t)(d - p));
    sb_puts(b, d[1] == '1' ? a1 : a2);
    p = d + 2;
  }
}

/* Float constants read as hex floats when finite; NaNs and infinities keep
 * their exact bits. */
static void emit_const(fctx *fx, const wm_instr *in) {
  char text[64];
  uint8_t type = 0;
  switch (in->op) {
    case OP_I32_CONST:  /* fx_fmt is quicker than snprintf at integers */
      fx_push_expr(fx, 'i', fx_fmt(fx, "%uu", (unsigned)in->imm));
      return;
    case OP_I64_CONST:
      fx_push_expr(fx, 'j', fx_fmt(fx, "%lluull", (unsigned long long)in->imm));
      return;
    case OP_F32_CONST: {
      type = 'f';
      uint32_t bits = (uint32_t)in->imm;
      float f;
      memcpy(&f, &bits, 4);
      if (isfinite(f))
        snprintf(text, sizeof text, "%af", (double)f);
      else
        snprintf(text, sizeof text, "wf_f32_from_bits(0x%08" PRIx32 "u)", bits);
      break;
    }
    default: {
      type = 'd';
      double d;
      memcpy(&d, &in->imm, 8);
      if (isfinite(d))
        snprintf(text, sizeof text, "%a", d);
      else
        snprintf(text, sizeof text, "wf_f64_from_bits(0x%016" PRIx64 "ull)",
                 in->imm);
      break;
    }
  }
  fx_push_expr(fx, type, text);
}

/* Float add, sub, mul and div: NaN rules are kept by their helpers (see
 * weft_rt_num.h), but their operands still take part in pending loads. */
static bool is_float_arith(uint32_t op) {
  return (op >= 0x92 && op <= 0x95) || (op >= 0xa0 && op <= 0xa3);
}

/* Pending loaded values (see emit_memory.c): float operations pass them on
 * to their result; operations that may trap settle every pending value
 * first, so faults keep their order; the rest force their operands.  In a
 * binary operation, an operand beside a pending one is hidden
 * (wf_*_opaque): were it a NaN the compiler knows (a constant, or a value
 * it saw stored), it could fold the result to that NaN and drop the load. */
static bool keeps_pending(uint32_t op) {
  return (op >= 0x8b && op <= 0xa6) || op == 0xb6 || op == 0xbb;
}

static bool may_trap(uint32_t op) {
  return (op >= 0x6d && op <= 0x70) || (op >= 0x7f && op <= 0x82) ||
         (op >= 0xa8 && op <= 0xab) || (op >= 0xae && op <= 0xb1);
}

/* Returns the PEND_* flags of the result. */
static uint8_t settle_operands(fctx *fx, uint32_t op, uint32_t nargs) {
  if (may_trap(op)) fx_force_all(fx);
  if (may_trap(op) || !keeps_pending(op)) {
    for (uint32_t k = 0; k < nargs; k++) fx_force(fx, k);
    return 0;
  }
  uint8_t p = 0;
  for (uint32_t k = 0; k < nargs; k++) p |= fx->pend[fx->sp - 1 - k];
  if (is_float_arith(op)) p &= (uint8_t)~PEND_COPY;
  return p;
}

static const char *operand(fctx *fx, const wm_instr *in, uint32_t from_top,
                           uint32_t nargs) {
  uint32_t d = fx->sp - 1 - from_top;
  uint32_t other = fx->sp - 1 - (from_top ^ 1);
  bool beside_pending = nargs == 2 && keeps_pending(in->op) &&
                        (fx->pend[other] & PEND_READ);
  if (beside_pending)
    return fx_fmt(fx, "wf_%s_opaque(%s)", fx->stack[d] == 'f' ? "f32" : "f64",
                  fx_top(fx, from_top));
  /* eqz of a comparison is its negation, not of its u32 value */
  if (in->op == 0x45 && fx_is_expr(fx, 0) &&
      (fx->ent[fx->sp - 1].flags & EXPR_INT))
    return fx_fmt(fx, "(%s)", fx_cond(fx, 0));
  return fx_top(fx, from_top);
}

/* With a constant second operand some operations read better folded: a
 * shift by its masked count, an add of a "negative" constant as a
 * subtraction (and the reverse).  Returns the expression to use instead of
 * the table's, with *a2 replaced, or NULL. */
static const char *fold_const(fctx *fx, uint32_t op, const char **a2) {
  const char *p = *a2;
  if (*p < '0' || *p > '9') return NULL;
  char *end;
  unsigned long long v = strtoull(p, &end, 10);
  bool wide = !strcmp(end, "ull");
  if (!wide && strcmp(end, "u")) return NULL;
  const char *suffix = wide ? "ull" : "u";
  unsigned long long half = wide ? 1ull << 63 : 1ull << 31;
  unsigned long long neg = wide ? 0 - v : (1ull << 32) - v;
  switch (op) {
    case 0x74: case 0x75: case 0x76:
    case 0x86: case 0x87: case 0x88:
      *a2 = fx_fmt(fx, "%llu", v & (wide ? 63 : 31));
      return op == 0x74 || op == 0x86 ? "$1 << $2"
             : op == 0x75 ? "(u32)((s32)$1 >> $2)"
             : op == 0x87 ? "(u64)((s64)$1 >> $2)" : "$1 >> $2";
    case 0x6a: case 0x6b: case 0x7c: case 0x7d:
      if (v <= half) return NULL;
      *a2 = fx_fmt(fx, "%llu%s", neg, suffix);
      return op == 0x6a || op == 0x7c ? "$1 - $2" : "$1 + $2";
    default:
      return NULL;
  }
}

/* A comparison is a C int: kept so as a condition (see fx_cond). */
static bool is_comparison(uint32_t op) { return op >= 0x45 && op <= 0x66; }

bool emit_numeric(fctx *fx, const wm_instr *in) {
  if (in->op >= OP_I32_CONST && in->op <= OP_F64_CONST) {
    emit_const(fx, in);
    return true;
  }
  const numop *n = find(in->op);
  if (!n) return false;
  size_t nargs = strlen(n->args);
  uint8_t pend = settle_operands(fx, in->op, (uint32_t)nargs);
  const char *a1 = operand(fx, in, (uint32_t)nargs - 1, (uint32_t)nargs);
  const char *a2 = nargs > 1 ? operand(fx, in, 0, (uint32_t)nargs) : "";
  fx_pop(fx, (uint32_t)nargs);
  const char *folded = nargs > 1 ? fold_const(fx, in->op, &a2) : NULL;
  strbuf *e = &fx->line;
  e->len = 0;
  sb_putn(e, "", 0);
  subst(e, folded ? folded : n->expr, a1, a2);
  const char *text = e->data;  /* copied by the push */
  if (pend || may_trap(in->op)) {
    /* the value pins a pending load, or the operation may trap where it is */
    fx_assign(fx, fx_push(fx, (uint8_t)n->result), text);
    fx->pend[fx->sp - 1] = pend;
  } else if (is_comparison(in->op)) {
    fx_push_cond(fx, text);
  } else {
    fx_push_expr(fx, (uint8_t)n->result, text);
  }
  return true;
}
