/* plugin.c - opening and closing plugin .so files; see weft.h. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host_internal.h"

/* The marker every plugin refers to: it loads only where this is. */
__attribute__((visibility("default"))) const int weft_host_library_v1 =
    WF_PLUGIN_ABI;

/* Everything of the runtime a plugin may call, so that a host linking
 * libweft.a (with -rdynamic) has all of it however little it calls. */
__attribute__((used)) static const wf_fnptr runtime_for_plugins[] = {
    (wf_fnptr)wf_trap, (wf_fnptr)wf_memory_init, (wf_fnptr)wf_memory_release,
    (wf_fnptr)wf_memory_grow, (wf_fnptr)wf_memory_fill,
    (wf_fnptr)wf_memory_copy, (wf_fnptr)wf_memory_init_seg,
    (wf_fnptr)wf_table_init, (wf_fnptr)wf_table_release,
    (wf_fnptr)wf_table_grow, (wf_fnptr)wf_table_fill, (wf_fnptr)wf_table_copy,
    (wf_fnptr)wf_table_init_seg, (wf_fnptr)wf_call_target_slow,
    (wf_fnptr)wf_table_set,
    (wf_fnptr)wf_atomic_wait32, (wf_fnptr)wf_atomic_wait64,
    (wf_fnptr)wf_atomic_notify, (wf_fnptr)wf_host_call,
    (wf_fnptr)wf_module_find_export, (wf_fnptr)wf_import_matches,
};

/* The ABI a plugin was built for, from the entry symbols it might carry;
 * 0 if none. */
static int plugin_abi(void *dl) {
  char name[32];
  for (int v = 1; v <= 16; v++) {
    snprintf(name, sizeof name, "weft_plugin_v%d", v);
    if (dlsym(dl, name)) return v;
  }
  return 0;
}

/* The plugin's executable segments, found through the entry symbol: where
 * an interruption may stop its code (wf_preempt_scope). */
typedef struct text_range {
  uintptr_t addr, lo, hi;
} text_range;

static int find_text(struct dl_phdr_info *info, size_t size, void *arg) {
  (void)size;
  text_range *r = arg;
  bool ours = false;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
    uintptr_t lo = info->dlpi_addr + ph->p_vaddr;
    if (ph->p_type == PT_LOAD && r->addr >= lo && r->addr < lo + ph->p_memsz)
      ours = true;
  }
  if (!ours) return 0;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
    if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X)) continue;
    uintptr_t lo = info->dlpi_addr + ph->p_vaddr, hi = lo + ph->p_memsz;
    if (!r->lo || lo < r->lo) r->lo = lo;
    if (hi > r->hi) r->hi = hi;
  }
  return 1;
}

static text_range plugin_text(void *entry) {
  text_range r = {(uintptr_t)entry, 0, 0};
  dl_iterate_phdr(find_text, &r);
  return r;
}

/* Makes dlopen's message about a missing runtime symbol say what to do. */
static void open_failed(const char *path, weft_error *err) {
  const char *why = dlerror();
  if (!why) why = "cannot load";
  if (access(path, F_OK)) {
    host_fail(err, WEFT_ERROR, "%s: cannot open plugin: no such file", path);
  } else if (strstr(why, "undefined symbol: weft_host_library_v1") ||
             strstr(why, "undefined symbol: wf_")) {
    /* the plugin is ours; the process has libweft but hides it */
    host_fail(err, WEFT_ERROR, "%s: this process does not export weft's "
              "host library to plugins (link libweft.so, or libweft.a with "
              "-rdynamic): %s", path, why);
  } else if (strstr(why, "undefined symbol: weft_host_library_v")) {
    host_fail(err, WEFT_ERROR, "%s: built for another weft host library "
              "(%s)", path, strstr(why, "weft_host_library_v"));
  } else {
    host_fail(err, WEFT_ERROR, "%s: cannot open plugin: %s", path, why);
  }
}

weft_plugin *weft_plugin_open(const char *path, weft_error *err) {
  if (!path) {
    host_fail(err, WEFT_ERROR, "weft_plugin_open: no path");
    return NULL;
  }
  /* A plugin is self-contained apart from the runtime, and its symbols
   * (all hidden but the entry) must not meet another plugin's. */
  void *dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!dl) {
    open_failed(path, err);
    return NULL;
  }
  const wf_plugin *(*entry)(void) =
      (const wf_plugin *(*)(void))dlsym(dl, WF_PLUGIN_ENTRY_NAME);
  const wf_plugin *desc = entry ? entry() : NULL;
  if (!entry || !desc || desc->abi != WF_PLUGIN_ABI) {
    int abi = entry && !desc ? -1 : plugin_abi(dl);
    if (abi > 0 && abi != WF_PLUGIN_ABI)
      host_fail(err, WEFT_ERROR, "%s: built by an incompatible weft (plugin "
                "ABI %d; this host library loads ABI %d)", path, abi,
                WF_PLUGIN_ABI);
    else if (abi < 0 || entry)
      host_fail(err, WEFT_ERROR, "%s: plugin ABI mismatch with this host "
                "library (ABI %d)", path, WF_PLUGIN_ABI);
    else
      host_fail(err, WEFT_ERROR, "%s: not a weft plugin (no %s symbol; "
                "build it with weft build --shared)", path,
                WF_PLUGIN_ENTRY_NAME);
    dlclose(dl);
    return NULL;
  }
  weft_plugin *p = calloc(1, sizeof *p);
  if (!p || !(p->path = strdup(path))) {
    free(p);
    dlclose(dl);
    host_fail(err, WEFT_ERROR, "%s: out of memory", path);
    return NULL;
  }
  p->dl = dl;
  text_range text = plugin_text((void *)entry);
  p->text_lo = text.lo, p->text_hi = text.hi;
  p->desc = desc;
  p->mod = desc->module;
  pthread_mutex_init(&p->lock, NULL);
  host_ok(err);
  return p;
}

void weft_plugin_close(weft_plugin *p) {
  if (!p) return;
  for (;;) {
    pthread_mutex_lock(&p->lock);
    weft_instance *in = p->instances;
    pthread_mutex_unlock(&p->lock);
    if (!in) break;
    weft_instance_free(in);
  }
  pthread_mutex_destroy(&p->lock);
  dlclose(p->dl);
  free(p->path);
  free(p);
}

void host_plugin_add(weft_plugin *p, weft_instance *in) {
  pthread_mutex_lock(&p->lock);
  in->next = p->instances;
  p->instances = in;
  pthread_mutex_unlock(&p->lock);
}

void host_plugin_remove(weft_plugin *p, weft_instance *in) {
  pthread_mutex_lock(&p->lock);
  for (weft_instance **pp = &p->instances; *pp; pp = &(*pp)->next)
    if (*pp == in) {
      *pp = in->next;
      break;
    }
  pthread_mutex_unlock(&p->lock);
}

uint32_t weft_plugin_import_count(const weft_plugin *p) {
  return p ? p->mod->nimports : 0;
}

uint32_t weft_plugin_export_count(const weft_plugin *p) {
  return p ? p->mod->nexports : 0;
}

int weft_plugin_import(const weft_plugin *p, uint32_t i, weft_extern *out) {
  if (!p || i >= p->mod->nimports || !out) return -1;
  const wf_import_desc *d = &p->mod->imports[i];
  *out = (weft_extern){d->module, d->name, (weft_extern_kind)d->kind, d->sig};
  return 0;
}

int weft_plugin_export(const weft_plugin *p, uint32_t i, weft_extern *out) {
  if (!p || i >= p->mod->nexports || !out) return -1;
  const wf_export_desc *d = &p->mod->exports[i];
  *out = (weft_extern){NULL, d->name, (weft_extern_kind)d->kind, d->sig};
  return 0;
}
