/* interrupt.c - stopping a running call: weft_instance_interrupt, call
 * timeouts (one timer thread for the process), and the group stop that
 * freeing an instance or a thread's trap needs. */
#define _GNU_SOURCE
#include <errno.h>
#include <time.h>

#include "host_internal.h"

wf_instance_hdr *host_hdr(void *inst) {
  return (wf_instance_hdr *)inst;  /* every instance struct starts with it */
}

/* Sets bits on one instance and wakes it if it waits. */
static void interrupt_one(void *inst, u32 bits) {
  _Atomic u32 *word = &host_hdr(inst)->interrupt;
  atomic_fetch_or(word, bits);
  wf_wake_interrupted(word);
}

void weft_instance_interrupt(weft_instance *in) {
  if (in) interrupt_one(in->inst, INTERRUPT_HOST);
}

void host_interrupt_group(weft_instance *g, u32 bits) {
  interrupt_one(g->inst, bits);
  pthread_mutex_lock(&g->lock);
  for (plugin_thread *t = g->threads; t; t = t->next)
    if (!t->finished) interrupt_one(t->inst, bits);
  pthread_mutex_unlock(&g->lock);
}

/* ---- deadlines --------------------------------------------------------- */

static pthread_mutex_t timer_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t timer_cond;
static pthread_once_t timer_once = PTHREAD_ONCE_INIT;
static deadline *armed;  /* under timer_lock */

static bool before(const struct timespec *a, const struct timespec *b) {
  return a->tv_sec < b->tv_sec ||
         (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

/* Sleeps until the earliest deadline, then interrupts what has expired. */
static void *timer_main(void *arg) {
  (void)arg;
  pthread_mutex_lock(&timer_lock);
  for (;;) {
    deadline *first = NULL;
    for (deadline *d = armed; d; d = d->next)
      if (!first || before(&d->at, &first->at)) first = d;
    if (!first) {
      pthread_cond_wait(&timer_cond, &timer_lock);
      continue;
    }
    if (pthread_cond_timedwait(&timer_cond, &timer_lock, &first->at) !=
        ETIMEDOUT)
      continue;  /* the list changed: look again */
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    for (deadline **pp = &armed; *pp;) {
      deadline *d = *pp;
      if (before(&now, &d->at)) {
        pp = &d->next;
        continue;
      }
      *pp = d->next;  /* disarm finds it gone and does not touch the bit */
      interrupt_one(d->in->inst, INTERRUPT_DEADLINE);
    }
  }
  return NULL;
}

static void timer_start(void) {
  pthread_condattr_t a;
  pthread_condattr_init(&a);
  pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
  pthread_cond_init(&timer_cond, &a);
  pthread_condattr_destroy(&a);
  pthread_t t;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_create(&t, &attr, timer_main, NULL);
  pthread_attr_destroy(&attr);
}

void host_deadline_arm(weft_instance *in, uint64_t ns) {
  pthread_once(&timer_once, timer_start);
  deadline *d = &in->deadline;
  d->in = in;
  clock_gettime(CLOCK_MONOTONIC, &d->at);
  d->at.tv_sec += (time_t)(ns / 1000000000);
  d->at.tv_nsec += (long)(ns % 1000000000);
  if (d->at.tv_nsec >= 1000000000) d->at.tv_sec++, d->at.tv_nsec -= 1000000000;
  pthread_mutex_lock(&timer_lock);
  d->next = armed;
  armed = d;
  pthread_cond_signal(&timer_cond);
  pthread_mutex_unlock(&timer_lock);
}

void host_deadline_disarm(weft_instance *in) {
  pthread_mutex_lock(&timer_lock);
  for (deadline **pp = &armed; *pp; pp = &(*pp)->next)
    if (*pp == &in->deadline) {
      *pp = in->deadline.next;
      break;
    }
  /* under the lock, so an expiry cannot set it after this */
  atomic_fetch_and(&host_hdr(in->inst)->interrupt, ~(u32)INTERRUPT_DEADLINE);
  pthread_mutex_unlock(&timer_lock);
}
