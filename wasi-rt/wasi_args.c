/*
 * wasi_args.c - args_* and environ_*: the program's argv and environment
 * as the ctx copied them.  Both hand a string list to the guest the same
 * way: *_sizes_get gives the count and the buffer size (NULs included),
 * *_get writes `count` u32 pointers at one address and the strings, back
 * to back and NUL-terminated, at another.
 */
#include "wasi_internal.h"

static u32 strings_sizes(wasi_ctx *ctx, const wasi_strings *s, u32 count_ptr,
                         u32 size_ptr) {
  u8 *pc, *ps;
  if (wasi_mem(ctx, count_ptr, 4, &pc) || wasi_mem(ctx, size_ptr, 4, &ps))
    return WASI_EFAULT;
  wf_st32(pc, s->count);
  wf_st32(ps, s->bytes);
  return WASI_ESUCCESS;
}

static u32 strings_get(wasi_ctx *ctx, const wasi_strings *s, u32 ptrs,
                       u32 buf) {
  u8 *pp, *pb;
  if (wasi_mem(ctx, ptrs, (u64)s->count * 4, &pp) ||
      wasi_mem(ctx, buf, s->bytes, &pb))
    return WASI_EFAULT;
  u32 off = 0;
  for (u32 i = 0; i < s->count; i++) {
    wf_st32(pp + 4 * i, buf + off);
    off += (u32)strlen(s->buf + off) + 1;
  }
  memcpy(pb, s->buf, s->bytes);
  return WASI_ESUCCESS;
}

u32 wasi_args_sizes_get(void *ctx, u32 argc_ptr, u32 buf_size_ptr) {
  wasi_ctx *c = ctx;
  return strings_sizes(c, &c->args, argc_ptr, buf_size_ptr);
}

u32 wasi_args_get(void *ctx, u32 argv, u32 argv_buf) {
  wasi_ctx *c = ctx;
  return strings_get(c, &c->args, argv, argv_buf);
}

u32 wasi_environ_sizes_get(void *ctx, u32 count_ptr, u32 buf_size_ptr) {
  wasi_ctx *c = ctx;
  return strings_sizes(c, &c->env, count_ptr, buf_size_ptr);
}

u32 wasi_environ_get(void *ctx, u32 environ, u32 environ_buf) {
  wasi_ctx *c = ctx;
  return strings_get(c, &c->env, environ, environ_buf);
}
