/* spawn - throughput of starting and joining short threads, one at a time:
 * each thread adds its argument to a counter and ends.  Natively
 * pthread_create + pthread_join; on wasm thread-spawn (a new instance of
 * the module on a new thread) + waiting on the thread's done flag.
 * Prints microseconds per spawn+join. */
#include "tb.h"

#define COUNT TB_SIZE(20000u, 50u)

static int32_t total;

static void body(void *arg) { __atomic_fetch_add(&total, (int32_t)(uintptr_t)arg, TB_SEQ); }

int main(void) {
  static tb_thread t;
  for (uint32_t i = 0; i < 10; i++) { /* warm-up */
    if (tb_spawn(&t, body, (void *)(uintptr_t)1)) tb_fail("spawn");
    tb_join(&t);
  }
  uint64_t t0 = tb_now_ns();
  for (uint32_t i = 0; i < COUNT; i++) {
    if (tb_spawn(&t, body, (void *)(uintptr_t)1)) tb_fail("spawn");
    tb_join(&t);
  }
  uint64_t ns = tb_now_ns() - t0;
  if (__atomic_load_n(&total, TB_SEQ) != (int32_t)COUNT + 10) tb_fail("a thread did not run");
  tb_result("spawn_join", ns, (uint64_t)COUNT * 1000, "us");
  return 0;
}
