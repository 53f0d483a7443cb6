/*
 * trap.c - traps and their unwinding: wf_protect installs a frame,
 * wf_trap (or a guard-page fault inside a Wasm memory) jumps back to it.
 * Also owns each thread's native stack limit for the call-depth check,
 * and turns a fault in the thread's stack guard into "call stack exhausted".
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "weft_rt.h"
#include "rt_internal.h"

typedef struct trap_frame {
  sigjmp_buf jb;
  struct trap_frame *prev;
} trap_frame;

static _Thread_local trap_frame *current;
_Thread_local uintptr_t wf_stack_limit;

static const char *const reasons[WF_TRAP_COUNT] = {
  [WF_TRAP_NONE] = "no trap",
  [WF_TRAP_UNREACHABLE] = "unreachable",
  [WF_TRAP_OOB_MEMORY] = "out of bounds memory access",
  [WF_TRAP_OOB_TABLE] = "out of bounds table access",
  [WF_TRAP_UNDEFINED_ELEMENT] = "undefined element",
  [WF_TRAP_UNINITIALIZED_ELEMENT] = "uninitialized element",
  [WF_TRAP_INDIRECT_CALL_TYPE] = "indirect call type mismatch",
  [WF_TRAP_DIV_BY_ZERO] = "integer divide by zero",
  [WF_TRAP_INT_OVERFLOW] = "integer overflow",
  [WF_TRAP_INVALID_CONVERSION] = "invalid conversion to integer",
  [WF_TRAP_NULL_REFERENCE] = "null reference",
  [WF_TRAP_UNALIGNED_ATOMIC] = "unaligned atomic",
  [WF_TRAP_CALL_STACK_EXHAUSTED] = "call stack exhausted",
  [WF_TRAP_EXPECTED_SHARED_MEMORY] = "expected shared memory",
  [WF_TRAP_OUT_OF_MEMORY] = "out of memory",
  [WF_TRAP_EXIT] = "exit",
  [WF_TRAP_HOST] = "host function failed",
  [WF_TRAP_INTERRUPTED] = "interrupted",
};

const char *wf_trap_reason(wf_trap_code code) {
  return code < WF_TRAP_COUNT ? reasons[code] : "unknown trap";
}

_Noreturn void wf_trap(wf_trap_code code) {
  if (!current) {
    fprintf(stderr, "weft: trap outside any protected call: %s\n",
            wf_trap_reason(code));
    abort();
  }
  siglongjmp(current->jb, (int)code);
}

/* The floor leaves room below it for host functions and libc, which run
 * without the check: a quarter of the stack, at most this much.  (The
 * signal handler runs on a stack of its own.)  WASI host functions take
 * under 5 KiB of frames, so even a 64 KiB stack keeps a safe 16 KiB. */
#define STACK_MARGIN (256 * 1024)
/* How far below the stack's lowest usable byte a fault still counts as
 * running off the stack: the kernel keeps a 1 MiB gap below the main
 * thread's stack, and threads we start get a guard of that size. */
#define GUARD_WINDOW (1024 * 1024 + 64 * 1024)
#define ALT_STACK_SIZE (64 * 1024)

/* A stack bigger than this (the main thread's under `ulimit -s
 * unlimited`) is used only this far down, above a guard of our own. */
#define STACK_CAP ((size_t)1 << 30)

static _Thread_local uintptr_t stack_low; /* lowest usable byte, or 0 */

/* Caps a huge growable stack: the kernel grows it on demand up to any
 * mapping that is not accessible, so a PROT_NONE block under the cap is
 * where running off it faults.  If the space is taken, whatever is there
 * stops the growth instead. */
static uintptr_t cap_stack(uintptr_t low, size_t size) {
  if (size <= STACK_CAP) return low;
  uintptr_t cap_low = low + size - STACK_CAP;
  mmap((void *)(cap_low - GUARD_WINDOW + 64 * 1024), GUARD_WINDOW - 64 * 1024,
       PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE |
       MAP_FIXED_NOREPLACE, -1, 0);
  return cap_low;
}

static void set_limits(void) {
  pthread_attr_t attr;
  void *addr;
  size_t size;
  uintptr_t here = (uintptr_t)__builtin_frame_address(0);
  if (!pthread_getattr_np(pthread_self(), &attr)) {
    if (!pthread_attr_getstack(&attr, &addr, &size) &&
        here > (uintptr_t)addr && here <= (uintptr_t)addr + size) {
      size_t margin = size / 4 < STACK_MARGIN ? size / 4 : STACK_MARGIN;
      stack_low = cap_stack((uintptr_t)addr, size);
      wf_stack_limit = stack_low + margin;
      pthread_attr_destroy(&attr);
      return;
    }
    pthread_attr_destroy(&attr);
  }
  /* Unknown stack: assume the common 1 MiB below this frame, and leave
   * stack faults alone since we cannot tell where the stack ends. */
  wf_stack_limit = here - (1024 * 1024 - STACK_MARGIN);
}

static pthread_key_t alt_key;
static pthread_once_t alt_key_once = PTHREAD_ONCE_INIT;

static void alt_stack_free(void *mem) {
  stack_t ss = {.ss_flags = SS_DISABLE};
  sigaltstack(&ss, NULL);
  free(mem);
}

static void alt_key_make(void) { pthread_key_create(&alt_key, alt_stack_free); }

/* A fault from running off the stack cannot be handled on that stack: give
 * the thread a signal stack unless it has one (freed when the thread ends). */
static void ensure_alt_stack(void) {
  stack_t old;
  if (sigaltstack(NULL, &old) || !(old.ss_flags & SS_DISABLE)) return;
  pthread_once(&alt_key_once, alt_key_make);
  stack_t ss = {.ss_sp = malloc(ALT_STACK_SIZE), .ss_size = ALT_STACK_SIZE};
  if (!ss.ss_sp) return;
  if (sigaltstack(&ss, NULL) || pthread_setspecific(alt_key, ss.ss_sp)) {
    free(ss.ss_sp);
    stack_t off = {.ss_flags = SS_DISABLE};
    sigaltstack(&off, NULL);
  }
}

void wf_thread_init_stack_limit(void) {
  set_limits();
  ensure_alt_stack();
}

static bool stack_fault(uintptr_t addr) {
  return stack_low && addr < stack_low + 4096 && addr >= stack_low - GUARD_WINDOW;
}

/* The handlers that were installed before ours: faults that are not
 * Wasm's go to them. */
static struct sigaction prev_segv, prev_bus;

/* Hands a fault that is not ours to the previous handler as the kernel
 * would have: with its mask blocked, its SA_RESETHAND honoured.  With no
 * previous handler (or SIG_IGN, which cannot ignore a real fault) the
 * default action ends the process: the faulting instruction runs again
 * against SIG_DFL, and a signal sent by kill is raised again. */
static void chain(int sig, siginfo_t *info, void *uctx) {
  struct sigaction *prev = sig == SIGSEGV ? &prev_segv : &prev_bus;
  struct sigaction act = *prev;
  bool is_fn = (act.sa_flags & SA_SIGINFO) ? act.sa_sigaction != NULL
               : act.sa_handler != SIG_DFL && act.sa_handler != SIG_IGN;
  if (!is_fn) {
    signal(sig, SIG_DFL);
    if (info->si_code <= 0) raise(sig);
    return;
  }
  if (act.sa_flags & SA_RESETHAND) {
    prev->sa_handler = SIG_DFL;
    prev->sa_flags &= ~SA_SIGINFO;
  }
  sigset_t old;
  if (!(act.sa_flags & SA_NODEFER)) sigaddset(&act.sa_mask, sig);
  pthread_sigmask(SIG_BLOCK, &act.sa_mask, &old);
  if (act.sa_flags & SA_SIGINFO) act.sa_sigaction(sig, info, uctx);
  else act.sa_handler(sig);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
}

void rt_trap_from_signal(wf_trap_code code) {
  if (current) siglongjmp(current->jb, (int)code);
}

static void on_fault(int sig, siginfo_t *info, void *uctx) {
  uintptr_t addr = (uintptr_t)info->si_addr;
  if (current && info->si_code > 0 && rt_guard_region_contains(addr))
    siglongjmp(current->jb, WF_TRAP_OOB_MEMORY);
  if (current && info->si_code > 0 && stack_fault(addr))
    siglongjmp(current->jb, WF_TRAP_CALL_STACK_EXHAUSTED);
  chain(sig, info, uctx);
}

static pthread_once_t handlers_once = PTHREAD_ONCE_INIT;

static void install_handlers(void) {
  struct sigaction sa;
  sa.sa_sigaction = on_fault;
  sigemptyset(&sa.sa_mask);
  /* NODEFER: we leave the handler by siglongjmp without restoring the mask
   * (sigsetjmp(.., 0) is much cheaper), so the signal must stay unblocked. */
  sa.sa_flags = SA_SIGINFO | SA_NODEFER | SA_ONSTACK;
  sigaction(SIGSEGV, &sa, &prev_segv);
  sigaction(SIGBUS, &sa, &prev_bus);
}

wf_trap_code wf_protect(void (*fn)(void *), void *arg) {
  pthread_once(&handlers_once, install_handlers);
  if (!wf_stack_limit) wf_thread_init_stack_limit();
  trap_frame f;
  f.prev = current;
  current = &f;
  int code = sigsetjmp(f.jb, 0);
  if (code == 0) fn(arg);
  current = f.prev;
  return (wf_trap_code)code;
}
