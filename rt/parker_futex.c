/*
 * parker_futex.c - parker on Linux: the waiter sleeps in FUTEX_WAIT on its
 * state word, so a wake-up is one syscall and the woken thread takes no
 * lock.  The unparker may issue its FUTEX_WAKE after the waiter has already
 * seen the state change and gone; a wake on an address nobody waits on is
 * harmless, and every futex sleeper here re-checks its state word.
 */
#if defined(__linux__) && !defined(WF_NO_FUTEX)
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "parker.h"

void parker_init(parker *p) { atomic_init(&p->state, 0); }
void parker_destroy(parker *p) { (void)p; }

bool parker_park(parker *p, const struct timespec *deadline) {
  while (atomic_load(&p->state) == 0) {
    /* FUTEX_WAIT_BITSET takes an absolute CLOCK_MONOTONIC deadline. */
    long r = syscall(SYS_futex, &p->state, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG,
                     0, deadline, NULL, FUTEX_BITSET_MATCH_ANY);
    if (r == -1 && errno == ETIMEDOUT) return atomic_load(&p->state) != 0;
  }
  return true;
}

void parker_unpark(parker *p) {
  atomic_store(&p->state, 1);
  syscall(SYS_futex, &p->state, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, NULL,
          NULL, 0);
}
#else
typedef int parker_futex_unused; /* not Linux: see parker_pthread.c */
#endif
