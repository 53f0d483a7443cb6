/*
 * wasi_proc.c - the process: proc_exit, sched_yield, proc_raise.
 *
 * proc_exit never returns to the guest.  The ctx's exit handler runs
 * first (a host that outlives the guest unwinds from there with
 * wf_trap(WF_TRAP_EXIT)); if there is none, or it returns, the whole
 * process ends with _exit, which is what wasi-threads asks of a
 * proc_exit on any thread.  (_exit keeps the low 8 bits of the code.)
 *
 * proc_raise is deliberately unsupported (ENOSYS): the guest cannot
 * install signal handlers, WASI preview1 gives it no meaning weft could
 * honour, and later WASI versions dropped it.
 */
#include "wasi_internal.h"

#include <sched.h>
#include <unistd.h>

_Noreturn void wasi_proc_exit(void *ctx, u32 code) {
  wasi_ctx *c = ctx;
  if (c && c->on_exit) c->on_exit(c, code);
  _exit((int)code);
}

u32 wasi_sched_yield(void *ctx) {
  (void)ctx;
  sched_yield();
  return WASI_ESUCCESS;
}

u32 wasi_proc_raise(void *ctx, u32 sig) {
  (void)ctx;
  (void)sig;
  return WASI_ENOSYS;
}
