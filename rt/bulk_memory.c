/*
 * bulk_memory.c - memory.fill, memory.copy and memory.init (also used for
 * active data segments).  Bounds are checked in full before any byte is
 * written, as Wasm 2.0 requires.  The bytes are the guest's: racing on
 * them is its business (WF_GUEST_ACCESS_BEGIN, weft_rt.h).
 */
#include "weft_rt.h"

static void check(wf_memory *m, u64 at, u64 n) {
  if (at + n > wf_memory_bytes(m) || at + n < at) wf_trap(WF_TRAP_OOB_MEMORY);
}

void wf_memory_fill(wf_memory *m, u64 d, u32 val, u64 n) {
  check(m, d, n);
  WF_GUEST_ACCESS_BEGIN();
  memset(m->base + d, (int)(val & 0xff), n);
  WF_GUEST_ACCESS_END();
}

void wf_memory_copy(wf_memory *dst, wf_memory *src, u64 d, u64 s, u64 n) {
  check(dst, d, n);
  check(src, s, n);
  WF_GUEST_ACCESS_BEGIN();
  memmove(dst->base + d, src->base + s, n);
  WF_GUEST_ACCESS_END();
}

void wf_memory_init_seg(wf_memory *m, const u8 *seg, u32 seg_len, u64 d,
                        u64 s, u64 n) {
  if (s + n > seg_len) wf_trap(WF_TRAP_OOB_MEMORY);
  check(m, d, n);
  WF_GUEST_ACCESS_BEGIN();
  if (n) memcpy(m->base + d, seg + s, n);
  WF_GUEST_ACCESS_END();
}
