/* wasi_threads.c - thread-spawn; see wasi_threads.h. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "wasi_main.h"
#include "wasi_threads.h"

#define MAX_TID ((1u << 29) - 1)

static _Atomic u32 next_tid = 1;

/* The counter never wraps back to ids in use. */
u32 wasi_thread_take_id(void) {
  u32 t = atomic_load(&next_tid);
  do {
    if (t > MAX_TID) return 0;
  } while (!atomic_compare_exchange_weak(&next_tid, &t, t + 1));
  return t;
}

typedef struct thread_start {
  const wasi_program *p;
  void *inst;
  u32 tid, arg;
} thread_start;

_Noreturn void wasi_trap_exit(const wasi_program *p, wf_trap_code code) {
  fprintf(stderr, "%s: wasm trap: %s\n", p->name, wf_trap_reason(code));
  fflush(NULL);
  _exit(WASI_TRAP_EXIT_STATUS);
}

static void call_thread_start(void *arg) {
  thread_start *t = arg;
  int x = wf_module_find_export(t->p->mod, "wasi_thread_start");
  const wf_func *f = t->p->mod->export_ptr(t->inst, (u32)x);
  ((void (*)(void *, u32, u32))f->fn)(f->ctx, t->tid, t->arg);
}

static void *thread_main(void *arg) {
  thread_start *t = arg;
  wf_thread_init_stack_limit();
  wf_trap_code code = wf_protect(call_thread_start, t);
  if (code) wasi_trap_exit(t->p, code);
  t->p->mod->free(t->inst);
  free(t->inst);
  free(t);
  return NULL;
}

typedef struct inst_args {
  const wasi_program *p;
  void *inst;
  int result;
} inst_args;

static void instantiate(void *arg) {
  inst_args *a = arg;
  a->result = a->p->mod->instantiate(a->inst, a->p->imports);
}

u32 wasi_thread_spawn(void *program, u32 arg) {
  const wasi_program *p = program;
  int x = wf_module_find_export(p->mod, "wasi_thread_start");
  if (x < 0 || p->mod->exports[x].kind != WF_EXTERN_FUNC ||
      !wf_sig_eq(p->mod->exports[x].sig, "ii:"))
    return (u32)-1;
  u32 tid = wasi_thread_take_id();
  if (!tid) return (u32)-1;
  thread_start *t = calloc(1, sizeof *t);
  void *inst = calloc(1, p->mod->instance_size);
  if (!t || !inst) goto fail;
  inst_args ia = {p, inst, 0};
  wf_trap_code code = wf_protect(instantiate, &ia);
  if (code) wasi_trap_exit(p, code);
  if (ia.result) goto fail;
  *t = (thread_start){p, inst, tid, arg};
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, WASI_THREAD_STACK);
  /* Deep Wasm recursion runs into this guard, which the runtime turns
   * into a trap; as large as the gap the kernel leaves under the main
   * thread's stack, so no frame can step over it. */
  pthread_attr_setguardsize(&attr, WASI_THREAD_GUARD);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_t th;
  int err = pthread_create(&th, &attr, thread_main, t);
  pthread_attr_destroy(&attr);
  if (!err) return tid;
  p->mod->free(inst);
fail:
  free(inst);
  free(t);
  return (u32)-1;
}
