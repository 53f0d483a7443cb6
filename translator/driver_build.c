/*
 * driver_build.c - translate and build: load the module, check a program's
 * imports against the WASI host, emit C, compile it with the embedded
 * runtime and link.  Runtime objects are compiled once per compiler
 * configuration and kept in the cache.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cc.h"
#include "debug_lines.h"
#include "deep_stack.h"
#include "driver.h"
#include "emit.h"
#include "fsutil.h"
#include "host_check.h"
#include "installed_rt.h"
#include "names.h"
#include "part_files.h"
#include "templates.h"

#ifndef WEFT_DEFAULT_CFLAGS
#define WEFT_DEFAULT_CFLAGS ""
#endif

uint64_t driver_hash(uint64_t h, const void *data, size_t len) {
  const unsigned char *p = data;
  for (size_t i = 0; i < len; i++) h = (h ^ p[i]) * 0x100000001b3ull;
  return h;
}

uint64_t driver_config_hash(const weft_options *o) {
  uint64_t h = 0xcbf29ce484222325ull;
  char flags[64];
  snprintf(flags, sizeof flags, "%s|O%d|%d|%d|%d|", WEFT_VERSION, o->opt_level,
           o->bounds, o->static_link, o->debug);
  h = driver_hash(h, flags, strlen(flags));
  h = driver_hash(h, o->cc, strlen(o->cc) + 1);
  if (o->cflags) h = driver_hash(h, o->cflags, strlen(o->cflags) + 1);
  h = driver_hash(h, WEFT_DEFAULT_CFLAGS, sizeof WEFT_DEFAULT_CFLAGS);
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

/* Whether the C compiler can be run: its first word ("ccache gcc" runs
 * ccache) is a path, or a name on $PATH. */
static bool cc_found(const char *cc) {
  char word[4096];
  snprintf(word, sizeof word, "%.*s", (int)strcspn(cc, " \t"), cc);
  if (strchr(word, '/')) return access(word, X_OK) == 0;
  const char *path = getenv("PATH");
  char buf[8200];
  for (const char *p = path ? path : "/usr/bin:/bin"; *p && *word;) {
    size_t n = strcspn(p, ":");
    snprintf(buf, sizeof buf, "%.*s/%s", (int)n, p, word);
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

/* A build puts about this much Wasm code into each C file: enough that
 * the files' shared declarations cost little, small enough that a compiler
 * job stays well under a GB and a big module's files keep every job busy.
 * It depends on the code alone, so the same module always gives the same
 * files (and a compiler cache finds them again). */
#define PART_CODE_BYTES (256u << 10)

static int cpus(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? (int)n : 1;
}

/* How many C files: translate splits only when asked (-j N); build by the
 * size of the code. */
static int choose_parts(const wm_module *m, const weft_options *o,
                        bool program) {
  uint64_t code = 0;
  uint32_t ndef = m->nfuncs - m->nfunc_imports;
  for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++)
    code += m->funcs[i].body_len;
  uint64_t n = program ? (code + PART_CODE_BYTES - 1) / PART_CODE_BYTES
                       : (uint64_t)o->jobs;
  if (n > ndef) n = ndef;
  return n < 1 ? 1 : (int)n;
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

/* Loads MODULE and writes its C: the header into h, the parts through pf
 * (initialised here, with base as their name); for programs also checks
 * its imports and its _start.  The module is freed before it returns. */
static int load_emit(const weft_options *o, const char *prefix,
                     const char *header, bool program, const char *base,
                     bool atomic, strbuf *h, part_files *pf, char *err,
                     size_t n) {
  part_files_init(pf, base, 0, atomic);
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
  part_files_init(pf, base, choose_parts(&m, o, program), atomic);
  debug_lines lines = {0};
  if (o->debug) debug_lines_load(&m, &lines);
  emit_opts eo = {prefix, base_name(o->module), o->module, header,
                  pf->nparts, o->shared, NULL, lines.nrows ? &lines : NULL};
  if (!r) r = emit_module(&m, &eo, part_files_write, pf, h, err, n);
  if (part_files_finish(pf, r == 0, err, n)) r = -1;
  debug_lines_free(&lines);
  wm_free(&m);
  return r;
}

/* Says so, up front, if OUT's directory is missing. */
static int check_output_dir(const char *out, const char *what, char *err,
                            size_t n) {
  char dir[4096];
  if (!fs_parent_dir(out, dir, sizeof dir)) return 0;
  snprintf(err, n, "weft: cannot write %s%s: directory %s does not exist", out,
           what, dir);
  return -1;
}

int driver_translate(const weft_options *o, char *err, size_t n) {
  strbuf p, h;
  part_files pf;
  if (check_output_dir(o->output, ".c", err, n)) return -1;
  sb_init(&p), sb_init(&h);
  module_prefix(o, &p);
  char header[4200], path[4200];
  snprintf(header, sizeof header, "%s.h", base_name(o->output));
  int r = load_emit(o, p.data, header, false, o->output, true, &h, &pf, err, n);
  if (!r) {
    snprintf(path, sizeof path, "%s.h", o->output);
    if (fs_write_atomic(path, h.data, h.len, 0644)) {
      snprintf(err, n, "weft: cannot write %s: %s", path, strerror(errno));
      r = -1;
    }
  }
  sb_free(&p), sb_free(&h);
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
  int k = cc_split_flags(o->cc, &extra);  /* "ccache gcc", "distcc gcc" */
  for (int i = 0; i < k; i++) arg(a, extra[i]), free(extra[i]);
  free(extra);
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
  if (o->debug) arg(a, "-g");
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
  /* a sanitizer build of weft sanitizes what it builds, then the user's */
  const char *flag_sets[2] = {WEFT_DEFAULT_CFLAGS, o->cflags};
  for (int s = 0; s < 2; s++) {
    k = cc_split_flags(flag_sets[s], &extra);
    for (int i = 0; i < k; i++) arg(a, extra[i]), free(extra[i]);
    free(extra);
  }
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
    cmds[k].cwd = NULL;
    k++;
  }
  const char *failed = NULL;
  if (!r && cc_run_all(cmds, k, o->jobs ? o->jobs : 2, &failed, NULL)) {
    snprintf(err, n, "weft: %s failed to compile weft's runtime (%s)", o->cc,
             failed);
    r = -1;
  }
  for (int i = 0; i < k; i++) args_free(&lists[i]);
  if (!r && rename(tmp, out) && !fs_exists(out)) r = -1;
  if (fs_exists(tmp)) fs_rm_rf(tmp);
  return r;
}

/* Compiles NAME.c in the build directory to NAME.o.  The command runs
 * there and names nothing in it by its path, so a compiler cache sees the
 * same command in every build of the same module. */
static void compile_cmd(argv_list *l, cc_cmd *cmd, const weft_options *o,
                        const char *dir, const char *rtdir, const char *name,
                        const char *what) {
  char src[4200];
  base_flags(l, o, ".");
  if (strcmp(rtdir, dir)) {
    arg(l, "-I");
    arg(l, rtdir);
  }
  arg(l, "-c");
  snprintf(src, sizeof src, "%s.c", name);
  arg(l, src);
  arg(l, "-o");
  src[strlen(src) - 1] = 'o';
  arg(l, src);
  cmd->argv = l->v;
  cmd->what = what;
  cmd->cwd = dir;
}

/* Links the objects NAMES[i].o in dir with the runtime: the archive
 * rtlib, or the objects compiled into rtdir. */
static int link_exe(const weft_options *o, const char *dir, const char *rtdir,
                    const char *rtlib, char **names, int nobjs,
                    const char *exe, char *err, size_t n) {
  char tmpexe[4200], path[8400];
  argv_list l = {0};
  int r = 0;
  snprintf(tmpexe, sizeof tmpexe, "%s.tmp%ld", exe, (long)getpid());
  base_flags(&l, o, dir);
  if (o->shared) arg(&l, "-shared");  /* the runtime comes from libweft */
  if (o->static_link) arg(&l, "-static");
  arg(&l, "-o");
  arg(&l, tmpexe);
  for (int i = 0; i < nobjs; i++) {
    snprintf(path, sizeof path, "%s/%s.o", dir, names[i]);
    arg(&l, path);
  }
  if (rtlib && !o->shared) arg(&l, rtlib);
  for (const embedded_file *f = weft_embedded; f->name && !o->shared && !rtlib;
       f++) {
    if (!is_runtime_source(f->name)) continue;
    snprintf(path, sizeof path, "%s/%s", rtdir, base_name(f->name));
    path[strlen(path) - 1] = 'o';
    arg(&l, path);
  }
  arg(&l, "-lm");
  const char *failed;
  cc_cmd link = {l.v, "link", NULL};
  if (cc_run_all(&link, 1, 1, &failed, NULL)) {
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

/* The C files' names in dir, without ".c": the parts, then the program's
 * main (none for a plugin). */
static char **unit_names(const char *prefix, int nparts, bool with_main) {
  char **v = calloc((size_t)nparts + 2, sizeof *v);
  if (!v) abort();
  char buf[4200];
  for (int k = 0; k < nparts + with_main; k++) {
    if (k == nparts) snprintf(buf, sizeof buf, "%s_main", prefix);
    else if (k) snprintf(buf, sizeof buf, "%s_%d", prefix, k);
    else snprintf(buf, sizeof buf, "%s", prefix);
    v[k] = strdup(buf);
    if (!v[k]) abort();
  }
  return v;
}

/* Compiles the units in dir in parallel and links them. */
static int compile_link(const weft_options *o, const char *dir,
                        const char *rtdir, const char *rtlib, char **names,
                        int nparts, const char *exe, char *err, size_t n) {
  int nunits = nparts + !o->shared;
  cc_cmd *cmds = calloc((unsigned)nunits, sizeof *cmds);
  argv_list *l = calloc((unsigned)nunits, sizeof *l);
  if (!cmds || !l) abort();
  for (int k = 0; k < nunits; k++)
    compile_cmd(&l[k], &cmds[k], o, dir, rtdir, names[k],
                k < nparts ? o->module : "the program's main");
  const char *failed = NULL;
  char label[4200];
  snprintf(label, sizeof label, "weft: %s", base_name(o->module));
  int r = 0;
  if (cc_run_all(cmds, nunits, o->jobs ? o->jobs : cpus(), &failed, label)) {
    snprintf(err, n, "weft: %s failed to compile the C translated from %s",
             o->cc, o->module);
    r = -1;
  }
  if (!r) r = link_exe(o, dir, rtdir, rtlib, names, nunits, exe, err, n);
  for (int k = 0; k < nunits; k++) args_free(&l[k]);
  free(cmds), free(l);
  return r;
}

/* Beside the parts in dir: the module's header, and the runtime's headers
 * (a plugin's) or the program's main. */
static int write_rest(const weft_options *o, const char *prefix,
                      const char *base, const strbuf *h, const char *dir) {
  char path[4400];
  strbuf mainc;
  snprintf(path, sizeof path, "%s.h", base);
  if (fs_write(path, h->data, h->len)) return -1;
  if (o->shared) return write_headers(dir);
  sb_init(&mainc);
  template_expand(&mainc, "program_main.c", prefix, base_name(o->module));
  snprintf(path, sizeof path, "%s_main.c", base);
  int r = fs_write(path, mainc.data, mainc.len);
  sb_free(&mainc);
  return r;
}

int driver_build(const weft_options *o, const char *exe, char *err, size_t n) {
  char rtdir[4200], dir[] = "/tmp/weft-build-XXXXXX", header[4200], base[4300];
  if (driver_check_cc(o, err, n) || check_output_dir(exe, "", err, n))
    return -1;
  if (!mkdtemp(dir)) {
    snprintf(err, n, "weft: cannot create a build directory: %s", strerror(errno));
    return -1;
  }
  strbuf p, h;
  part_files pf;
  sb_init(&p), sb_init(&h);
  module_prefix(o, &p);
  snprintf(header, sizeof header, "%s.h", p.data);
  snprintf(base, sizeof base, "%s/%s", dir, p.data);
  int r = load_emit(o, p.data, header, true, base, false, &h, &pf, err, n);
#ifdef __GLIBC__
  malloc_trim(0);  /* the compilers get the memory translation used */
#endif
  char rtlib[4200];
  bool installed = !o->shared && installed_rt(o, rtdir, sizeof rtdir, rtlib,
                                              sizeof rtlib);
  if (!r && !o->shared && !installed)
    r = runtime_objects(o, rtdir, sizeof rtdir, err, n);
  if (o->shared) snprintf(rtdir, sizeof rtdir, "%s", dir);
  if (!r && write_rest(o, p.data, base, &h, dir)) {
    snprintf(err, n, "weft: cannot write to %s: %s", dir, strerror(errno));
    r = -1;
  }
  sb_free(&h);
  if (!r) {
    char **names = unit_names(p.data, pf.nparts, !o->shared);
    r = compile_link(o, dir, rtdir, installed ? rtlib : NULL, names,
                     pf.nparts, exe, err, n);
    for (int k = 0; names[k]; k++) free(names[k]);
    free(names);
  }
  fs_rm_rf(dir);
  sb_free(&p);
  return r;
}
