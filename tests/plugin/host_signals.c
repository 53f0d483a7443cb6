/* One runtime per process: a host with its own SIGSEGV handler (installed
 * first), its own translated module (mathlib, linked in) and plugins at
 * once.  Traps in either become values, and the host's deliberate faults
 * still reach its handler, before and after loading plugins and traps.
 *   host_signals CALC.so */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "mathlib.h"
#include "weft.h"

#include "check.h"

static char *page;
static volatile sig_atomic_t handled;

static void on_segv(int sig, siginfo_t *si, void *uc) {
  (void)sig, (void)uc;
  if (((uintptr_t)si->si_addr & ~(uintptr_t)4095) != (uintptr_t)page) _exit(3);
  mprotect(page, 4096, PROT_READ | PROT_WRITE);
  handled++;
}

static void fault_on_purpose(void) {
  mprotect(page, 4096, PROT_NONE);
  page[1] = 1;
}

static int nop(void *e, weft_instance *c, const weft_raw *a, weft_raw *r) {
  (void)e, (void)c, (void)a, (void)r;
  return 0;
}

static mathlib_instance own;
static void instantiate(void *arg) { (void)arg; mathlib_instantiate(&own, NULL); }
static void own_oob(void *arg) { (void)arg; mathlib_sum(&own, 0xfffffff0u, 4); }

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  page = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_segv;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGSEGV, &sa, NULL);
  fault_on_purpose();
  CHECK(handled == 1, "before anything");

  weft_error err;
  weft_plugin *p = weft_plugin_open(argv[1], &err);
  weft_plugin *q = weft_plugin_open(argv[1], &err);
  CHECK(p && q, "open: %s", err.message);
  if (!p || !q) return 1;
  weft_import_binding b[2] = {{"host", "log", "ii:", nop, NULL},
                              {"host", "twice", "j:j", nop, NULL}};
  weft_instance_config cfg = {b, 2, NULL, 0, 0, 0};
  weft_instance *in = weft_instance_new(p, &cfg, &err);
  weft_instance *in2 = weft_instance_new(q, &cfg, &err);
  CHECK(in && in2, "instances: %s", err.message);
  if (!in || !in2) return 1;
  CHECK(wf_protect(instantiate, NULL) == WF_TRAP_NONE, "own module");
  fault_on_purpose();
  CHECK(handled == 2, "after loading plugins");

  weft_val r[1];
  for (int round = 0; round < 3; round++) {
    CHECK(weft_call(in, "oob", NULL, 0, r, 1, &err) == WEFT_TRAP &&
          err.trap == WEFT_TRAP_OOB_MEMORY, "plugin oob: %s", err.message);
    CHECK(wf_protect(own_oob, NULL) == WF_TRAP_OOB_MEMORY, "own oob");
    CHECK(weft_call(in2, "oob", NULL, 0, r, 1, &err) == WEFT_TRAP, "second plugin oob");
    fault_on_purpose();
    CHECK(handled == 3 + round, "after traps, round %d: %d", round, (int)handled);
  }
  CHECK(mathlib_fac(&own, 10) == 3628800, "own module still works");
  weft_plugin_close(p);
  weft_plugin_close(q);
  mathlib_free(&own);
  fault_on_purpose();
  CHECK(handled == 6, "after closing");
  printf("%s\n", failures ? "FAILED" : "ok");
  return failures != 0;
}
