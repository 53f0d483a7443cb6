/* wasi_main.c - the command program's main; see wasi_main.h. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wasi.h"
#include "wasi_main.h"
#include "wasi_threads.h"

/* With guard pages every memory reserves 8 GiB of address space up front,
 * which a `ulimit -v` can forbid; say so, since the cure is a build flag. */
#if WF_BOUNDS_EXPLICIT
#define ALLOC_FAILED "cannot allocate the module's memory or tables"
#else
#define ALLOC_FAILED                                                     \
  "cannot allocate the module's memory or tables (each memory reserves " \
  "8 GiB of address space for its guard pages: is `ulimit -v` lower? "   \
  "weft build --bounds explicit needs only what the memory uses)"
#endif

const char *wasi_resolve_sig(const char *module, const char *name) {
  if (!strcmp(module, "wasi") && !strcmp(name, "thread-spawn"))
    return WASI_THREAD_SPAWN_SIG;
  const wasi_fn *f = wasi_find(module, name);
  return f ? f->sig : NULL;
}

typedef struct cmdline {
  int argc;
  char **argv;
  int ndirs, nenv;
  wasi_preopen *dirs;
  char **env;
} cmdline;

extern char **environ;

/* Whether "K=V" strings a and b set the same variable. */
static bool same_key(const char *a, const char *b) {
  size_t ka = strcspn(a, "="), kb = strcspn(b, "=");
  return ka == kb && !strncmp(a, b, ka);
}

/* --inherit-env: the process's environment, less what --env overrides. */
static int inherit_env(cmdline *c, char **given, int ngiven) {
  int n = 0;
  while (environ && environ[n]) n++;
  char **env = calloc((size_t)(n + ngiven) + 1, sizeof *env);
  if (!env) return -1;
  int k = 0;
  for (int i = 0; i < n; i++) {
    bool overridden = false;
    for (int j = 0; j < ngiven && !overridden; j++)
      overridden = same_key(environ[i], given[j]);
    if (!overridden && strchr(environ[i], '=')) env[k++] = environ[i];
  }
  for (int j = 0; j < ngiven; j++) env[k++] = given[j];
  free(c->env);
  c->env = env;
  c->nenv = k;
  return 0;
}

static int parse(int argc, char **argv, cmdline *c) {
  memset(c, 0, sizeof *c);
  c->dirs = calloc((size_t)argc, sizeof *c->dirs);
  c->env = calloc((size_t)argc + 1, sizeof *c->env);
  c->argv = calloc((size_t)argc + 1, sizeof *c->argv);
  if (!c->dirs || !c->env || !c->argv) return -1;
  c->argv[c->argc++] = argv[0];
  int i = 1;
  bool inherit = false;
  if (argc > 1 && !strcmp(argv[1], "--weft")) {
    for (i = 2; i < argc && strcmp(argv[i], "--"); i++) {
      if (!strcmp(argv[i], "--inherit-env")) {
        inherit = true;
        continue;
      }
      if (i + 1 >= argc) return -1;
      if (!strcmp(argv[i], "--env")) {
        if (!strchr(argv[i + 1], '=')) return -1;
        c->env[c->nenv++] = argv[++i];
      } else if (!strcmp(argv[i], "--dir")) {
        char *v = argv[++i], *sep = strstr(v, "::");
        wasi_preopen *d = &c->dirs[c->ndirs++];
        d->host = v, d->guest = v;
        if (sep) *sep = 0, d->guest = sep + 2;
      } else {
        return -1;
      }
    }
    i++; /* the "--" */
  }
  for (; i < argc; i++) c->argv[c->argc++] = argv[i];
  if (inherit) return inherit_env(c, c->env, c->nenv);
  return 0;
}

static void fail(const char *prog, const char *msg) {
  fprintf(stderr, "%s: %s\n", prog, msg);
  exit(1);
}

/* Fills imports[] from the host; exits with a message on a missing one. */
static void **resolve(const wf_module *mod, wasi_ctx *ctx, wasi_program *prog,
                      wf_memory **memory) {
  void **imports = calloc(mod->nimports + 1, sizeof *imports);
  if (!imports) fail(prog->name, "out of memory");
  char why[512];
  for (u32 i = 0; i < mod->nimports; i++) {
    const wf_import_desc *im = &mod->imports[i];
    if (im->kind == WF_EXTERN_MEMORY) {
      wf_memory *m = calloc(1, sizeof *m);
      if (!m || wf_memory_init(m, (u32)im->limits.min, (u32)im->limits.max,
                               im->limits.has_max, im->limits.shared)) {
        /* a shared memory is reserved at its maximum, and never moves */
        u64 pages = im->limits.shared ? (im->limits.has_max ? im->limits.max
                                                            : 65536)
                                      : im->limits.min;
        snprintf(why, sizeof why, "cannot reserve memory %s.%s: %llu pages "
                 "(%llu MiB%s) do not fit this host's address space",
                 im->module, im->name, (unsigned long long)pages,
                 (unsigned long long)(pages * WF_PAGE_SIZE >> 20),
                 im->limits.shared ? ", a shared memory's maximum" : "");
        fail(prog->name, why);
      }
      imports[i] = m;
      if (!*memory) *memory = m;
      continue;
    }
    const char *sig = im->kind == WF_EXTERN_FUNC
                          ? wasi_resolve_sig(im->module, im->name) : NULL;
    if (!sig || strcmp(sig, im->sig)) {
      snprintf(why, sizeof why, "%s %s.%s", sig ? "import has the wrong "
               "signature" : "unknown import", im->module, im->name);
      fail(prog->name, why);
    }
    wf_func *f = calloc(1, sizeof *f);
    if (!f) fail(prog->name, "out of memory");
    if (!strcmp(im->module, "wasi"))
      *f = (wf_func){im->sig, (wf_fnptr)wasi_thread_spawn, prog};
    else
      *f = (wf_func){im->sig, wasi_find(im->module, im->name)->fn, ctx};
    imports[i] = f;
  }
  return imports;
}

typedef struct start_args {
  const wasi_program *p;
  void *inst;
  int result;
} start_args;

static void instantiate(void *arg) {
  start_args *a = arg;
  a->result = a->p->mod->instantiate(a->inst, a->p->imports);
}

static void call_start(void *arg) {
  start_args *a = arg;
  int x = wf_module_find_export(a->p->mod, "_start");
  const wf_func *f = a->p->mod->export_ptr(a->inst, (u32)x);
  ((void (*)(void *))f->fn)(f->ctx);
}

int wasi_main(const wf_module *mod, int argc, char **argv) {
  cmdline c;
  /* A write to a closed pipe returns EPIPE to the guest, as in wasmtime,
   * instead of killing the process. */
  signal(SIGPIPE, SIG_IGN);
  const char *name = argc > 0 ? argv[0] : mod->name;
  if (parse(argc, argv, &c))
    fail(name, "bad --weft options (expected --dir HOST[::GUEST], "
               "--env K=V, --inherit-env, then --)");
  wasi_config cfg = {c.argc, c.argv, c.nenv, c.env, c.ndirs, c.dirs, false,
                     {0, 1, 2}};
  char why[512];
  wasi_ctx *ctx = wasi_ctx_new(&cfg, why, sizeof why);
  if (!ctx) fail(name, why);
  static wasi_program prog;
  prog.mod = mod;
  prog.name = name;
  wf_memory *memory = NULL;
  prog.imports = resolve(mod, ctx, &prog, &memory);
  if (memory) wasi_ctx_set_memory(ctx, memory);
  int start = wf_module_find_export(mod, "_start");
  if (start < 0 || mod->exports[start].kind != WF_EXTERN_FUNC ||
      strcmp(mod->exports[start].sig, ":"))
    fail(name, "not a WASI command: no _start function export");
  start_args a = {&prog, calloc(1, mod->instance_size), 0};
  if (!a.inst) fail(name, "out of memory");
  wf_trap_code code = wf_protect(instantiate, &a);
  if (code) wasi_trap_exit(&prog, code);
  if (a.result) fail(name, ALLOC_FAILED);
  int mx = wf_module_find_export(mod, "memory");
  if (!memory && mx >= 0 && mod->exports[mx].kind == WF_EXTERN_MEMORY)
    wasi_ctx_set_memory(ctx, mod->export_ptr(a.inst, (u32)mx));
  code = wf_protect(call_start, &a);
  if (code) wasi_trap_exit(&prog, code);
  /* Returning from _start ends the process, whatever other threads do. */
  fflush(NULL);
  _exit(0);
}
