/* deep_stack.c - a big stack for recursive loading; see deep_stack.h. */
#define _GNU_SOURCE
#include "deep_stack.h"

#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define GUARD ((size_t)1 << 20)
#define ALT_STACK (64 * 1024)

typedef struct job {
  void (*fn)(void *);
  void *arg;
} job;

static uintptr_t guard_lo, guard_hi;
static char overflow_msg[512];

static void on_fault(int sig, siginfo_t *info, void *uctx) {
  (void)uctx;
  uintptr_t a = (uintptr_t)info->si_addr;
  if (a >= guard_lo && a < guard_hi) {
    ssize_t w = write(2, overflow_msg, strlen(overflow_msg));
    (void)w;
    _exit(1);
  }
  signal(sig, SIG_DFL);  /* not ours: crash as usual on return */
}

static void *thread_main(void *p) {
  job *j = p;
  stack_t ss = {.ss_sp = malloc(ALT_STACK), .ss_size = ALT_STACK};
  if (ss.ss_sp) sigaltstack(&ss, NULL);
  j->fn(j->arg);
  stack_t off = {.ss_flags = SS_DISABLE};
  if (ss.ss_sp) sigaltstack(&off, NULL);
  free(ss.ss_sp);
  return NULL;
}

void deep_stack_call(void (*fn)(void *), void *arg, const char *path) {
  size_t size = sizeof(void *) >= 8 ? (size_t)1 << 30 : (size_t)64 << 20;
  void *base;
  while ((base = mmap(NULL, size + GUARD, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK,
                      -1, 0)) == MAP_FAILED &&
         size > ((size_t)16 << 20))
    size /= 2;
  pthread_attr_t attr;
  pthread_t th;
  job j = {fn, arg};
  if (base == MAP_FAILED || mprotect(base, GUARD, PROT_NONE) ||
      pthread_attr_init(&attr)) {
    if (base != MAP_FAILED) munmap(base, size + GUARD);
    fn(arg);
    return;
  }
  guard_lo = (uintptr_t)base;
  guard_hi = guard_lo + GUARD;
  snprintf(overflow_msg, sizeof overflow_msg,
           "%s: nesting too deep to load (over %zu MiB of translator stack)\n",
           path, size >> 20);
  struct sigaction sa, old_segv, old_bus;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_fault;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGSEGV, &sa, &old_segv);
  sigaction(SIGBUS, &sa, &old_bus);
  pthread_attr_setstack(&attr, (char *)base + GUARD, size);
  if (pthread_create(&th, &attr, thread_main, &j) == 0)
    pthread_join(th, NULL);
  else
    fn(arg);
  pthread_attr_destroy(&attr);
  sigaction(SIGSEGV, &old_segv, NULL);
  sigaction(SIGBUS, &old_bus, NULL);
  munmap(base, size + GUARD);
}
