/*
 * wasi_ctx.c - creating and freeing a wasi_ctx: copies of argv and the
 * environment, the process's stdio as guest fds 0-2 and the preopened
 * directories from fd 3 on, in the order the config lists them.
 */
#include "wasi_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Copies n strings into one back-to-back buffer; false when out of memory
 * or when they would not fit the guest's 32-bit sizes. */
static bool strings_copy(wasi_strings *s, int n, char **src) {
  u64 bytes = 0;
  for (int i = 0; i < n; i++) bytes += strlen(src[i]) + 1;
  if (n < 0 || bytes > UINT32_MAX) return false;
  s->count = (u32)n;
  s->bytes = (u32)bytes;
  s->buf = malloc(bytes ? bytes : 1);
  if (!s->buf) return false;
  char *p = s->buf;
  for (int i = 0; i < n; i++) {
    size_t len = strlen(src[i]) + 1;
    memcpy(p, src[i], len);
    p += len;
  }
  return true;
}

/* Opens a preopen readable (fd_readdir needs that), or, for a directory
 * that may be searched but not listed, as a path-only handle. */
static int open_dir(const char *path) {
  int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0 && errno == EACCES)
    fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
  return fd;
}

static bool add_preopen(wasi_ctx *ctx, u32 fd, const wasi_preopen *p,
                        char *why, size_t why_len) {
  const char *guest = p->guest ? p->guest : p->host;
  int host = open_dir(p->host);
  if (host < 0) {
    snprintf(why, why_len, "cannot open directory '%s': %s", p->host,
             strerror(errno));
    return false;
  }
  wasi_file *f = wasi_file_new(host, true, guest);
  if (!f || wasi_fd_place(ctx, fd, f) != WASI_ESUCCESS) {
    if (f) wasi_fd_put(ctx, f); else close(host);
    snprintf(why, why_len, "cannot preopen directory '%s': out of memory",
             p->host);
    return false;
  }
  return true;
}

wasi_ctx *wasi_ctx_new(const wasi_config *cfg, char *why, size_t why_len) {
  wasi_ctx *ctx = calloc(1, sizeof *ctx);
  if (!ctx) {
    snprintf(why, why_len, "out of memory creating the WASI context");
    return NULL;
  }
  pthread_mutex_init(&ctx->lock, NULL);
  if (!strings_copy(&ctx->args, cfg->argc, cfg->argv) ||
      !strings_copy(&ctx->env, cfg->envc, cfg->env)) {
    snprintf(why, why_len, "arguments or environment too large");
    wasi_ctx_free(ctx);
    return NULL;
  }
  /* A stdio descriptor the process does not have stays closed for the
   * guest too. */
  for (u32 fd = 0; fd < 3; fd++) {
    wasi_file *f;
    if (cfg->has_stdio_fds) {  /* a plugin's: its own copies of the host's */
      if (cfg->stdio_fds[fd] < 0) continue;
      int host = fcntl(cfg->stdio_fds[fd], F_DUPFD_CLOEXEC, 3);
      if (host < 0) {
        snprintf(why, why_len, "cannot use host fd %d as fd %u: %s",
                 cfg->stdio_fds[fd], fd, strerror(errno));
        wasi_ctx_free(ctx);
        return NULL;
      }
      f = wasi_file_new(host, true, NULL);
      if (!f) close(host);
    } else {
      f = wasi_file_new((int)fd, false, NULL);
    }
    if (f && wasi_fd_place(ctx, fd, f) != WASI_ESUCCESS) {
      wasi_fd_put(ctx, f);
      snprintf(why, why_len, "out of memory creating the WASI context");
      wasi_ctx_free(ctx);
      return NULL;
    }
  }
  for (int i = 0; i < cfg->npreopens; i++) {
    if (!add_preopen(ctx, 3 + (u32)i, &cfg->preopens[i], why, why_len)) {
      wasi_ctx_free(ctx);
      return NULL;
    }
  }
  return ctx;
}

void wasi_ctx_free(wasi_ctx *ctx) {
  if (!ctx) return;
  wasi_fd_clear(ctx);
  free(ctx->args.buf);
  free(ctx->env.buf);
  pthread_mutex_destroy(&ctx->lock);
  free(ctx);
}

void wasi_ctx_set_memory(wasi_ctx *ctx, wf_memory *mem) { ctx->mem = mem; }

void wasi_ctx_set_exit_handler(wasi_ctx *ctx,
                               void (*on_exit)(wasi_ctx *, u32 code)) {
  ctx->on_exit = on_exit;
}
