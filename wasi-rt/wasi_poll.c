/*
 * wasi_poll.c - poll_oneoff: wait for the earliest of any number of clock
 * subscriptions (relative or absolute) and of fd_read / fd_write
 * readiness, reported through poll(2).
 *
 * Guest layouts (little-endian):
 *   subscription, preview1, 48 bytes: u64 userdata @0, u8 tag @8, then
 *     clock: u32 id @16, u64 timeout @24, u64 precision @32, u16 flags @40
 *     fd:    u32 fd @16
 *   subscription, wasi_unstable (preview 0), 56 bytes: the clock variant
 *     carries a u64 identifier first, so id @24, timeout @32,
 *     precision @40, flags @48; fd @16 as above
 *   event, both, 32 bytes: u64 userdata @0, u16 error @8, u8 type @10,
 *     u64 nbytes @16, u16 flags @24 (1 = hangup)
 *
 * Every deadline is turned into a CLOCK_MONOTONIC instant.  With no fd to
 * watch the thread sleeps in clock_nanosleep until the earliest one;
 * otherwise poll(2) waits with that timeout rounded up to a millisecond.
 * A subscription that is invalid by itself (bad fd, unknown clock) is
 * reported as an event carrying its error, and then nothing blocks.
 */
#include "wasi_internal.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/ioctl.h>

typedef struct sub_layout {
  u32 size, clock_id, timeout, flags;
} sub_layout;

static const sub_layout layout_preview1 = {48, 16, 24, 40};
static const sub_layout layout_preview0 = {56, 24, 32, 48};

#define SUBCLOCK_ABSTIME 1
#define EVENT_SIZE 32
#define EVENTRW_HANGUP 1

typedef struct sub {
  u64 userdata;
  u8 type;
  u16 error;        /* reported without waiting when non-zero */
  u64 deadline;     /* clock: monotonic ns */
  wasi_file *file;  /* fd_read / fd_write: held until the call returns */
  int pfd;          /* its index in the pollfd array */
} sub;

static u64 sat_add(u64 a, u64 b) { return a + b < a ? UINT64_MAX : a + b; }

/* Monotonic instant at which a clock subscription fires. */
static u16 clock_deadline(u32 id, u64 timeout, u16 flags, u64 *deadline) {
  clockid_t clk;
  struct timespec ts;
  if (wasi_clock_host(id, &clk)) return WASI_EINVAL;
  u64 now = wasi_monotonic_ns();
  if (!(flags & SUBCLOCK_ABSTIME)) {
    *deadline = sat_add(now, timeout);
  } else if (clk == CLOCK_MONOTONIC) {
    *deadline = timeout;
  } else if (clk == CLOCK_REALTIME) {
    clock_gettime(CLOCK_REALTIME, &ts);
    u64 real = (u64)ts.tv_sec * 1000000000u + (u64)ts.tv_nsec;
    *deadline = timeout > real ? sat_add(now, timeout - real) : now;
  } else {
    return WASI_ENOTSUP; /* waiting for CPU time to pass */
  }
  return WASI_ESUCCESS;
}

/* Reads subscription i into *s (and its pollfd, for fd subscriptions). */
static u32 sub_load(wasi_ctx *ctx, const u8 *in, const sub_layout *l,
                    sub *s, struct pollfd *pfds, int *npfds) {
  s->userdata = wf_rd64(in);
  s->type = wf_rd8(in + 8);
  s->error = 0;
  s->file = NULL;
  switch (s->type) {
  case WASI_EVENTTYPE_CLOCK:
    s->error = clock_deadline(wf_rd32(in + l->clock_id),
                              wf_rd64(in + l->timeout),
                              wf_rd16(in + l->flags), &s->deadline);
    return WASI_ESUCCESS;
  case WASI_EVENTTYPE_FD_READ:
  case WASI_EVENTTYPE_FD_WRITE: {
    bool rd = s->type == WASI_EVENTTYPE_FD_READ;
    s->error = (u16)wasi_fd_get(ctx, wf_rd32(in + 16),
                                rd ? WASI_RIGHT_FD_READ : WASI_RIGHT_FD_WRITE,
                                &s->file);
    if (!s->error) {
      s->pfd = (*npfds)++;
      pfds[s->pfd].fd = s->file->host;
      pfds[s->pfd].events = rd ? POLLIN : POLLOUT;
      pfds[s->pfd].revents = 0;
    }
    return WASI_ESUCCESS;
  }
  default:
    return WASI_EINVAL;
  }
}

/* Bytes readable without blocking, where the host can tell. */
static u64 readable_bytes(int fd) {
  int n = 0;
  return ioctl(fd, FIONREAD, &n) == 0 && n > 0 ? (u64)n : 0;
}

/* Writes the event for s if it has fired; returns whether it did. */
static bool sub_event(const sub *s, const struct pollfd *pfds, u64 now,
                      u8 *ev) {
  u16 error = s->error, flags = 0;
  u64 nbytes = 0;
  if (!error) {
    if (s->type == WASI_EVENTTYPE_CLOCK) {
      if (s->deadline > now) return false;
    } else {
      short re = pfds[s->pfd].revents;
      if (!re) return false;
      if (re & POLLNVAL)
        error = WASI_EBADF;
      else if ((re & POLLERR) && !(re & (POLLIN | POLLOUT)))
        error = WASI_EIO;
      if (re & POLLHUP) flags |= EVENTRW_HANGUP;
      if (s->type == WASI_EVENTTYPE_FD_READ && (re & POLLIN))
        nbytes = readable_bytes(pfds[s->pfd].fd);
    }
  }
  memset(ev, 0, EVENT_SIZE);
  wf_st64(ev, s->userdata);
  wf_st16(ev + 8, error);
  wf_st8(ev + 10, s->type);
  wf_st64(ev + 16, nbytes);
  wf_st16(ev + 24, flags);
  return true;
}

/* Sleeps until the earliest deadline or until an fd is ready.  Returns 0,
 * or a WASI errno when poll itself fails. */
static u32 wait_once(struct pollfd *pfds, int npfds, u64 earliest,
                     bool immediate) {
  u64 now = wasi_monotonic_ns();
  if (npfds == 0 && !immediate && earliest != UINT64_MAX) {
    struct timespec ts = {(time_t)(earliest / 1000000000u),
                          (long)(earliest % 1000000000u)};
    if (earliest > now)
      clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
    return WASI_ESUCCESS;
  }
  int ms = -1;
  if (immediate || earliest <= now) {
    ms = 0;
  } else if (earliest != UINT64_MAX) {
    u64 wait = (earliest - now + 999999) / 1000000;
    ms = wait > INT_MAX ? INT_MAX : (int)wait;
  }
  if (poll(pfds, (nfds_t)npfds, ms) < 0 && errno != EINTR)
    return wasi_errno(errno);
  return WASI_ESUCCESS;
}

static u32 poll_oneoff(wasi_ctx *ctx, const sub_layout *l, u32 in, u32 out,
                       u32 nsubs, u32 nevents_ptr) {
  u8 *pin, *pout, *pn;
  if (nsubs == 0) return WASI_EINVAL;
  if (wasi_mem(ctx, in, (u64)nsubs * l->size, &pin) ||
      wasi_mem(ctx, out, (u64)nsubs * EVENT_SIZE, &pout) ||
      wasi_mem(ctx, nevents_ptr, 4, &pn))
    return WASI_EFAULT;
  sub *subs = calloc(nsubs, sizeof *subs);
  struct pollfd *pfds = calloc(nsubs, sizeof *pfds);
  u32 err = subs && pfds ? WASI_ESUCCESS : WASI_ENOMEM;
  u32 loaded = 0;
  int npfds = 0;
  u64 earliest = UINT64_MAX;
  bool immediate = false;
  /* Every subscription is read before any event is written: the two
   * arrays may overlap. */
  for (; !err && loaded < nsubs; loaded++) {
    sub *s = &subs[loaded];
    err = sub_load(ctx, pin + (u64)loaded * l->size, l, s, pfds, &npfds);
    if (err) break;
    if (s->error) immediate = true;
    else if (s->type == WASI_EVENTTYPE_CLOCK && s->deadline < earliest)
      earliest = s->deadline;
  }
  u32 nevents = 0;
  while (!err && nevents == 0) {
    err = wait_once(pfds, npfds, earliest, immediate);
    u64 now = wasi_monotonic_ns();
    for (u32 i = 0; !err && i < nsubs; i++)
      if (sub_event(&subs[i], pfds, now, pout + (u64)nevents * EVENT_SIZE))
        nevents++;
  }
  if (!err) wf_st32(pn, nevents);
  for (u32 i = 0; i < loaded; i++)
    if (subs[i].file) wasi_fd_put(ctx, subs[i].file);
  free(subs);
  free(pfds);
  return err;
}

u32 wasi_poll_oneoff(void *ctx, u32 in, u32 out, u32 nsubs,
                     u32 nevents_ptr) {
  return poll_oneoff(ctx, &layout_preview1, in, out, nsubs, nevents_ptr);
}

u32 wasi_unstable_poll_oneoff(void *ctx, u32 in, u32 out, u32 nsubs,
                              u32 nevents_ptr) {
  return poll_oneoff(ctx, &layout_preview0, in, out, nsubs, nevents_ptr);
}
