/* Instantiation that runs out of memory at each of its allocations in turn
 * (calloc and mmap fail on the k-th call, through the linker's --wrap)
 * must return -1 having released everything it took, and the instance must
 * then work once nothing fails.  The same for wasi-threads' thread-spawn,
 * whose new instance (with a memory of its own here) may fail likewise. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

#include "alloclib.h"
#include "wasi_threads.h"

void *__real_calloc(size_t n, size_t size);
void __real_free(void *p);
void *__real_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);
int __real_munmap(void *addr, size_t len);

static int calls, fail_at;
static void *live[64];  /* what the module and runtime hold */

static void hold(void *p) {
  for (int i = 0; i < 64; i++)
    if (!live[i]) { live[i] = p; return; }
  abort();
}
static void release(void *p) {
  for (int i = 0; i < 64; i++)
    if (live[i] == p) { live[i] = NULL; return; }
}
static int held(void) {
  int n = 0;
  for (int i = 0; i < 64; i++) n += live[i] != NULL;
  return n;
}

void *__wrap_calloc(size_t n, size_t size) {
  if (++calls == fail_at) return NULL;
  void *p = __real_calloc(n, size);
  if (p) hold(p);
  return p;
}
void __wrap_free(void *p) {
  release(p);
  __real_free(p);
}
void *__wrap_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  if (++calls == fail_at) return MAP_FAILED;
  void *p = __real_mmap(addr, len, prot, flags, fd, off);
  if (p != MAP_FAILED) hold(p);
  return p;
}
int __wrap_munmap(void *addr, size_t len) {
  release(addr);
  return __real_munmap(addr, len);
}

static alloclib_instance inst;
static int result;
static void instantiate(void *arg) {
  (void)arg;
  result = alloclib_instantiate(&inst, NULL);
}

int main(void) {
  for (fail_at = 1;; fail_at++) {
    calls = 0;
    if (wf_protect(instantiate, NULL)) return 1;
    if (result == 0) break;
    if (held()) {
      printf("failing at allocation %d leaked %d block(s)\n", fail_at, held());
      return 1;
    }
  }
  printf("answer %u after %d failing allocation(s)\n", alloclib_answer(&inst),
         fail_at - 1);
  alloclib_free(&inst);
  alloclib_free(&inst);  /* a second free is harmless */
  printf("held after free: %d\n", held());

  wasi_program prog = {&alloclib_module, NULL, "alloc_host"};
  for (fail_at = 1;; fail_at++) {
    calls = 0;
    if ((int32_t)wasi_thread_spawn(&prog, 0) > 0) break;
    if (held()) {
      printf("spawn failing at allocation %d leaked %d block(s)\n", fail_at,
             held());
      return 1;
    }
  }
  /* the thread returns at once and frees its instance */
  for (int i = 0; i < 500 && held(); i++)
    nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
  printf("spawned after %d failing allocation(s), held after: %d\n",
         fail_at - 1, held());
  return 0;
}
