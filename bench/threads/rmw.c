/* rmw - throughput of a sequentially consistent atomic read-modify-write
 * (32-bit fetch-add whose result is used): one thread; two threads on the
 * same counter (same cache line); two threads on counters 128 bytes apart.
 * Prints ns per operation, i.e. wall time / operations per thread. */
#include "tb.h"

#define OPS TB_SIZE(20000000u, 20000u)

static _Alignas(128) int32_t counters[64];
static int32_t ready, go;
static uint64_t sums[2];

typedef struct {
  int32_t *counter;
  int slot;
} job;

static void work(job *j) {
  int32_t *c = j->counter;
  uint64_t s = 0;
  for (uint32_t i = 0; i < OPS; i++) s += (uint32_t)__atomic_fetch_add(c, 1, TB_SEQ);
  sums[j->slot] = s;
}

static void worker(void *arg) {
  __atomic_fetch_add(&ready, 1, TB_SEQ);
  tb_spin_until(&go, 1);
  work(arg);
}

/* Runs `work` on `threads` threads (the caller is one of them); returns
 * the wall time in ns. */
static uint64_t run(int threads, int32_t *c0, int32_t *c1) {
  static tb_thread t;
  job j0 = {c0, 0}, j1 = {c1, 1};
  __atomic_store_n(&ready, 0, TB_SEQ);
  __atomic_store_n(&go, 0, TB_SEQ);
  if (threads == 2) {
    if (tb_spawn(&t, worker, &j1)) tb_fail("spawn");
    tb_spin_until(&ready, 1);
  }
  uint64_t t0 = tb_now_ns();
  __atomic_store_n(&go, 1, TB_SEQ);
  work(&j0);
  if (threads == 2) tb_join(&t);
  return tb_now_ns() - t0;
}

static void check(int32_t *c, uint32_t want) {
  if ((uint32_t)__atomic_load_n(c, TB_SEQ) != want) tb_fail("lost an atomic increment");
}

int main(void) {
  int32_t *a = &counters[0], *b = &counters[32]; /* 128 bytes apart */
  uint64_t ns = run(1, a, a);
  check(a, OPS);
  if (sums[0] != (uint64_t)OPS * (OPS - 1) / 2) tb_fail("fetch-add returned wrong values");
  tb_result("rmw_1thread", ns, OPS, "ns/op");
  *a = 0;
  ns = run(2, a, a);
  check(a, 2 * OPS);
  if (sums[0] + sums[1] != (uint64_t)2 * OPS * (2 * OPS - 1) / 2) tb_fail("fetch-add returned wrong values");
  tb_result("rmw_2threads_same_line", ns, OPS, "ns/op");
  *a = 0;
  ns = run(2, a, b);
  check(a, OPS), check(b, OPS);
  tb_result("rmw_2threads_separate_lines", ns, OPS, "ns/op");
  return 0;
}
