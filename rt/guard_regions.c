/*
 * guard_regions.c - the set of reserved Wasm memory regions, read by the
 * fault handler.  A fixed array of atomic slots: adding and removing take
 * no lock, and lookups are async-signal-safe.
 */
#include <stdatomic.h>

#include "weft_rt.h"
#include "rt_internal.h"

/* Explicit bounds need no registry; keep its bss (256 KiB) off small
 * targets. */
#if WF_BOUNDS_EXPLICIT
#define MAX_REGIONS 1
#else
#define MAX_REGIONS 16384
#endif

static _Atomic uintptr_t bases[MAX_REGIONS];
static _Atomic size_t lens[MAX_REGIONS];

bool rt_guard_region_add(uintptr_t base, size_t len) {
  for (int i = 0; i < MAX_REGIONS; i++) {
    uintptr_t empty = 0;
    if (atomic_load(&bases[i]) == 0) {
      atomic_store(&lens[i], len);
      if (atomic_compare_exchange_strong(&bases[i], &empty, base)) return true;
    }
  }
  /* Full: a memory whose faults could not become traps is not made. */
  return false;
}

void rt_guard_region_remove(uintptr_t base) {
  for (int i = 0; i < MAX_REGIONS; i++) {
    uintptr_t b = base;
    if (atomic_compare_exchange_strong(&bases[i], &b, 0)) return;
  }
}

bool rt_guard_region_contains(uintptr_t addr) {
  for (int i = 0; i < MAX_REGIONS; i++) {
    uintptr_t b = atomic_load(&bases[i]);
    if (b && addr >= b && addr - b < atomic_load(&lens[i])) return true;
  }
  return false;
}
