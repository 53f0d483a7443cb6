/*
 * wasi_filestat.c - file attributes: fd_filestat_get/set_size/set_times
 * and path_filestat_get/set_times.
 *
 * Guest layouts (little-endian):
 *   filestat, preview1, 64 bytes: u64 dev @0, u64 ino @8, u8 filetype @16,
 *     u64 nlink @24, u64 size @32, u64 atim @40, u64 mtim @48, u64 ctim @56
 *   filestat, wasi_unstable (preview 0), 56 bytes: the link count is a
 *     u32, so u32 nlink @20, u64 size @24, atim @32, mtim @40, ctim @48
 * Times are nanoseconds since the epoch.  fstflags: ATIM and ATIM_NOW (or
 * MTIM and MTIM_NOW) together are EINVAL; a time with neither is left
 * alone.  path_* calls stat or touch the link itself unless lookupflags
 * says follow (wasi_path_resolve then followed it).
 */
#include "wasi_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct stat_layout {
  u32 size, nlink, nlink_bytes, rest; /* rest: size, atim, mtim, ctim */
} stat_layout;

static const stat_layout layout_preview1 = {64, 24, 8, 32};
static const stat_layout layout_preview0 = {56, 20, 4, 24};

static u64 ns_of(struct timespec ts) {
  return (u64)ts.tv_sec * 1000000000u + (u64)ts.tv_nsec;
}

/* Writes *st at guest address buf; 0 or a WASI errno. */
static u32 put_filestat(wasi_ctx *ctx, const stat_layout *l, u32 buf,
                        const struct stat *st, u8 filetype) {
  u8 *p;
  if (wasi_mem(ctx, buf, l->size, &p)) return WASI_EFAULT;
  if (l->nlink_bytes == 4 && (u64)st->st_nlink > UINT32_MAX)
    return WASI_EOVERFLOW;
  memset(p, 0, l->size);
  wf_st64(p, (u64)st->st_dev);
  wf_st64(p + 8, (u64)st->st_ino);
  wf_st8(p + 16, filetype);
  if (l->nlink_bytes == 4)
    wf_st32(p + l->nlink, (u32)st->st_nlink);
  else
    wf_st64(p + l->nlink, (u64)st->st_nlink);
  wf_st64(p + l->rest, (u64)st->st_size);
  wf_st64(p + l->rest + 8, ns_of(st->st_atim));
  wf_st64(p + l->rest + 16, ns_of(st->st_mtim));
  wf_st64(p + l->rest + 24, ns_of(st->st_ctim));
  return WASI_ESUCCESS;
}

static u32 fd_filestat(wasi_ctx *ctx, const stat_layout *l, u32 fd, u32 buf) {
  wasi_file *f;
  struct stat st;
  u32 err = wasi_fd_get(ctx, fd, WASI_RIGHT_FD_FILESTAT_GET, &f);
  if (err) return err;
  if (fstat(f->host, &st) != 0)
    err = wasi_errno(errno);
  else
    err = put_filestat(ctx, l, buf, &st, f->filetype);
  wasi_fd_put(ctx, f);
  return err;
}

u32 wasi_fd_filestat_get(void *ctx, u32 fd, u32 buf) {
  return fd_filestat(ctx, &layout_preview1, fd, buf);
}

u32 wasi_unstable_fd_filestat_get(void *ctx, u32 fd, u32 buf) {
  return fd_filestat(ctx, &layout_preview0, fd, buf);
}

u32 wasi_fd_filestat_set_size(void *ctx, u32 fd, u64 size) {
  wasi_file *f;
  if (size > INT64_MAX) return WASI_EINVAL;
  u32 err = wasi_fd_get(ctx, fd, WASI_RIGHT_FD_FILESTAT_SET_SIZE, &f);
  if (err) return err;
  if (ftruncate(f->host, (off_t)size) != 0) err = wasi_errno(errno);
  wasi_fd_put(ctx, f);
  return err;
}

/* fstflags to the two timespecs utimensat takes. */
static u32 times_of(u64 atim, u64 mtim, u32 fst, struct timespec ts[2]) {
  if (fst > 0xf ||
      (fst & (WASI_FSTFLAG_ATIM | WASI_FSTFLAG_ATIM_NOW)) ==
          (WASI_FSTFLAG_ATIM | WASI_FSTFLAG_ATIM_NOW) ||
      (fst & (WASI_FSTFLAG_MTIM | WASI_FSTFLAG_MTIM_NOW)) ==
          (WASI_FSTFLAG_MTIM | WASI_FSTFLAG_MTIM_NOW))
    return WASI_EINVAL;
  const u64 t[2] = {atim, mtim};
  const u32 set[2] = {WASI_FSTFLAG_ATIM, WASI_FSTFLAG_MTIM};
  const u32 now[2] = {WASI_FSTFLAG_ATIM_NOW, WASI_FSTFLAG_MTIM_NOW};
  for (int i = 0; i < 2; i++) {
    ts[i].tv_sec = 0;
    if (fst & now[i]) {
      ts[i].tv_nsec = UTIME_NOW;
    } else if (fst & set[i]) {
      ts[i].tv_sec = (time_t)(t[i] / 1000000000u);
      ts[i].tv_nsec = (long)(t[i] % 1000000000u);
    } else {
      ts[i].tv_nsec = UTIME_OMIT;
    }
  }
  return WASI_ESUCCESS;
}

u32 wasi_fd_filestat_set_times(void *ctx, u32 fd, u64 atim, u64 mtim,
                               u32 fstflags) {
  wasi_file *f;
  struct timespec ts[2];
  u32 err = times_of(atim, mtim, fstflags, ts);
  if (err) return err;
  err = wasi_fd_get(ctx, fd, WASI_RIGHT_FD_FILESTAT_SET_TIMES, &f);
  if (err) return err;
  if (futimens(f->host, ts) != 0) err = wasi_errno(errno);
  wasi_fd_put(ctx, f);
  return err;
}

static unsigned follow(u32 lookup) {
  return lookup & WASI_LOOKUP_SYMLINK_FOLLOW ? WASI_PATH_FOLLOW : 0;
}

static u32 path_filestat(wasi_ctx *ctx, const stat_layout *l, u32 fd,
                         u32 lookup, u32 path, u32 path_len, u32 buf) {
  wasi_file *dir;
  wasi_path p;
  struct stat st;
  if (lookup > 1) return WASI_EINVAL;
  u32 err = wasi_path_begin(ctx, fd, WASI_RIGHT_PATH_FILESTAT_GET, path,
                            path_len, follow(lookup), &dir, &p);
  if (err) return err;
  if (fstatat(p.dirfd, p.name, &st, AT_SYMLINK_NOFOLLOW) != 0)
    err = wasi_errno(errno);
  else
    err = put_filestat(ctx, l, buf, &st, wasi_filetype_of(-1, &st));
  wasi_path_end(ctx, dir, &p);
  return err;
}

u32 wasi_path_filestat_get(void *ctx, u32 fd, u32 lookup, u32 path,
                           u32 path_len, u32 buf) {
  return path_filestat(ctx, &layout_preview1, fd, lookup, path, path_len,
                       buf);
}

u32 wasi_unstable_path_filestat_get(void *ctx, u32 fd, u32 lookup, u32 path,
                                    u32 path_len, u32 buf) {
  return path_filestat(ctx, &layout_preview0, fd, lookup, path, path_len,
                       buf);
}

u32 wasi_path_filestat_set_times(void *ctx, u32 fd, u32 lookup, u32 path,
                                 u32 path_len, u64 atim, u64 mtim,
                                 u32 fstflags) {
  wasi_file *dir;
  wasi_path p;
  struct timespec ts[2];
  if (lookup > 1) return WASI_EINVAL;
  u32 err = times_of(atim, mtim, fstflags, ts);
  if (err) return err;
  err = wasi_path_begin(ctx, fd, WASI_RIGHT_PATH_FILESTAT_SET_TIMES, path,
                        path_len, follow(lookup), &dir, &p);
  if (err) return err;
  if (utimensat(p.dirfd, p.name, ts, AT_SYMLINK_NOFOLLOW) != 0)
    err = wasi_errno(errno);
  wasi_path_end(ctx, dir, &p);
  return err;
}
