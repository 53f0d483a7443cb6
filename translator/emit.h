/*
 * emit.h - the C emitters: a validated wm_module in, NAME.c and NAME.h out.
 *
 * emit_module.c writes the header, the instance struct, instantiation and
 * the descriptor; emit_func.c writes one C function per Wasm function,
 * delegating instruction families to emit_numeric.c, emit_memory.c and
 * emit_atomic.c.  The output depends only on the module and the options.
 */
#ifndef WEFT_EMIT_H
#define WEFT_EMIT_H

#include <stdbool.h>
#include <stdint.h>

#include "module.h"
#include "strbuf.h"

typedef struct emit_opts {
  const char *prefix;   /* symbol prefix, a C identifier */
  const char *source;   /* module file name, for comments */
  const char *path;     /* the module's path, for messages */
  const char *header;   /* file name the .c includes for the .h; with
                           lines, NAME.h also names the parts NAME.c,
                           NAME_1.c, ... in #line back to them */
  int nparts;           /* C files to spread the functions over, >= 1 */
  bool plugin;          /* for weft build --shared: the plugin entry
                           (emit_plugin.c) */
  uint8_t *called;      /* if set, emit_function marks [i] for each
                           function i it calls */
  const struct debug_lines *lines;  /* if set, #line from these */
} emit_opts;

/* Receives the C text of part `part`, in order, in pieces; returns 0, or -1
 * with a one-line message in err. */
typedef int (*emit_write_fn)(void *ctx, int part, const char *data,
                             size_t len, char *err, size_t err_len);

/* Writes the module's header to h and its C source, part by part (0 first),
 * through write; returns 0, or -1 with a one-line message in err.  Part 0
 * holds the instantiation, exports and descriptor; every part compiles on
 * its own, so the parts can be compiled in parallel.  The functions are
 * spread over the parts in index order, about equal code in each; a part's
 * text is held in memory only for parts after the first. */
int emit_module(const wm_module *m, const emit_opts *o, emit_write_fn write,
                void *ctx, strbuf *h, char *err, size_t err_len);

/* ---- shared between the emitter files -------------------------------- */

typedef struct ctrl_frame {
  uint8_t kind;          /* OP_BLOCK, OP_LOOP, OP_IF, or 0 for the body */
  bool braced;           /* written as a C compound statement (see below) */
  uint32_t label;
  uint32_t height;       /* stack height below the block's parameters */
  const wm_functype *bt;
  bool unreachable;      /* the rest of this frame's code cannot run */
  bool end_reached;      /* something falls through or branches to end */
  bool branched_to;      /* a branch goes to its end (so it needs a label) */
  bool mem_at_else;      /* if: memory variables loaded where it began */
  bool mem_at_end;       /* loaded on every path reaching the end so far */
} ctrl_frame;

/* `if` arms nest in C braces up to this depth; deeper ones are written
 * flat with labels and gotos only, like blocks and loops.  Wasm allows any depth (a C switch of a few
 * thousand cases compiles to that many nested blocks), while clang stops at
 * 256 nested brackets and indentation would grow the C quadratically. */
#define EMIT_MAX_BRACES 16

/* An operand stack entry beyond its type: a pending expression (NULL once
 * it is in its slot), 1 + the deepest slot it names, EXPR_* flags. */
typedef struct fx_entry {
  const char *expr;
  uint32_t ref;
  uint8_t flags;
} fx_entry;
enum { EXPR_PRIMARY = 1, /* needs no parentheses as an operand */
       EXPR_INT = 2 };   /* a C int 0 or 1 (a comparison), not u32 */

typedef struct fctx {
  const wm_module *m;
  const wm_func *f;
  const wm_body *b;        /* its decoded body */
  uint32_t findex;
  const emit_opts *o;
  strbuf *out;             /* the body being written */
  uint8_t *stack;          /* type of each operand stack slot */
  fx_entry *ent;           /* pending expression of each slot */
  uint8_t *pend;           /* PEND_* flags of each slot */
  struct scratch_block *scratch; /* strings for the current instruction */
  struct scratch_block *exprs;   /* pending expressions' text */
  const char **lnames;           /* locals' C names, made when first used */
  uint32_t src_file, src_line;   /* the source line being translated
                                    (o->lines; 0: none) */
  strbuf fmt;                    /* where fx_fmt formats */
  strbuf line;                   /* where an emitter builds a line's text
                                    (no fx_fmt inside, which is safe) */
  uint32_t sp, stack_cap;
  uint32_t popped_ref;     /* max ref of entries popped since the last push */
  uint32_t slot_depth[128];/* per type char: 1 + deepest slot used */
  ctrl_frame *ctrl;        /* open blocks, the body at [0] */
  uint32_t nctrl, ctrl_cap;
  uint32_t braces;         /* open braced frames */
  uint32_t nlabels;
  uint8_t *loop_info;      /* per instruction index: LOOP_* flags */
  bool uses_memory;
  bool deep_loops;         /* nests loops deeper than DEEP_LOOPS */
  bool mem_loaded;         /* mb (and msz) hold memory 0 at this point */
  bool shared_memory;      /* memory 0 is shared */
  int indent;
} fctx;

/* The operand stack (emit_stack.c).  Slots are C locals named by type and
 * depth: si3 is the i32 at depth 3.  An entry may instead be a pending
 * expression, written where it is consumed (see emit_stack.c on folding).
 * Strings returned here live in scratch memory until the next instruction.
 *   fx_top      an entry's text as an operand of its exact type
 *   fx_cond     its text as a truth value (a comparison stays an int)
 *   fx_arg      its text where a whole C expression of any form fits (an
 *               assignment's right side, a call's argument, a return)
 *   fx_lvalue   its slot, after writing a pending expression there
 *   fx_push     pushes a slot entry and returns the slot to assign
 *   fx_push_expr, fx_push_cond  push a pending pure expression (written to
 *               its slot at once if long or naming slots above it)
 *   fx_materialize_below  writes all but the top keep entries to slots */
const char *fx_slot(fctx *fx, uint8_t type, uint32_t depth);
const char *fx_top(fctx *fx, uint32_t from_top);  /* 0 = top */
const char *fx_cond(fctx *fx, uint32_t from_top);
const char *fx_arg(fctx *fx, uint32_t from_top);
const char *fx_lvalue(fctx *fx, uint32_t from_top);
bool fx_is_expr(const fctx *fx, uint32_t from_top);
const char *fx_push(fctx *fx, uint8_t type);
void fx_push_expr(fctx *fx, uint8_t type, const char *expr);
void fx_push_cond(fctx *fx, const char *expr);
void fx_materialize_below(fctx *fx, uint32_t keep);
void fx_pop(fctx *fx, uint32_t n);
void fx_stack_free(fctx *fx);
const char *fx_dup(fctx *fx, const char *s);
const char *fx_fmt(fctx *fx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void fx_scratch_reset(fctx *fx, bool all);
void *fx_grow(void *p, uint32_t *n, uint32_t need, size_t sz);
void fx_line(fctx *fx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
struct debug_lines;
/* `#line LINE "FILE"` (see debug_lines.h). */
void emit_line_directive(strbuf *out, const struct debug_lines *lines,
                         uint32_t file, uint32_t line);
void emit_line_named(strbuf *out, unsigned long long line, const char *file);

/* #line back to the C file itself (o->lines).  A function's #line
 * directives leave the compiler's presumed location in a source file, and C
 * after them that has none of its own (a function without line rows, say
 * one compiled without -g, or instantiation) would be counted as that
 * file's lines: gdb would show it there.  Such places are marked in the
 * text being built; the C file's line number there is known only when the
 * text is written (a part's head is written after its functions are
 * built), so emit_module inserts the `#line N "NAME.c"` then. */
typedef struct c_lines {
  bool in_source;   /* the text so far ends under a source file's #line */
  size_t *marks;    /* offsets in the text being built, at line starts */
  uint32_t nmarks, cap;
} c_lines;
/* Marks out's end if the text so far ends in a source file; cl may be
 * NULL (no -g). */
void c_lines_mark(c_lines *cl, const strbuf *out);

/* A copy of s that lives as long as the function being written. */
const char *fx_keep(fctx *fx, const char *s);
/* "LHS = RHS;" as a line: the commonest one, written without a format. */
void fx_assign(fctx *fx, const char *lhs, const char *rhs);
const char *fx_ctype(uint8_t type);               /* u32, u64, f32, ... */

/* A loaded value is "pending" until something settles it (see
 * emit_memory.c): PEND_READ means the load behind it may still be dropped by
 * the C compiler, PEND_COPY that the value may still equal the loaded bits.
 * fx_force writes WF_FORCE_READ for a pending slot; fx_force_all for every
 * slot on the stack. */
enum { PEND_READ = 1, PEND_COPY = 2 };
void fx_force(fctx *fx, uint32_t from_top);
void fx_force_all(fctx *fx);

/* Memory expression helpers for memory 0.  fx_need_mem loads mb (and msz)
 * unless every path to this point already did: functions load them where
 * first needed, so an early exit that touches no memory never pays for it
 * (and GCC can inline such a function's entry test into its callers). */
const char *fx_mem_size_expr(fctx *fx);
void fx_need_mem(fctx *fx);

/* Instruction families; each returns false if op is not theirs. */
bool emit_numeric(fctx *fx, const wm_instr *in);
bool emit_memory(fctx *fx, const wm_instr *in);
bool emit_atomic(fctx *fx, const wm_instr *in);
bool emit_simd(fctx *fx, const wm_instr *in);

/* A plugin's adapters, descriptor and entry symbol (see wf_plugin in
 * weft_rt.h), into the part that holds instantiation. */
int emit_plugin(strbuf *c, const wm_module *m, const emit_opts *o, char *err,
                size_t err_len);

/* One function's definition; 0, or -1 with a message if its body cannot be
 * decoded.  With cl (o->lines), marks its start if it begins without a
 * #line of its own, and records whether it ends in a source file. */
int emit_function(const wm_module *m, const emit_opts *o, uint32_t findex,
                  strbuf *out, c_lines *cl, char *err, size_t err_len);
/* "RET NAME(void *, PARAMS)" pieces for a signature. */
void emit_c_result_type(strbuf *b, const emit_opts *o, const wm_functype *t);
void emit_fnptr_type(strbuf *b, const emit_opts *o, const wm_functype *t);
void emit_func_name(strbuf *b, const emit_opts *o, const wm_module *m,
                    uint32_t findex);

#endif /* WEFT_EMIT_H */
