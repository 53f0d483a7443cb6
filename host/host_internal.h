/*
 * host_internal.h - what the files of the plugin host library (libweft)
 * share: plugins, instances and their groups of threads.
 *
 *   plugin.c     opening a .so, its imports and exports
 *   instance.c   linking imports, instantiating, freeing
 *   call.c       calls from the host, host functions, errors
 *   threads.c    wasi.thread-spawn inside a plugin: the instance's group
 *   interrupt.c  interruption and timeouts
 *   memory.c     the host's bounds-checked view of an instance's memory
 *
 * An instance is a group: the instance the host created plus one instance
 * per thread the plugin spawned, sharing its imports (so its memory).  The
 * group ends (`done`) on proc_exit or on a trap in one of its threads;
 * then every later call returns the error that ended it.
 */
#ifndef WEFT_HOST_INTERNAL_H
#define WEFT_HOST_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "weft.h"
#include "weft_rt.h"
#include "wasi.h"

struct weft_plugin {
  void *dl;                 /* dlopen handle */
  uintptr_t text_lo, text_hi; /* its code: where an interruption may stop */
  const wf_plugin *desc;
  const wf_module *mod;
  char *path;
  pthread_mutex_t lock;     /* guards instances */
  weft_instance *instances; /* open ones, to free on close */
};

/* A host function bound to an import. */
typedef struct binding {
  weft_host_fn fn;
  void *env;
  weft_instance *owner;
} binding;

/* A thread running plugin code that the timer thread may have to signal
 * (wf_preempt) until it stops: the main call of an instance, or one of the
 * threads the plugin spawned. */
typedef struct preempt_target {
  wf_preempt_scope scope;   /* the plugin's code and the interrupt word */
  pthread_t thread;         /* valid while running */
  _Atomic bool running;
  struct preempt_target *next_poke;  /* in the timer's list (interrupt.c) */
  bool poked;
} preempt_target;

/* A thread the plugin spawned. */
typedef struct plugin_thread {
  struct plugin_thread *next;
  weft_instance *group;
  void *inst;               /* its own instance of the module */
  preempt_target target;
  uint32_t tid, arg;
  bool finished;            /* its start function returned or trapped */
} plugin_thread;

/* A call's deadline, in the timer's list while armed (interrupt.c). */
typedef struct deadline {
  struct deadline *next;
  weft_instance *in;
  struct timespec at;
} deadline;

/* Interrupt flag bits (wf_instance_hdr.interrupt). */
enum { INTERRUPT_HOST = 1, INTERRUPT_DEADLINE = 2, INTERRUPT_STOP = 4 };

struct weft_instance {
  weft_plugin *plugin;
  weft_instance *next;      /* in plugin->instances */
  void *inst;               /* the generated instance */
  void **imports;           /* resolved imports, shared by the threads */
  binding *bindings;        /* one per function import (unused ones zero) */
  wf_func *funcs;           /* one per function import */
  wf_memory *memories;      /* one per memory import, created here */
  wf_memory *mem0;          /* memory 0, for weft_memory_* and WASI */
  wasi_ctx *wasi;
  uint64_t timeout_ns;
  deadline deadline;
  preempt_target target;    /* the host's call into it */
  int depth;                /* calls in progress (host functions re-enter) */

  /* the group: threads spawned inside, and how it ended */
  pthread_mutex_t lock;
  pthread_cond_t changed;   /* a thread finished */
  plugin_thread *threads;
  uint32_t nthreads, max_threads;
  bool done;                /* exited or poisoned: no more calls */
  weft_error end;           /* why, once done */
};

/* ---- errors (call.c) ------------------------------------------------ */
weft_status host_fail(weft_error *err, weft_status s, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Marks err (if any) as success; cheaper than clearing all of it. */
static inline void host_ok(weft_error *err) {
  if (err) err->status = WEFT_OK, err->trap = WEFT_TRAP_NONE, err->message[0] = 0;
}
/* Fills err for a trap code met on this thread (exit code and host
 * message come from this thread's records); returns its status. */
weft_status host_trap_error(weft_error *err, wf_trap_code code,
                            const char *where);
/* The proc_exit handler of plugin WASI contexts: records and unwinds. */
void host_on_exit(wasi_ctx *ctx, u32 code);

/* ---- interruption (interrupt.c) ------------------------------------- */
wf_instance_hdr *host_hdr(void *inst);
void host_target_init(preempt_target *t, const weft_plugin *p, void *inst);
/* Sets bits on the target's interrupt word, wakes it if it waits, and
 * signals its thread until it stops or its call ends. */
void host_interrupt(preempt_target *t, u32 bits);
/* Before freeing a target: no more signals for it. */
void host_target_forget(preempt_target *t);
/* Makes the calling thread the one t's interruptions signal.  The timer
 * thread reads t->thread under its lock, so a change is made under it. */
void host_target_bind(preempt_target *t);
/* host_interrupt on the group's every thread and its main call. */
void host_interrupt_group(weft_instance *g, u32 bits);
/* A deadline for the call starting now on g; 0 ns: none. */
void host_deadline_arm(weft_instance *g, uint64_t ns);
void host_deadline_disarm(weft_instance *g);

/* ---- threads (threads.c) -------------------------------------------- */
u32 host_thread_spawn(void *group, u32 arg);
/* Stops the group's threads (interrupting them) and waits for them. */
void host_threads_stop(weft_instance *g);

/* ---- the plugin's instance list (plugin.c) ------------------------- */
void host_plugin_add(weft_plugin *p, weft_instance *in);
void host_plugin_remove(weft_plugin *p, weft_instance *in);

#endif /* WEFT_HOST_INTERNAL_H */
