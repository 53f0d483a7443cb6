/* host_check.c - a command program against the WASI host; see
 * host_check.h.  The host's own lookup (wasi_resolve) is linked into weft,
 * so this check and the program's start-up can never disagree. */
#include "host_check.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "wasi_main.h"

/* wasi-threads gives each thread a new instance of the module, which shares
 * only what it imports: a memory the module defines (or one not shared)
 * would silently differ from thread to thread. */
static int check_thread_memory(const wm_module *m, const char *path,
                               char *err, size_t n) {
  bool spawns = false;
  for (uint32_t i = 0; i < m->nfunc_imports && !spawns; i++)
    spawns = !strcmp(m->funcs[i].imp_module, "wasi") &&
             !strcmp(m->funcs[i].imp_name, "thread-spawn");
  if (!spawns) return 0;
  for (uint32_t i = 0; i < m->nmemories; i++) {
    const wm_memory *mem = &m->memories[i];
    if (mem->imported && mem->limits.shared) continue;
    snprintf(err, n, "%s: spawns threads (wasi.thread-spawn) but %s memory "
             "%u: a wasi-threads module must import a shared memory "
             "(env.memory), which all its threads share", path,
             mem->imported ? "imports an unshared" : "defines its own", i);
    return -1;
  }
  return 0;
}

int host_check_imports(const wm_module *m, const char *path, char *err,
                       size_t n) {
  if (check_thread_memory(m, path, err, n)) return -1;
  for (uint32_t i = 0; i < m->nimports; i++) {
    const wm_import *im = &m->imports[i];
    const char *mod = "", *name = "", *why = "unknown import";
    if (im->kind == WX_MEMORY) continue;
    if (im->kind == WX_FUNC) {
      const wm_func *f = &m->funcs[im->index];
      mod = f->imp_module, name = f->imp_name;
      const char *sig = wasi_resolve_sig(mod, name);
      if (sig && !strcmp(sig, f->type->sig)) continue;
      if (sig) why = "import has the wrong signature";
    } else if (im->kind == WX_TABLE) {
      mod = m->tables[im->index].imp_module, name = m->tables[im->index].imp_name;
    } else {
      mod = m->globals[im->index].imp_module, name = m->globals[im->index].imp_name;
    }
    snprintf(err, n, "%s: %s %s.%s (weft's WASI host provides "
             "wasi_snapshot_preview1, wasi_unstable and wasi.thread-spawn)",
             path, why, mod, name);
    return -1;
  }
  return 0;
}

int host_check_start(const wm_module *m, const char *path, char *err,
                     size_t n) {
  for (uint32_t i = 0; i < m->nexports; i++) {
    const wm_export *x = &m->exports[i];
    if (x->kind == WX_FUNC && !strcmp(x->name, "_start") &&
        !strcmp(m->funcs[x->index].type->sig, ":"))
      return 0;
  }
  snprintf(err, n, "%s: not a WASI command: no _start function export "
           "(of type [] -> [])", path);
  return -1;
}
