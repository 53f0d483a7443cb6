/*
 * rt_internal.h - what the runtime's files share and generated code must
 * not see: the registry of guard-page regions the fault handler consults.
 */
#ifndef WEFT_RT_INTERNAL_H
#define WEFT_RT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Guarded reservations, so a fault is turned into a trap only when it
 * lands in a Wasm memory.  Safe to call from a signal handler. */
bool rt_guard_region_add(uintptr_t base, size_t len);  /* false: full */
void rt_guard_region_remove(uintptr_t base);
bool rt_guard_region_contains(uintptr_t addr);

/* From a signal handler: leaves the innermost protected call with code, as
 * a fault would; returns if the thread runs none. */
#include "weft_rt.h"
void rt_trap_from_signal(wf_trap_code code);

#endif /* WEFT_RT_INTERNAL_H */
