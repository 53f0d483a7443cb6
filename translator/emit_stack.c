/*
 * emit_stack.c - the operand stack of the function being written: typed
 * slots, pending expressions, and the scratch strings that carry operand
 * text through one instruction.
 *
 * Folding.  Most Wasm instructions compute a pure value from the top of
 * the stack, and LLVM's output is long chains of them; one C assignment per
 * instruction made the C 18x the size of the Wasm.  So a pure result
 * (constant, local, global, arithmetic on such) stays text until it is
 * consumed, and `local.get 1; i32.const 4; i32.add; local.set 2` is written
 * `l2 = l1 + 4u;`.  A pending expression must mean the same wherever it is
 * written, so it is written to its slot first (materialized) wherever one
 * of its inputs could change: settle_before in emit_func.c does that before
 * locals and globals are set, calls, and control flow.  Its other input is
 * slots: an expression may name slots at its own depth or below, which
 * nothing overwrites while it is on the stack; one that would name a slot
 * above it is written out at once.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "debug_lines.h"
#include "emit.h"

/* Longer expressions are written to their slot at once: readable C, and
 * no quadratic copying as they nest. */
#define MAX_EXPR 200

typedef struct scratch_block {
  struct scratch_block *next;
  size_t used, cap;
  char data[];
} scratch_block;

/* ---- scratch strings, valid until the next instruction ---------------- */

static char *block_alloc(scratch_block **list, size_t n) {
  scratch_block *b = *list;
  if (!b || b->cap - b->used < n) {
    size_t cap = n > 65536 ? n : 65536;
    scratch_block *nb = malloc(sizeof *nb + cap);
    if (!nb) abort();
    nb->next = b, nb->used = 0, nb->cap = cap;
    *list = b = nb;
  }
  char *d = b->data + b->used;
  b->used += n;
  return d;
}

static char *scratch_alloc(fctx *fx, size_t n) {
  return block_alloc(&fx->scratch, n);
}

/* Pending expressions live until the function is written: one malloc per
 * expression cost more than all the rest of folding. */
static char *expr_dup(fctx *fx, const char *s) {
  size_t n = strlen(s) + 1;
  return memcpy(block_alloc(&fx->exprs, n), s, n);
}

const char *fx_keep(fctx *fx, const char *s) { return expr_dup(fx, s); }

const char *fx_dup(fctx *fx, const char *s) {
  size_t n = strlen(s) + 1;
  return memcpy(scratch_alloc(fx, n), s, n);
}

const char *fx_fmt(fctx *fx, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fx->fmt.len = 0;
  sb_putn(&fx->fmt, "", 0);
  sb_vprintf(&fx->fmt, fmt, ap);
  va_end(ap);
  return memcpy(scratch_alloc(fx, fx->fmt.len + 1), fx->fmt.data,
                fx->fmt.len + 1);
}

void fx_scratch_reset(fctx *fx, bool all) {
  scratch_block *b = fx->scratch;
  while (b && (all || b->next)) {
    scratch_block *next = b->next;
    free(b);
    b = next;
  }
  if (b) b->used = 0;
  fx->scratch = b;
}

/* ---- slots and entries -------------------------------------------------- */

const char *fx_ctype(uint8_t type) {
  switch (type) {
    case 'i': return "u32";
    case 'j': return "u64";
    case 'f': return "f32";
    case 'd': return "f64";
    case 'v': return "v128";
    default: return "wf_ref";
  }
}

/* "s" TYPE DEPTH, without printf: the most written name there is. */
const char *fx_slot(fctx *fx, uint8_t type, uint32_t depth) {
  if (depth + 1 > fx->slot_depth[type]) fx->slot_depth[type] = depth + 1;
  char t[16], *d = scratch_alloc(fx, 16);
  int n = 0;
  do t[n++] = (char)('0' + depth % 10); while ((depth /= 10));
  char *p = d;
  *p++ = 's', *p++ = (char)type;
  while (n) *p++ = t[--n];
  *p = 0;
  return d;
}

/* An expression needs no parentheses as an operand if it is a name, a
 * number, a member access or a call. */
static bool is_primary(const char *e) {
  const char *p = e;
  while (*p == '_' || *p == '.' || (*p >= '0' && *p <= '9') ||
         ((*p | 32) >= 'a' && (*p | 32) <= 'z') || (p[0] == '-' && p[1] == '>'))
    p += p[0] == '-' ? 2 : 1;
  if (!*p) return true;
  if (*p != '(' || p == e) return false;
  int depth = 0;
  for (; *p; p++) {
    if (*p == '(') depth++;
    if (*p == ')' && --depth == 0) return p[1] == 0;
  }
  return false;
}

const char *fx_top(fctx *fx, uint32_t from_top) {
  uint32_t d = fx->sp - 1 - from_top;
  const fx_entry *e = &fx->ent[d];
  if (!e->expr) return fx_slot(fx, fx->stack[d], d);
  if (e->flags & EXPR_INT) return fx_fmt(fx, "(u32)(%s)", e->expr);
  if (e->flags & EXPR_PRIMARY) return e->expr;  /* lives as long as fx */
  return fx_fmt(fx, "(%s)", e->expr);
}

const char *fx_cond(fctx *fx, uint32_t from_top) {
  uint32_t d = fx->sp - 1 - from_top;
  const fx_entry *e = &fx->ent[d];
  if (e->flags & EXPR_INT) return e->expr;
  return fx_top(fx, from_top);
}

/* Braces could hold a top-level comma (a vector literal), which only
 * matters to a macro; the parentheses stay on those. */
const char *fx_arg(fctx *fx, uint32_t from_top) {
  const fx_entry *e = &fx->ent[fx->sp - 1 - from_top];
  if (!e->expr || strchr(e->expr, '{')) return fx_top(fx, from_top);
  return e->expr;
}

bool fx_is_expr(const fctx *fx, uint32_t from_top) {
  return fx->ent[fx->sp - 1 - from_top].expr != NULL;
}

/* Writes a pending entry into its slot. */
static void materialize(fctx *fx, uint32_t d) {
  fx_entry *e = &fx->ent[d];
  if (!e->expr) return;
  fx_assign(fx, fx_slot(fx, fx->stack[d], d), e->expr);
  e->expr = NULL;
  e->flags = 0;
  e->ref = d + 1;
}

const char *fx_lvalue(fctx *fx, uint32_t from_top) {
  uint32_t d = fx->sp - 1 - from_top;
  materialize(fx, d);
  return fx_slot(fx, fx->stack[d], d);
}

void fx_materialize_below(fctx *fx, uint32_t keep) {
  uint32_t n = fx->sp > keep ? fx->sp - keep : 0;
  for (uint32_t d = 0; d < n; d++) materialize(fx, d);
}

/* Grows an array of n elements of size sz to hold at least need; new
 * elements are zero. */
void *fx_grow(void *p, uint32_t *n, uint32_t need, size_t sz) {
  if (need <= *n) return p;
  uint32_t cap = *n ? *n : 64;
  while (cap < need) cap *= 2;
  p = realloc(p, cap * sz);
  if (!p) abort();
  memset((char *)p + *n * sz, 0, (cap - *n) * sz);
  *n = cap;
  return p;
}

static uint32_t push_entry(fctx *fx, uint8_t type) {
  if (fx->sp == fx->stack_cap) {
    uint32_t cap = fx->stack_cap, cap2 = fx->stack_cap;
    fx->stack = fx_grow(fx->stack, &cap, fx->sp + 1, 1);
    fx->ent = fx_grow(fx->ent, &cap2, fx->sp + 1, sizeof *fx->ent);
    fx->pend = fx_grow(fx->pend, &fx->stack_cap, fx->sp + 1, 1);
  }
  uint32_t d = fx->sp++;
  fx->stack[d] = type;
  fx->pend[d] = 0;
  fx->ent[d] = (fx_entry){NULL, d + 1, 0};
  fx->popped_ref = 0;
  return d;
}

const char *fx_push(fctx *fx, uint8_t type) {
  return fx_slot(fx, type, push_entry(fx, type));
}

static void push_expr(fctx *fx, uint8_t type, const char *expr, uint8_t fl) {
  uint32_t refs = fx->popped_ref;
  uint32_t d = push_entry(fx, type);
  if (refs > d + 1 || strnlen(expr, MAX_EXPR + 1) > MAX_EXPR) {
    fx_assign(fx, fx_slot(fx, type, d), expr);
    return;
  }
  fx_entry *e = &fx->ent[d];
  e->expr = expr_dup(fx, expr);
  e->ref = refs;
  e->flags = fl | (is_primary(expr) ? EXPR_PRIMARY : 0);
}

void fx_push_expr(fctx *fx, uint8_t type, const char *expr) {
  push_expr(fx, type, expr, 0);
}

void fx_push_cond(fctx *fx, const char *expr) {
  push_expr(fx, 'i', expr, EXPR_INT);
}

void fx_pop(fctx *fx, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) {
    fx_entry *e = &fx->ent[--fx->sp];
    if (e->ref > fx->popped_ref) fx->popped_ref = e->ref;
    e->expr = NULL;
  }
}

void fx_stack_free(fctx *fx) {
  free(fx->ent);
  free(fx->stack);
  free(fx->pend);
  fx_scratch_reset(fx, true);
  for (scratch_block *b = fx->exprs, *next; b; b = next) {
    next = b->next;
    free(b);
  }
  sb_free(&fx->fmt);
  sb_free(&fx->line);
}

void emit_line_named(strbuf *out, unsigned long long line, const char *file) {
  sb_printf(out, "#line %llu \"", line);
  for (const char *p = file; *p; p++) {
    if (*p == '"' || *p == '\\') sb_putn(out, "\\", 1);
    sb_putn(out, p, 1);
  }
  sb_putn(out, "\"\n", 2);
}

void emit_line_directive(strbuf *out, const debug_lines *lines,
                         uint32_t file, uint32_t line) {
  emit_line_named(out, line, lines->files[file]);
}

/* Starts a line: its #line first when debugging (a #line numbers the lines
 * after it, so every C line of a source line needs its own). */
static void indent(fctx *fx) {
  if (fx->o->lines && fx->src_line)
    emit_line_directive(fx->out, fx->o->lines, fx->src_file, fx->src_line);
  static const char spaces[] = "                                        ";
  for (int i = fx->indent * 2; i > 0; i -= (int)sizeof spaces - 1)
    sb_putn(fx->out, spaces, i < (int)sizeof spaces - 1 ? (size_t)i
                                                         : sizeof spaces - 1);
}

void fx_line(fctx *fx, const char *fmt, ...) {
  indent(fx);
  va_list ap;
  va_start(ap, fmt);
  sb_vprintf(fx->out, fmt, ap);
  va_end(ap);
  sb_putn(fx->out, "\n", 1);
}

void fx_assign(fctx *fx, const char *lhs, const char *rhs) {
  indent(fx);
  sb_puts(fx->out, lhs);
  sb_putn(fx->out, " = ", 3);
  sb_puts(fx->out, rhs);
  sb_putn(fx->out, ";\n", 2);
}
