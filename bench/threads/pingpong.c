/* pingpong - wait/notify round-trip latency between two threads: main
 * sets a cell to 1 and wakes the partner, the partner sets it to 2 and
 * wakes main; each side sleeps in a 32-bit wait (memory.atomic.wait32 /
 * FUTEX_WAIT) while the cell holds the value it is not waiting for, with
 * no spinning.  Prints ns per round trip (two wake-ups). */
#include "tb.h"

#define ROUNDS TB_SIZE(100000u, 200u)

static int32_t cell;
static uint32_t partner_rounds;

static void partner(void *arg) {
  (void)arg;
  for (uint32_t i = 0; i < ROUNDS; i++) {
    int32_t v;
    while ((v = __atomic_load_n(&cell, TB_SEQ)) != 1) tb_wait32(&cell, v);
    __atomic_store_n(&cell, 2, TB_SEQ);
    tb_notify(&cell, 1);
    partner_rounds++;
  }
}

int main(void) {
  static tb_thread t;
  if (tb_spawn(&t, partner, 0)) tb_fail("spawn");
  /* one untimed round trip so the partner is up and parked */
  uint64_t t0 = 0;
  for (uint32_t i = 0; i < ROUNDS; i++) {
    if (i == 1) t0 = tb_now_ns();
    __atomic_store_n(&cell, 1, TB_SEQ);
    tb_notify(&cell, 1);
    while (__atomic_load_n(&cell, TB_SEQ) == 1) tb_wait32(&cell, 1);
  }
  uint64_t ns = tb_now_ns() - t0;
  tb_join(&t);
  if (partner_rounds != ROUNDS) tb_fail("partner missed a round");
  tb_result("wait_notify_round_trip", ns, ROUNDS - 1, "ns");
  return 0;
}
