/* threads.c - wasi.thread-spawn inside a plugin.  Each spawned thread runs
 * a new instance of the module, linked to the group's imports (the same
 * shared memory, host functions and WASI context), and calls its
 * wasi_thread_start(tid, arg).  A trap or proc_exit on a thread ends the
 * group: the others are stopped, and the host hears of it on its next call
 * (see weft.h). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host_internal.h"
#include "wasi_threads.h"


static void call_start(void *arg) {
  plugin_thread *t = arg;
  const wf_module *mod = t->group->plugin->mod;
  int x = wf_module_find_export(mod, "wasi_thread_start");
  wf_raw a[2] = {{.i32 = t->tid}, {.i32 = t->arg}};
  t->group->plugin->desc->export_calls[x](t->inst, a, NULL);
}

/* Ends the group with this thread's trap, unless it already ended. */
static void poison(weft_instance *g, plugin_thread *t, wf_trap_code code) {
  char where[48];
  snprintf(where, sizeof where, "thread %u: ", t->tid);
  pthread_mutex_lock(&g->lock);
  bool first = !g->done;
  if (first) {
    g->done = true;
    host_trap_error(&g->end, code, where);
  }
  pthread_mutex_unlock(&g->lock);
  if (first) host_interrupt_group(g, INTERRUPT_STOP);
}

static void *thread_main(void *arg) {
  plugin_thread *t = arg;
  weft_instance *g = t->group;
  wf_thread_init_stack_limit();
  host_hdr(t->inst)->stack_limit = wf_stack_limit;
  wf_interrupt_word = &host_hdr(t->inst)->interrupt;
  wf_preempt_current = &t->target.scope;
  wf_trap_code code = wf_protect(call_start, t);
  atomic_store(&t->target.running, false);
  host_target_forget(&t->target);
  bool stopped = code == WF_TRAP_INTERRUPTED &&
                 (atomic_load(&host_hdr(t->inst)->interrupt) & INTERRUPT_STOP);
  if (code && !stopped) poison(g, t, code);
  g->plugin->mod->free(t->inst);
  free(t->inst);
  pthread_mutex_lock(&g->lock);
  t->finished = true;
  t->inst = NULL;
  g->nthreads--;
  pthread_cond_broadcast(&g->changed);
  pthread_mutex_unlock(&g->lock);
  return NULL;
}

typedef struct init_job {
  weft_instance *g;
  void *inst;
  int result;
} init_job;

static void instantiate(void *arg) {
  init_job *j = arg;
  j->result = j->g->plugin->mod->instantiate(j->inst, j->g->imports);
}

/* The thread-spawn host function: a new thread id, or (u32)-1 when the
 * group is ending, at its thread cap, or out of memory. */
u32 host_thread_spawn(void *group, u32 arg) {
  weft_instance *g = group;
  const wf_module *mod = g->plugin->mod;
  int x = wf_module_find_export(mod, "wasi_thread_start");
  if (x < 0 || mod->exports[x].kind != WF_EXTERN_FUNC ||
      strcmp(mod->exports[x].sig, "ii:"))
    return (u32)-1;
  pthread_mutex_lock(&g->lock);
  bool room = !g->done && g->nthreads < g->max_threads;
  if (room) g->nthreads++;  /* holds the place while instantiating */
  for (plugin_thread **pp = &g->threads; *pp;) {  /* forget finished ones */
    plugin_thread *f = *pp;
    if (!f->finished) {
      pp = &f->next;
      continue;
    }
    *pp = f->next;
    free(f);
  }
  pthread_mutex_unlock(&g->lock);
  if (!room) return (u32)-1;
  plugin_thread *t = calloc(1, sizeof *t);
  init_job j = {g, calloc(1, mod->instance_size), -1};
  u32 tid = wasi_thread_take_id();
  if (t && j.inst && tid) {
    host_hdr(j.inst)->max_pages = host_hdr(g->inst)->max_pages;
    if (wf_protect(instantiate, &j)) j.result = -1;
  }
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, WASI_THREAD_STACK);
  pthread_attr_setguardsize(&attr, WASI_THREAD_GUARD);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_mutex_lock(&g->lock);
  bool ok = !j.result && !g->done;
  if (ok) {
    *t = (plugin_thread){.next = g->threads, .group = g, .inst = j.inst,
                         .tid = tid, .arg = arg};
    host_target_init(&t->target, g->plugin, j.inst);
    atomic_store(&t->target.running, true);  /* until thread_main ends */
    g->threads = t;
    ok = !pthread_create(&t->target.thread, &attr, thread_main, t);
    if (!ok) g->threads = t->next;
  }
  if (!ok) g->nthreads--;
  pthread_mutex_unlock(&g->lock);
  pthread_attr_destroy(&attr);
  if (ok) return tid;
  if (!j.result) mod->free(j.inst);
  free(j.inst);
  free(t);
  return (u32)-1;
}

void host_threads_stop(weft_instance *g) {
  pthread_mutex_lock(&g->lock);
  bool any = g->nthreads > 0;
  if (!g->done) {  /* no more spawning */
    g->done = true;
    g->end.status = WEFT_ERROR;
    snprintf(g->end.message, sizeof g->end.message, "instance freed");
  }
  pthread_mutex_unlock(&g->lock);
  if (any) host_interrupt_group(g, INTERRUPT_STOP);
  pthread_mutex_lock(&g->lock);
  while (g->nthreads > 0) pthread_cond_wait(&g->changed, &g->lock);
  plugin_thread *t = g->threads;
  g->threads = NULL;
  pthread_mutex_unlock(&g->lock);
  while (t) {
    plugin_thread *next = t->next;
    free(t);
    t = next;
  }
}

uint32_t weft_instance_threads(weft_instance *g) {
  if (!g) return 0;
  pthread_mutex_lock(&g->lock);
  uint32_t n = g->nthreads;
  pthread_mutex_unlock(&g->lock);
  return n;
}
