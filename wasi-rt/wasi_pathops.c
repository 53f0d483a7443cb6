/*
 * wasi_pathops.c - the path_* calls that change or read the directory
 * tree by name: path_create_directory, path_remove_directory,
 * path_unlink_file, path_rename, path_link, path_symlink, path_readlink.
 *
 * Each resolves its path(s) with wasi_path_resolve and then makes the one
 * *at() call that does the job, on the resolved (directory, name).  Calls
 * that act on a name itself get WASI_PATH_KEEP_SLASH, so "dir/" and
 * "file/" reach the kernel as written and fail or succeed as POSIX says
 * (unlink "dir/" EISDIR, rmdir "file/" ENOTDIR, symlink "new/" ENOENT).
 * A symbolic link's target is stored as given unless it is absolute
 * (WASI_ENOTCAPABLE: it could only name something outside); a relative one
 * is only ever followed through wasi_path_resolve, which keeps it inside
 * the sandbox.
 */
#include "wasi_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h> /* renameat */
#include <stdlib.h>
#include <unistd.h>

/* One path, one call: the shape of mkdir, rmdir and unlink. */
static u32 one_path(wasi_ctx *ctx, u32 fd, u64 right, u32 path, u32 len,
                    int (*op)(const wasi_path *)) {
  wasi_file *dir;
  wasi_path p;
  u32 err = wasi_path_begin(ctx, fd, right, path, len, WASI_PATH_KEEP_SLASH,
                            &dir, &p);
  if (err) return err;
  if (op(&p) != 0) err = wasi_errno(errno);
  wasi_path_end(ctx, dir, &p);
  return err;
}

static int do_mkdir(const wasi_path *p) {
  return mkdirat(p->dirfd, p->name, 0777);
}

static int do_rmdir(const wasi_path *p) {
  return unlinkat(p->dirfd, p->name, AT_REMOVEDIR);
}

static int do_unlink(const wasi_path *p) {
  return unlinkat(p->dirfd, p->name, 0);
}

u32 wasi_path_create_directory(void *ctx, u32 fd, u32 path, u32 path_len) {
  return one_path(ctx, fd, WASI_RIGHT_PATH_CREATE_DIRECTORY, path, path_len,
                  do_mkdir);
}

u32 wasi_path_remove_directory(void *ctx, u32 fd, u32 path, u32 path_len) {
  return one_path(ctx, fd, WASI_RIGHT_PATH_REMOVE_DIRECTORY, path, path_len,
                  do_rmdir);
}

u32 wasi_path_unlink_file(void *ctx, u32 fd, u32 path, u32 path_len) {
  return one_path(ctx, fd, WASI_RIGHT_PATH_UNLINK_FILE, path, path_len,
                  do_unlink);
}

/* Two paths: rename and link. */
static u32 two_paths(wasi_ctx *ctx, u32 old_fd, u64 old_right,
                     unsigned old_flags, u32 old_path, u32 old_len,
                     u32 new_fd, u64 new_right, u32 new_path, u32 new_len,
                     bool rename) {
  wasi_file *od, *nd;
  wasi_path op, np;
  u32 err = wasi_path_begin(ctx, old_fd, old_right, old_path, old_len,
                            old_flags, &od, &op);
  if (err) return err;
  err = wasi_path_begin(ctx, new_fd, new_right, new_path, new_len,
                        WASI_PATH_KEEP_SLASH, &nd, &np);
  if (!err) {
    int r = rename ? renameat(op.dirfd, op.name, np.dirfd, np.name)
                   : linkat(op.dirfd, op.name, np.dirfd, np.name, 0);
    if (r != 0) err = wasi_errno(errno);
    wasi_path_end(ctx, nd, &np);
  }
  wasi_path_end(ctx, od, &op);
  return err;
}

u32 wasi_path_rename(void *ctx, u32 old_fd, u32 old_path, u32 old_len,
                     u32 new_fd, u32 new_path, u32 new_len) {
  return two_paths(ctx, old_fd, WASI_RIGHT_PATH_RENAME_SOURCE,
                   WASI_PATH_KEEP_SLASH, old_path, old_len, new_fd,
                   WASI_RIGHT_PATH_RENAME_TARGET, new_path, new_len, true);
}

/* The source is the link itself unless lookupflags asks to follow it. */
u32 wasi_path_link(void *ctx, u32 old_fd, u32 lookup, u32 old_path,
                   u32 old_len, u32 new_fd, u32 new_path, u32 new_len) {
  if (lookup > 1) return WASI_EINVAL;
  return two_paths(ctx, old_fd, WASI_RIGHT_PATH_LINK_SOURCE,
                   lookup & WASI_LOOKUP_SYMLINK_FOLLOW ? WASI_PATH_FOLLOW : 0,
                   old_path, old_len, new_fd, WASI_RIGHT_PATH_LINK_TARGET,
                   new_path, new_len, false);
}

u32 wasi_path_symlink(void *vctx, u32 target, u32 target_len, u32 fd,
                      u32 path, u32 path_len) {
  wasi_ctx *ctx = vctx;
  wasi_file *dir;
  wasi_path p;
  u8 *t;
  if (wasi_mem(ctx, target, target_len, &t)) return WASI_EFAULT;
  if (target_len >= PATH_MAX) return WASI_ENAMETOOLONG;
  /* An absolute target could only ever point outside the sandbox. */
  char *copy = NULL;
  u32 err = wasi_path_copy(t, target_len, &copy);
  if (!err)
    err = wasi_path_begin(ctx, fd, WASI_RIGHT_PATH_SYMLINK, path, path_len,
                          WASI_PATH_KEEP_SLASH, &dir, &p);
  if (!err) {
    if (symlinkat(copy, p.dirfd, p.name) != 0) err = wasi_errno(errno);
    wasi_path_end(ctx, dir, &p);
  }
  free(copy);
  return err;
}

/* Writes at most buf_len bytes of the target, without a NUL. */
u32 wasi_path_readlink(void *vctx, u32 fd, u32 path, u32 path_len, u32 buf,
                       u32 buf_len, u32 bufused_ptr) {
  wasi_ctx *ctx = vctx;
  wasi_file *dir;
  wasi_path p;
  u8 *out, *used;
  if (wasi_mem(ctx, buf, buf_len, &out) ||
      wasi_mem(ctx, bufused_ptr, 4, &used))
    return WASI_EFAULT;
  u32 err = wasi_path_begin(ctx, fd, WASI_RIGHT_PATH_READLINK, path, path_len,
                            0, &dir, &p);
  if (err) return err;
  char target[PATH_MAX];
  ssize_t n = readlinkat(p.dirfd, p.name, target, sizeof target);
  if (n < 0) {
    err = wasi_errno(errno);
  } else {
    u32 k = (size_t)n < buf_len ? (u32)n : buf_len;
    memcpy(out, target, k);
    wf_st32(used, k);
  }
  wasi_path_end(ctx, dir, &p);
  return err;
}
