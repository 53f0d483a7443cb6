/*
 * table.c - tables of references: creation, growth and the bulk table
 * instructions.  References are `const wf_func *` (funcref) or opaque host
 * pointers (externref); NULL is ref.null.  Each slot also holds a copy of
 * its function (see wf_table_elem), written only through wf_table_elem_set.
 */
#include <stdlib.h>

#include "weft_rt.h"

/* Growth beyond this many elements fails (table.grow returns -1) rather
 * than exhausting the host. */
#define TABLE_LIMIT (10u * 1000 * 1000)

int wf_table_init(wf_table *t, char type, u32 size, u32 max) {
  t->type = type;
  t->size = size;
  t->max = max;
  t->elems = calloc(size ? size : 1, sizeof *t->elems);
  return t->elems ? 0 : -1;
}

void wf_table_release(wf_table *t) {
  free(t->elems);
  t->elems = NULL;
  t->size = 0;
}

u32 wf_table_grow(wf_table *t, wf_ref init, u32 delta) {
  u32 old = t->size;
  u64 want = (u64)old + delta;
  if (want > t->max || want > TABLE_LIMIT) return (u32)-1;
  if (delta) {
    wf_table_elem *e = realloc(t->elems, (size_t)want * sizeof *e);
    if (!e) return (u32)-1;
    for (u64 i = old; i < want; i++) wf_table_elem_set(t, &e[i], init);
    t->elems = e;
    t->size = (u32)want;
  }
  return old;
}

const wf_func *wf_call_target_slow(wf_table *t, u32 i, const char *sig) {
  if (i >= t->size) wf_trap(WF_TRAP_UNDEFINED_ELEMENT);
  const wf_func *f = &t->elems[i].f;
  if (!t->elems[i].ref) wf_trap(WF_TRAP_UNINITIALIZED_ELEMENT);
  if (!wf_sig_eq(f->sig, sig)) wf_trap(WF_TRAP_INDIRECT_CALL_TYPE);
  return f;
}

static void check(wf_table *t, u64 at, u64 n) {
  if (at + n > t->size) wf_trap(WF_TRAP_OOB_TABLE);
}

void wf_table_fill(wf_table *t, u64 d, wf_ref val, u64 n) {
  check(t, d, n);
  for (u64 i = 0; i < n; i++) wf_table_elem_set(t, &t->elems[d + i], val);
}

void wf_table_copy(wf_table *dst, wf_table *src, u64 d, u64 s, u64 n) {
  check(dst, d, n);
  check(src, s, n);
  memmove(dst->elems + d, src->elems + s, n * sizeof *dst->elems);
}

void wf_table_init_seg(wf_table *t, const wf_ref *seg, u32 seg_len, u64 d,
                       u64 s, u64 n) {
  if (s + n > seg_len) wf_trap(WF_TRAP_OOB_TABLE);
  check(t, d, n);
  for (u64 i = 0; i < n; i++) wf_table_elem_set(t, &t->elems[d + i], seg[s + i]);
}

void wf_table_set(wf_table *t, u32 i, wf_ref v) {
  if (WF_UNLIKELY(i >= t->size)) wf_trap(WF_TRAP_OOB_TABLE);
  wf_table_elem_set(t, &t->elems[i], v);
}
