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
#include "parker.h"

typedef struct waiter {
  struct waiter *next;
  const u8 *addr;
  _Atomic u32 *interrupt;  /* the waiting thread's wf_interrupt_word */
  bool interrupted;        /* woken by wf_wake_interrupted */
  parker park;
} waiter;

_Thread_local _Atomic u32 *wf_interrupt_word;

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

/* The common part of both waits; `equal` compares under the bucket lock.
 * The waiter sleeps outside the lock; a notifier unlinks it and unparks
 * it under the lock, so on a timeout the waiter re-takes the lock to learn
 * whether a notify got to it first (then it counts as woken). */
static u32 park(u8 *p, bool (*equal)(u8 *, u64), u64 expected,
                s64 timeout_ns) {
  pthread_once(&once, init_buckets);
  bucket *b = bucket_for(p);
  struct timespec until;
  if (timeout_ns >= 0) until = deadline(timeout_ns);
  _Atomic u32 *word = wf_interrupt_word;
  pthread_mutex_lock(&b->lock);
  if (word && atomic_load(word)) {
    pthread_mutex_unlock(&b->lock);
    wf_trap(WF_TRAP_INTERRUPTED);
  }
  if (!equal(p, expected)) {
    pthread_mutex_unlock(&b->lock);
    return 1;
  }
  waiter w = {NULL, p, word, false, {0}};
  parker_init(&w.park);
  if (b->tail) b->tail->next = &w;
  else b->head = &w;
  b->tail = &w;
  pthread_mutex_unlock(&b->lock);
  bool woken = parker_park(&w.park, timeout_ns >= 0 ? &until : NULL);
  if (!woken) {
    pthread_mutex_lock(&b->lock);
    woken = atomic_load(&w.park.state) != 0;
    if (!woken) unlink_waiter(b, &w);
    pthread_mutex_unlock(&b->lock);
  }
  parker_destroy(&w.park);
  if (w.interrupted) wf_trap(WF_TRAP_INTERRUPTED);
  return woken ? 0 : 2;
}

/* The flag is set before the buckets are scanned, and a waiter checks it
 * under its bucket's lock before it queues, so none is missed. */
void wf_wake_interrupted(_Atomic u32 *word) {
  pthread_once(&once, init_buckets);
  for (int i = 0; i < NBUCKETS; i++) {
    bucket *b = &buckets[i];
    pthread_mutex_lock(&b->lock);
    waiter **pp = &b->head, *prev = NULL;
    while (*pp) {
      waiter *w = *pp;
      if (w->interrupt != word) {
        prev = w, pp = &w->next;
        continue;
      }
      *pp = w->next;
      if (b->tail == w) b->tail = prev;
      w->interrupted = true;
      parker_unpark(&w->park);
    }
    pthread_mutex_unlock(&b->lock);
  }
}

static bool equal32(u8 *p, u64 v) { return wf_atomic_ld32(p) == (u32)v; }
static bool equal64(u8 *p, u64 v) { return wf_atomic_ld64(p) == v; }

u32 wf_atomic_wait32(wf_memory *m, u64 addr, u32 expected, s64 timeout_ns) {
  if (!m->shared) wf_trap(WF_TRAP_EXPECTED_SHARED_MEMORY);
  return park(check(m, addr, 4), equal32, expected, timeout_ns);
}

u32 wf_atomic_wait64(wf_memory *m, u64 addr, u64 expected, s64 timeout_ns) {
  if (!m->shared) wf_trap(WF_TRAP_EXPECTED_SHARED_MEMORY);
  return park(check(m, addr, 8), equal64, expected, timeout_ns);
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
    parker_unpark(&w->park);
    woken++;
  }
  pthread_mutex_unlock(&b->lock);
  return woken;
}
