/* parallel - speed-up of a compute-bound parallel kernel from 1 to 2
 * threads: total Collatz chain length over [1, N], handed out in blocks
 * from a shared atomic counter (dynamic load balancing), partial sums
 * combined with an atomic add.  Prints the time with 1 and 2 threads (ms)
 * and the speed-up. */
#include "tb.h"

#define N TB_SIZE(3000000u, 20000u)
#define BLOCK 4096u

static uint32_t next_block;
static uint64_t total;
static int32_t go;

static uint32_t collatz_len(uint64_t n) {
  uint32_t steps = 0;
  while (n != 1) {
    n = (n & 1) ? 3 * n + 1 : n >> 1;
    steps++;
  }
  return steps;
}

static void work(void *arg) {
  (void)arg;
  tb_spin_until(&go, 1);
  uint64_t s = 0;
  for (;;) {
    uint32_t b = __atomic_fetch_add(&next_block, 1, TB_SEQ);
    uint64_t lo = (uint64_t)b * BLOCK + 1;
    if (lo > N) break;
    uint64_t hi = lo + BLOCK - 1 < N ? lo + BLOCK - 1 : N;
    for (uint64_t n = lo; n <= hi; n++) s += collatz_len(n);
  }
  __atomic_fetch_add(&total, s, TB_SEQ);
}

static uint64_t run(int threads, uint64_t *sum) {
  static tb_thread t;
  __atomic_store_n(&next_block, 0, TB_SEQ);
  __atomic_store_n(&total, 0, TB_SEQ);
  __atomic_store_n(&go, 0, TB_SEQ);
  if (threads == 2 && tb_spawn(&t, work, 0)) tb_fail("spawn");
  uint64_t t0 = tb_now_ns();
  __atomic_store_n(&go, 1, TB_SEQ);
  work(0);
  if (threads == 2) tb_join(&t);
  uint64_t ns = tb_now_ns() - t0;
  *sum = __atomic_load_n(&total, TB_SEQ);
  return ns;
}

int main(void) {
  uint64_t s1, s2;
  uint64_t t1 = run(1, &s1);
  uint64_t t2 = run(2, &s2);
  if (s1 != s2) tb_fail("1- and 2-thread sums differ");
  tb_result("parallel_1thread", t1, 1000000, "ms");
  tb_result("parallel_2threads", t2, 1000000, "ms");
  tb_result("parallel_speedup", t1, t2, "x");
  return 0;
}
