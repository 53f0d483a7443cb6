/*
 * wast_host.c - executes one .wast script's commands (see wast_host.h):
 * the `spectest` host module, generic linking through wf_module
 * descriptors, the checks behind every assert_* command, and the thread
 * groups of threads-proposal scripts.
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <link.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

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

/* A thread group: the main script (0) or one thread block, with its own
 * registry.  Slots need no lock: each is written only by the group that
 * instantiates it, and others read it after pthread_create or join. */
typedef struct group {
  pthread_t tid;
  bool running;          /* started on its own thread and not yet joined */
  reg regs[256];
  int nregs;
} group;

static group *groups;
static _Thread_local group *self;  /* the group this thread runs */

static int find_export(const wf_module *m, const char *name, size_t len) {
  return wf_module_find_export_n(m, name, len);
}

/* ---- reporting ------------------------------------------------------ */

static _Thread_local int cur;  /* index of the command being executed */

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
  if (v->kind == WAST_LANES) {
    snprintf(buf, n, "v128 %s half: %s lanes %d,%d (0 exact, 1 canonical NaN, "
             "2 arithmetic NaN) of 0x%016" PRIx64, v->type == 'v' ? "low" : "high",
             v->lane == 'f' ? "f32" : "f64", v->lane_kinds[0], v->lane_kinds[1],
             v->bits);
    return;
  }
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

static bool value_matches(const wast_value *e, u64 got);

/* A v128 half of float lanes, lane by lane. */
static bool lanes_match(const wast_value *e, u64 got) {
  if (e->lane == 'd') {
    wast_value one = {'d', e->lane_kinds[0], e->bits, 0, {0, 0}};
    return value_matches(&one, got);
  }
  for (int i = 0; i < 2; i++) {
    wast_value one = {'f', e->lane_kinds[i], (u32)(e->bits >> (32 * i)), 0, {0, 0}};
    if (!value_matches(&one, (u32)(got >> (32 * i)))) return false;
  }
  return true;
}

static bool value_matches(const wast_value *e, u64 got) {
  switch (e->kind) {
    case WAST_LANES: return lanes_match(e, got);
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

/* ---- threads that overlap -------------------------------------------- */

/* Sibling threads of a litmus test meet here right before their first call
 * into Wasm, in two steps.  They arrive far apart (each sets up its own
 * modules first), so early arrivals sleep until the last one comes:
 * spinning that long would keep the others off the CPUs.  Waking takes
 * anything from microseconds to milliseconds, so the woken then spin until
 * all are awake; the last sets a start time just ahead and everyone spins
 * on the clock until then, leaving within the clock's resolution of each
 * other: the bodies they run take nanoseconds. */
typedef struct barrier {
  int arrived;           /* under barrier_lock */
  _Atomic int awake;
  _Atomic int64_t go;    /* start time (CLOCK_MONOTONIC ns), 0 until set */
} barrier;

static barrier *barriers;
static pthread_mutex_t barrier_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t barrier_cond = PTHREAD_COND_INITIALIZER;
static _Thread_local int pending = -1;  /* barrier to meet before calling */

#define START_AHEAD_NS 20000           /* from the last wake to the start */
#define BARRIER_GIVE_UP_S 5            /* for a participant that never comes */
#define BARRIER_SPIN_GIVE_UP_NS 1000000000LL

static int64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* Threads of a litmus test should race on memory, not on page faults: the
 * first write to a fresh page of a shared memory, or the first call into a
 * module's code, costs a fault far longer than the bodies under test.  So
 * threaded scripts populate the page tables up front (contents unchanged;
 * Linux >= 5.14, elsewhere a no-op). */
static void prefault(const void *p, size_t n, int write) {
#ifdef MADV_POPULATE_WRITE
  uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
  uintptr_t a = (uintptr_t)p & ~(page - 1);
  if (n) madvise((void *)a, n + ((uintptr_t)p - a),
                 write ? MADV_POPULATE_WRITE : MADV_POPULATE_READ);
#else
  (void)p; (void)n; (void)write;
#endif
}

static int prefault_object(struct dl_phdr_info *info, size_t size, void *arg) {
  (void)size; (void)arg;
  for (int i = 0; i < info->dlpi_phnum; i++)
    if (info->dlpi_phdr[i].p_type == PT_LOAD)
      prefault((const void *)(info->dlpi_addr + info->dlpi_phdr[i].p_vaddr),
               info->dlpi_phdr[i].p_memsz, 0);
  return 1;  /* the executable comes first; that is all we need */
}

/* The shared memories a new instance exports. */
static void prefault_memories(const wf_module *m, void *inst) {
  for (u32 x = 0; x < m->nexports; x++)
    if (m->exports[x].kind == WF_EXTERN_MEMORY) {
      wf_memory *mem = m->export_ptr(inst, x);
      if (mem->shared) prefault(mem->base, wf_memory_bytes(mem), 1);
    }
}

/* Meets the pending barrier, if any. */
static void sync_start(void) {
  if (pending < 0) return;
  barrier *b = &barriers[pending];
  int need = wast_barrier_counts[pending];
  pending = -1;
  struct timespec give_up;
  clock_gettime(CLOCK_REALTIME, &give_up);
  give_up.tv_sec += BARRIER_GIVE_UP_S;
  pthread_mutex_lock(&barrier_lock);
  if (++b->arrived == need) pthread_cond_broadcast(&barrier_cond);
  while (b->arrived < need &&
         pthread_cond_timedwait(&barrier_cond, &barrier_lock, &give_up) == 0) {
  }
  bool all = b->arrived >= need;
  pthread_mutex_unlock(&barrier_lock);
  if (!all) return;
  int64_t t0 = now_ns(), go;
  if (atomic_fetch_add(&b->awake, 1) + 1 == need)
    atomic_store(&b->go, t0 + START_AHEAD_NS);
  for (unsigned spin = 1; !(go = atomic_load(&b->go)); spin++)
    if (spin % 1024 == 0 && now_ns() - t0 > BARRIER_SPIN_GIVE_UP_NS) return;
  while (now_ns() < go) {
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
  sync_start();  /* as close to the Wasm code as the host gets */
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
      case 'v': wast_v128_split(g->vec, results); break;
      default: results[0] = (u64)(uintptr_t)g->ref;
    }
    if (c->nresults >= 1 && c->results[0].type != g->type) {
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
    fail("expected %s%s, got trap \"%s\"", c->either ? "one of " : "", want,
         wf_trap_reason(trap));
    return;
  }
  if (c->either) {
    for (int i = 0; i < c->nresults; i++)
      if (value_matches(&c->results[i], got[0])) {
        pass();
        return;
      }
    fmt_value(came, sizeof came, c->results[0].type, got[0]);
    fail("expected one of %s, got %s", want, came);
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
    for (int r = self->nregs - 1; r >= 0 && !found; r--) {
      if (strcmp(self->regs[r].as, imp->module)) continue;
      found = true;
      slot *s = &slots[self->regs[r].slot];
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
  if (wast_ngroups > 1) prefault_memories(c->mod, k.inst);
  pass();
}

static void do_register(const wast_cmd *c) {
  if (c->slot < 0 || !slots[c->slot].inst) {
    fail("nothing instantiated to register as \"%s\"", c->name);
    return;
  }
  if (self->nregs == (int)(sizeof self->regs / sizeof self->regs[0])) {
    fail("too many registrations");
    return;
  }
  self->regs[self->nregs++] = (reg){c->name, c->slot};
  pass();
}

/* ---- thread groups -------------------------------------------------- */

static void run_group(int g);

static void *group_thread(void *arg) {
  run_group((int)(intptr_t)arg);
  return NULL;
}

static void spawn(int g) {
  group *me = self;
  if (pthread_create(&groups[g].tid, NULL, group_thread, (void *)(intptr_t)g)) {
    /* No thread: run the block here; its commands still run. */
    run_group(g);
    self = me;
    return;
  }
  groups[g].running = true;
}

static void join(int g) {
  if (!groups[g].running) return;
  pthread_join(groups[g].tid, NULL);
  groups[g].running = false;
}

static void run_command(const wast_cmd *c) {
  pending = c->barrier;  /* met right before the call into Wasm */
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
    case WAST_SPAWN: spawn(c->target); break;
    case WAST_JOIN: join(c->target); break;
  }
  sync_start();  /* the command failed before calling: still count in */
}

/* Runs group g's commands in order on the calling thread, then joins any
 * thread it started and never waited for. */
static void run_group(int g) {
  self = &groups[g];
  for (int i = 0; i < wast_ncmds; i++)
    if (wast_cmds[i].group == g) {
      cur = i;
      run_command(&wast_cmds[i]);
    }
  for (int i = 0; i < wast_ncmds; i++)
    if (wast_cmds[i].group == g && wast_cmds[i].op == WAST_SPAWN)
      join(wast_cmds[i].target);
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  spectest_init();
  slots = calloc((size_t)wast_nslots + 1, sizeof *slots);
  groups = calloc((size_t)wast_ngroups, sizeof *groups);
  barriers = calloc((size_t)wast_nbarriers + 1, sizeof *barriers);
  if (!slots || !groups || !barriers) {
    fprintf(stderr, "wast_host: out of memory\n");
    return 2;
  }
  for (int i = 0; i < wast_nslots; i++) slots[i].line = -1;
  if (wast_ngroups > 1) dl_iterate_phdr(prefault_object, NULL);
  run_group(0);
  printf("D\n");
  return 0;
}
