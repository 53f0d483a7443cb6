/*
 * emit_func.c - one C function per Wasm function: the value stack, locals,
 * structured control flow, calls, globals, tables and references.
 *
 * The operand stack becomes typed C locals named by type and depth (si0,
 * sj1, ...), so every instruction is a plain assignment between them and
 * the C compiler's register allocator does the rest.  Blocks end in a label
 * and loops start with one; a branch copies its values into the target's
 * slots and jumps.  `if` is a C if/else.  Code that cannot run (after br,
 * return, unreachable) is skipped, as validation allows.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "debug_lines.h"
#include "emit.h"
#include "names.h"

/* ---- names and C types ------------------------------------------------ */

void emit_func_name(strbuf *b, const emit_opts *o, const wm_module *m,
                    uint32_t findex) {
  sb_printf(b, "%s_f%u", o->prefix, findex);
  if (m->funcs[findex].name) {
    sb_puts(b, "_");
    names_sanitized(b, m->funcs[findex].name);
  }
}

void emit_c_result_type(strbuf *b, const emit_opts *o, const wm_functype *t) {
  if (t->nresults == 0)
    sb_puts(b, "void");
  else if (t->nresults == 1)
    sb_puts(b, fx_ctype(t->results[0]));
  else
    sb_printf(b, "%s_r_%.*s", o->prefix, (int)t->nresults,
              (const char *)t->results);
}

void emit_fnptr_type(strbuf *b, const emit_opts *o, const wm_functype *t) {
  emit_c_result_type(b, o, t);
  sb_puts(b, " (*)(void *");
  for (uint32_t i = 0; i < t->nparams; i++)
    sb_printf(b, ", %s", fx_ctype(t->params[i]));
  sb_puts(b, ")");
}

static void local_name(strbuf *b, const wm_func *f, uint32_t i) {
  sb_printf(b, "l%u", i);
  if (f->local_names && f->local_names[i]) {
    sb_puts(b, "_");
    names_sanitized(b, f->local_names[i]);
  }
}

static uint8_t local_type(const fctx *fx, uint32_t i) {
  return i < fx->f->type->nparams ? fx->f->type->params[i]
                                  : fx->b->locals[i - fx->f->type->nparams];
}

/* Made once per local and function: locals are the commonest operands. */
static const char *lname(fctx *fx, uint32_t i) {
  if (!fx->lnames) {
    fx->lnames = calloc(fx->f->type->nparams + fx->b->nlocals + 1,
                        sizeof *fx->lnames);
    if (!fx->lnames) abort();
  }
  if (!fx->lnames[i]) {
    fx->fmt.len = 0;
    local_name(&fx->fmt, fx->f, i);
    fx->lnames[i] = fx_keep(fx, fx->fmt.data);
  }
  return fx->lnames[i];
}

static const char *global_ref(fctx *fx, uint32_t g) {
  const wm_global *gl = &fx->m->globals[g];
  return fx_fmt(fx, "inst->g%u%s%s", g, gl->imported ? "->" : ".",
                gl->type == 'i'   ? "i32"
                : gl->type == 'j' ? "i64"
                : gl->type == 'f' ? "f32"
                : gl->type == 'd' ? "f64"
                : gl->type == 'v' ? "vec"
                                  : "ref");
}

/* ---- prescan: which loops are branch targets, what the body touches --- */

static bool op_uses_memory(uint32_t op) {
  uint32_t simd = op - OP_SIMD;  /* v128 loads and stores */
  return (op >= 0x28 && op <= 0x40) || op == OP_MEMORY_INIT ||
         op == OP_MEMORY_COPY || op == OP_MEMORY_FILL ||
         (op >= 0xfe00 && op <= 0xfe4e && op != OP_ATOMIC_FENCE) ||
         simd <= 0x0b || (simd >= 0x54 && simd <= 0x5d);
}

/* What a function must check of the native stack on entry (see
 * WF_STACK_CHECK_WASM in weft_rt.h). */
typedef enum { STACK_NONE, STACK_WASM, STACK_FULL } stack_need;

/* Instructions that may run host code or runtime code that takes locks or
 * allocates: an imported function, anything behind call_indirect, growing,
 * waiting and notifying. */
static bool reaches_host(const wm_module *m, const wm_instr *in) {
  switch (in->op) {
    case OP_CALL: return m->funcs[in->a].imported;
    case OP_CALL_INDIRECT: case OP_MEMORY_GROW: case OP_TABLE_GROW:
    case OP_ATOMIC_NOTIFY: case OP_ATOMIC_WAIT32: case OP_ATOMIC_WAIT64:
      return true;
    default: return false;
  }
}

/* A function with this many C variables (locals and stack slots) may have
 * a frame big enough to step over a guard page; it checks explicitly. */
#define BIG_FRAME_VARS 400

static uint32_t c_vars(const fctx *fx) {
  uint32_t n = fx->f->type->nparams + fx->f->nlocals;
  for (int t = 0; t < 128; t++) n += fx->slot_depth[t];
  return n;
}

enum { LOOP_TARGETED = 1, LOOP_MEMORY = 2 };

/* Functions nesting loops deeper than this are marked WF_DEEP_LOOPS (see
 * weft_rt.h): clang takes 0.1 s on 100 nested loops and 40 s on 1,000. */
#define DEEP_LOOPS 100

/* Marks the frame open[n-1-depth] as a branch target (only loops care). */
static void mark_target(fctx *fx, const uint32_t *open, uint32_t n,
                        uint32_t depth) {
  if (depth < n && open[n - 1 - depth] != UINT32_MAX)
    fx->loop_info[open[n - 1 - depth]] |= LOOP_TARGETED;
}

static stack_need prescan(fctx *fx) {
  const wm_body *f = fx->b;
  uint32_t loops = 0;
  uint32_t *open = malloc(sizeof(uint32_t) * (f->ninstrs + 1));
  bool *mem = calloc(f->ninstrs + 1, 1); /* open frame touches memory */
  uint32_t n = 0;
  stack_need need = STACK_NONE;
  fx->loop_info = calloc(f->ninstrs + 1, 1);
  if (!open || !mem || !fx->loop_info) abort();
  open[n++] = UINT32_MAX; /* the body */
  for (uint32_t i = 0; i < f->ninstrs; i++) {
    const wm_instr *in = &f->code[i];
    if (op_uses_memory(in->op)) fx->uses_memory = mem[n - 1] = true;
    if (reaches_host(fx->m, in)) need = STACK_FULL;
    else if (in->op == OP_CALL && need == STACK_NONE) need = STACK_WASM;
    switch (in->op) {
      case OP_BLOCK: case OP_LOOP: case OP_IF:
        mem[n] = false;
        open[n++] = i;
        if (in->op == OP_LOOP && ++loops > DEEP_LOOPS) fx->deep_loops = true;
        break;
      case OP_END:
        if (n > 1 && f->code[open[n - 1]].op == OP_LOOP) loops--;
        if (n > 1 && mem[n - 1]) {
          if (f->code[open[n - 1]].op == OP_LOOP)
            fx->loop_info[open[n - 1]] |= LOOP_MEMORY;
          mem[n - 2] = true;
        }
        n--;
        break;
      case OP_BR: case OP_BR_IF: mark_target(fx, open, n, in->a); break;
      case OP_BR_TABLE:
        for (uint32_t t = 0; t <= in->ntargets; t++)
          mark_target(fx, open, n, in->targets[t]);
        break;
      default: break;
    }
  }
  free(open);
  free(mem);
  return need;
}

/* ---- control flow ----------------------------------------------------- */

static ctrl_frame *frame_at(fctx *fx, uint32_t depth) {
  return &fx->ctrl[fx->nctrl - 1 - depth];
}

static void emit_return(fctx *fx) {
  const wm_functype *t = fx->f->type;
  if (t->nresults == 0) {
    fx_line(fx, "return;");
  } else if (t->nresults == 1) {
    fx_line(fx, "return %s;", fx_arg(fx, 0));
  } else {
    strbuf b;
    sb_init(&b);
    emit_c_result_type(&b, fx->o, t);
    sb_puts(&b, "){");
    for (uint32_t i = 0; i < t->nresults; i++)
      sb_printf(&b, "%s%s", i ? ", " : "", fx_top(fx, t->nresults - 1 - i));
    fx_line(fx, "return (%s};", b.data);
    sb_free(&b);
  }
}

/* Copies the branch values into the target's slots and jumps there. */
static void emit_branch(fctx *fx, uint32_t depth) {
  ctrl_frame *t = frame_at(fx, depth);
  if (t->kind == 0) {
    emit_return(fx);
    return;
  }
  bool loop = t->kind == OP_LOOP;
  uint32_t arity = loop ? t->bt->nparams : t->bt->nresults;
  const uint8_t *types = loop ? t->bt->params : t->bt->results;
  for (uint32_t i = 0; i < arity; i++) {
    uint32_t src = fx->sp - arity + i, dst = t->height + i;
    if (src != dst) {
      char d[16];
      snprintf(d, sizeof d, "%s", fx_slot(fx, types[i], dst));
      fx_assign(fx, d, fx_slot(fx, types[i], src));
    }
  }
  if (!loop) {
    t->end_reached = t->branched_to = true;
    t->mem_at_end &= fx->mem_loaded;
  }
  fx_line(fx, "goto L%u;", t->label);
}

static void set_unreachable(fctx *fx) {
  fx->ctrl[fx->nctrl - 1].unreachable = true;
}

/* Blocks and loops are flat: a loop begins at its label, a block ends at
 * its label, and only the labels branched to are written.  An `if` within
 * EMIT_MAX_BRACES of the body is "if (c) { ... } else { ... }"; deeper ones
 * are flat too: they jump to the else label E<n> when false. */
static void open_frame(fctx *fx, const wm_instr *in, uint32_t index) {
  fx->ctrl = fx_grow(fx->ctrl, &fx->ctrl_cap, fx->nctrl + 1, sizeof *fx->ctrl);
  ctrl_frame *c = &fx->ctrl[fx->nctrl++];
  memset(c, 0, sizeof *c);
  c->kind = (uint8_t)in->op;
  c->braced = in->op == OP_IF && fx->braces < EMIT_MAX_BRACES;
  c->bt = in->bt;
  c->label = fx->nlabels++;
  c->mem_at_end = true;
  if (in->op == OP_IF) {
    if (c->braced) fx_line(fx, "if (%s) {", fx_cond(fx, 0));
    else fx_line(fx, "if (!%s) goto E%u;", fx_top(fx, 0), c->label);
    fx_pop(fx, 1);
    c->mem_at_else = fx->mem_loaded;
  } else {
    /* Loaded before the loop, not again on every iteration. */
    if (in->op == OP_LOOP && (fx->loop_info[index] & LOOP_MEMORY))
      fx_need_mem(fx);
    if (in->op == OP_LOOP && (fx->loop_info[index] & LOOP_TARGETED))
      fx_line(fx, "L%u:;", c->label);
  }
  c->height = fx->sp - in->bt->nparams;
  if (c->braced) fx->indent++, fx->braces++;
}

/* Resets the stack to the frame's results (or, at else, its params). */
static void reset_stack(fctx *fx, ctrl_frame *c, bool params) {
  uint32_t n = params ? c->bt->nparams : c->bt->nresults;
  const uint8_t *types = params ? c->bt->params : c->bt->results;
  fx->sp = c->height;
  for (uint32_t i = 0; i < n; i++) fx_push(fx, types[i]);
}

static void emit_else(fctx *fx) {
  ctrl_frame *c = &fx->ctrl[fx->nctrl - 1];
  if (!c->unreachable) {
    c->end_reached = true;
    c->mem_at_end &= fx->mem_loaded;
  }
  if (c->braced) {
    fx->indent--;
    fx_line(fx, "} else {");
    fx->indent++;
  } else {
    if (!c->unreachable) {
      fx_line(fx, "goto L%u;", c->label);
      c->branched_to = true;
    }
    fx_line(fx, "E%u:;", c->label);
  }
  reset_stack(fx, c, true);
  c->unreachable = false;
  fx->mem_loaded = c->mem_at_else;
}

/* Returns false when the function's own end was reached. */
static bool emit_end(fctx *fx) {
  ctrl_frame *c = &fx->ctrl[fx->nctrl - 1];
  if (!c->unreachable) {
    c->end_reached = true;
    c->mem_at_end &= fx->mem_loaded;
  }
  if (c->kind == 0) {
    if (!c->unreachable) {
      fx->sp = c->height + fx->f->type->nresults;
      emit_return(fx);
    }
    return false;
  }
  if (c->braced) {
    fx->indent--, fx->braces--;
    fx_line(fx, "}");
  }
  reset_stack(fx, c, false);
  bool reached = c->end_reached, mem_loaded = c->mem_at_end;
  bool label_used = c->branched_to;
  uint32_t label = c->label;
  fx->nctrl--;
  if (label_used) fx_line(fx, "L%u:;", label);
  if (!reached) set_unreachable(fx);
  else fx->mem_loaded = mem_loaded;
  return true;
}

/* "if (c) goto L;" when the branch is one statement, else a C block. */
static void emit_br_if(fctx *fx, uint32_t depth) {
  strbuf *out = fx->out;
  fx_line(fx, "if (%s) {", fx_cond(fx, 0));
  fx_pop(fx, 1);
  size_t body = out->len;
  fx->indent++;
  emit_branch(fx, depth);
  fx->indent--;
  char *stmt = out->data + body + strspn(out->data + body, " ");
  if (!strchr(stmt, '\n') || strchr(stmt, '\n')[1]) {
    fx_line(fx, "}");
    return;
  }
  size_t n = strlen(stmt);
  memmove(out->data + body - 2, stmt, n + 1);
  out->len = body - 2 + n;
}

static void emit_br_table(fctx *fx, const wm_instr *in) {
  const char *idx = fx_top(fx, 0);
  fx_pop(fx, 1);
  fx_line(fx, "switch (%s) {", idx);
  for (uint32_t i = 0; i <= in->ntargets; i++) {
    if (i < in->ntargets)
      fx_line(fx, "case %u:", i);
    else
      fx_line(fx, "default:");
    fx->indent++;
    emit_branch(fx, in->targets[i]);
    fx->indent--;
  }
  fx_line(fx, "}");
  set_unreachable(fx);
}

/* ---- calls -------------------------------------------------------------- */

/* A table as a C expression: an own table is addressed inside the instance,
 * saving call_indirect a load; an imported one through its pointer. */
static const char *table_ref(fctx *fx, uint32_t i, char buf[32]) {
  snprintf(buf, 32, fx->m->tables[i].imported ? "inst->t%u" : "(&inst->t%u_own)",
           i);
  return buf;
}

static void call_args(strbuf *b, fctx *fx, uint32_t nparams) {
  for (uint32_t i = 0; i < nparams; i++)
    sb_printf(b, ", %s", fx_arg(fx, nparams - 1 - i));
}

/* Writes "callee(args)" for the call, pops the args, pushes the results and
 * assigns them. */
static void emit_call_expr(fctx *fx, const wm_functype *t, const char *callee) {
  strbuf call;
  sb_init(&call);
  sb_puts(&call, callee);
  call_args(&call, fx, t->nparams);
  sb_puts(&call, ")");
  fx_pop(fx, t->nparams);
  if (t->nresults == 0) {
    fx_line(fx, "%s;", call.data);
  } else if (t->nresults == 1) {
    fx_assign(fx, fx_push(fx, t->results[0]), call.data);
  } else {
    strbuf rt;
    sb_init(&rt);
    emit_c_result_type(&rt, fx->o, t);
    fx_line(fx, "{");
    fx_line(fx, "  %s r = %s;", rt.data, call.data);
    for (uint32_t i = 0; i < t->nresults; i++)
      fx_line(fx, "  %s = r.r%u;", fx_push(fx, t->results[i]), i);
    fx_line(fx, "}");
    sb_free(&rt);
  }
  sb_free(&call);
  fx_line(fx, "WF_NO_TAIL_CALL();");
  if (fx->mem_loaded) fx_line(fx, "WF_MEM_REFRESH(mb, msz, M0);");
}

static void emit_call(fctx *fx, uint32_t callee) {
  const wm_func *g = &fx->m->funcs[callee];
  strbuf c;
  sb_init(&c);
  if (g->imported) {
    sb_puts(&c, "((");
    emit_fnptr_type(&c, fx->o, g->type);
    sb_printf(&c, ")inst->fn[%u]->fn)(inst->fn[%u]->ctx", callee, callee);
  } else {
    emit_func_name(&c, fx->o, fx->m, callee);
    sb_puts(&c, "(inst");
    if (fx->o->called) fx->o->called[callee] = 1;
  }
  emit_call_expr(fx, g->type, c.data);
  sb_free(&c);
}

static void emit_call_indirect(fctx *fx, const wm_instr *in) {
  const char *idx = fx_top(fx, 0);
  fx_pop(fx, 1);
  uint32_t sig = 0;
  while (strcmp(fx->m->types[sig].sig, in->bt->sig)) sig++;
  fx_line(fx, "{");
  fx->indent++;
  char t[32];
  fx_line(fx, "const wf_func *f = wf_call_target(%s, %s, %s_sig%u);",
          table_ref(fx, in->b, t), idx, fx->o->prefix, sig);
  strbuf c;
  sb_init(&c);
  sb_puts(&c, "((");
  emit_fnptr_type(&c, fx->o, in->bt);
  sb_puts(&c, ")f->fn)(f->ctx");
  emit_call_expr(fx, in->bt, c.data);
  sb_free(&c);
  fx->indent--;
  fx_line(fx, "}");
}

/* ---- variables, tables, references ------------------------------------ */

static void emit_select(fctx *fx) {
  for (uint32_t k = 0; k < 3; k++) fx_force(fx, k);
  const char *c = fx_cond(fx, 0), *v = fx_top(fx, 2), *w = fx_top(fx, 1);
  if (!fx_is_expr(fx, 0)) c = fx_top(fx, 0);
  else c = fx_fmt(fx, "(%s)", c);
  uint8_t type = fx->stack[fx->sp - 1 - 2];
  fx_pop(fx, 3);
  fx_push_expr(fx, type, fx_fmt(fx, "%s ? %s : %s", c, v, w));
}

static bool emit_variable(fctx *fx, const wm_instr *in) {
  const char *g;
  switch (in->op) {
    case OP_LOCAL_GET:
      fx_push_expr(fx, local_type(fx, in->a), lname(fx, in->a));
      return true;
    case OP_LOCAL_SET:
    case OP_LOCAL_TEE:
      fx_assign(fx, lname(fx, in->a), fx_arg(fx, 0));
      fx_pop(fx, 1);
      if (in->op == OP_LOCAL_TEE)
        fx_push_expr(fx, local_type(fx, in->a), lname(fx, in->a));
      return true;
    case OP_GLOBAL_GET:
    case OP_GLOBAL_SET:
      g = global_ref(fx, in->a);
      if (in->op == OP_GLOBAL_GET) {
        fx_push_expr(fx, fx->m->globals[in->a].type, g);
      } else {
        fx_assign(fx, g, fx_arg(fx, 0));
        fx_pop(fx, 1);
      }
      return true;
    case OP_DROP:
      fx_pop(fx, 1);
      return true;
    case OP_SELECT:
    case OP_SELECT_T:
      emit_select(fx);
      return true;
    default:
      return false;
  }
}

static bool emit_table_op(fctx *fx, const wm_instr *in) {
  const char *a, *b, *c;
  char t[32], u[32];
  switch (in->op) {
    case OP_TABLE_GET:
      a = fx_top(fx, 0);
      fx_pop(fx, 1);
      fx_line(fx, "%s = wf_table_get(%s, %s);",
              fx_push(fx, fx->m->tables[in->a].type), table_ref(fx, in->a, t), a);
      return true;
    case OP_TABLE_SET:
      fx_line(fx, "wf_table_set(%s, %s, %s);", table_ref(fx, in->a, t),
              fx_top(fx, 1), fx_top(fx, 0));
      fx_pop(fx, 2);
      return true;
    case OP_TABLE_SIZE:
      fx_line(fx, "%s = %s->size;", fx_push(fx, 'i'), table_ref(fx, in->a, t));
      return true;
    case OP_TABLE_GROW:
      a = fx_top(fx, 1);
      b = fx_top(fx, 0);
      fx_pop(fx, 2);
      fx_line(fx, "%s = wf_table_grow(%s, %s, %s);", fx_push(fx, 'i'),
              table_ref(fx, in->a, t), a, b);
      return true;
    case OP_TABLE_FILL:
    case OP_TABLE_COPY:
    case OP_TABLE_INIT:
      a = fx_top(fx, 2);
      b = fx_top(fx, 1);
      c = fx_top(fx, 0);
      fx_pop(fx, 3);
      if (in->op == OP_TABLE_FILL)
        fx_line(fx, "wf_table_fill(%s, %s, %s, %s);", table_ref(fx, in->a, t),
                a, b, c);
      else if (in->op == OP_TABLE_COPY)
        fx_line(fx, "wf_table_copy(%s, %s, %s, %s, %s);", table_ref(fx, in->a, t),
                table_ref(fx, in->b, u), a, b, c);
      else
        fx_line(fx, "wf_table_init_seg(%s, inst->eitems[%u], "
                "inst->elen[%u], %s, %s, %s);", table_ref(fx, in->b, t), in->a,
                in->a, a, b, c);
      return true;
    case OP_ELEM_DROP:
      fx_line(fx, "inst->elen[%u] = 0;", in->a);
      return true;
    case OP_REF_NULL:
      fx_push_expr(fx, in->vt, "NULL");
      return true;
    case OP_REF_IS_NULL:
      a = fx_top(fx, 0);
      fx_pop(fx, 1);
      fx_push_cond(fx, fx_fmt(fx, "%s == NULL", a));
      return true;
    case OP_REF_FUNC:
      fx_push_expr(fx, 'r', fx_fmt(fx, "(wf_ref)inst->fn[%u]", in->a));
      return true;
    default:
      return false;
  }
}

/* ---- the instruction loop ----------------------------------------------- */

/* Before an instruction: pending loaded values (see emit_memory.c) are
 * settled unless it settles its own operands (loads, stores and numeric
 * instructions do; locals and drop consume only the top; anything else may
 * trap, have effects or branch, so every pending read is forced).  Pending
 * expressions (fx_push_expr) are written out where their inputs could
 * change (a local or global is set, a call) or control flow merges; the
 * operands an instruction consumes itself stay expressions. */
static void settle_before(fctx *fx, const wm_instr *in) {
  uint32_t op = in->op;
  bool numeric = (op >= 0x45 && op <= 0xc4) || (op >= 0xfc00 && op <= 0xfc07);
  bool plain_access = op >= 0x28 && op <= 0x3e;
  if (op == OP_NOP || op == OP_LOCAL_GET || op == OP_GLOBAL_GET ||
      (op >= OP_I32_CONST && op <= OP_F64_CONST) || numeric || plain_access)
    return;
  if (op == OP_LOCAL_SET || op == OP_LOCAL_TEE || op == OP_DROP)
    fx_force(fx, 0);
  else
    fx_force_all(fx);
  switch (op) {
    case OP_LOCAL_SET: case OP_LOCAL_TEE: case OP_GLOBAL_SET:
    case OP_IF: case OP_BR_IF: case OP_BR_TABLE:
      fx_materialize_below(fx, 1);
      break;
    case OP_CALL:
      fx_materialize_below(fx, fx->m->funcs[in->a].type->nparams);
      break;
    case OP_CALL_INDIRECT:
      fx_materialize_below(fx, in->bt->nparams + 1);
      break;
    case OP_BLOCK: case OP_LOOP: case OP_BR: case OP_UNREACHABLE:
      fx_materialize_below(fx, 0);
      break;
    default:  /* pure, or effects that pending expressions cannot see */
      break;
  }
}

static void emit_instr(fctx *fx, const wm_instr *in, uint32_t index) {
  settle_before(fx, in);
  switch (in->op) {
    case OP_NOP: return;
    case OP_UNREACHABLE:
      fx_line(fx, "wf_trap(WF_TRAP_UNREACHABLE);");
      set_unreachable(fx);
      return;
    case OP_BLOCK: case OP_LOOP: case OP_IF:
      open_frame(fx, in, index);
      return;
    case OP_BR:
      emit_branch(fx, in->a);
      set_unreachable(fx);
      return;
    case OP_BR_IF:
      emit_br_if(fx, in->a);
      return;
    case OP_BR_TABLE:
      emit_br_table(fx, in);
      return;
    case OP_RETURN:
      emit_return(fx);
      set_unreachable(fx);
      return;
    case OP_CALL:
      emit_call(fx, in->a);
      return;
    case OP_CALL_INDIRECT:
      emit_call_indirect(fx, in);
      return;
    default:
      break;
  }
  if (emit_variable(fx, in) || emit_numeric(fx, in) || emit_memory(fx, in) ||
      emit_atomic(fx, in) || emit_table_op(fx, in) || emit_simd(fx, in))
    return;
  fx_line(fx, "#error unsupported opcode 0x%x", in->op);
}


static void emit_body(fctx *fx) {
  uint32_t skip = 0; /* nesting depth inside unreachable code */
  for (uint32_t i = 0; i < fx->b->ninstrs; i++) {
    const wm_instr *in = &fx->b->code[i];
    bool dead = fx->ctrl[fx->nctrl - 1].unreachable;
    if (dead) {
      if (in->op == OP_BLOCK || in->op == OP_LOOP || in->op == OP_IF) {
        skip++;
        continue;
      }
      if (skip && in->op == OP_END) {
        skip--;
        continue;
      }
      if (skip || (in->op != OP_END && in->op != OP_ELSE)) continue;
    }
    if (!dead && (in->op == OP_ELSE || in->op == OP_END)) {
      fx_force_all(fx);  /* results leave the expression */
      if (fx->nctrl > 1) fx_materialize_below(fx, 0); /* the result slots */
    }
    fx_scratch_reset(fx, false);
    fx->popped_ref = 0;
    if (fx->o->lines) {  /* fx_line writes it before each line */
      const dl_row *r = debug_lines_find(fx->o->lines, in->offset);
      if (r && r->line) fx->src_file = r->file, fx->src_line = r->line;
    }
    if (in->op == OP_ELSE) {
      emit_else(fx);
    } else if (in->op == OP_END) {
      if (!emit_end(fx)) return;
    } else {
      emit_instr(fx, in, i);
    }
  }
}

/* ---- the function ------------------------------------------------------- */

static void emit_signature(strbuf *b, const emit_opts *o, const wm_module *m,
                           uint32_t findex, bool deep_loops) {
  const wm_func *f = &m->funcs[findex];
  if (deep_loops) sb_puts(b, "WF_DEEP_LOOPS ");
  sb_puts(b, o->nparts > 1 ? "WF_INTERNAL " : "static ");
  emit_c_result_type(b, o, f->type);
  sb_puts(b, " ");
  emit_func_name(b, o, m, findex);
  sb_puts(b, "(void *ctx");
  for (uint32_t i = 0; i < f->type->nparams; i++) {
    sb_printf(b, ", %s ", fx_ctype(f->type->params[i]));
    local_name(b, f, i);
  }
  sb_puts(b, ")");
}

int emit_function(const wm_module *m, const emit_opts *o, uint32_t findex,
                  strbuf *out, c_lines *cl, char *err, size_t err_len) {
  const wm_func *f = &m->funcs[findex];
  wm_body b;
  char why[200];
  if (wm_decode_body(m, f, &b, why, sizeof why)) {
    snprintf(err, err_len, "%s:%s (function %u)", o->path, why, findex);
    return -1;
  }
  fctx *fx = calloc(1, sizeof *fx);
  if (!fx) abort();
  /* Kept from function to function: regrowing it for every one cost. */
  static strbuf body;
  body.len = 0;
  fx->m = m, fx->f = f, fx->b = &b, fx->findex = findex, fx->o = o, fx->out = &body;
  fx->shared_memory = m->nmemories && m->memories[0].limits.shared;
  stack_need need = prescan(fx);
  fx->ctrl = fx_grow(NULL, &fx->ctrl_cap, 1, sizeof *fx->ctrl);
  memset(&fx->ctrl[0], 0, sizeof fx->ctrl[0]);
  fx->ctrl[0].bt = f->type;
  fx->nctrl = 1;
  fx->indent = 1;
  emit_body(fx);
  if (c_vars(fx) > BIG_FRAME_VARS) need = STACK_FULL;

  const dl_row *first = o->lines && b.ninstrs
                           ? debug_lines_find(o->lines, b.code[0].offset) : NULL;
  strbuf *whole = out;
  static strbuf head;  /* with a source line: #line before each of its lines */
  head.len = 0;
  if (first && first->line) out = &head;
  else c_lines_mark(cl, whole);  /* it starts in the C file */
  sb_printf(out, "/* function %u%s%s */\n", findex, f->name ? ": " : "",
            f->name ? f->name : "");
  emit_signature(out, o, m, findex, fx->deep_loops);
  sb_printf(out, " {\n  %s_instance *inst = ctx;\n", o->prefix);
  if (need == STACK_FULL) sb_puts(out, "  WF_STACK_CHECK();\n");
  if (need == STACK_WASM) sb_puts(out, "  WF_STACK_CHECK_WASM();\n");
  for (uint32_t i = 0; i < b.nlocals; i++) {
    uint32_t li = f->type->nparams + i;
    sb_printf(out, "  %s ", fx_ctype(b.locals[i]));
    local_name(out, f, li);
    sb_puts(out, b.locals[i] == 'v' ? " = {0};\n"
                 : b.locals[i] == 'r' || b.locals[i] == 'x' ? " = NULL;\n"
                                                            : " = 0;\n");
  }
  static const char types[] = "ijfdvrx";
  for (const char *t = types; *t; t++) {
    uint32_t n = fx->slot_depth[(uint8_t)*t];
    if (!n) continue;
    sb_printf(out, "  %s", fx_ctype((uint8_t)*t));
    for (uint32_t d = 0; d < n; d++)
      sb_printf(out, "%s s%c%u", d ? "," : "", *t, d);
    sb_puts(out, ";\n");
  }
  if (fx->uses_memory)  /* an own memory is reached without a pointer */
    sb_printf(out, "  wf_memory *const M0 = %s;\n"
                   "  WF_MEM_VARS(mb, msz);\n",
              m->memories[0].imported ? "inst->m0" : "&inst->m0_own");
  if (out != whole) {  /* the declarations belong to the function's start */
    for (char *p = head.data, *nl; p && *p; p = nl + 1) {
      nl = strchr(p, '\n');
      emit_line_directive(whole, o->lines, first->file, first->line);
      sb_putn(whole, p, (size_t)(nl - p) + 1);
    }
    out = whole;
  }
  sb_putn(out, body.data ? body.data : "", body.len);
  sb_puts(out, "}\n\n");
  /* it wrote a #line if a source line was ever set (at worst one was set
   * with no C line after it, and returning to the C file is needless) */
  if (cl) cl->in_source = fx->src_line || (first && first->line);
  free(fx->loop_info);
  free(fx->lnames);
  fx_stack_free(fx);
  free(fx->ctrl);
  free(fx);
  wm_body_free(&b);
  return 0;
}
