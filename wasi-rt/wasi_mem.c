/*
 * wasi_mem.c - guest pointers to host pointers, after a bounds check.
 *
 * A guest range is valid when it lies inside the memory's current size;
 * a shared memory may grow meanwhile, but never shrinks or moves, so a
 * range checked once stays valid for the rest of the call.  Values are
 * stored little-endian through wf_st*, never through casted pointers.
 */
#include "wasi_internal.h"

#include <limits.h>
#include <stdlib.h>

u32 wasi_mem(wasi_ctx *ctx, u32 addr, u64 len, u8 **p) {
  wf_memory *m = ctx->mem;
  if (!m || (u64)addr + len > wf_memory_bytes(m)) return WASI_EFAULT;
  *p = m->base + addr;
  return WASI_ESUCCESS;
}

u32 wasi_put32(wasi_ctx *ctx, u32 addr, u32 v) {
  u8 *p;
  u32 err = wasi_mem(ctx, addr, 4, &p);
  if (err) return err;
  wf_st32(p, v);
  return WASI_ESUCCESS;
}

u32 wasi_put64(wasi_ctx *ctx, u32 addr, u64 v) {
  u8 *p;
  u32 err = wasi_mem(ctx, addr, 8, &p);
  if (err) return err;
  wf_st64(p, v);
  return WASI_ESUCCESS;
}

#ifndef IOV_MAX
#define IOV_MAX 1024
#endif

u32 wasi_iov_load(wasi_ctx *ctx, u32 iovs, u32 n, wasi_iov *out) {
  u8 *arr;
  u32 err = wasi_mem(ctx, iovs, (u64)n * 8, &arr);
  if (err) return err;
  u32 take = n < IOV_MAX ? n : IOV_MAX;
  out->v = out->small;
  out->n = 0;
  if (take > sizeof out->small / sizeof out->small[0]) {
    out->v = malloc(take * sizeof *out->v);
    if (!out->v) return WASI_ENOMEM;
  }
  for (u32 i = 0; i < take; i++) {
    u32 buf = wf_rd32(arr + 8 * i), len = wf_rd32(arr + 8 * i + 4);
    u8 *p;
    err = wasi_mem(ctx, buf, len, &p);
    if (err) {
      wasi_iov_done(out);
      return err;
    }
    out->v[i].iov_base = p;
    out->v[i].iov_len = len;
  }
  out->n = (int)take;
  return WASI_ESUCCESS;
}

void wasi_iov_done(wasi_iov *iov) {
  if (iov->v != iov->small) free(iov->v);
  iov->v = iov->small;
  iov->n = 0;
}
