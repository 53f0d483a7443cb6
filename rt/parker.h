/*
 * parker.h - one thread's sleep/wake-up slot, for the wait/notify parking
 * lot.  parker_park blocks until parker_unpark or the deadline; an unpark
 * that comes first makes the park return at once.  Each parker is used by
 * one waiter and at most one unparker.  Linux uses a futex on the state
 * word (parker_futex.c); elsewhere a mutex and condition variable
 * (parker_pthread.c).
 */
#ifndef WEFT_PARKER_H
#define WEFT_PARKER_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

typedef struct parker {
  _Atomic uint32_t state;   /* 0 parked or about to, 1 unparked */
#if !defined(__linux__) || defined(WF_NO_FUTEX)
  pthread_mutex_t lock;
  pthread_cond_t cond;
#endif
} parker;

void parker_init(parker *p);
/* deadline: CLOCK_MONOTONIC, or NULL for none.  True if unparked. */
bool parker_park(parker *p, const struct timespec *deadline);
void parker_unpark(parker *p);
void parker_destroy(parker *p);

#endif /* WEFT_PARKER_H */
