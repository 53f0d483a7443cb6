/*
 * wasi_fdtab.c - the guest's file descriptor table.
 *
 * Guest fd n is ctx->fds[n], a reference-counted wasi_file.  Lookups and
 * changes hold ctx->lock only for the table walk; callers then do their
 * (possibly blocking) host call on the file they hold a reference to, and
 * drop it with wasi_fd_put.  When fd_close races with a blocked read, the
 * guest number is freed at once and the host fd closes after the read
 * returns, so a host fd number is never reused under a call still using
 * it.
 *
 * Rights start as what a file's kind and access mode allow (path_open
 * narrows them to what the guest asked for and the directory passes on);
 * fd_fdstat_set_rights can only narrow them further.  The host kernel has
 * the last word on every call anyway.  Rights are read and changed under
 * ctx->lock.
 */
#include "wasi_internal.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define RIGHTS_FILE                                                        \
  (WASI_RIGHT_FD_DATASYNC | WASI_RIGHT_FD_READ | WASI_RIGHT_FD_SEEK |      \
   WASI_RIGHT_FD_FDSTAT_SET_FLAGS | WASI_RIGHT_FD_SYNC |                   \
   WASI_RIGHT_FD_TELL | WASI_RIGHT_FD_WRITE | WASI_RIGHT_FD_ADVISE |       \
   WASI_RIGHT_FD_ALLOCATE | WASI_RIGHT_FD_FILESTAT_GET |                   \
   WASI_RIGHT_FD_FILESTAT_SET_SIZE | WASI_RIGHT_FD_FILESTAT_SET_TIMES |    \
   WASI_RIGHT_POLL_FD_READWRITE)

/* Terminals, pipes and sockets: no position.  (wasi-libc's isatty is
 * "character device without FD_SEEK and FD_TELL".) */
#define RIGHTS_STREAM \
  (RIGHTS_FILE & ~(WASI_RIGHT_FD_SEEK | WASI_RIGHT_FD_TELL))

#define RIGHTS_DIR                                                         \
  (WASI_RIGHT_FD_DATASYNC | WASI_RIGHT_FD_FDSTAT_SET_FLAGS |               \
   WASI_RIGHT_FD_SYNC | WASI_RIGHT_PATH_CREATE_DIRECTORY |                 \
   WASI_RIGHT_PATH_CREATE_FILE | WASI_RIGHT_PATH_LINK_SOURCE |             \
   WASI_RIGHT_PATH_LINK_TARGET | WASI_RIGHT_PATH_OPEN |                    \
   WASI_RIGHT_FD_READDIR | WASI_RIGHT_PATH_READLINK |                      \
   WASI_RIGHT_PATH_RENAME_SOURCE | WASI_RIGHT_PATH_RENAME_TARGET |         \
   WASI_RIGHT_PATH_FILESTAT_GET | WASI_RIGHT_PATH_FILESTAT_SET_SIZE |      \
   WASI_RIGHT_PATH_FILESTAT_SET_TIMES | WASI_RIGHT_FD_FILESTAT_GET |       \
   WASI_RIGHT_FD_FILESTAT_SET_TIMES | WASI_RIGHT_PATH_SYMLINK |            \
   WASI_RIGHT_PATH_REMOVE_DIRECTORY | WASI_RIGHT_PATH_UNLINK_FILE)

#define RIGHTS_NEED_WRITE                                       \
  (WASI_RIGHT_FD_WRITE | WASI_RIGHT_FD_ALLOCATE |               \
   WASI_RIGHT_FD_FILESTAT_SET_SIZE)

#define RIGHTS_SOCKET \
  (RIGHTS_STREAM | WASI_RIGHT_SOCK_SHUTDOWN | WASI_RIGHT_SOCK_ACCEPT)

u8 wasi_filetype_of(int host, const struct stat *st) {
  if (S_ISREG(st->st_mode)) return WASI_FILETYPE_REGULAR_FILE;
  if (S_ISDIR(st->st_mode)) return WASI_FILETYPE_DIRECTORY;
  if (S_ISCHR(st->st_mode)) return WASI_FILETYPE_CHARACTER_DEVICE;
  if (S_ISBLK(st->st_mode)) return WASI_FILETYPE_BLOCK_DEVICE;
  if (S_ISLNK(st->st_mode)) return WASI_FILETYPE_SYMBOLIC_LINK;
  if (S_ISSOCK(st->st_mode)) {
    int type = 0;
    socklen_t len = sizeof type;
    if (host >= 0 &&
        getsockopt(host, SOL_SOCKET, SO_TYPE, &type, &len) == 0 &&
        type == SOCK_DGRAM)
      return WASI_FILETYPE_SOCKET_DGRAM;
    return WASI_FILETYPE_SOCKET_STREAM;
  }
  return WASI_FILETYPE_UNKNOWN; /* a pipe: WASI has no name for it */
}

u64 wasi_rights_max(u8 filetype, int accmode) {
  u64 r;
  switch (filetype) {
  case WASI_FILETYPE_DIRECTORY: return RIGHTS_DIR;
  case WASI_FILETYPE_REGULAR_FILE:
  case WASI_FILETYPE_BLOCK_DEVICE: r = RIGHTS_FILE; break;
  case WASI_FILETYPE_SOCKET_DGRAM:
  case WASI_FILETYPE_SOCKET_STREAM: r = RIGHTS_SOCKET; break;
  default: r = RIGHTS_STREAM; break;
  }
  if (accmode == O_RDONLY) r &= ~RIGHTS_NEED_WRITE;
  if (accmode == O_WRONLY) r &= ~WASI_RIGHT_FD_READ;
  return r;
}

wasi_file *wasi_file_new(int host, bool owned, const char *preopen) {
  struct stat st;
  int fl = fcntl(host, F_GETFL);
  if (fl < 0 || fstat(host, &st) != 0) return NULL;
  wasi_file *f = calloc(1, sizeof *f);
  if (!f) return NULL;
  f->host = host;
  f->owned = owned;
  f->refs = 1;
  f->filetype = wasi_filetype_of(host, &st);
  /* An O_PATH descriptor reports O_RDONLY; it can do no I/O anyway. */
  f->rights_base = wasi_rights_max(f->filetype, fl & O_ACCMODE);
  if (f->filetype == WASI_FILETYPE_DIRECTORY)
    f->rights_inheriting = RIGHTS_DIR | RIGHTS_FILE;
  if (preopen) {
    size_t len = strlen(preopen);
    f->preopen = malloc(len + 1);
    if (!f->preopen || len > UINT32_MAX) {
      free(f->preopen);
      free(f);
      return NULL;
    }
    memcpy(f->preopen, preopen, len + 1);
    f->preopen_len = (u32)len;
  }
  return f;
}

static void file_destroy(wasi_file *f) {
  if (f->owned) close(f->host);
  free(f->preopen);
  free(f);
}

/* Makes room for fds[fd]; under lock. */
static u32 table_reserve(wasi_ctx *ctx, u32 fd) {
  if (fd < ctx->nfds) return WASI_ESUCCESS;
  if (fd == UINT32_MAX) return WASI_EMFILE;
  u32 n = ctx->nfds ? ctx->nfds : 8;
  while (n <= fd) n = n > UINT32_MAX / 2 ? UINT32_MAX : n * 2;
  wasi_file **fds = realloc(ctx->fds, (size_t)n * sizeof *fds);
  if (!fds) return WASI_ENOMEM;
  memset(fds + ctx->nfds, 0, (size_t)(n - ctx->nfds) * sizeof *fds);
  ctx->fds = fds;
  ctx->nfds = n;
  return WASI_ESUCCESS;
}

u32 wasi_fd_place(wasi_ctx *ctx, u32 fd, wasi_file *f) {
  pthread_mutex_lock(&ctx->lock);
  u32 err = table_reserve(ctx, fd);
  if (!err && ctx->fds[fd]) err = WASI_EEXIST;
  if (!err) ctx->fds[fd] = f;
  pthread_mutex_unlock(&ctx->lock);
  return err;
}

u32 wasi_fd_insert(wasi_ctx *ctx, wasi_file *f, u32 *fd) {
  pthread_mutex_lock(&ctx->lock);
  u32 i = 0;
  while (i < ctx->nfds && ctx->fds[i]) i++;
  u32 err = table_reserve(ctx, i);
  if (!err) {
    ctx->fds[i] = f;
    *fd = i;
  }
  pthread_mutex_unlock(&ctx->lock);
  return err;
}

u32 wasi_fd_get(wasi_ctx *ctx, u32 fd, u64 rights, wasi_file **out) {
  u32 err = WASI_EBADF;
  pthread_mutex_lock(&ctx->lock);
  wasi_file *f = fd < ctx->nfds ? ctx->fds[fd] : NULL;
  if (f) {
    err = WASI_ENOTCAPABLE;
    if ((f->rights_base & rights) == rights) {
      f->refs++;
      *out = f;
      err = WASI_ESUCCESS;
    }
  }
  pthread_mutex_unlock(&ctx->lock);
  return err;
}

bool wasi_file_has(wasi_ctx *ctx, const wasi_file *f, u64 rights) {
  pthread_mutex_lock(&ctx->lock);
  bool ok = (f->rights_base & rights) == rights;
  pthread_mutex_unlock(&ctx->lock);
  return ok;
}

void wasi_file_rights(wasi_ctx *ctx, const wasi_file *f, u64 *base,
                      u64 *inheriting) {
  pthread_mutex_lock(&ctx->lock);
  *base = f->rights_base;
  *inheriting = f->rights_inheriting;
  pthread_mutex_unlock(&ctx->lock);
}

void wasi_fd_put(wasi_ctx *ctx, wasi_file *f) {
  pthread_mutex_lock(&ctx->lock);
  bool last = --f->refs == 0;
  pthread_mutex_unlock(&ctx->lock);
  if (last) file_destroy(f);
}

u32 wasi_fd_remove(wasi_ctx *ctx, u32 fd) {
  pthread_mutex_lock(&ctx->lock);
  wasi_file *f = fd < ctx->nfds ? ctx->fds[fd] : NULL;
  if (f) ctx->fds[fd] = NULL;
  pthread_mutex_unlock(&ctx->lock);
  if (!f) return WASI_EBADF;
  wasi_fd_put(ctx, f);
  return WASI_ESUCCESS;
}

u32 wasi_fd_renumber_to(wasi_ctx *ctx, u32 from, u32 to) {
  pthread_mutex_lock(&ctx->lock);
  wasi_file *f = from < ctx->nfds ? ctx->fds[from] : NULL;
  wasi_file *old = to < ctx->nfds ? ctx->fds[to] : NULL;
  if (f && old && from != to) {
    ctx->fds[to] = f;
    ctx->fds[from] = NULL;
  }
  pthread_mutex_unlock(&ctx->lock);
  if (!f || !old) return WASI_EBADF;
  if (from != to) wasi_fd_put(ctx, old);
  return WASI_ESUCCESS;
}

u32 wasi_fd_set_rights(wasi_ctx *ctx, u32 fd, u64 base, u64 inheriting) {
  u32 err = WASI_EBADF;
  pthread_mutex_lock(&ctx->lock);
  wasi_file *f = fd < ctx->nfds ? ctx->fds[fd] : NULL;
  if (f) {
    err = WASI_ENOTCAPABLE;
    if ((base & ~f->rights_base) == 0 &&
        (inheriting & ~f->rights_inheriting) == 0) {
      f->rights_base = base;
      f->rights_inheriting = inheriting;
      err = WASI_ESUCCESS;
    }
  }
  pthread_mutex_unlock(&ctx->lock);
  return err;
}

void wasi_fd_clear(wasi_ctx *ctx) {
  for (u32 i = 0; i < ctx->nfds; i++)
    if (ctx->fds[i]) wasi_fd_remove(ctx, i);
  free(ctx->fds);
  ctx->fds = NULL;
  ctx->nfds = 0;
}
