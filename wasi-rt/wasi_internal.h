/*
 * wasi_internal.h - what the files of weft's WASI host share, and nothing
 * a caller of wasi.h needs.  Include it first in every wasi-rt .c file: it
 * sets the feature macros the POSIX calls below need.
 *
 * The pieces:
 *   - struct wasi_ctx: argv/env copies, the memory, the exit handler and
 *     the fd table (an array of wasi_file *, guarded by ctx->lock);
 *   - wasi_file: one open guest descriptor.  It is reference counted so a
 *     thread blocked in read() keeps its host fd alive even if another
 *     thread closes the guest fd: the host fd is closed by whoever drops
 *     the last reference, never while the lock is held;
 *   - guest memory access (wasi_mem.c): every guest (addr, len) becomes a
 *     host pointer only after a bounds check, else WASI_EFAULT.  Guest
 *     structs are read and written field by field with wf_rd* / wf_st*;
 *   - sandboxed paths (wasi_path.c): a guest path under a directory fd
 *     becomes a (host directory, last component) pair that cannot lead
 *     outside that directory; every path_* call goes through it;
 *   - wasi_errno(): host errno to WASI errno;
 *   - the host functions themselves, one prototype per import, in the C
 *     shape wf_func expects (ctx first, i32 -> u32, i64 -> u64, result u32);
 *     wasi_table.c is the only user of those prototypes.
 */
#ifndef WEFT_WASI_INTERNAL_H
#define WEFT_WASI_INTERNAL_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE           /* O_PATH, preadv/pwritev, getrandom */
#endif
#ifndef _FILE_OFFSET_BITS
#define _FILE_OFFSET_BITS 64  /* 64-bit off_t on 32-bit hosts too */
#endif

#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>

#include "wasi.h"

/* ---- the WASI errno values wasi.h does not already name ------------- */

enum {
  WASI_EILSEQ = 25,
  WASI_ELOOP = 32,
  WASI_EMFILE = 33,
  WASI_ENAMETOOLONG = 37,
  WASI_ENOMEM = 48,
  WASI_ENOTEMPTY = 55,
  WASI_ENOTSOCK = 57,
  WASI_EOVERFLOW = 61,
};

/* ---- other WASI preview1 constants ---------------------------------- */

enum {                                   /* filetype */
  WASI_FILETYPE_UNKNOWN = 0,
  WASI_FILETYPE_BLOCK_DEVICE = 1,
  WASI_FILETYPE_CHARACTER_DEVICE = 2,
  WASI_FILETYPE_DIRECTORY = 3,
  WASI_FILETYPE_REGULAR_FILE = 4,
  WASI_FILETYPE_SOCKET_DGRAM = 5,
  WASI_FILETYPE_SOCKET_STREAM = 6,
  WASI_FILETYPE_SYMBOLIC_LINK = 7,
};

enum {                                   /* fdflags */
  WASI_FDFLAG_APPEND = 1 << 0,
  WASI_FDFLAG_DSYNC = 1 << 1,
  WASI_FDFLAG_NONBLOCK = 1 << 2,
  WASI_FDFLAG_RSYNC = 1 << 3,
  WASI_FDFLAG_SYNC = 1 << 4,
};

enum {                                   /* oflags */
  WASI_OFLAG_CREAT = 1 << 0,
  WASI_OFLAG_DIRECTORY = 1 << 1,
  WASI_OFLAG_EXCL = 1 << 2,
  WASI_OFLAG_TRUNC = 1 << 3,
};

#define WASI_LOOKUP_SYMLINK_FOLLOW 1u    /* lookupflags */

enum {                                   /* fstflags */
  WASI_FSTFLAG_ATIM = 1 << 0,
  WASI_FSTFLAG_ATIM_NOW = 1 << 1,
  WASI_FSTFLAG_MTIM = 1 << 2,
  WASI_FSTFLAG_MTIM_NOW = 1 << 3,
};

enum {                                   /* eventtype */
  WASI_EVENTTYPE_CLOCK = 0,
  WASI_EVENTTYPE_FD_READ = 1,
  WASI_EVENTTYPE_FD_WRITE = 2,
};

#define WASI_RIGHT(n) ((u64)1 << (n))
#define WASI_RIGHT_FD_DATASYNC WASI_RIGHT(0)
#define WASI_RIGHT_FD_READ WASI_RIGHT(1)
#define WASI_RIGHT_FD_SEEK WASI_RIGHT(2)
#define WASI_RIGHT_FD_FDSTAT_SET_FLAGS WASI_RIGHT(3)
#define WASI_RIGHT_FD_SYNC WASI_RIGHT(4)
#define WASI_RIGHT_FD_TELL WASI_RIGHT(5)
#define WASI_RIGHT_FD_WRITE WASI_RIGHT(6)
#define WASI_RIGHT_FD_ADVISE WASI_RIGHT(7)
#define WASI_RIGHT_FD_ALLOCATE WASI_RIGHT(8)
#define WASI_RIGHT_PATH_CREATE_DIRECTORY WASI_RIGHT(9)
#define WASI_RIGHT_PATH_CREATE_FILE WASI_RIGHT(10)
#define WASI_RIGHT_PATH_LINK_SOURCE WASI_RIGHT(11)
#define WASI_RIGHT_PATH_LINK_TARGET WASI_RIGHT(12)
#define WASI_RIGHT_PATH_OPEN WASI_RIGHT(13)
#define WASI_RIGHT_FD_READDIR WASI_RIGHT(14)
#define WASI_RIGHT_PATH_READLINK WASI_RIGHT(15)
#define WASI_RIGHT_PATH_RENAME_SOURCE WASI_RIGHT(16)
#define WASI_RIGHT_PATH_RENAME_TARGET WASI_RIGHT(17)
#define WASI_RIGHT_PATH_FILESTAT_GET WASI_RIGHT(18)
#define WASI_RIGHT_PATH_FILESTAT_SET_SIZE WASI_RIGHT(19)
#define WASI_RIGHT_PATH_FILESTAT_SET_TIMES WASI_RIGHT(20)
#define WASI_RIGHT_FD_FILESTAT_GET WASI_RIGHT(21)
#define WASI_RIGHT_FD_FILESTAT_SET_SIZE WASI_RIGHT(22)
#define WASI_RIGHT_FD_FILESTAT_SET_TIMES WASI_RIGHT(23)
#define WASI_RIGHT_PATH_SYMLINK WASI_RIGHT(24)
#define WASI_RIGHT_PATH_REMOVE_DIRECTORY WASI_RIGHT(25)
#define WASI_RIGHT_PATH_UNLINK_FILE WASI_RIGHT(26)
#define WASI_RIGHT_POLL_FD_READWRITE WASI_RIGHT(27)
#define WASI_RIGHT_SOCK_SHUTDOWN WASI_RIGHT(28)
#define WASI_RIGHT_SOCK_ACCEPT WASI_RIGHT(29)

/* ---- the context ------------------------------------------------------ */

/* A list of NUL-terminated strings stored back to back, as args_get and
 * environ_get hand them to the guest. */
typedef struct wasi_strings {
  u32 count;
  u32 bytes;    /* total size of buf, NULs included */
  char *buf;
} wasi_strings;

typedef struct wasi_file {
  int host;                /* host descriptor */
  bool owned;              /* close host when the last reference goes;
                              false for the process's stdio */
  u8 filetype;
  u64 rights_base;
  u64 rights_inheriting;
  char *preopen;           /* guest name of a preopened directory, or NULL */
  u32 preopen_len;
  u32 refs;                /* the table's + in-flight calls'; under lock */
} wasi_file;

struct wasi_ctx {
  wf_memory *mem;
  void (*on_exit)(wasi_ctx *, u32 code);
  wasi_strings args;
  wasi_strings env;
  pthread_mutex_t lock;    /* guards fds, nfds and every wasi_file.refs */
  wasi_file **fds;         /* guest fd -> file, NULL when free */
  u32 nfds;
};

/* ---- fd table (wasi_fdtab.c) ---------------------------------------- */

/* A new file for host descriptor `host`, its filetype and rights read
 * from the host (fstat, access mode), holding one reference; NULL when
 * out of memory or when host is not an open descriptor. */
wasi_file *wasi_file_new(int host, bool owned, const char *preopen);
/* Puts f (and its reference) at guest fd `fd`, which must be free. */
u32 wasi_fd_place(wasi_ctx *ctx, u32 fd, wasi_file *f);
/* Puts f at the lowest free guest fd and stores that number in *fd. */
u32 wasi_fd_insert(wasi_ctx *ctx, wasi_file *f, u32 *fd);
/* Takes a reference to the file at guest fd `fd`, which must carry all of
 * `rights`: WASI_EBADF if there is none, WASI_ENOTCAPABLE if a right is
 * missing.  Every successful get is paired with one wasi_fd_put. */
u32 wasi_fd_get(wasi_ctx *ctx, u32 fd, u64 rights, wasi_file **out);
void wasi_fd_put(wasi_ctx *ctx, wasi_file *f);
/* Whether held file f carries all of `rights` right now. */
bool wasi_file_has(wasi_ctx *ctx, const wasi_file *f, u64 rights);
/* f's rights, read under the lock. */
void wasi_file_rights(wasi_ctx *ctx, const wasi_file *f, u64 *base,
                      u64 *inheriting);
/* Frees guest fd `fd` (fd_close); the host fd closes with the last
 * reference. */
u32 wasi_fd_remove(wasi_ctx *ctx, u32 fd);
/* fd_renumber: moves the file at `from` to `to`, closing what was at `to`;
 * both must be open (WASI_EBADF). */
u32 wasi_fd_renumber_to(wasi_ctx *ctx, u32 from, u32 to);
/* fd_fdstat_set_rights: rights can only shrink (WASI_ENOTCAPABLE). */
u32 wasi_fd_set_rights(wasi_ctx *ctx, u32 fd, u64 base, u64 inheriting);
/* The most a file of this kind and host access mode (O_RDONLY, ...) can
 * do; what wasi_file_new gives. */
u64 wasi_rights_max(u8 filetype, int accmode);
/* WASI filetype of a host file: `host` is its descriptor when there is
 * one (to tell datagram from stream sockets), else -1. */
u8 wasi_filetype_of(int host, const struct stat *st);
/* Drops every entry; for wasi_ctx_free, when no call is in flight. */
void wasi_fd_clear(wasi_ctx *ctx);

/* ---- guest memory (wasi_mem.c) -------------------------------------- */

/* *p = host pointer of guest bytes [addr, addr+len): 0, or WASI_EFAULT
 * when that range is not inside the memory (or no memory is set). */
u32 wasi_mem(wasi_ctx *ctx, u32 addr, u64 len, u8 **p);
/* Bounds-checked little-endian stores of one result value. */
u32 wasi_put32(wasi_ctx *ctx, u32 addr, u32 v);
u32 wasi_put64(wasi_ctx *ctx, u32 addr, u64 v);

/* A guest iovec array ({u32 buf, u32 len} pairs) as host iovecs. */
typedef struct wasi_iov {
  struct iovec *v;
  int n;
  struct iovec small[8];
} wasi_iov;
/* Checks the array and every buffer in it; at most IOV_MAX entries are
 * taken (a short read or write, as POSIX allows).  Release with
 * wasi_iov_done. */
u32 wasi_iov_load(wasi_ctx *ctx, u32 iovs, u32 n, wasi_iov *out);
void wasi_iov_done(wasi_iov *iov);

/* ---- sandboxed paths (wasi_path.c) ----------------------------------- */

/* Flags for wasi_path_resolve. */
enum {
  /* Follow a symbolic link in the last component (lookupflags
   * symlink_follow).  Links in earlier components are always followed. */
  WASI_PATH_FOLLOW = 1 << 0,
  /* The operation acts on the name itself (mkdir, rmdir, unlink, rename,
   * symlink, link target) and the kernel never follows it: a trailing
   * slash stays on `name` for the kernel to judge.  Without this flag a
   * trailing slash means "a directory": the last component is followed
   * and the result is that directory with name ".". */
  WASI_PATH_KEEP_SLASH = 1 << 1,
};

/* A guest path resolved inside a directory: the operation is then
 * OP_at(dirfd, name, ...) with symlink following off (AT_SYMLINK_NOFOLLOW,
 * O_NOFOLLOW) -- every link the guest asked to follow has already been
 * followed here, and none of them led outside the directory. */
typedef struct wasi_path {
  int dirfd;    /* an O_PATH directory descriptor, or the base's own */
  bool owned;   /* dirfd is closed by wasi_path_done */
  char *name;   /* one component, ".", or "x/" with KEEP_SLASH */
} wasi_path;

/* Resolves guest path bytes [path, path+len) relative to directory file
 * `dir`, which must be a directory (WASI_ENOTDIR).  Absolute paths, and
 * ".." or a symbolic link leading above `dir`, are WASI_ENOTCAPABLE; an
 * empty path is WASI_ENOENT; a NUL byte WASI_EILSEQ; more than 40 links
 * WASI_ELOOP.  Release a success with wasi_path_done. */
u32 wasi_path_resolve(const wasi_file *dir, const u8 *path, u32 len,
                      unsigned flags, wasi_path *out);
/* Copies guest path bytes into a new NUL-terminated string (*out, for the
 * caller to free), so other threads can't change it under us.  A NUL byte
 * is WASI_EILSEQ and an absolute path WASI_ENOTCAPABLE. */
u32 wasi_path_copy(const u8 *path, u32 len, char **out);
void wasi_path_done(wasi_path *p);
/* The usual start of a path_* function: takes a reference to directory
 * fd `fd` with `rights`, checks guest bytes [path, path+len), resolves.
 * On success the caller owns *f (wasi_fd_put) and *out (wasi_path_done). */
u32 wasi_path_begin(wasi_ctx *ctx, u32 fd, u64 rights, u32 path, u32 len,
                    unsigned flags, wasi_file **f, wasi_path *out);
void wasi_path_end(wasi_ctx *ctx, wasi_file *f, wasi_path *p);

/* ---- errno (wasi_errno.c) ------------------------------------------- */

u32 wasi_errno(int host_errno);

/* ---- clocks (wasi_clock.c), also used by poll_oneoff ----------------- */

/* The host clock for WASI clock id `id`: 0, or WASI_EINVAL. */
u32 wasi_clock_host(u32 id, clockid_t *out);
/* CLOCK_MONOTONIC in nanoseconds. */
u64 wasi_monotonic_ns(void);

/* ---- the host functions ---------------------------------------------- */

u32 wasi_args_get(void *ctx, u32 argv, u32 argv_buf);
u32 wasi_args_sizes_get(void *ctx, u32 argc_ptr, u32 buf_size_ptr);
u32 wasi_environ_get(void *ctx, u32 environ, u32 environ_buf);
u32 wasi_environ_sizes_get(void *ctx, u32 count_ptr, u32 buf_size_ptr);

u32 wasi_clock_res_get(void *ctx, u32 id, u32 res_ptr);
u32 wasi_clock_time_get(void *ctx, u32 id, u64 precision, u32 time_ptr);
u32 wasi_random_get(void *ctx, u32 buf, u32 len);

u32 wasi_fd_read(void *ctx, u32 fd, u32 iovs, u32 iovs_len, u32 nread_ptr);
u32 wasi_fd_write(void *ctx, u32 fd, u32 iovs, u32 iovs_len,
                  u32 nwritten_ptr);
u32 wasi_fd_pread(void *ctx, u32 fd, u32 iovs, u32 iovs_len, u64 offset,
                  u32 nread_ptr);
u32 wasi_fd_pwrite(void *ctx, u32 fd, u32 iovs, u32 iovs_len, u64 offset,
                   u32 nwritten_ptr);
u32 wasi_fd_seek(void *ctx, u32 fd, u64 offset, u32 whence, u32 newoff_ptr);
u32 wasi_unstable_fd_seek(void *ctx, u32 fd, u64 offset, u32 whence,
                          u32 newoff_ptr);
u32 wasi_fd_tell(void *ctx, u32 fd, u32 off_ptr);
u32 wasi_fd_close(void *ctx, u32 fd);
u32 wasi_fd_sync(void *ctx, u32 fd);
u32 wasi_fd_datasync(void *ctx, u32 fd);

u32 wasi_fd_fdstat_get(void *ctx, u32 fd, u32 stat_ptr);
u32 wasi_fd_fdstat_set_flags(void *ctx, u32 fd, u32 flags);
u32 wasi_fd_prestat_get(void *ctx, u32 fd, u32 prestat_ptr);
u32 wasi_fd_prestat_dir_name(void *ctx, u32 fd, u32 path, u32 path_len);
u32 wasi_fd_fdstat_set_rights(void *ctx, u32 fd, u64 base, u64 inheriting);
u32 wasi_fd_advise(void *ctx, u32 fd, u64 offset, u64 len, u32 advice);
u32 wasi_fd_allocate(void *ctx, u32 fd, u64 offset, u64 len);
u32 wasi_fd_renumber(void *ctx, u32 from, u32 to);

u32 wasi_fd_filestat_get(void *ctx, u32 fd, u32 buf);
u32 wasi_unstable_fd_filestat_get(void *ctx, u32 fd, u32 buf);
u32 wasi_fd_filestat_set_size(void *ctx, u32 fd, u64 size);
u32 wasi_fd_filestat_set_times(void *ctx, u32 fd, u64 atim, u64 mtim,
                               u32 fstflags);
u32 wasi_path_filestat_get(void *ctx, u32 fd, u32 lookup, u32 path,
                           u32 path_len, u32 buf);
u32 wasi_unstable_path_filestat_get(void *ctx, u32 fd, u32 lookup, u32 path,
                                    u32 path_len, u32 buf);
u32 wasi_path_filestat_set_times(void *ctx, u32 fd, u32 lookup, u32 path,
                                 u32 path_len, u64 atim, u64 mtim,
                                 u32 fstflags);

u32 wasi_fd_readdir(void *ctx, u32 fd, u32 buf, u32 buf_len, u64 cookie,
                    u32 bufused_ptr);

u32 wasi_path_open(void *ctx, u32 dirfd, u32 lookup, u32 path, u32 path_len,
                   u32 oflags, u64 rights_base, u64 rights_inheriting,
                   u32 fdflags, u32 fd_ptr);
u32 wasi_path_create_directory(void *ctx, u32 fd, u32 path, u32 path_len);
u32 wasi_path_remove_directory(void *ctx, u32 fd, u32 path, u32 path_len);
u32 wasi_path_unlink_file(void *ctx, u32 fd, u32 path, u32 path_len);
u32 wasi_path_rename(void *ctx, u32 old_fd, u32 old_path, u32 old_len,
                     u32 new_fd, u32 new_path, u32 new_len);
u32 wasi_path_link(void *ctx, u32 old_fd, u32 lookup, u32 old_path,
                   u32 old_len, u32 new_fd, u32 new_path, u32 new_len);
u32 wasi_path_symlink(void *ctx, u32 target, u32 target_len, u32 fd,
                      u32 path, u32 path_len);
u32 wasi_path_readlink(void *ctx, u32 fd, u32 path, u32 path_len, u32 buf,
                       u32 buf_len, u32 bufused_ptr);

u32 wasi_sock_accept(void *ctx, u32 fd, u32 flags, u32 fd_ptr);
u32 wasi_sock_recv(void *ctx, u32 fd, u32 iovs, u32 iovs_len, u32 flags,
                   u32 datalen_ptr, u32 oflags_ptr);
u32 wasi_sock_send(void *ctx, u32 fd, u32 iovs, u32 iovs_len, u32 flags,
                   u32 datalen_ptr);
u32 wasi_sock_shutdown(void *ctx, u32 fd, u32 how);

u32 wasi_poll_oneoff(void *ctx, u32 in, u32 out, u32 nsubs,
                     u32 nevents_ptr);
u32 wasi_unstable_poll_oneoff(void *ctx, u32 in, u32 out, u32 nsubs,
                              u32 nevents_ptr);

_Noreturn void wasi_proc_exit(void *ctx, u32 code);
u32 wasi_proc_raise(void *ctx, u32 sig);
u32 wasi_sched_yield(void *ctx);

#endif /* WEFT_WASI_INTERNAL_H */
