/*
 * wasi_sock.c - sock_accept, sock_recv, sock_send and sock_shutdown on
 * sockets the program inherited (preview1 cannot create or connect one).
 *
 * A descriptor that is no socket gives WASI_ENOTSOCK before any rights
 * check, as POSIX shutdown(2) on a file does.  Sends never raise SIGPIPE
 * (MSG_NOSIGNAL): a closed peer is WASI_EPIPE.
 *   riflags: RECV_PEEK 1, RECV_WAITALL 2; roflags: RECV_DATA_TRUNCATED 1
 *   sdflags: RD 1, WR 2;  fdflags for accept: only NONBLOCK
 */
#include "wasi_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#define RECV_PEEK 1u
#define RECV_WAITALL 2u
#define RECV_DATA_TRUNCATED 1u
#define SHUT_FLAG_RD 1u
#define SHUT_FLAG_WR 2u

static bool is_socket(u8 filetype) {
  return filetype == WASI_FILETYPE_SOCKET_STREAM ||
         filetype == WASI_FILETYPE_SOCKET_DGRAM;
}

/* A reference to socket fd carrying `rights`. */
static u32 get_socket(wasi_ctx *ctx, u32 fd, u64 rights, wasi_file **f) {
  u32 err = wasi_fd_get(ctx, fd, 0, f);
  if (err) return err;
  if (!is_socket((*f)->filetype))
    err = WASI_ENOTSOCK;
  else if (!wasi_file_has(ctx, *f, rights))
    err = WASI_ENOTCAPABLE;
  if (err) wasi_fd_put(ctx, *f);
  return err;
}

u32 wasi_sock_accept(void *vctx, u32 fd, u32 flags, u32 fd_ptr) {
  wasi_ctx *ctx = vctx;
  wasi_file *f;
  u8 *res;
  if (flags & ~(u32)WASI_FDFLAG_NONBLOCK) return WASI_EINVAL;
  if (wasi_mem(ctx, fd_ptr, 4, &res)) return WASI_EFAULT;
  u32 err = get_socket(ctx, fd, WASI_RIGHT_SOCK_ACCEPT, &f);
  if (err) return err;
  int host;
  do {
    host = accept4(f->host, NULL, NULL,
                   SOCK_CLOEXEC |
                       (flags & WASI_FDFLAG_NONBLOCK ? SOCK_NONBLOCK : 0));
  } while (host < 0 && errno == EINTR);
  if (host < 0) {
    err = wasi_errno(errno);
  } else {
    wasi_file *c = wasi_file_new(host, true, NULL);
    u32 newfd;
    if (!c) {
      close(host);
      err = WASI_ENOMEM;
    } else if ((err = wasi_fd_insert(ctx, c, &newfd))) {
      wasi_fd_put(ctx, c);
    } else {
      wf_st32(res, newfd);
    }
  }
  wasi_fd_put(ctx, f);
  return err;
}

u32 wasi_sock_recv(void *vctx, u32 fd, u32 iovs, u32 iovs_len, u32 flags,
                   u32 datalen_ptr, u32 oflags_ptr) {
  wasi_ctx *ctx = vctx;
  wasi_file *f;
  wasi_iov iov;
  u8 *plen, *pfl;
  if (flags & ~(RECV_PEEK | RECV_WAITALL)) return WASI_EINVAL;
  if (wasi_mem(ctx, datalen_ptr, 4, &plen) ||
      wasi_mem(ctx, oflags_ptr, 2, &pfl))
    return WASI_EFAULT;
  u32 err = get_socket(ctx, fd, WASI_RIGHT_FD_READ, &f);
  if (err) return err;
  if (!(err = wasi_iov_load(ctx, iovs, iovs_len, &iov))) {
    struct msghdr msg = {0};
    msg.msg_iov = iov.v;
    msg.msg_iovlen = (size_t)iov.n;
    int hf = (flags & RECV_PEEK ? MSG_PEEK : 0) |
             (flags & RECV_WAITALL ? MSG_WAITALL : 0);
    ssize_t n;
    do {
      n = recvmsg(f->host, &msg, hf);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
      err = wasi_errno(errno);
    } else {
      wf_st32(plen, (u32)n);
      wf_st16(pfl, msg.msg_flags & MSG_TRUNC ? RECV_DATA_TRUNCATED : 0);
    }
    wasi_iov_done(&iov);
  }
  wasi_fd_put(ctx, f);
  return err;
}

u32 wasi_sock_send(void *vctx, u32 fd, u32 iovs, u32 iovs_len, u32 flags,
                   u32 datalen_ptr) {
  wasi_ctx *ctx = vctx;
  wasi_file *f;
  wasi_iov iov;
  u8 *plen;
  if (flags != 0) return WASI_EINVAL; /* siflags has no flags yet */
  if (wasi_mem(ctx, datalen_ptr, 4, &plen)) return WASI_EFAULT;
  u32 err = get_socket(ctx, fd, WASI_RIGHT_FD_WRITE, &f);
  if (err) return err;
  if (!(err = wasi_iov_load(ctx, iovs, iovs_len, &iov))) {
    struct msghdr msg = {0};
    msg.msg_iov = iov.v;
    msg.msg_iovlen = (size_t)iov.n;
    ssize_t n;
    do {
      n = sendmsg(f->host, &msg, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    if (n < 0)
      err = wasi_errno(errno);
    else
      wf_st32(plen, (u32)n);
    wasi_iov_done(&iov);
  }
  wasi_fd_put(ctx, f);
  return err;
}

u32 wasi_sock_shutdown(void *ctx, u32 fd, u32 how) {
  wasi_file *f;
  static const int host_how[] = {0, SHUT_RD, SHUT_WR, SHUT_RDWR};
  u32 err = get_socket(ctx, fd, WASI_RIGHT_SOCK_SHUTDOWN, &f);
  if (err) return err;
  if (how == 0 || how > (SHUT_FLAG_RD | SHUT_FLAG_WR))
    err = WASI_EINVAL;
  else if (shutdown(f->host, host_how[how]) != 0)
    err = wasi_errno(errno);
  wasi_fd_put(ctx, f);
  return err;
}
