/* A host calling endless recursion on threads whose stacks it sizes itself,
 * from 64 KiB up: every call must end in "call stack exhausted", never in
 * a crash, and the instance must still answer afterwards. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "reclib.h"

static reclib_instance inst;

typedef struct job {
  u32 (*fn)(reclib_instance *, u32);
  u32 result;
} job;

static void run_job(void *arg) {
  job *j = arg;
  j->result = j->fn(&inst, 0);
}

static void answer(void *arg) { *(u32 *)arg = reclib_answer(&inst); }

static void *thread_main(void *arg) {
  size_t kib = (size_t)(uintptr_t)arg;
  static u32 (*const fns[])(reclib_instance *, u32) = {reclib_down,
                                                       reclib_down_indirect};
  static const char *const names[] = {"down", "down_indirect"};
  for (int i = 0; i < 2; i++) {
    job j = {fns[i], 0};
    wf_trap_code t = wf_protect(run_job, &j);
    u32 a = 0;
    wf_trap_code t2 = wf_protect(answer, &a);
    printf("%zu KiB %s: %s, then answer %u%s\n", kib, names[i],
           wf_trap_reason(t), a, t2 ? " (trapped)" : "");
  }
  return NULL;
}

static void instantiate(void *arg) {
  if (reclib_instantiate(arg, NULL)) abort();
}

int main(void) {
  static const size_t sizes[] = {64, 128, 256, 512, 8192};
  if (wf_protect(instantiate, &inst)) return 1;
  for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
    pthread_attr_t attr;
    pthread_t th;
    pthread_attr_init(&attr);
    if (pthread_attr_setstacksize(&attr, sizes[i] * 1024) ||
        pthread_create(&th, &attr, thread_main, (void *)(uintptr_t)sizes[i]))
      return 2;
    pthread_join(th, NULL);
    pthread_attr_destroy(&attr);
  }
  reclib_free(&inst);
  return 0;
}
