/*
 * parking_lot.c - memory.atomic.wait32/64 and memory.atomic.notify.
 *
 * Waiters park in one of a fixed set of buckets chosen by the host address
 * of the awaited cell (shared memories never move, so the address names the
 * cell for every thread).  A bucket's mutex orders each waiter's "compare,
 * then enqueue" against each notifier's "dequeue, then wake", so a notify
 * that follows a store can never miss a waiter that saw the old value.
 * Queues are FIFO, so notify wakes the longest-waiting threads first.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <time.h>

#include "weft_rt.h"

typedef struct waiter {
  struct waiter *next;
  const u8 *addr;
  pthread_cond_t cond;
  bool woken;
} waiter;

typedef struct bucket {
  pthread_mutex_t lock;
  waiter *head, *tail;
} bucket;

#define NBUCKETS 256
static bucket buckets[NBUCKETS];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init_buckets(void) {
  for (int i = 0; i < NBUCKETS; i++)
    pthread_mutex_init(&buckets[i].lock, NULL);
}

static bucket *bucket_for(const u8 *addr) {
  uintptr_t a = (uintptr_t)addr;
  return &buckets[((a >> 2) ^ (a >> 12)) % NBUCKETS];
}

static u8 *check(wf_memory *m, u64 addr, u64 n) {
  if (addr & (n - 1)) wf_trap(WF_TRAP_UNALIGNED_ATOMIC);
  if (addr + n > wf_memory_bytes(m)) wf_trap(WF_TRAP_OOB_MEMORY);
  return m->base + addr;
}

static void unlink_waiter(bucket *b, waiter *w) {
  waiter **pp = &b->head, *prev = NULL;
  while (*pp && *pp != w) prev = *pp, pp = &(*pp)->next;
  if (!*pp) return;
  *pp = w->next;
  if (b->tail == w) b->tail = prev;
}

static struct timespec deadline(s64 ns) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  t.tv_sec += ns / 1000000000;
  t.tv_nsec += ns % 1000000000;
  if (t.tv_nsec >= 1000000000) t.tv_sec++, t.tv_nsec -= 1000000000;
  return t;
}

/* The common part of both waits; `equal` compares under the bucket lock. */
static u32 park(wf_memory *m, u8 *p, bool (*equal)(u8 *, u64), u64 expected,
                s64 timeout_ns) {
  (void)m;
  pthread_once(&once, init_buckets);
  bucket *b = bucket_for(p);
  pthread_mutex_lock(&b->lock);
  if (!equal(p, expected)) {
    pthread_mutex_unlock(&b->lock);
    return 1;
  }
  waiter w = {NULL, p, PTHREAD_COND_INITIALIZER, false};
  pthread_condattr_t ca;
  pthread_condattr_init(&ca);
  pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
  pthread_cond_init(&w.cond, &ca);
  pthread_condattr_destroy(&ca);
  if (b->tail) b->tail->next = &w;
  else b->head = &w;
  b->tail = &w;
  struct timespec until = deadline(timeout_ns > 0 ? timeout_ns : 0);
  u32 result = 0;
  while (!w.woken) {
    if (timeout_ns < 0) {
      pthread_cond_wait(&w.cond, &b->lock);
    } else if (pthread_cond_timedwait(&w.cond, &b->lock, &until) == ETIMEDOUT &&
               !w.woken) {
      unlink_waiter(b, &w);
      result = 2;
      break;
    }
  }
  pthread_mutex_unlock(&b->lock);
  pthread_cond_destroy(&w.cond);
  return result;
}

static bool equal32(u8 *p, u64 v) { return wf_atomic_ld32(p) == (u32)v; }
static bool equal64(u8 *p, u64 v) { return wf_atomic_ld64(p) == v; }

u32 wf_atomic_wait32(wf_memory *m, u64 addr, u32 expected, s64 timeout_ns) {
  if (!m->shared) wf_trap(WF_TRAP_EXPECTED_SHARED_MEMORY);
  return park(m, check(m, addr, 4), equal32, expected, timeout_ns);
}

u32 wf_atomic_wait64(wf_memory *m, u64 addr, u64 expected, s64 timeout_ns) {
  if (!m->shared) wf_trap(WF_TRAP_EXPECTED_SHARED_MEMORY);
  return park(m, check(m, addr, 8), equal64, expected, timeout_ns);
}

u32 wf_atomic_notify(wf_memory *m, u64 addr, u32 count) {
  u8 *p = check(m, addr, 4);
  if (!m->shared || count == 0) return 0;
  pthread_once(&once, init_buckets);
  bucket *b = bucket_for(p);
  u32 woken = 0;
  pthread_mutex_lock(&b->lock);
  waiter **pp = &b->head, *prev = NULL;
  while (*pp && woken < count) {
    waiter *w = *pp;
    if (w->addr != p) {
      prev = w, pp = &w->next;
      continue;
    }
    *pp = w->next;
    if (b->tail == w) b->tail = prev;
    w->woken = true;
    pthread_cond_signal(&w->cond);
    woken++;
  }
  pthread_mutex_unlock(&b->lock);
  return woken;
}
