/*
 * parker_pthread.c - parker where there is no futex: a mutex and a
 * condition variable on CLOCK_MONOTONIC.  The unparker signals while
 * holding the mutex, and the waiter takes the mutex before returning, so
 * the parker is never touched after the waiter is gone.
 */
#if !defined(__linux__) || defined(WF_NO_FUTEX)
#include <errno.h>

#include "parker.h"

void parker_init(parker *p) {
  pthread_condattr_t ca;
  atomic_init(&p->state, 0);
  pthread_mutex_init(&p->lock, NULL);
  pthread_condattr_init(&ca);
  pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
  pthread_cond_init(&p->cond, &ca);
  pthread_condattr_destroy(&ca);
}

void parker_destroy(parker *p) {
  pthread_cond_destroy(&p->cond);
  pthread_mutex_destroy(&p->lock);
}

bool parker_park(parker *p, const struct timespec *deadline) {
  pthread_mutex_lock(&p->lock);
  while (atomic_load(&p->state) == 0) {
    if (!deadline)
      pthread_cond_wait(&p->cond, &p->lock);
    else if (pthread_cond_timedwait(&p->cond, &p->lock, deadline) == ETIMEDOUT)
      break;
  }
  bool woken = atomic_load(&p->state) != 0;
  pthread_mutex_unlock(&p->lock);
  return woken;
}

void parker_unpark(parker *p) {
  pthread_mutex_lock(&p->lock);
  atomic_store(&p->state, 1);
  pthread_cond_signal(&p->cond);
  pthread_mutex_unlock(&p->lock);
}
#else
typedef int parker_pthread_unused; /* Linux: see parker_futex.c */
#endif
