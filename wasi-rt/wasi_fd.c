/*
 * wasi_fd.c - I/O on an open descriptor: fd_read, fd_write, fd_pread,
 * fd_pwrite, fd_seek (both whence numberings), fd_tell, fd_close,
 * fd_renumber, fd_sync, fd_datasync, fd_advise and fd_allocate.
 *
 * Each call holds a reference to the file, not the table lock, while it is
 * in the host, so a read blocked on a pipe stalls nobody else.  A call
 * interrupted by a signal is restarted rather than handed to the guest as
 * EINTR.
 */
#include "wasi_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

/* ---- vectored reads and writes -------------------------------------- */

typedef enum io_kind { IO_READ, IO_WRITE, IO_PREAD, IO_PWRITE } io_kind;

static const u64 io_rights[] = {
  [IO_READ] = WASI_RIGHT_FD_READ,
  [IO_WRITE] = WASI_RIGHT_FD_WRITE,
  [IO_PREAD] = WASI_RIGHT_FD_READ | WASI_RIGHT_FD_SEEK,
  [IO_PWRITE] = WASI_RIGHT_FD_WRITE | WASI_RIGHT_FD_SEEK,
};

static ssize_t host_io(io_kind k, int fd, const wasi_iov *iov, off_t off) {
  switch (k) {
  case IO_READ: return readv(fd, iov->v, iov->n);
  case IO_WRITE: return writev(fd, iov->v, iov->n);
  case IO_PREAD: return preadv(fd, iov->v, iov->n, off);
  case IO_PWRITE: return pwritev(fd, iov->v, iov->n, off);
  }
  return -1;
}

/* The shared body: check, transfer, store the byte count at result_ptr. */
static u32 fd_io(wasi_ctx *ctx, io_kind k, u32 fd, u32 iovs, u32 iovs_len,
                 u64 offset, u32 result_ptr) {
  wasi_file *f;
  wasi_iov iov;
  u8 *res;
  u32 err = wasi_fd_get(ctx, fd, io_rights[k], &f);
  if (err) return err;
  if (offset > INT64_MAX) {
    err = WASI_EINVAL;
  } else if (wasi_mem(ctx, result_ptr, 4, &res)) {
    err = WASI_EFAULT;
  } else if (!(err = wasi_iov_load(ctx, iovs, iovs_len, &iov))) {
    ssize_t n;
    WF_GUEST_ACCESS_BEGIN();  /* the buffers are the guest's */
    do {
      n = host_io(k, f->host, &iov, (off_t)offset);
    } while (n < 0 && errno == EINTR);
    WF_GUEST_ACCESS_END();
    if (n < 0)
      err = wasi_errno(errno);
    else
      wf_st32(res, (u32)n);
    wasi_iov_done(&iov);
  }
  wasi_fd_put(ctx, f);
  return err;
}

u32 wasi_fd_read(void *ctx, u32 fd, u32 iovs, u32 iovs_len, u32 nread_ptr) {
  return fd_io(ctx, IO_READ, fd, iovs, iovs_len, 0, nread_ptr);
}

u32 wasi_fd_write(void *ctx, u32 fd, u32 iovs, u32 iovs_len,
                  u32 nwritten_ptr) {
  return fd_io(ctx, IO_WRITE, fd, iovs, iovs_len, 0, nwritten_ptr);
}

u32 wasi_fd_pread(void *ctx, u32 fd, u32 iovs, u32 iovs_len, u64 offset,
                  u32 nread_ptr) {
  return fd_io(ctx, IO_PREAD, fd, iovs, iovs_len, offset, nread_ptr);
}

u32 wasi_fd_pwrite(void *ctx, u32 fd, u32 iovs, u32 iovs_len, u64 offset,
                   u32 nwritten_ptr) {
  return fd_io(ctx, IO_PWRITE, fd, iovs, iovs_len, offset, nwritten_ptr);
}

/* ---- position -------------------------------------------------------- */

/* whence as wasi_snapshot_preview1 numbers it, and as wasi_unstable
 * (preview 0) did. */
static const int whence_preview1[] = {SEEK_SET, SEEK_CUR, SEEK_END};
static const int whence_preview0[] = {SEEK_CUR, SEEK_END, SEEK_SET};

static u32 fd_seek(wasi_ctx *ctx, u32 fd, s64 offset, int whence,
                   u32 newoff_ptr) {
  wasi_file *f;
  u8 *res;
  /* Asking where we are is a tell; anything else moves. */
  u64 need = offset == 0 && whence == SEEK_CUR ? WASI_RIGHT_FD_TELL
                                                : WASI_RIGHT_FD_SEEK;
  u32 err = wasi_fd_get(ctx, fd, need, &f);
  if (err) return err;
  if (wasi_mem(ctx, newoff_ptr, 8, &res)) {
    err = WASI_EFAULT;
  } else {
    off_t pos = lseek(f->host, (off_t)offset, whence);
    if (pos < 0)
      err = wasi_errno(errno);
    else
      wf_st64(res, (u64)pos);
  }
  wasi_fd_put(ctx, f);
  return err;
}

u32 wasi_fd_seek(void *ctx, u32 fd, u64 offset, u32 whence, u32 newoff_ptr) {
  if (whence >= 3) return WASI_EINVAL;
  return fd_seek(ctx, fd, (s64)offset, whence_preview1[whence], newoff_ptr);
}

u32 wasi_unstable_fd_seek(void *ctx, u32 fd, u64 offset, u32 whence,
                          u32 newoff_ptr) {
  if (whence >= 3) return WASI_EINVAL;
  return fd_seek(ctx, fd, (s64)offset, whence_preview0[whence], newoff_ptr);
}

u32 wasi_fd_tell(void *ctx, u32 fd, u32 off_ptr) {
  return fd_seek(ctx, fd, 0, SEEK_CUR, off_ptr);
}

/* ---- lifetime and durability ----------------------------------------- */

u32 wasi_fd_close(void *ctx, u32 fd) { return wasi_fd_remove(ctx, fd); }

u32 wasi_fd_renumber(void *ctx, u32 from, u32 to) {
  return wasi_fd_renumber_to(ctx, from, to);
}

static u32 fd_flush(wasi_ctx *ctx, u32 fd, u64 right, int (*flush)(int)) {
  wasi_file *f;
  u32 err = wasi_fd_get(ctx, fd, right, &f);
  if (err) return err;
  if (flush(f->host) != 0) err = wasi_errno(errno);
  wasi_fd_put(ctx, f);
  return err;
}

u32 wasi_fd_sync(void *ctx, u32 fd) {
  return fd_flush(ctx, fd, WASI_RIGHT_FD_SYNC, fsync);
}

u32 wasi_fd_datasync(void *ctx, u32 fd) {
  return fd_flush(ctx, fd, WASI_RIGHT_FD_DATASYNC, fdatasync);
}

/* ---- hints and space --------------------------------------------------- */

/* advice: NORMAL, SEQUENTIAL, RANDOM, WILLNEED, DONTNEED, NOREUSE. */
static const int advice_host[] = {
  POSIX_FADV_NORMAL,   POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM,
  POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED,   POSIX_FADV_NOREUSE,
};

u32 wasi_fd_advise(void *ctx, u32 fd, u64 offset, u64 len, u32 advice) {
  wasi_file *f;
  u32 err = wasi_fd_get(ctx, fd, WASI_RIGHT_FD_ADVISE, &f);
  if (err) return err;
  if (advice >= sizeof advice_host / sizeof advice_host[0] ||
      offset > INT64_MAX || len > INT64_MAX) {
    err = WASI_EINVAL;
  } else {
    int r = posix_fadvise(f->host, (off_t)offset, (off_t)len,
                          advice_host[advice]);
    if (r) err = wasi_errno(r);
  }
  wasi_fd_put(ctx, f);
  return err;
}

u32 wasi_fd_allocate(void *ctx, u32 fd, u64 offset, u64 len) {
  wasi_file *f;
  u32 err = wasi_fd_get(ctx, fd, WASI_RIGHT_FD_ALLOCATE, &f);
  if (err) return err;
  if (offset > INT64_MAX || len > INT64_MAX - offset) {
    err = WASI_EINVAL;
  } else {
    int r;
    do {
      r = posix_fallocate(f->host, (off_t)offset, (off_t)len);
    } while (r == EINTR);
    if (r) err = wasi_errno(r);
  }
  wasi_fd_put(ctx, f);
  return err;
}
