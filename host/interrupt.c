/* interrupt.c - stopping running calls: weft_instance_interrupt, call
 * timeouts, and the group stop that freeing an instance or a thread's trap
 * needs.  One timer thread for the process keeps the armed deadlines and
 * the targets still to be stopped: it signals each (wf_preempt) every
 * millisecond until the target's call has ended, since a signal that
 * lands outside the plugin's code (in a host function, libc, the runtime)
 * does not stop it. */
#define _GNU_SOURCE
#include <errno.h>
#include <time.h>

#include "host_internal.h"

#define POKE_INTERVAL_NS 1000000

wf_instance_hdr *host_hdr(void *inst) {
  return (wf_instance_hdr *)inst;  /* every instance struct starts with it */
}

void host_target_init(preempt_target *t, const weft_plugin *p, void *inst) {
  t->scope = (wf_preempt_scope){p->text_lo, p->text_hi, &host_hdr(inst)->interrupt};
  atomic_store(&t->running, false);
  t->next_poke = NULL;
  t->poked = false;
}

static pthread_mutex_t timer_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t timer_cond;
static pthread_once_t timer_once = PTHREAD_ONCE_INIT;
static deadline *armed;        /* under timer_lock */
static preempt_target *pokes;  /* under timer_lock */

static bool before(const struct timespec *a, const struct timespec *b) {
  return a->tv_sec < b->tv_sec ||
         (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

static void add_ns(struct timespec *t, uint64_t ns) {
  t->tv_sec += (time_t)(ns / 1000000000);
  t->tv_nsec += (long)(ns % 1000000000);
  if (t->tv_nsec >= 1000000000) t->tv_sec++, t->tv_nsec -= 1000000000;
}

/* Under timer_lock. */
static void poke_locked(preempt_target *t) {
  if (!t->poked) {
    t->poked = true;
    t->next_poke = pokes;
    pokes = t;
  }
  pthread_cond_signal(&timer_cond);
}

static void set_bits(preempt_target *t, u32 bits) {
  atomic_fetch_or(t->scope.word, bits);
  wf_wake_interrupted(t->scope.word);
}

/* Signals what still runs with its word set; drops the rest. */
static void poke_all_locked(void) {
  for (preempt_target **pp = &pokes; *pp;) {
    preempt_target *t = *pp;
    if (atomic_load(&t->running) && atomic_load(t->scope.word) &&
        wf_preempt(t->thread)) {
      pp = &t->next_poke;
      continue;
    }
    *pp = t->next_poke;
    t->poked = false;
  }
}

static void expire_locked(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  for (deadline **pp = &armed; *pp;) {
    deadline *d = *pp;
    if (before(&now, &d->at)) {
      pp = &d->next;
      continue;
    }
    *pp = d->next;  /* disarm finds it gone and does not touch the bit */
    set_bits(&d->in->target, INTERRUPT_DEADLINE);
    poke_locked(&d->in->target);
  }
}

static void *timer_main(void *arg) {
  (void)arg;
  pthread_mutex_lock(&timer_lock);
  for (;;) {
    expire_locked();
    poke_all_locked();
    struct timespec wake;
    bool any = false;
    if (pokes) {
      clock_gettime(CLOCK_MONOTONIC, &wake);
      add_ns(&wake, POKE_INTERVAL_NS);
      any = true;
    }
    for (deadline *d = armed; d; d = d->next)
      if (!any || before(&d->at, &wake)) wake = d->at, any = true;
    if (any) pthread_cond_timedwait(&timer_cond, &timer_lock, &wake);
    else pthread_cond_wait(&timer_cond, &timer_lock);
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

void host_interrupt(preempt_target *t, u32 bits) {
  pthread_once(&timer_once, timer_start);
  set_bits(t, bits);
  pthread_mutex_lock(&timer_lock);
  poke_locked(t);
  poke_all_locked();  /* the first signal at once */
  pthread_mutex_unlock(&timer_lock);
}

void host_target_bind(preempt_target *t) {
  pthread_t self = pthread_self();
  if (pthread_equal(t->thread, self)) return;  /* only the timer reads it */
  pthread_mutex_lock(&timer_lock);
  t->thread = self;
  pthread_mutex_unlock(&timer_lock);
}

void host_target_forget(preempt_target *t) {
  pthread_mutex_lock(&timer_lock);
  for (preempt_target **pp = &pokes; *pp; pp = &(*pp)->next_poke)
    if (*pp == t) {
      *pp = t->next_poke;
      break;
    }
  t->poked = false;
  pthread_mutex_unlock(&timer_lock);
}

void weft_instance_interrupt(weft_instance *in) {
  if (in) host_interrupt(&in->target, INTERRUPT_HOST);
}

void host_interrupt_group(weft_instance *g, u32 bits) {
  host_interrupt(&g->target, bits);
  pthread_mutex_lock(&g->lock);
  for (plugin_thread *t = g->threads; t; t = t->next)
    if (!t->finished) host_interrupt(&t->target, bits);
  pthread_mutex_unlock(&g->lock);
}

void host_deadline_arm(weft_instance *in, uint64_t ns) {
  pthread_once(&timer_once, timer_start);
  deadline *d = &in->deadline;
  d->in = in;
  clock_gettime(CLOCK_MONOTONIC, &d->at);
  add_ns(&d->at, ns);
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
