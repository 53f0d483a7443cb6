/*
 * wasi_random.c - random_get: the host's getrandom(2), looped, since one
 * call returns at most 32 MiB and may be interrupted.
 */
#include "wasi_internal.h"

#include <errno.h>
#include <sys/random.h>

u32 wasi_random_get(void *ctx, u32 buf, u32 len) {
  u8 *p;
  if (wasi_mem(ctx, buf, len, &p)) return WASI_EFAULT;
  while (len > 0) {
    ssize_t n = getrandom(p, len, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return wasi_errno(errno);
    }
    p += n;
    len -= (u32)n;
  }
  return WASI_ESUCCESS;
}
