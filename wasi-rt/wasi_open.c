/*
 * wasi_open.c - path_open: a file or directory under a directory fd, with
 * the guest's oflags, fdflags, lookupflags and rights.
 *
 * The directory must hold PATH_OPEN, plus PATH_CREATE_FILE for CREAT and
 * PATH_FILESTAT_SET_SIZE for TRUNC.  The new descriptor's rights are what
 * the guest asked for, cut down to what the directory passes on (its
 * inheriting rights) and to what such a file opened that way can do;
 * asking for more is not an error (wasi-libc asks for everything).  The
 * host access mode follows the rights: writing when any of FD_WRITE,
 * FD_ALLOCATE, FD_FILESTAT_SET_SIZE is asked for, reading when FD_READ or
 * FD_READDIR is, or when nothing else is.  So a directory asked for with
 * write rights fails with EISDIR, as POSIX open would.
 *
 * The last component is opened with O_NOFOLLOW: following was done by
 * wasi_path_resolve when lookupflags asked for it (never for CREAT|EXCL,
 * which POSIX says must not follow), so an open never leaves the sandbox.
 */
#include "wasi_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#define RIGHTS_WRITING \
  (WASI_RIGHT_FD_WRITE | WASI_RIGHT_FD_ALLOCATE | \
   WASI_RIGHT_FD_FILESTAT_SET_SIZE)
#define RIGHTS_READING (WASI_RIGHT_FD_READ | WASI_RIGHT_FD_READDIR)

static int host_flags(u32 oflags, u32 fdflags, u64 rights) {
  int fl = O_CLOEXEC | O_NOFOLLOW | O_NOCTTY;
  if (oflags & WASI_OFLAG_CREAT) fl |= O_CREAT;
  if (oflags & WASI_OFLAG_DIRECTORY) fl |= O_DIRECTORY;
  if (oflags & WASI_OFLAG_EXCL) fl |= O_EXCL;
  if (oflags & WASI_OFLAG_TRUNC) fl |= O_TRUNC;
  if (fdflags & WASI_FDFLAG_APPEND) fl |= O_APPEND;
  if (fdflags & WASI_FDFLAG_DSYNC) fl |= O_DSYNC;
  if (fdflags & WASI_FDFLAG_NONBLOCK) fl |= O_NONBLOCK;
  if (fdflags & WASI_FDFLAG_RSYNC) fl |= O_RSYNC;
  if (fdflags & WASI_FDFLAG_SYNC) fl |= O_SYNC;
  bool wr = rights & RIGHTS_WRITING;
  bool rd = (rights & RIGHTS_READING) || !wr;
  return fl | (rd && wr ? O_RDWR : wr ? O_WRONLY : O_RDONLY);
}

u32 wasi_path_open(void *vctx, u32 dirfd, u32 lookup, u32 path, u32 path_len,
                   u32 oflags, u64 rights_base, u64 rights_inheriting,
                   u32 fdflags, u32 fd_ptr) {
  wasi_ctx *ctx = vctx;
  wasi_file *dir;
  wasi_path p;
  u8 *res;
  if (oflags > 0xf || fdflags > 0x1f || lookup > 1) return WASI_EINVAL;
  if (wasi_mem(ctx, fd_ptr, 4, &res)) return WASI_EFAULT;
  u64 need = WASI_RIGHT_PATH_OPEN;
  if (oflags & WASI_OFLAG_CREAT) need |= WASI_RIGHT_PATH_CREATE_FILE;
  if (oflags & WASI_OFLAG_TRUNC) need |= WASI_RIGHT_PATH_FILESTAT_SET_SIZE;
  bool excl = (oflags & WASI_OFLAG_CREAT) && (oflags & WASI_OFLAG_EXCL);
  unsigned pf = (lookup & WASI_LOOKUP_SYMLINK_FOLLOW) && !excl
                    ? WASI_PATH_FOLLOW : 0;
  u32 err = wasi_path_begin(ctx, dirfd, need, path, path_len, pf, &dir, &p);
  if (err) return err;
  u64 dir_base, dir_inheriting;
  wasi_file_rights(ctx, dir, &dir_base, &dir_inheriting);
  int host = openat(p.dirfd, p.name, host_flags(oflags, fdflags, rights_base),
                    0666);
  if (host < 0) {
    err = wasi_errno(errno);
  } else {
    wasi_file *f = wasi_file_new(host, true, NULL);
    if (!f) {
      close(host);
      err = WASI_ENOMEM;
    } else {
      /* f is not in the table yet: nobody else sees its rights. */
      f->rights_base &= rights_base & dir_inheriting;
      f->rights_inheriting = rights_inheriting & dir_inheriting;
      u32 fd;
      err = wasi_fd_insert(ctx, f, &fd);
      if (err)
        wasi_fd_put(ctx, f);
      else
        wf_st32(res, fd);
    }
  }
  wasi_path_end(ctx, dir, &p);
  return err;
}
