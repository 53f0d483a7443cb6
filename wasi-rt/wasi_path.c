/*
 * wasi_path.c - guest paths resolved inside a directory, never outside it.
 *
 * The guest names files by (directory fd, relative path).  Handing that
 * path to openat() would let "..", an absolute path or a symbolic link
 * lead anywhere on the host, so the walk is done here, one component at a
 * time, each step an openat(O_PATH | O_DIRECTORY | O_NOFOLLOW) relative to
 * the directory reached so far:
 *   - "." stays, ".." pops back to the previous directory; popping past
 *     the starting directory is WASI_ENOTCAPABLE;
 *   - a component that is a symbolic link (open fails with ELOOP or
 *     ENOTDIR and readlinkat succeeds) is replaced by its target, which
 *     must be relative, and the walk goes on from the same directory; at
 *     most 40 links per path (WASI_ELOOP), like Linux;
 *   - the last component is left for the operation itself, which the
 *     callers always perform with following off (O_NOFOLLOW,
 *     AT_SYMLINK_NOFOLLOW, or an operation that never follows), so a link
 *     swapped in after the check is never followed by the kernel.  When
 *     the guest asks to follow the last link, it is expanded here first.
 * Every descriptor on the way is held open, so a directory renamed or
 * replaced by a link meanwhile cannot move the walk outside either.  This
 * is portable POSIX; Linux's openat2(RESOLVE_BENEATH) would do the same
 * in the kernel but covers only opens, not the other *at calls.
 */
#include "wasi_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_LINKS 40
/* Longest path (after link expansion) the walk accepts. */
#define MAX_PATH_BYTES 65536u

typedef struct walk {
  int *fds;      /* fds[0] is the starting directory (not ours) */
  u32 n, cap;
} walk;

static int top(const walk *w) { return w->fds[w->n - 1]; }

static bool push(walk *w, int fd) {
  if (w->n == w->cap) {
    u32 cap = w->cap * 2;
    int *fds = realloc(w->fds, cap * sizeof *fds);
    if (!fds) return false;
    w->fds = fds;
    w->cap = cap;
  }
  w->fds[w->n++] = fd;
  return true;
}

static void walk_free(walk *w, bool keep_top) {
  for (u32 i = 1; i < w->n; i++)
    if (!(keep_top && i == w->n - 1)) close(w->fds[i]);
  free(w->fds);
}

/* The target of link dirfd/name as a new path string followed by `rest`;
 * 1 if name is no link, 0 on success, -1 with *err set. */
static int expand_link(int dirfd, const char *name, const char *rest,
                       char **path, u32 *err) {
  char target[PATH_MAX];
  ssize_t n = readlinkat(dirfd, name, target, sizeof target);
  if (n < 0) return 1;
  if ((size_t)n >= sizeof target) {
    *err = WASI_ENAMETOOLONG;
    return -1;
  }
  if (n == 0) {
    *err = WASI_ENOENT;
    return -1;
  }
  if (target[0] == '/') {
    *err = WASI_ENOTCAPABLE; /* an absolute link leads outside */
    return -1;
  }
  size_t rlen = strlen(rest);
  if ((size_t)n + rlen + 1 > MAX_PATH_BYTES) {
    *err = WASI_ENAMETOOLONG;
    return -1;
  }
  char *p = malloc((size_t)n + rlen + 1);
  if (!p) {
    *err = WASI_ENOMEM;
    return -1;
  }
  memcpy(p, target, (size_t)n);
  memcpy(p + n, rest, rlen + 1);
  free(*path);
  *path = p;
  return 0;
}

/* expand_link, counting links: the 41st is WASI_ELOOP. */
static int follow(int dirfd, const char *name, const char *rest, char **path,
                  u32 *links, u32 *err) {
  int r = expand_link(dirfd, name, rest, path, err);
  if (r == 0 && ++*links > MAX_LINKS) {
    *err = WASI_ELOOP;
    return -1;
  }
  return r;
}

u32 wasi_path_copy(const u8 *path, u32 len, char **out) {
  /* Copied before it is looked at: another thread may be changing it. */
  char *buf = malloc((size_t)len + 1);
  if (!buf) return WASI_ENOMEM;
  memcpy(buf, path, len);
  buf[len] = 0;
  u32 bad = strlen(buf) != len ? WASI_EILSEQ
            : buf[0] == '/'    ? WASI_ENOTCAPABLE
                               : WASI_ESUCCESS;
  if (bad) free(buf);
  else *out = buf;
  return bad;
}

u32 wasi_path_resolve(const wasi_file *dir, const u8 *path, u32 len,
                      unsigned flags, wasi_path *out) {
  if (dir->filetype != WASI_FILETYPE_DIRECTORY) return WASI_ENOTDIR;
  if (len == 0) return WASI_ENOENT;
  if (len > MAX_PATH_BYTES) return WASI_ENAMETOOLONG;
  char *buf;
  u32 bad = wasi_path_copy(path, len, &buf);
  if (bad) return bad;
  walk w = {malloc(8 * sizeof(int)), 1, 8};
  if (!w.fds) {
    free(buf);
    return WASI_ENOMEM;
  }
  w.fds[0] = dir->host;
  u32 err = WASI_ESUCCESS, links = 0;
  char *name = NULL;
  size_t pos = 0;
  for (;;) {
    char *s = buf + pos;
    while (*s == '/') s++;
    char *e = s;
    while (*e && *e != '/') e++;
    char *t = e;
    while (*t == '/') t++;
    bool slash = t > e, last = *t == 0;
    size_t clen = (size_t)(e - s);
    if (clen == 0) { /* only slashes were left: cannot happen after a name */
      err = WASI_ENOENT;
      break;
    }
    if (clen > NAME_MAX) {
      err = WASI_ENAMETOOLONG;
      break;
    }
    char comp[NAME_MAX + 3];
    memcpy(comp, s, clen);
    comp[clen] = 0;
    if (!strcmp(comp, ".") || !strcmp(comp, "..")) {
      if (comp[1] == '.') {
        if (w.n == 1) {
          err = WASI_ENOTCAPABLE;
          break;
        }
        close(w.fds[--w.n]);
      }
      if (last) {
        name = strdup(".");
        break;
      }
      pos = (size_t)(t - buf);
      continue;
    }
    bool dir_wanted = !last || (slash && !(flags & WASI_PATH_KEEP_SLASH));
    if (!dir_wanted) {
      /* The last component, kept as a name. */
      if (flags & WASI_PATH_FOLLOW) {
        int r = follow(top(&w), comp, e, &buf, &links, &err);
        if (r < 0) break;
        if (r == 0) {
          pos = 0;
          continue;
        }
      }
      if (slash) strcat(comp, "/");
      name = strdup(comp);
      break;
    }
    /* A directory to step into: an earlier component, or a last one
     * with a trailing slash. */
    int fd = openat(top(&w), comp, O_PATH | O_DIRECTORY | O_NOFOLLOW |
                                       O_CLOEXEC);
    if (fd < 0) {
      int host_err = errno;
      if (host_err == ELOOP || host_err == ENOTDIR) {
        int r = follow(top(&w), comp, e, &buf, &links, &err);
        if (r < 0) break;
        if (r == 0) {
          pos = 0;
          continue;
        }
      }
      err = wasi_errno(host_err);
      break;
    }
    if (!push(&w, fd)) {
      close(fd);
      err = WASI_ENOMEM;
      break;
    }
    if (last) {
      name = strdup(".");
      break;
    }
    pos = (size_t)(t - buf);
  }
  free(buf);
  if (!err && !name) err = WASI_ENOMEM;
  if (err) {
    free(name);
    walk_free(&w, false);
    return err;
  }
  out->dirfd = top(&w);
  out->owned = w.n > 1;
  out->name = name;
  walk_free(&w, true);
  return WASI_ESUCCESS;
}

void wasi_path_done(wasi_path *p) {
  if (p->owned) close(p->dirfd);
  free(p->name);
  p->name = NULL;
  p->owned = false;
}

u32 wasi_path_begin(wasi_ctx *ctx, u32 fd, u64 rights, u32 path, u32 len,
                    unsigned flags, wasi_file **f, wasi_path *out) {
  u8 *p;
  u32 err = wasi_fd_get(ctx, fd, 0, f);
  if (err) return err;
  /* A file is no directory, whatever rights it lacks. */
  if ((*f)->filetype != WASI_FILETYPE_DIRECTORY)
    err = WASI_ENOTDIR;
  else if (!wasi_file_has(ctx, *f, rights))
    err = WASI_ENOTCAPABLE;
  else if (wasi_mem(ctx, path, len, &p))
    err = WASI_EFAULT;
  else
    err = wasi_path_resolve(*f, p, len, flags, out);
  if (err) wasi_fd_put(ctx, *f);
  return err;
}

void wasi_path_end(wasi_ctx *ctx, wasi_file *f, wasi_path *p) {
  wasi_path_done(p);
  wasi_fd_put(ctx, f);
}
