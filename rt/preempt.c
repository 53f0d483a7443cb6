/*
 * preempt.c - stopping a running call from another thread (see
 * wf_preempt_scope in weft_rt.h).  The host sets the instance's interrupt
 * word and queues SIGURG to the thread with a value of our own; the handler
 * reads where the thread was interrupted and, if that is inside the scope's
 * code (a plugin's text), leaves the call as a WF_TRAP_INTERRUPTED trap,
 * just as a fault there would.  Anywhere else (the runtime, the host, libc)
 * it returns, and the host signals again a moment later.
 *
 * SIGURG because its default action is to ignore it and gdb passes it
 * silently; other SIGURGs (socket out-of-band data) go to the handler that
 * was installed before ours.  Reading the interrupted program counter is
 * the platform part: on an architecture not listed below, wf_preempt says
 * it cannot, and interruption waits for the next wait or host call.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <ucontext.h>

#include "weft_rt.h"
#include "rt_internal.h"

#define PREEMPT_SIGNAL SIGURG
#define PREEMPT_MAGIC 0x77656674 /* "weft" */

#if defined(__x86_64__) || defined(__i386__) || defined(__aarch64__) || \
    defined(__arm__) || defined(__s390x__)
#define HAVE_PC 1
#else
#define HAVE_PC 0
#endif

_Thread_local const wf_preempt_scope *wf_preempt_current;
static struct sigaction prev;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static uintptr_t interrupted_pc(void *uctx) {
  ucontext_t *uc = uctx;
#if defined(__x86_64__)
  return (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
#elif defined(__i386__)
  return (uintptr_t)uc->uc_mcontext.gregs[REG_EIP];
#elif defined(__aarch64__)
  return (uintptr_t)uc->uc_mcontext.pc;
#elif defined(__arm__)
  return (uintptr_t)uc->uc_mcontext.arm_pc;
#elif defined(__s390x__)
  return (uintptr_t)uc->uc_mcontext.psw.addr;
#else
  (void)uc;
  return 0;
#endif
}

static void on_signal(int sig, siginfo_t *info, void *uctx) {
  if (info->si_code == SI_QUEUE && info->si_value.sival_int == PREEMPT_MAGIC) {
    const wf_preempt_scope *s = wf_preempt_current;
    uintptr_t pc = interrupted_pc(uctx);
    if (s && atomic_load(s->word) && pc >= s->lo && pc < s->hi)
      rt_trap_from_signal(WF_TRAP_INTERRUPTED);
    return;
  }
  if (prev.sa_flags & SA_SIGINFO) {
    if (prev.sa_sigaction) prev.sa_sigaction(sig, info, uctx);
  } else if (prev.sa_handler != SIG_DFL && prev.sa_handler != SIG_IGN) {
    prev.sa_handler(sig);
  }
}

static void install(void) {
  struct sigaction sa;
  sa.sa_sigaction = on_signal;
  sigemptyset(&sa.sa_mask);
  /* RESTART: a host's blocking calls carry on; NODEFER as for faults, since
   * the handler may leave by siglongjmp without restoring the mask */
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART | SA_NODEFER;
  sigaction(PREEMPT_SIGNAL, &sa, &prev);
}

bool wf_preempt(pthread_t thread) {
  if (!HAVE_PC) return false;
  pthread_once(&once, install);
  union sigval v = {.sival_int = PREEMPT_MAGIC};
  return pthread_sigqueue(thread, PREEMPT_SIGNAL, v) == 0;
}
