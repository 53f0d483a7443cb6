/*
 * wasi_fdstat.c - what a descriptor is: fd_fdstat_get, fd_fdstat_set_flags,
 * fd_fdstat_set_rights, and the preopen queries fd_prestat_get and fd_prestat_dir_name that
 * wasi-libc walks from fd 3 up at start-up to find its directories.
 *
 * Guest layouts (little-endian, no struct casts):
 *   fdstat  24 bytes: u8 filetype @0, u16 flags @2, u64 rights_base @8,
 *                     u64 rights_inheriting @16
 *   prestat  8 bytes: u8 tag @0 (0 = directory), u32 name_len @4
 */
#include "wasi_internal.h"

#include <errno.h>
#include <fcntl.h>

/* fdflags <-> host status flags.  Linux's O_SYNC includes O_DSYNC and
 * O_RSYNC equals O_SYNC, so SYNC is tested whole and RSYNC not reported. */
static u16 fdflags_of(int fl) {
  u16 flags = 0;
  if (fl & O_APPEND) flags |= WASI_FDFLAG_APPEND;
  if (fl & O_NONBLOCK) flags |= WASI_FDFLAG_NONBLOCK;
  if ((fl & O_SYNC) == O_SYNC)
    flags |= WASI_FDFLAG_SYNC;
  else if (fl & O_DSYNC)
    flags |= WASI_FDFLAG_DSYNC;
  return flags;
}

u32 wasi_fd_fdstat_get(void *ctx, u32 fd, u32 stat_ptr) {
  wasi_file *f;
  u8 *p;
  u32 err = wasi_fd_get(ctx, fd, 0, &f);
  if (err) return err;
  int fl = fcntl(f->host, F_GETFL);
  if (wasi_mem(ctx, stat_ptr, 24, &p)) {
    err = WASI_EFAULT;
  } else if (fl < 0) {
    err = wasi_errno(errno);
  } else {
    u64 base, inheriting;
    wasi_file_rights(ctx, f, &base, &inheriting);
    memset(p, 0, 24);
    wf_st8(p, f->filetype);
    wf_st16(p + 2, fdflags_of(fl));
    wf_st64(p + 8, base);
    wf_st64(p + 16, inheriting);
  }
  wasi_fd_put(ctx, f);
  return err;
}

/* The synchronous-I/O level a set of fdflags asks for: SYNC implies DSYNC
 * and, on Linux, RSYNC. */
static u32 sync_level(u32 flags) {
  if (flags & WASI_FDFLAG_SYNC) return WASI_FDFLAG_SYNC;
  if (flags & WASI_FDFLAG_RSYNC) return WASI_FDFLAG_RSYNC;
  return flags & WASI_FDFLAG_DSYNC;
}

/* Only APPEND and NONBLOCK can change on an open host descriptor; the
 * synchronous-I/O flags are fixed when a file is opened. */
u32 wasi_fd_fdstat_set_flags(void *ctx, u32 fd, u32 flags) {
  wasi_file *f;
  u32 err = wasi_fd_get(ctx, fd, WASI_RIGHT_FD_FDSTAT_SET_FLAGS, &f);
  if (err) return err;
  int fl = fcntl(f->host, F_GETFL);
  if (flags > 0x1f) {
    err = WASI_EINVAL;
  } else if (fl < 0) {
    err = wasi_errno(errno);
  } else if (sync_level(flags) != sync_level(fdflags_of(fl))) {
    err = WASI_ENOTSUP;
  } else {
    fl &= ~(O_APPEND | O_NONBLOCK);
    if (flags & WASI_FDFLAG_APPEND) fl |= O_APPEND;
    if (flags & WASI_FDFLAG_NONBLOCK) fl |= O_NONBLOCK;
    if (fcntl(f->host, F_SETFL, fl) != 0) err = wasi_errno(errno);
  }
  wasi_fd_put(ctx, f);
  return err;
}

u32 wasi_fd_fdstat_set_rights(void *ctx, u32 fd, u64 base, u64 inheriting) {
  return wasi_fd_set_rights(ctx, fd, base, inheriting);
}

/* The file at fd if it is a preopen, else WASI_EBADF. */
static u32 get_preopen(wasi_ctx *ctx, u32 fd, wasi_file **f) {
  u32 err = wasi_fd_get(ctx, fd, 0, f);
  if (err) return err;
  if (!(*f)->preopen) {
    wasi_fd_put(ctx, *f);
    return WASI_EBADF;
  }
  return WASI_ESUCCESS;
}

u32 wasi_fd_prestat_get(void *ctx, u32 fd, u32 prestat_ptr) {
  wasi_file *f;
  u8 *p;
  u32 err = get_preopen(ctx, fd, &f);
  if (err) return err;
  if (wasi_mem(ctx, prestat_ptr, 8, &p)) {
    err = WASI_EFAULT;
  } else {
    memset(p, 0, 8);
    wf_st8(p, 0); /* preopentype dir */
    wf_st32(p + 4, f->preopen_len);
  }
  wasi_fd_put(ctx, f);
  return err;
}

/* Writes the name without a NUL; a larger buffer is fine, a smaller one
 * is ENAMETOOLONG. */
u32 wasi_fd_prestat_dir_name(void *ctx, u32 fd, u32 path, u32 path_len) {
  wasi_file *f;
  u8 *p;
  u32 err = get_preopen(ctx, fd, &f);
  if (err) return err;
  if (path_len < f->preopen_len)
    err = WASI_ENAMETOOLONG;
  else if (wasi_mem(ctx, path, f->preopen_len, &p))
    err = WASI_EFAULT;
  else
    memcpy(p, f->preopen, f->preopen_len);
  wasi_fd_put(ctx, f);
  return err;
}
