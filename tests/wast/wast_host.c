/*
 * wast_host.c - executes one .wast script's commands (see wast_host.h):
 * the `spectest` host module, generic linking through wf_module
 * descriptors, and the checks behind every assert_* command.
 */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wast_host.h"

/* ---- the spectest module ------------------------------------------- */

static void sp_print(void *c) { (void)c; }
static void sp_print_i32(void *c, u32 a) { (void)c; (void)a; }
static void sp_print_i64(void *c, u64 a) { (void)c; (void)a; }
static void sp_print_f32(void *c, f32 a) { (void)c; (void)a; }
static void sp_print_f64(void *c, f64 a) { (void)c; (void)a; }
static void sp_print_i32_f32(void *c, u32 a, f32 b) {
  (void)c; (void)a; (void)b;
}
static void sp_print_f64_f64(void *c, f64 a, f64 b) {
  (void)c; (void)a; (void)b;
}

static const struct {
  const char *name;
  wf_func f;
} sp_funcs[] = {
  {"print", {":", (wf_fnptr)sp_print, NULL}},
  {"print_i32", {"i:", (wf_fnptr)sp_print_i32, NULL}},
  {"print_i64", {"j:", (wf_fnptr)sp_print_i64, NULL}},
  {"print_f32", {"f:", (wf_fnptr)sp_print_f32, NULL}},
  {"print_f64", {"d:", (wf_fnptr)sp_print_f64, NULL}},
  {"print_i32_f32", {"if:", (wf_fnptr)sp_print_i32_f32, NULL}},
  {"print_f64_f64", {"dd:", (wf_fnptr)sp_print_f64_f64, NULL}},
};

static wf_global sp_global_i32 = {.i32 = 666, .type = 'i', .mut = false};
static wf_global sp_global_i64 = {.i64 = 666, .type = 'j', .mut = false};
static wf_global sp_global_f32 = {.f32 = 666.6f, .type = 'f', .mut = false};
static wf_global sp_global_f64 = {.f64 = 666.6, .type = 'd', .mut = false};
static wf_table sp_table;
static wf_memory sp_memory, sp_shared_memory;

static void spectest_init(void) {
  if (wf_table_init(&sp_table, 'r', 10, 20) ||
      wf_memory_init(&sp_memory, 1, 2, true, false) ||
      wf_memory_init(&sp_shared_memory, 1, 2, true, true)) {
    fprintf(stderr, "wast_host: cannot create the spectest module\n");
    exit(2);
  }
}

/* The spectest export `name` of `kind`, or NULL. */
static void *spectest_lookup(const char *name, wf_extern_kind kind,
                             bool *kind_ok) {
  *kind_ok = true;
  for (size_t i = 0; i < sizeof sp_funcs / sizeof sp_funcs[0]; i++)
    if (!strcmp(name, sp_funcs[i].name)) {
      *kind_ok = kind == WF_EXTERN_FUNC;
      return (void *)&sp_funcs[i].f;
    }
  static const struct {
    const char *name;
    wf_extern_kind kind;
    void *p;
  } others[] = {
    {"global_i32", WF_EXTERN_GLOBAL, &sp_global_i32},
    {"global_i64", WF_EXTERN_GLOBAL, &sp_global_i64},
    {"global_f32", WF_EXTERN_GLOBAL, &sp_global_f32},
    {"global_f64", WF_EXTERN_GLOBAL, &sp_global_f64},
    {"table", WF_EXTERN_TABLE, &sp_table},
    {"memory", WF_EXTERN_MEMORY, &sp_memory},
    {"shared_memory", WF_EXTERN_MEMORY, &sp_shared_memory},
  };
  for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
    if (!strcmp(name, others[i].name)) {
      *kind_ok = kind == others[i].kind;
      return others[i].p;
    }
  return NULL;
}

/* ---- instances and the registry ------------------------------------ */

typedef struct slot {
  const wf_module *mod;
  void *inst;            /* NULL until instantiated */
  int line;              /* the module command's line */
} slot;

static slot *slots;

typedef struct reg {
  const char *as;
  int slot;
} reg;

static reg regs[256];
static int nregs;

static int find_export(const wf_module *m, const char *name, size_t len) {
  return wf_module_find_export_n(m, name, len);
}

/* ---- reporting ------------------------------------------------------ */

static int cur;  /* index of the command being executed */

static void pass(void) { printf("P %d\n", cur); }

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fail(const char *fmt, ...) {
  char buf[2048];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  for (char *p = buf; *p; p++)
    if (*p == '\n') *p = ' ';
  printf("F %d %s\n", cur, buf);
}

/* Appends a value to buf as "TYPE:VALUE". */
static void fmt_value(char *buf, size_t n, char type, u64 bits) {
  switch (type) {
    case 'i':
      snprintf(buf, n, "i32:%" PRIu32 " (0x%08" PRIx32 ")", (u32)bits,
               (u32)bits);
      break;
    case 'j':
      snprintf(buf, n, "i64:%" PRIu64 " (0x%016" PRIx64 ")", bits, bits);
      break;
    case 'f':
      snprintf(buf, n, "f32:%.9g (0x%08" PRIx32 ")", wast_f32(bits), (u32)bits);
      break;
    case 'd':
      snprintf(buf, n, "f64:%.17g (0x%016" PRIx64 ")", wast_f64(bits), bits);
      break;
    case 'x':
    case 'r':
      if (!bits)
        snprintf(buf, n, "%s:null", type == 'x' ? "externref" : "funcref");
      else if (type == 'x' && bits >= 0x1000 && bits < 0x100000)
        snprintf(buf, n, "externref:%" PRIu64, bits - 0x1000);
      else
        snprintf(buf, n, "%s:%p", type == 'x' ? "externref" : "funcref",
                 (void *)(uintptr_t)bits);
      break;
    default:
      snprintf(buf, n, "%c:0x%" PRIx64, type, bits);
  }
}

static void fmt_expected(char *buf, size_t n, const wast_value *v) {
  const char *t = v->type == 'f' ? "f32" : "f64";
  switch (v->kind) {
    case WAST_NAN_CANONICAL: snprintf(buf, n, "%s:nan:canonical", t); break;
    case WAST_NAN_ARITHMETIC: snprintf(buf, n, "%s:nan:arithmetic", t); break;
    case WAST_NONNULL_REF: snprintf(buf, n, "non-null reference"); break;
    default: fmt_value(buf, n, v->type, v->bits);
  }
}

static void fmt_list(char *buf, size_t n, const wast_value *vs, int count,
                     const u64 *bits) {
  size_t len = 0;
  buf[0] = '\0';
  if (count == 0) snprintf(buf, n, "nothing");
  for (int i = 0; i < count && len < n; i++) {
    char one[128];
    if (bits)
      fmt_value(one, sizeof one, vs[i].type, bits[i]);
    else
      fmt_expected(one, sizeof one, &vs[i]);
    len += (size_t)snprintf(buf + len, n - len, "%s%s", i ? ", " : "", one);
  }
}

static bool value_matches(const wast_value *e, u64 got) {
  switch (e->kind) {
    case WAST_EXACT:
      if (e->type == 'i' || e->type == 'f') return (u32)got == (u32)e->bits;
      return got == e->bits;
    case WAST_NAN_CANONICAL:
      if (e->type == 'f') return ((u32)got & 0x7fffffffu) == 0x7fc00000u;
      return (got & 0x7fffffffffffffffull) == 0x7ff8000000000000ull;
    case WAST_NAN_ARITHMETIC:
      if (e->type == 'f') return ((u32)got & 0x7fc00000u) == 0x7fc00000u;
      return (got & 0x7ff8000000000000ull) == 0x7ff8000000000000ull;
    case WAST_NONNULL_REF: return got != 0;
    default: return true;
  }
}

/* ---- running actions ------------------------------------------------- */

typedef struct call {
  const wast_cmd *c;
  const wf_func *f;
  u64 args[WAST_MAX_VALUES];
  u64 results[WAST_MAX_VALUES];
} call;

static void run_call(void *arg) {
  call *k = arg;
  k->c->thunk(k->f, k->args, k->results);
}

/* Runs the command's action.  Returns false (after reporting) when the
 * action cannot even be attempted; otherwise sets *trap and results. */
static bool perform(const wast_cmd *c, wf_trap_code *trap, u64 *results) {
  *trap = WF_TRAP_NONE;
  if (c->slot < 0) {
    fail("no module to act on");
    return false;
  }
  slot *s = &slots[c->slot];
  if (!s->inst) {
    fail("module of line %d is not instantiated", s->line);
    return false;
  }
  int x = find_export(s->mod, c->name, c->name_len);
  if (x < 0) {
    fail("module of line %d has no export \"%s\"", s->line, c->name);
    return false;
  }
  const wf_export_desc *d = &s->mod->exports[x];
  void *p = s->mod->export_ptr(s->inst, (u32)x);
  if (c->is_get) {
    if (d->kind != WF_EXTERN_GLOBAL) {
      fail("export \"%s\" is not a global", c->name);
      return false;
    }
    const wf_global *g = p;
    switch (g->type) {
      case 'i': results[0] = g->i32; break;
      case 'j': results[0] = g->i64; break;
      case 'f': results[0] = wast_f32_bits(g->f32); break;
      case 'd': results[0] = wast_f64_bits(g->f64); break;
      default: results[0] = (u64)(uintptr_t)g->ref;
    }
    if (c->nresults == 1 && c->results[0].type != g->type) {
      fail("global \"%s\" has type %c, the script expects %c", c->name,
           g->type, c->results[0].type);
      return false;
    }
    return true;
  }
  if (d->kind != WF_EXTERN_FUNC) {
    fail("export \"%s\" is not a function", c->name);
    return false;
  }
  const wf_func *f = p;
  /* assert_return/assert_trap/action give every result type, so the
   * script's signature must be the export's exactly. */
  if (!wf_sig_eq(f->sig, c->sig)) {
    fail("export \"%s\" has signature %s, the script implies %s", c->name,
         f->sig, c->sig);
    return false;
  }
  call k = {.c = c, .f = f};
  for (int i = 0; i < c->nargs; i++) k.args[i] = c->args[i].bits;
  *trap = wf_protect(run_call, &k);
  memcpy(results, k.results, sizeof k.results);
  return true;
}

/* The script's text and weft's reason agree when one starts with the
 * other: scripts may say more ("uninitialized element 2") or less than
 * weft's fixed reason strings. */
static bool trap_text_matches(wf_trap_code code, const char *text) {
  const char *why = wf_trap_reason(code);
  size_t n = strlen(why) < strlen(text) ? strlen(why) : strlen(text);
  return n > 0 && !strncmp(why, text, n);
}

static void check_return(const wast_cmd *c) {
  wf_trap_code trap;
  u64 got[WAST_MAX_VALUES];
  if (!perform(c, &trap, got)) return;
  char want[1024], came[1024];
  fmt_list(want, sizeof want, c->results, c->nresults, NULL);
  if (trap) {
    fail("expected %s, got trap \"%s\"", want, wf_trap_reason(trap));
    return;
  }
  for (int i = 0; i < c->nresults; i++)
    if (!value_matches(&c->results[i], got[i])) {
      fmt_list(came, sizeof came, c->results, c->nresults, got);
      fail("expected %s, got %s", want, came);
      return;
    }
  pass();
}

static void check_trap(const wast_cmd *c) {
  wf_trap_code trap;
  u64 got[WAST_MAX_VALUES];
  if (!perform(c, &trap, got)) return;
  if (!trap) {
    char came[1024];
    fmt_list(came, sizeof came, c->results, c->nresults, got);
    fail("expected trap \"%s\", got %s", c->text, came);
  } else if (!trap_text_matches(trap, c->text)) {
    fail("expected trap \"%s\", got trap \"%s\"", c->text,
         wf_trap_reason(trap));
  } else {
    pass();
  }
}

static void do_action(const wast_cmd *c) {
  wf_trap_code trap;
  u64 got[WAST_MAX_VALUES];
  if (!perform(c, &trap, got)) return;
  if (trap)
    fail("action trapped: \"%s\"", wf_trap_reason(trap));
  else
    pass();
}

/* ---- modules --------------------------------------------------------- */

/* Resolves m's imports into `out`; false with a reason when they do not
 * link. */
static bool link_imports(const wf_module *m, void **out, char *why,
                         size_t n) {
  for (u32 i = 0; i < m->nimports; i++) {
    const wf_import_desc *imp = &m->imports[i];
    void *p = NULL;
    bool found = false, kind_ok = true;
    for (int r = nregs - 1; r >= 0 && !found; r--) {
      if (strcmp(regs[r].as, imp->module)) continue;
      found = true;
      slot *s = &slots[regs[r].slot];
      int x = find_export(s->mod, imp->name, strlen(imp->name));
      if (x < 0) {
        snprintf(why, n, "unknown import %s.%s", imp->module, imp->name);
        return false;
      }
      kind_ok = s->mod->exports[x].kind == imp->kind;
      p = s->mod->export_ptr(s->inst, (u32)x);
    }
    if (!found && !strcmp(imp->module, "spectest")) {
      p = spectest_lookup(imp->name, imp->kind, &kind_ok);
      found = p != NULL;
    }
    if (!found) {
      snprintf(why, n, "unknown import %s.%s", imp->module, imp->name);
      return false;
    }
    if (!kind_ok) {
      snprintf(why, n, "incompatible import type for %s.%s (kind)",
               imp->module, imp->name);
      return false;
    }
    if (!wf_import_matches(imp, p, why, n)) return false;
    out[i] = p;
  }
  return true;
}

typedef struct inst_call {
  const wf_module *m;
  void *inst;
  void **imports;
  int rc;
} inst_call;

static void run_instantiate(void *arg) {
  inst_call *k = arg;
  k->rc = k->m->instantiate(k->inst, (void *const *)k->imports);
}

static void do_module(const wast_cmd *c) {
  slot *s = c->slot >= 0 ? &slots[c->slot] : NULL;
  if (s) s->line = c->line;
  if (!c->mod) {
    fail("no C for this module (see the translation result)");
    return;
  }
  void **imports = calloc(c->mod->nimports + 1, sizeof *imports);
  char why[512];
  if (!link_imports(c->mod, imports, why, sizeof why)) {
    free(imports);
    if (c->op == WAST_UNLINKABLE)
      pass();
    else
      fail("%s", why);
    return;
  }
  if (c->op == WAST_UNLINKABLE) {
    /* Linking alone succeeded; Wasm 2.0 also reports as unlinkable what
     * fails while initialising, but a link-time check must catch it. */
    free(imports);
    fail("expected unlinkable (\"%s\"), but the imports link", c->text);
    return;
  }
  inst_call k = {c->mod, calloc(1, c->mod->instance_size), imports, 0};
  if (!k.inst) {
    fprintf(stderr, "wast_host: out of memory\n");
    exit(2);
  }
  wf_trap_code trap = wf_protect(run_instantiate, &k);
  /* imports must outlive the instance only during instantiate. */
  free(imports);
  if (c->op == WAST_UNINSTANTIABLE) {
    if (!trap)
      fail("expected instantiation to trap \"%s\", it succeeded%s", c->text,
           k.rc ? " (but returned -1)" : "");
    else if (!trap_text_matches(trap, c->text))
      fail("expected instantiation to trap \"%s\", got trap \"%s\"", c->text,
           wf_trap_reason(trap));
    else
      pass();
    return;
  }
  if (trap) {
    fail("instantiation trapped: \"%s\"", wf_trap_reason(trap));
    return;
  }
  if (k.rc) {
    fail("instantiation failed (out of memory)");
    return;
  }
  s->mod = c->mod;
  s->inst = k.inst;
  pass();
}

static void do_register(const wast_cmd *c) {
  if (c->slot < 0 || !slots[c->slot].inst) {
    fail("nothing instantiated to register as \"%s\"", c->name);
    return;
  }
  if (nregs == (int)(sizeof regs / sizeof regs[0])) {
    fail("too many registrations");
    return;
  }
  regs[nregs++] = (reg){c->name, c->slot};
  pass();
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  spectest_init();
  slots = calloc((size_t)wast_nslots + 1, sizeof *slots);
  for (int i = 0; i < wast_nslots; i++) slots[i].line = -1;
  for (cur = 0; cur < wast_ncmds; cur++) {
    const wast_cmd *c = &wast_cmds[cur];
    switch (c->op) {
      case WAST_MODULE:
      case WAST_UNLINKABLE:
      case WAST_UNINSTANTIABLE: do_module(c); break;
      case WAST_REGISTER: do_register(c); break;
      case WAST_ACTION: do_action(c); break;
      case WAST_RETURN: check_return(c); break;
      case WAST_TRAP:
      case WAST_EXHAUSTION: check_trap(c); break;
      case WAST_NOP:  /* a module that failed earlier still names a slot */
        if (c->slot >= 0) slots[c->slot].line = c->line;
        break;
    }
  }
  printf("D\n");
  return 0;
}
