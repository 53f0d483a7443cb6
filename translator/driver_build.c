/*
 * driver_build.c - translate and build: load the module, check a program's
 * imports against the WASI host, emit C, compile it with the embedded
 * runtime and link.  Runtime objects are compiled once per compiler
 * configuration and kept in the cache.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cc.h"
#include "deep_stack.h"
#include "driver.h"
#include "emit.h"
#include "fsutil.h"
#include "host_check.h"
#include "names.h"
#include "templates.h"

uint64_t driver_hash(uint64_t h, const void *data, size_t len) {
  const unsigned char *p = data;
  for (size_t i = 0; i < len; i++) h = (h ^ p[i]) * 0x100000001b3ull;
  return h;
}

uint64_t driver_config_hash(const weft_options *o) {
  uint64_t h = 0xcbf29ce484222325ull;
  char flags[64];
  snprintf(flags, sizeof flags, "%s|O%d|%d|%d|", WEFT_VERSION, o->opt_level,
           o->bounds, o->static_link);
  h = driver_hash(h, flags, strlen(flags));
  h = driver_hash(h, o->cc, strlen(o->cc) + 1);
  if (o->cflags) h = driver_hash(h, o->cflags, strlen(o->cflags) + 1);
  for (const embedded_file *f = weft_embedded; f->name; f++)
    h = driver_hash(h, f->data, f->len);
  return h;
}

int driver_cache_dir(char *buf, size_t n) {
  const char *d = getenv("WEFT_CACHE_DIR"), *x = getenv("XDG_CACHE_HOME");
  if (d && *d) snprintf(buf, n, "%s", d);
  else if (x && *x) snprintf(buf, n, "%s/weft", x);
  else if (getenv("HOME")) snprintf(buf, n, "%s/.cache/weft", getenv("HOME"));
  else return -1;
  return fs_mkdir_p(buf);
}

static void module_prefix(const weft_options *o, strbuf *p) {
  if (o->name) sb_puts(p, o->name);
  else names_prefix_from_path(p, o->module);
}

static const char *base_name(const char *path) {
  const char *b = strrchr(path, '/');
  return b ? b + 1 : path;
}

/* Whether the C compiler can be run: a path, or a name on $PATH. */
static bool cc_found(const char *cc) {
  if (strchr(cc, '/')) return access(cc, X_OK) == 0;
  const char *path = getenv("PATH");
  char buf[4200];
  for (const char *p = path ? path : "/usr/bin:/bin"; *p;) {
    size_t n = strcspn(p, ":");
    snprintf(buf, sizeof buf, "%.*s/%s", (int)n, p, cc);
    if (n && access(buf, X_OK) == 0) return true;
    p += n + (p[n] == ':');
  }
  return false;
}

static int driver_check_cc(const weft_options *o, char *err, size_t n) {
  if (cc_found(o->cc)) return 0;
  if (o->target && !o->cc_given)
    snprintf(err, n, "weft: C compiler '%s' for --target %s not found "
             "(on Debian: apt-get install gcc-%s)", o->cc, o->target,
             o->target);
  else
    snprintf(err, n, "weft: C compiler '%s' not found", o->cc);
  return -1;
}

/* Modules with fewer instructions than this compile fast enough in one
 * file; bigger ones are split over the build's parallel jobs. */
#define SPLIT_THRESHOLD 20000

static int cpus(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? (int)n : 1;
}

/* How many C files: translate splits only when asked (-j N); build splits
 * big modules over its compiler jobs. */
static int choose_parts(const wm_module *m, const weft_options *o,
                        bool program) {
  uint64_t instrs = 0;
  uint32_t ndef = m->nfuncs - m->nfunc_imports;
  for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++)
    instrs += m->funcs[i].body_len / 2;  /* about two bytes an instruction */
  int n = o->jobs;
  if (program && !n) n = cpus();
  if (program && instrs < SPLIT_THRESHOLD) n = 1;
  if (n > (int)ndef) n = (int)ndef;
  if (n > EMIT_MAX_PARTS) n = EMIT_MAX_PARTS;
  return n < 1 ? 1 : n;
}

typedef struct emitted {
  strbuf h;
  strbuf parts[EMIT_MAX_PARTS];
  int nparts;
} emitted;

static void emitted_free(emitted *e) {
  sb_free(&e->h);
  for (int i = 0; i < EMIT_MAX_PARTS; i++) sb_free(&e->parts[i]);
}

typedef struct load_job {
  const char *path;
  wm_module *m;
  char *err;
  size_t n;
  int result;
} load_job;

static void load(void *arg) {
  load_job *j = arg;
  j->result = wm_load(j->path, j->m, j->err, j->n);
}

/* Loads MODULE and emits its C; for programs also checks its imports and
 * its _start. */
static int load_emit(const weft_options *o, const char *prefix,
                     const char *header, bool program, emitted *out,
                     char *err, size_t n) {
  memset(out, 0, sizeof *out);
  if (!names_is_identifier(prefix)) {
    snprintf(err, n, "weft: --name '%s' is not a C identifier", prefix);
    return -1;
  }
  if (names_reserved_prefix(prefix)) {
    snprintf(err, n, "weft: --name '%s' is reserved: weft's runtime uses "
             "the names starting with '%.*s_'", prefix,
             (int)strcspn(prefix, "_"), prefix);
    return -1;
  }
  wm_module m;
  load_job lj = {o->module, &m, err, n, 0};
  deep_stack_call(load, &lj, o->module);
  if (lj.result) return -1;
  bool command = program && !o->shared;
  int r = command ? host_check_imports(&m, o->module, err, n) : 0;
  if (!r && command) r = host_check_start(&m, o->module, err, n);
  out->nparts = choose_parts(&m, o, program);
  emit_opts eo = {prefix, base_name(o->module), o->module, header,
                  out->nparts, o->shared};
  if (!r) r = emit_module(&m, &eo, out->parts, &out->h, err, n);
  wm_free(&m);
  return r;
}

/* OUT.c for part 0, OUT_k.c for part k. */
static void part_path(char *buf, size_t n, const char *out, int k) {
  if (k) snprintf(buf, n, "%s_%d.c", out, k);
  else snprintf(buf, n, "%s.c", out);
}

int driver_translate(const weft_options *o, char *err, size_t n) {
  strbuf p;
  emitted e;
  sb_init(&p);
  module_prefix(o, &p);
  char header[4200], path[4200];
  snprintf(header, sizeof header, "%s.h", base_name(o->output));
  int r = load_emit(o, p.data, header, false, &e, err, n);
  if (!r) {
    snprintf(path, sizeof path, "%s.h", o->output);
    if (fs_write_atomic(path, e.h.data, e.h.len, 0644)) r = -1;
    for (int k = 0; !r && k < e.nparts; k++) {
      part_path(path, sizeof path, o->output, k);
      if (fs_write_atomic(path, e.parts[k].data, e.parts[k].len, 0644)) r = -1;
    }
    if (r) snprintf(err, n, "weft: cannot write %s: %s", path, strerror(errno));
  }
  sb_free(&p);
  emitted_free(&e);
  return r;
}

/* ---- compiling ----------------------------------------------------------- */

typedef struct argv_list {
  char **v;
  int n;
} argv_list;

static void arg(argv_list *a, const char *s) {
  a->v = realloc(a->v, sizeof *a->v * (size_t)(a->n + 2));
  if (!a->v) abort();
  a->v[a->n++] = strdup(s);
  a->v[a->n] = NULL;
}

static void args_free(argv_list *a) {
  for (int i = 0; i < a->n; i++) free(a->v[i]);
  free(a->v);
}

/* The flags every weft build uses: C11, Wasm float semantics (no FMA
 * contraction, no fast-math), threads. */
static void base_flags(argv_list *a, const weft_options *o, const char *inc) {
  char buf[64];
  char **extra;
  arg(a, o->cc);
  arg(a, "-std=gnu11");
  snprintf(buf, sizeof buf, "-O%d", o->opt_level);
  arg(a, buf);
  arg(a, "-ffp-contract=off");
  arg(a, "-fno-fast-math");
  arg(a, "-fno-math-errno");
  arg(a, "-pthread");
  /* Big frames touch every page on the way down, so running off the stack
   * always lands in its guard page (see WF_STACK_CHECK_WASM). */
  arg(a, "-fstack-clash-protection");
  if (o->bounds != BOUNDS_AUTO) {
    snprintf(buf, sizeof buf, "-DWF_BOUNDS_EXPLICIT=%d",
             o->bounds == BOUNDS_EXPLICIT);
    arg(a, buf);
  }
  if (o->shared) {
    /* A plugin: position-independent, interruptible, and exporting only
     * its entry symbol (emit_plugin.c). */
    arg(a, "-fPIC");
    arg(a, "-fvisibility=hidden");
    arg(a, "-DWF_PLUGIN=1");
  }
  char incs[4200];
  snprintf(incs, sizeof incs, "-I%s", inc);
  arg(a, incs);
  int k = cc_split_flags(o->cflags, &extra);
  for (int i = 0; i < k; i++) arg(a, extra[i]), free(extra[i]);
  free(extra);
}

static bool is_runtime_source(const char *name) {
  size_t l = strlen(name);
  return (!strncmp(name, "rt/", 3) || !strncmp(name, "wasi-rt/", 8)) &&
         l > 2 && !strcmp(name + l - 2, ".c");
}

/* Writes the runtime's headers (flattened) into dir. */
static int write_headers(const char *dir) {
  char path[8400];
  for (const embedded_file *f = weft_embedded; f->name; f++) {
    size_t l = strlen(f->name);
    if (strcmp(f->name + l - 2, ".h") || !strncmp(f->name, "templates/", 10))
      continue;
    snprintf(path, sizeof path, "%s/%s", dir, base_name(f->name));
    if (fs_write(path, f->data, f->len)) return -1;
  }
  return 0;
}

/* Makes sure <cache>/rt-<hash>/ holds the compiled runtime; returns its
 * path in out. */
static int runtime_objects(const weft_options *o, char *out, size_t outn,
                           char *err, size_t n) {
  char cache[4096], tmp[4200], path[8400];
  if (driver_cache_dir(cache, sizeof cache)) {
    snprintf(err, n, "weft: cannot create the cache directory: %s", strerror(errno));
    return -1;
  }
  snprintf(out, outn, "%s/rt-%016llx", cache,
           (unsigned long long)driver_config_hash(o));
  if (fs_exists(out)) return 0;
  snprintf(tmp, sizeof tmp, "%s/tmp-rt-XXXXXX", cache);
  if (!mkdtemp(tmp) || write_headers(tmp)) {
    snprintf(err, n, "weft: cannot write to %s: %s", cache, strerror(errno));
    return -1;
  }
  cc_cmd cmds[64];
  argv_list lists[64];
  int k = 0, r = 0;
  for (const embedded_file *f = weft_embedded; f->name && k < 64; f++) {
    if (!is_runtime_source(f->name)) continue;
    snprintf(path, sizeof path, "%s/%s", tmp, base_name(f->name));
    if (fs_write(path, f->data, f->len)) r = -1;
    memset(&lists[k], 0, sizeof lists[k]);
    base_flags(&lists[k], o, tmp);
    arg(&lists[k], "-c");
    arg(&lists[k], path);
    arg(&lists[k], "-o");
    path[strlen(path) - 1] = 'o';
    arg(&lists[k], path);
    cmds[k].argv = lists[k].v;
    cmds[k].what = f->name;
    k++;
  }
  const char *failed = NULL;
  if (!r && cc_run_all(cmds, k, o->jobs ? o->jobs : 2, &failed)) {
    snprintf(err, n, "weft: %s failed to compile weft's runtime (%s)", o->cc,
             failed);
    r = -1;
  }
  for (int i = 0; i < k; i++) args_free(&lists[i]);
  if (!r && rename(tmp, out) && !fs_exists(out)) r = -1;
  if (fs_exists(tmp)) fs_rm_rf(tmp);
  return r;
}

/* Compiles src (written into dir) to its .o; the command goes in l. */
static void compile_cmd(argv_list *l, cc_cmd *cmd, const weft_options *o,
                        const char *dir, const char *rtdir, const char *src,
                        const char *what) {
  char obj[8400];
  base_flags(l, o, dir);
  arg(l, "-I");
  arg(l, rtdir);
  arg(l, "-c");
  arg(l, src);
  arg(l, "-o");
  snprintf(obj, sizeof obj, "%.*so", (int)strlen(src) - 1, src);
  arg(l, obj);
  cmd->argv = l->v;
  cmd->what = what;
}

static int link_exe(const weft_options *o, const char *dir, const char *rtdir,
                    argv_list *objs, int nobjs, const char *exe, char *err,
                    size_t n) {
  char tmpexe[4200], path[8400];
  argv_list l = {0};
  int r = 0;
  snprintf(tmpexe, sizeof tmpexe, "%s.tmp%ld", exe, (long)getpid());
  base_flags(&l, o, dir);
  if (o->shared) arg(&l, "-shared");  /* the runtime comes from libweft */
  if (o->static_link) arg(&l, "-static");
  arg(&l, "-o");
  arg(&l, tmpexe);
  for (int i = 0; i < nobjs; i++) arg(&l, objs[i].v[objs[i].n - 1]);
  for (const embedded_file *f = weft_embedded; f->name && !o->shared; f++) {
    if (!is_runtime_source(f->name)) continue;
    snprintf(path, sizeof path, "%s/%s", rtdir, base_name(f->name));
    path[strlen(path) - 1] = 'o';
    arg(&l, path);
  }
  arg(&l, "-lm");
  const char *failed;
  cc_cmd link = {l.v, "link"};
  if (cc_run_all(&link, 1, 1, &failed)) {
    snprintf(err, n, "weft: %s failed to link %s", o->cc, exe);
    r = -1;
  } else if (rename(tmpexe, exe)) {
    snprintf(err, n, "weft: cannot write %s: %s", exe, strerror(errno));
    r = -1;
  }
  if (r) unlink(tmpexe);
  args_free(&l);
  return r;
}

int driver_build(const weft_options *o, const char *exe, char *err, size_t n) {
  strbuf p, mainc;
  emitted e;
  sb_init(&p), sb_init(&mainc);
  module_prefix(o, &p);
  char rtdir[4200], dir[] = "/tmp/weft-build-XXXXXX", path[8400];
  char header[4200];
  snprintf(header, sizeof header, "%s.h", p.data);
  int r = driver_check_cc(o, err, n);
  if (!r) r = load_emit(o, p.data, header, true, &e, err, n);
  if (!r && !o->shared) r = runtime_objects(o, rtdir, sizeof rtdir, err, n);
  if (!r && !mkdtemp(dir)) {
    snprintf(err, n, "weft: cannot create a build directory: %s", strerror(errno));
    r = -1;
  }
  if (r) goto done;
  if (o->shared) {  /* a plugin needs the headers only, and no main */
    snprintf(rtdir, sizeof rtdir, "%s", dir);
    if (write_headers(dir)) {
      snprintf(err, n, "weft: cannot write to %s: %s", dir, strerror(errno));
      r = -1;
    }
  }
  template_expand(&mainc, "program_main.c", p.data, base_name(o->module));
  int ncmds = e.nparts + (o->shared ? 0 : 1);
  cc_cmd cmds[EMIT_MAX_PARTS + 1];
  argv_list l[EMIT_MAX_PARTS + 1];
  memset(l, 0, sizeof l);
  snprintf(path, sizeof path, "%s/%s.h", dir, p.data);
  if (fs_write(path, e.h.data, e.h.len)) r = -1;
  for (int k = 0; k < ncmds; k++) {
    strbuf *src = k < e.nparts ? &e.parts[k] : &mainc;
    char base[4300];
    snprintf(base, sizeof base, "%s/%s", dir, p.data);
    if (k < e.nparts) part_path(path, sizeof path, base, k);
    else snprintf(path, sizeof path, "%s_main.c", base);
    if (fs_write(path, src->data, src->len)) r = -1;
    compile_cmd(&l[k], &cmds[k], o, dir, rtdir, path,
                k < e.nparts ? o->module : "the program's main");
  }
  const char *failed = NULL;
  if (!r && cc_run_all(cmds, ncmds, o->jobs ? o->jobs : cpus(), &failed)) {
    snprintf(err, n, "weft: %s failed to compile the C translated from %s",
             o->cc, o->module);
    r = -1;
  }
  if (!r) r = link_exe(o, dir, rtdir, l, ncmds, exe, err, n);
  for (int k = 0; k < ncmds; k++) args_free(&l[k]);
  fs_rm_rf(dir);
done:
  sb_free(&p), sb_free(&mainc);
  emitted_free(&e);
  return r;
}
