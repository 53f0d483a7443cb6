/* instance.c - linking a plugin's imports, instantiating and freeing; see
 * weft.h. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host_internal.h"

#define DEFAULT_MAX_THREADS 64

static bool is_wasi_module(const char *m) {
  return !strcmp(m, "wasi_snapshot_preview1") || !strcmp(m, "wasi_unstable");
}

static const weft_import_binding *find_binding(const weft_instance_config *cfg,
                                               const wf_import_desc *im) {
  for (size_t i = 0; cfg && i < cfg->nimports; i++) {
    const weft_import_binding *b = &cfg->imports[i];
    if (b->module && b->name && !strcmp(b->module, im->module) &&
        !strcmp(b->name, im->name))
      return b;
  }
  return NULL;
}

/* Binds function import i: a host binding, WASI or thread-spawn. */
static int link_func(weft_instance *in, const weft_instance_config *cfg,
                     u32 i, weft_error *err) {
  const wf_import_desc *im = &in->plugin->mod->imports[i];
  const char *path = in->plugin->path;
  const weft_import_binding *b = find_binding(cfg, im);
  wf_func *f = &in->funcs[i];
  if (b) {
    if (!b->signature || strcmp(b->signature, im->sig) || !b->fn) {
      host_fail(err, WEFT_ERROR, "%s: import %s.%s has signature %s; the "
                "binding gives %s", path, im->module, im->name, im->sig,
                b->fn ? (b->signature ? b->signature : "none") : "no function");
      return -1;
    }
    in->bindings[i] = (binding){b->fn, b->env, in};
    *f = (wf_func){im->sig, in->plugin->desc->import_adapters[i],
                   &in->bindings[i]};
  } else if (in->wasi && is_wasi_module(im->module)) {
    const wasi_fn *w = wasi_find(im->module, im->name);
    if (!w || strcmp(w->sig, im->sig)) {
      host_fail(err, WEFT_ERROR, "%s: %s import %s.%s (signature %s)", path,
                w ? "WASI function with another signature:" : "unknown WASI",
                im->module, im->name, im->sig);
      return -1;
    }
    *f = (wf_func){im->sig, w->fn, in->wasi};
  } else if (!strcmp(im->module, "wasi") && !strcmp(im->name, "thread-spawn")) {
    if (strcmp(im->sig, "i:i")) {
      host_fail(err, WEFT_ERROR, "%s: import wasi.thread-spawn has signature "
                "%s, not i:i", path, im->sig);
      return -1;
    }
    *f = (wf_func){im->sig, (wf_fnptr)host_thread_spawn, in};
  } else {
    host_fail(err, WEFT_ERROR, "%s: import %s.%s (%s) is not bound%s", path,
              im->module, im->name, im->sig,
              is_wasi_module(im->module) ? " (configure WASI for the instance)"
                                         : "");
    return -1;
  }
  in->imports[i] = f;
  return 0;
}

/* Creates imported memory i from its declaration, under the cap. */
static int link_memory(weft_instance *in, const weft_instance_config *cfg,
                       u32 i, weft_error *err) {
  const wf_import_desc *im = &in->plugin->mod->imports[i];
  u32 cap = cfg ? cfg->max_memory_pages : 0;
  u64 max = im->limits.has_max ? im->limits.max : 65536;
  if (cap && im->limits.min > cap) {
    host_fail(err, WEFT_ERROR, "%s: memory %s.%s starts at %llu pages, over "
              "the cap of %u", in->plugin->path, im->module, im->name,
              (unsigned long long)im->limits.min, cap);
    return -1;
  }
  wf_memory *m = &in->memories[i];
  if (wf_memory_init(m, (u32)im->limits.min, (u32)WF_CAPPED(max, cap),
                     im->limits.has_max || cap, im->limits.shared)) {
    host_fail(err, WEFT_ERROR, "%s: cannot reserve memory %s.%s",
              in->plugin->path, im->module, im->name);
    return -1;
  }
  in->imports[i] = m;
  if (!in->mem0) in->mem0 = m;
  return 0;
}

static int make_wasi(weft_instance *in, const weft_wasi_config *w,
                     weft_error *err) {
  wasi_preopen *pre = calloc((size_t)w->npreopens + 1, sizeof *pre);
  if (!pre) return host_fail(err, WEFT_ERROR, "out of memory"), -1;
  for (int i = 0; i < w->npreopens; i++)
    pre[i] = (wasi_preopen){w->preopens[i].host, w->preopens[i].guest};
  wasi_config c = {w->argc, (char **)w->argv, w->envc, (char **)w->env,
                   w->npreopens, pre, true,
                   {w->stdin_fd, w->stdout_fd, w->stderr_fd}};
  char why[256];
  in->wasi = wasi_ctx_new(&c, why, sizeof why);
  free(pre);
  if (!in->wasi) {
    host_fail(err, WEFT_ERROR, "%s: WASI: %s", in->plugin->path, why);
    return -1;
  }
  wasi_ctx_set_exit_handler(in->wasi, host_on_exit);
  return 0;
}

static int link_all(weft_instance *in, const weft_instance_config *cfg,
                    weft_error *err) {
  const wf_module *mod = in->plugin->mod;
  for (u32 i = 0; i < mod->nimports; i++) {
    const wf_import_desc *im = &mod->imports[i];
    int r;
    if (im->kind == WF_EXTERN_FUNC) r = link_func(in, cfg, i, err);
    else if (im->kind == WF_EXTERN_MEMORY) r = link_memory(in, cfg, i, err);
    else {
      host_fail(err, WEFT_ERROR, "%s: imports a %s (%s.%s): plugins may "
                "import functions and memories only", in->plugin->path,
                im->kind == WF_EXTERN_TABLE ? "table" : "global", im->module,
                im->name);
      r = -1;
    }
    if (r) return -1;
  }
  return 0;
}

typedef struct init_job {
  weft_instance *in;
  int result;
} init_job;

static void instantiate(void *arg) {
  init_job *j = arg;
  j->result = j->in->plugin->mod->instantiate(j->in->inst, j->in->imports);
}

static void initialize(void *arg) {
  weft_instance *in = arg;
  int x = wf_module_find_export(in->plugin->mod, "_initialize");
  in->plugin->desc->export_calls[x](in->inst, NULL, NULL);
}

/* Memory 0 when the module defines it: found through its exports. */
static wf_memory *own_memory(weft_instance *in) {
  const wf_module *mod = in->plugin->mod;
  for (u32 x = 0; x < mod->nexports; x++)
    if (mod->exports[x].kind == WF_EXTERN_MEMORY)
      return mod->export_ptr(in->inst, x);
  return NULL;
}

static int start(weft_instance *in, weft_error *err) {
  init_job j = {in, 0};
  if (!wf_stack_limit) wf_thread_init_stack_limit();
  host_hdr(in->inst)->stack_limit = wf_stack_limit;
  wf_trap_code code = wf_protect(instantiate, &j);
  if (code) return host_trap_error(err, code, "instantiating: "), -1;
  if (j.result) {
    host_fail(err, WEFT_ERROR, "%s: cannot instantiate: out of memory%s",
              in->plugin->path, host_hdr(in->inst)->max_pages
              ? " (or the memory's initial size is over max_memory_pages)" : "");
    return -1;
  }
  if (!in->mem0) in->mem0 = own_memory(in);
  if (in->wasi && in->mem0) wasi_ctx_set_memory(in->wasi, in->mem0);
  int x = wf_module_find_export(in->plugin->mod, "_initialize");
  if (x >= 0 && in->plugin->mod->exports[x].kind == WF_EXTERN_FUNC &&
      !strcmp(in->plugin->mod->exports[x].sig, ":")) {
    code = wf_protect(initialize, in);
    if (code) return host_trap_error(err, code, "_initialize: "), -1;
  }
  return 0;
}

static void release(weft_instance *in) {
  const wf_module *mod = in->plugin->mod;
  host_target_forget(&in->target);
  if (in->inst) {
    mod->free(in->inst);
    free(in->inst);
  }
  for (u32 i = 0; in->memories && i < mod->nimports; i++)
    if (in->memories[i].base) wf_memory_release(&in->memories[i]);
  wasi_ctx_free(in->wasi);
  free(in->imports);
  free(in->bindings);
  free(in->funcs);
  free(in->memories);
  pthread_mutex_destroy(&in->lock);
  pthread_cond_destroy(&in->changed);
  free(in);
}

weft_instance *weft_instance_new(weft_plugin *p, const weft_instance_config *cfg,
                                 weft_error *err) {
  if (!p) return host_fail(err, WEFT_ERROR, "weft_instance_new: no plugin"), NULL;
  const wf_module *mod = p->mod;
  size_t n = mod->nimports + 1;
  weft_instance *in = calloc(1, sizeof *in);
  if (!in) return host_fail(err, WEFT_ERROR, "%s: out of memory", p->path), NULL;
  in->plugin = p;
  pthread_mutex_init(&in->lock, NULL);
  pthread_cond_init(&in->changed, NULL);
  in->imports = calloc(n, sizeof *in->imports);
  in->bindings = calloc(n, sizeof *in->bindings);
  in->funcs = calloc(n, sizeof *in->funcs);
  in->memories = calloc(n, sizeof *in->memories);
  in->inst = calloc(1, mod->instance_size);
  in->max_threads = cfg && cfg->max_threads ? cfg->max_threads
                                            : DEFAULT_MAX_THREADS;
  in->timeout_ns = cfg ? cfg->timeout_ns : 0;
  if (!in->imports || !in->bindings || !in->funcs || !in->memories ||
      !in->inst) {
    host_fail(err, WEFT_ERROR, "%s: out of memory", p->path);
    release(in);
    return NULL;
  }
  host_hdr(in->inst)->max_pages = cfg ? cfg->max_memory_pages : 0;
  host_target_init(&in->target, p, in->inst);
  if ((cfg && cfg->wasi && make_wasi(in, cfg->wasi, err)) ||
      link_all(in, cfg, err) || start(in, err)) {
    host_threads_stop(in);
    release(in);
    return NULL;
  }
  host_plugin_add(p, in);
  host_ok(err);
  return in;
}

void weft_instance_free(weft_instance *in) {
  if (!in) return;
  host_threads_stop(in);
  host_plugin_remove(in->plugin, in);
  release(in);
}

void weft_instance_set_timeout(weft_instance *in, uint64_t ns) {
  if (in) in->timeout_ns = ns;
}
