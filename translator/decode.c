/*
 * decode.c - one function body, from its (already validated) bytes to the
 * flat instruction array the emitters walk; see module.h.
 *
 * Only what weft translates is decoded: the Wasm 2.0 instructions, the
 * threads proposal's (0xFE) and fixed-width SIMD (0xFD).  libwabt has
 * validated the body, so anything else is reported as an error rather than
 * handled, never crashed on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "module.h"

typedef struct reader {
  const uint8_t *p, *end, *start;
  const char *err;
} reader;

static uint8_t u8(reader *r) {
  if (r->p >= r->end) {
    r->err = "unexpected end of function body";
    return 0;
  }
  return *r->p++;
}

static uint64_t uleb(reader *r, int bits) {
  uint64_t v = 0;
  for (int shift = 0; shift < bits + 7; shift += 7) {
    uint8_t b = u8(r);
    v |= (uint64_t)(b & 0x7f) << shift;
    if (!(b & 0x80)) return v;
  }
  r->err = "LEB128 too long";
  return 0;
}

static int64_t sleb(reader *r, int bits) {
  int64_t v = 0;
  int shift = 0;
  uint8_t b;
  do {
    b = u8(r);
    if (shift < 64) v |= (int64_t)((uint64_t)(b & 0x7f) << shift);
    shift += 7;
  } while ((b & 0x80) && shift < bits + 7 && !r->err);
  if (b & 0x80) r->err = "LEB128 too long";
  /* sign-extend, shifting unsigned: 1 << 63 overflows int64_t (found by
   * fuzzing: a 10-byte i64.const) */
  if (shift < 64 && (b & 0x40)) v |= (int64_t)(~(uint64_t)0 << shift);
  return v;
}

static uint32_t u32(reader *r) { return (uint32_t)uleb(r, 32); }

static uint64_t fixed(reader *r, int n) {
  uint64_t v = 0;
  for (int i = 0; i < n; i++) v |= (uint64_t)u8(r) << (8 * i);
  return v;
}

uint8_t wm_valtype_char(uint8_t code) {
  switch (code) {
    case 0x7f: return WM_I32;
    case 0x7e: return WM_I64;
    case 0x7d: return WM_F32;
    case 0x7c: return WM_F64;
    case 0x7b: return WM_V128;
    case 0x70: return WM_FUNCREF;
    case 0x6f: return WM_EXTERNREF;
    default: return 0;
  }
}

static const wm_functype *blocktype(const wm_module *m, reader *r) {
  if (r->p < r->end && *r->p == 0x40) {
    r->p++;
    return m->blocktypes[0];
  }
  if (r->p < r->end && wm_valtype_char(*r->p)) return m->blocktypes[wm_valtype_char(u8(r))];
  int64_t idx = sleb(r, 33);
  if (idx < 0 || idx >= m->ntypes) {
    r->err = "bad block type";
    return m->blocktypes[0];
  }
  return &m->types[idx];
}

typedef struct grow_buf {
  void *p;
  size_t n, cap, size;
} grow_buf;

static void *push(grow_buf *g) {
  if (g->n == g->cap) {
    g->cap = g->cap ? g->cap * 2 : 256;
    g->p = realloc(g->p, g->cap * g->size);
    if (!g->p) abort();
  }
  return (char *)g->p + g->n++ * g->size;
}

static void memarg(reader *r, wm_instr *in) {
  in->a = u32(r);
  if (in->a >= 32) r->err = "alignment too large (multiple memories are not supported)";
  in->imm = u32(r);
}

/* The prefixed instructions' immediates (0xFC, 0xFD, 0xFE). */
static void prefixed(const wm_module *m, reader *r, wm_instr *in) {
  (void)m;
  uint32_t prefix = in->op, sub = u32(r);
  if (prefix == 0xfc) {
    in->op = 0xfc00 | sub;
    switch (sub) {
      case 8: in->a = u32(r); u8(r); break;            /* memory.init */
      case 9: case 13: in->a = u32(r); break;          /* data.drop, elem.drop */
      case 10: u8(r); u8(r); break;                    /* memory.copy */
      case 11: u8(r); break;                           /* memory.fill */
      case 12: in->a = u32(r); in->b = u32(r); break;  /* table.init */
      case 14: in->a = u32(r); in->b = u32(r); break;  /* table.copy */
      case 15: case 16: case 17: in->a = u32(r); break;
      default: if (sub > 17) r->err = "unknown 0xfc instruction";
    }
  } else if (prefix == 0xfe) {
    in->op = 0xfe00 | sub;
    if (sub == 0x03) u8(r);                            /* atomic.fence */
    else memarg(r, in);
  } else {                                             /* 0xfd: SIMD */
    in->op = OP_SIMD | sub;
    if (sub <= 0x0b || sub == 0x5c || sub == 0x5d) {
      memarg(r, in);
    } else if (sub >= 0x54 && sub <= 0x5b) {
      memarg(r, in);
      in->b = u8(r);
    } else if (sub == 0x0c || sub == 0x0d) {
      in->bytes = r->p;
      for (int i = 0; i < 16; i++) u8(r);
    } else if (sub >= 0x15 && sub <= 0x22) {
      in->a = u8(r);
    }
  }
}

/* One instruction's immediates, by opcode. */
static void immediates(const wm_module *m, reader *r, wm_instr *in,
                       grow_buf *targets) {
  uint8_t op = (uint8_t)in->op;
  if (op >= 0x28 && op <= 0x3e) {
    memarg(r, in);
    return;
  }
  switch (op) {
    case OP_BLOCK: case OP_LOOP: case OP_IF: in->bt = blocktype(m, r); break;
    case OP_BR: case OP_BR_IF: case OP_CALL: case OP_LOCAL_GET:
    case OP_LOCAL_SET: case OP_LOCAL_TEE: case OP_GLOBAL_GET:
    case OP_GLOBAL_SET: case OP_TABLE_GET: case OP_TABLE_SET: case OP_REF_FUNC:
      in->a = u32(r);
      break;
    case OP_BR_TABLE:
      in->ntargets = u32(r);
      in->b = (uint32_t)targets->n;  /* where they start; pointed at later */
      for (uint32_t i = 0; i <= in->ntargets && !r->err; i++)
        *(uint32_t *)push(targets) = u32(r);
      break;
    case OP_CALL_INDIRECT: {
      uint32_t t = u32(r);
      in->b = u32(r);
      if (t >= m->ntypes) r->err = "bad type index";
      else in->bt = &m->types[t];
      break;
    }
    case OP_SELECT_T:
      if (u32(r) != 1) r->err = "select with other than one type";
      in->vt = wm_valtype_char(u8(r));
      break;
    case OP_MEMORY_SIZE: case OP_MEMORY_GROW: u8(r); break;
    case OP_I32_CONST: in->imm = (uint32_t)sleb(r, 32); break;
    case OP_I64_CONST: in->imm = (uint64_t)sleb(r, 64); break;
    case OP_F32_CONST: in->imm = fixed(r, 4); break;
    case OP_F64_CONST: in->imm = fixed(r, 8); break;
    case OP_REF_NULL: in->vt = wm_valtype_char(u8(r)); break;
    case 0xfc: case 0xfd: case 0xfe: prefixed(m, r, in); break;
    default:
      if (!(op <= 0x11 || (op >= 0x1a && op <= 0x1c) || (op >= 0x45 && op <= 0xc4) ||
            op == OP_REF_IS_NULL))
        r->err = "unknown instruction";
  }
}

static int fail(const wm_module *m, const wm_func *f, reader *r, char *err,
                size_t n) {
  (void)m;
  snprintf(err, n, "0x%zx: %s", (size_t)(f->body_offset + (r->p - r->start)),
           r->err);
  return -1;
}

int wm_decode_body(const wm_module *m, const wm_func *f, wm_body *out,
                   char *err, size_t err_len) {
  memset(out, 0, sizeof *out);
  reader r = {f->body, f->body + f->body_len, f->body, NULL};
  /* locals: a vector of (count, type) */
  uint32_t groups = u32(&r);
  grow_buf locals = {NULL, 0, 0, 1};
  for (uint32_t g = 0; g < groups && !r.err; g++) {
    uint32_t count = u32(&r);
    uint8_t t = wm_valtype_char(u8(&r));
    if (!t) r.err = "bad local type";
    for (uint32_t k = 0; k < count && !r.err; k++) *(uint8_t *)push(&locals) = t;
  }
  grow_buf code = {NULL, 0, 0, sizeof(wm_instr)};
  grow_buf targets = {NULL, 0, 0, sizeof(uint32_t)};
  /* open constructs: 1 for an `if` still without its `else` */
  grow_buf open = {NULL, 0, 0, 1};
  *(uint8_t *)push(&open) = 0;  /* the body */
  while (open.n && !r.err) {
    wm_instr *in = push(&code);
    memset(in, 0, sizeof *in);
    in->offset = f->body_offset + (uint32_t)(r.p - r.start);
    in->op = u8(&r);
    uint8_t *top = (uint8_t *)open.p + open.n - 1;
    if (in->op == OP_END && *top) {  /* an if without else: give it one */
      in->op = OP_ELSE;
      *top = 0;
      r.p--;  /* read the end again */
      continue;
    }
    immediates(m, &r, in, &targets);
    if (in->op == OP_BLOCK || in->op == OP_LOOP || in->op == OP_IF)
      *(uint8_t *)push(&open) = in->op == OP_IF;
    else if (in->op == OP_ELSE)
      *top = 0;
    else if (in->op == OP_END)
      open.n--;
  }
  free(open.p);
  if (!r.err && r.p != r.end) r.err = "bytes after the function's end";
  if (r.err) {
    free(locals.p), free(code.p), free(targets.p);
    return fail(m, f, &r, err, err_len);
  }
  /* br_table targets live after the instructions, in the same block */
  wm_instr *c = realloc(code.p, code.n * sizeof(wm_instr) + targets.n * 4 + 4);
  if (!c) abort();
  uint32_t *t = (uint32_t *)(c + code.n);
  if (targets.n) memcpy(t, targets.p, targets.n * 4);
  for (size_t i = 0; i < code.n; i++)
    if (c[i].op == OP_BR_TABLE) c[i].targets = t + c[i].b, c[i].b = 0;
  free(targets.p);
  out->nlocals = (uint32_t)locals.n;
  out->locals = locals.p;
  out->ninstrs = (uint32_t)code.n;
  out->code = c;
  return 0;
}

void wm_body_free(wm_body *b) {
  free(b->locals);
  free(b->code);
  memset(b, 0, sizeof *b);
}
