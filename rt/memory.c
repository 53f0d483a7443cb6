/*
 * memory.c - linear memories: creation, growth, release.
 *
 * Guard mode (64-bit Linux): reserve 8 GiB + a page of address space with
 * PROT_NONE, enough for any 32-bit address plus any 32-bit offset, and make
 * pages read/write as the memory grows.  The base never moves, so generated
 * code needs no bounds checks and may cache the base.
 *
 * Explicit mode: an unshared memory is a heap block that grows by realloc
 * (generated code reloads the base after anything that may grow it); a
 * shared memory is allocated at its maximum up front, because other threads
 * hold its base and it must never move.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "weft_rt.h"
#include "rt_internal.h"

#define GUARD_RESERVE ((size_t)8 << 30)
#define RESERVE_TOTAL (GUARD_RESERVE + WF_PAGE_SIZE)

#if !WF_BOUNDS_EXPLICIT
static int commit(wf_memory *m, u64 from_pages, u64 to_pages) {
  if (to_pages == from_pages) return 0;
  return mprotect(m->base + from_pages * WF_PAGE_SIZE,
                  (to_pages - from_pages) * WF_PAGE_SIZE,
                  PROT_READ | PROT_WRITE);
}
#endif

int wf_memory_init(wf_memory *m, u32 pages, u32 max_pages, bool has_max,
                   bool shared) {
  memset(m, 0, sizeof *m);
  if (!has_max || max_pages > 65536) max_pages = 65536;
  if (pages > max_pages) return -1;
  m->max_pages = max_pages;
  m->has_max = has_max;
  m->shared = shared;
  pthread_mutex_init(&m->grow_lock, NULL);
#if !WF_BOUNDS_EXPLICIT
  void *p = mmap(NULL, RESERVE_TOTAL, PROT_NONE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) return -1;
  m->base = p;
  m->reserved = RESERVE_TOTAL;
  m->guarded = true;
  if (commit(m, 0, pages) || !rt_guard_region_add((uintptr_t)p, RESERVE_TOTAL)) {
    munmap(p, RESERVE_TOTAL);
    return -1;
  }
#else
  size_t bytes = (size_t)(shared ? max_pages : pages) * WF_PAGE_SIZE;
  if ((u64)(shared ? max_pages : pages) * WF_PAGE_SIZE > SIZE_MAX) return -1;
  m->base = calloc(bytes ? bytes : 1, 1);
  if (!m->base) return -1;
  m->reserved = bytes;
#endif
  atomic_store(&m->pages, pages);
  return 0;
}

void wf_memory_release(wf_memory *m) {
  if (!m->base) return;
  if (m->guarded) {
    rt_guard_region_remove((uintptr_t)m->base);
    munmap(m->base, m->reserved);
  } else {
    free(m->base);
  }
  pthread_mutex_destroy(&m->grow_lock);
  m->base = NULL;
}

static int resize(wf_memory *m, u32 old, u32 new) {
#if !WF_BOUNDS_EXPLICIT
  return commit(m, old, new);
#else
  if (m->shared) return 0; /* allocated at its maximum */
  u8 *p = realloc(m->base, (size_t)new * WF_PAGE_SIZE);
  if (!p) return -1;
  memset(p + (size_t)old * WF_PAGE_SIZE, 0, (size_t)(new - old) * WF_PAGE_SIZE);
  m->base = p;
  m->reserved = (size_t)new * WF_PAGE_SIZE;
  return 0;
#endif
}

u32 wf_memory_grow(wf_memory *m, u32 delta) {
  pthread_mutex_lock(&m->grow_lock);
  u32 old = atomic_load_explicit(&m->pages, memory_order_relaxed);
  u32 result = old;
  if (delta) {
    if ((u64)old + delta > m->max_pages || resize(m, old, old + delta))
      result = (u32)-1;
    else /* publish the size only once the pages are usable */
      atomic_store_explicit(&m->pages, old + delta, memory_order_release);
  }
  pthread_mutex_unlock(&m->grow_lock);
  return result;
}
