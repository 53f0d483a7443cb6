/*
 * wasi_threads.h - wasi-threads' `wasi` `thread-spawn`: each spawned thread
 * gets a new instance of the program's module, linked to the same imports
 * (hence the same shared memory), and runs its export
 * wasi_thread_start(tid, arg) on a fresh pthread.
 */
#ifndef WEFT_WASI_THREADS_H
#define WEFT_WASI_THREADS_H

#include "weft_rt.h"

typedef struct wasi_program {
  const wf_module *mod;
  void **imports;        /* the resolved imports, shared by every instance */
  const char *name;      /* for messages */
} wasi_program;

#define WASI_THREAD_SPAWN_SIG "i:i"

/* Spawned threads' native stacks; the trap for deep recursion leaves a
 * margin at the bottom (trap.c).  libweft's plugin threads use them too. */
#define WASI_THREAD_STACK (8u << 20)
#define WASI_THREAD_GUARD (1u << 20)

/* The next thread id of the process, unique, positive and below 2^29
 * (wasi-threads ABI), or 0 once all have been handed out. */
u32 wasi_thread_take_id(void);

/* The host function; its wf_func ctx is the wasi_program. */
u32 wasi_thread_spawn(void *program, u32 arg);

/* Ends the process after a trap on any thread, naming the trap. */
_Noreturn void wasi_trap_exit(const wasi_program *p, wf_trap_code code);

#endif /* WEFT_WASI_THREADS_H */
