/*
 * wasi_readdir.c - fd_readdir: a directory's entries as a packed list of
 * dirents.
 *
 * Guest layout: dirent, 24 bytes (both previews): u64 d_next @0 (the
 * cookie that resumes after this entry), u64 d_ino @8, u32 d_namlen @16,
 * u8 d_type @20; then the name, d_namlen bytes, no NUL.  The buffer is
 * filled as far as it goes and the last entry may be cut short; a result
 * equal to buf_len tells the guest to call again.
 *
 * Cookies are entry ordinals (0 = from the start, n = skip n entries): the
 * directory is read afresh on every call through a new stream, so the
 * guest's descriptor holds no position and several threads may list one
 * directory at once.  Host telldir() values would need the same stream
 * to stay valid on every libc.  "." and ".." are listed like any entry.
 */
#include "wasi_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#define DIRENT_SIZE 24

static u8 filetype_of_dtype(int dirfd, const struct dirent *e) {
  switch (e->d_type) {
  case DT_REG: return WASI_FILETYPE_REGULAR_FILE;
  case DT_DIR: return WASI_FILETYPE_DIRECTORY;
  case DT_LNK: return WASI_FILETYPE_SYMBOLIC_LINK;
  case DT_CHR: return WASI_FILETYPE_CHARACTER_DEVICE;
  case DT_BLK: return WASI_FILETYPE_BLOCK_DEVICE;
  case DT_SOCK: return WASI_FILETYPE_SOCKET_STREAM;
  case DT_FIFO: return WASI_FILETYPE_UNKNOWN;
  default: {
    struct stat st;
    if (fstatat(dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
      return WASI_FILETYPE_UNKNOWN;
    return wasi_filetype_of(-1, &st);
  }
  }
}

/* Copies n bytes of src to the guest buffer from *used on, as far as
 * buf_len allows. */
static void put(u8 *out, u32 buf_len, u32 *used, const void *src, u32 n) {
  u32 room = buf_len - *used;
  u32 k = n < room ? n : room;
  memcpy(out + *used, src, k);
  *used += k;
}

u32 wasi_fd_readdir(void *vctx, u32 fd, u32 buf, u32 buf_len, u64 cookie,
                    u32 bufused_ptr) {
  wasi_ctx *ctx = vctx;
  wasi_file *f;
  u8 *out, *res;
  if (wasi_mem(ctx, buf, buf_len, &out) ||
      wasi_mem(ctx, bufused_ptr, 4, &res))
    return WASI_EFAULT;
  u32 err = wasi_fd_get(ctx, fd, WASI_RIGHT_FD_READDIR, &f);
  if (err) return err;
  if (f->filetype != WASI_FILETYPE_DIRECTORY) {
    wasi_fd_put(ctx, f);
    return WASI_ENOTDIR;
  }
  int dfd = openat(f->host, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
  if (!d) {
    err = wasi_errno(errno);
    if (dfd >= 0) close(dfd);
    wasi_fd_put(ctx, f);
    return err;
  }
  u32 used = 0;
  u64 index = 0;
  for (;;) {
    errno = 0;
    struct dirent *e = readdir(d);
    if (!e) {
      if (errno) err = wasi_errno(errno);
      break;
    }
    if (index++ < cookie) continue;
    u32 namlen = (u32)strlen(e->d_name);
    u8 head[DIRENT_SIZE] = {0};
    wf_st64(head, index);
    wf_st64(head + 8, (u64)e->d_ino);
    wf_st32(head + 16, namlen);
    wf_st8(head + 20, filetype_of_dtype(dirfd(d), e));
    put(out, buf_len, &used, head, DIRENT_SIZE);
    put(out, buf_len, &used, e->d_name, namlen);
    if (used == buf_len) break;
  }
  closedir(d);
  if (!err) wf_st32(res, used);
  wasi_fd_put(ctx, f);
  return err;
}
