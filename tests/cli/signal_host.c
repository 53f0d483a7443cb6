/* A host with SIGSEGV handlers of its own, installed before the runtime's:
 * Wasm faults become traps, and every other fault reaches the host's
 * handler, before and after traps, as often as it happens.
 *   signal_host siginfo|plain|resethand|default
 * siginfo/plain: the handler makes a PROT_NONE page writable (as a GC's
 * write barrier would) and counts; resethand: SA_RESETHAND, so the second
 * fault takes the default action; default: no handler, a stray fault must
 * end the process with SIGSEGV. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "mathlib.h"

static mathlib_instance inst;
static char *page;
static volatile sig_atomic_t handled;

static void unprotect(void) {
  mprotect(page, 4096, PROT_READ | PROT_WRITE);
  handled++;
}
static void on_siginfo(int sig, siginfo_t *si, void *uc) {
  (void)sig, (void)uc;
  if ((char *)si->si_addr != page) _exit(3);
  unprotect();
}
static void on_plain(int sig) {
  (void)sig;
  unprotect();
}

static void instantiate(void *arg) {
  if (mathlib_instantiate(arg, NULL)) abort();
}
static void out_of_bounds(void *arg) {
  (void)arg;
  mathlib_sum(&inst, 0xfffffff0u, 8);
}

static void touch(const char *what) {
  mprotect(page, 4096, PROT_NONE);
  page[0] = 1;  /* faults; the host's handler lets it through */
  printf("%s: host handler ran %d time(s)\n", what, (int)handled);
  fflush(stdout);
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "siginfo";
  page = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sigemptyset(&sa.sa_mask);
  if (!strcmp(mode, "siginfo")) {
    sa.sa_sigaction = on_siginfo;
    sa.sa_flags = SA_SIGINFO;
  } else {
    sa.sa_handler = on_plain;
    if (!strcmp(mode, "resethand")) sa.sa_flags = SA_RESETHAND;
  }
  if (strcmp(mode, "default")) sigaction(SIGSEGV, &sa, NULL);
  if (strcmp(mode, "default")) touch("before the runtime");
  if (wf_protect(instantiate, &inst)) return 1;
  for (int i = 0; i < 2; i++) {
    printf("wasm: %s\n", wf_trap_reason(wf_protect(out_of_bounds, NULL)));
    fflush(stdout);
    if (!strcmp(mode, "default")) {
      printf("stray fault\n");
      fflush(stdout);
      *(volatile int *)page = 1;
      printf("survived a stray fault\n");
      return 1;
    }
    touch("after a trap");
  }
  mathlib_free(&inst);
  return 0;
}
