/*
 * wasi_clock.c - clock_res_get and clock_time_get, and the clock-id
 * mapping poll_oneoff shares.  WASI clock ids 0-3 are realtime,
 * monotonic, process CPU time and thread CPU time; times are u64
 * nanoseconds.
 */
#include "wasi_internal.h"

#include <errno.h>

static const clockid_t host_clocks[] = {
  CLOCK_REALTIME,
  CLOCK_MONOTONIC,
  CLOCK_PROCESS_CPUTIME_ID,
  CLOCK_THREAD_CPUTIME_ID,
};

u32 wasi_clock_host(u32 id, clockid_t *out) {
  if (id >= sizeof host_clocks / sizeof host_clocks[0]) return WASI_EINVAL;
  *out = host_clocks[id];
  return WASI_ESUCCESS;
}

static u64 ns_of(const struct timespec *ts) {
  return (u64)ts->tv_sec * 1000000000u + (u64)ts->tv_nsec;
}

u64 wasi_monotonic_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ns_of(&ts);
}

u32 wasi_clock_res_get(void *ctx, u32 id, u32 res_ptr) {
  clockid_t clk;
  struct timespec ts;
  u8 *p;
  u32 err = wasi_clock_host(id, &clk);
  if (err) return err;
  if (wasi_mem(ctx, res_ptr, 8, &p)) return WASI_EFAULT;
  if (clock_getres(clk, &ts) != 0) return wasi_errno(errno);
  wf_st64(p, ns_of(&ts));
  return WASI_ESUCCESS;
}

u32 wasi_clock_time_get(void *ctx, u32 id, u64 precision, u32 time_ptr) {
  clockid_t clk;
  struct timespec ts;
  u8 *p;
  (void)precision; /* a hint; the host clock is read at full precision */
  u32 err = wasi_clock_host(id, &clk);
  if (err) return err;
  if (wasi_mem(ctx, time_ptr, 8, &p)) return WASI_EFAULT;
  if (clock_gettime(clk, &ts) != 0) return wasi_errno(errno);
  wf_st64(p, ns_of(&ts));
  return WASI_ESUCCESS;
}
