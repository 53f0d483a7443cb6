/* part_files.c - the emitter's C parts as files; see part_files.h. */
#define _XOPEN_SOURCE 700
#include "part_files.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

void part_files_init(part_files *pf, const char *base, int nparts,
                     bool atomic) {
  pf->base = base, pf->nparts = nparts, pf->atomic = atomic;
  pf->open = -1, pf->f = NULL;
}

void part_files_path(const part_files *pf, int k, char *buf, size_t n) {
  if (k) snprintf(buf, n, "%s_%d.c", pf->base, k);
  else snprintf(buf, n, "%s.c", pf->base);
}

/* Where part k is being written. */
static void write_path(const part_files *pf, int k, char *buf, size_t n) {
  char path[4300];
  part_files_path(pf, k, path, sizeof path);
  if (pf->atomic) snprintf(buf, n, "%s.tmp%ld", path, (long)getpid());
  else snprintf(buf, n, "%s", path);
}

static int fail(const part_files *pf, int k, char *err, size_t n) {
  char path[4400];
  part_files_path(pf, k, path, sizeof path);
  snprintf(err, n, "weft: cannot write %s: %s", path, strerror(errno));
  return -1;
}

static int close_open(part_files *pf) {
  int r = pf->f && fclose(pf->f) ? -1 : 0;
  pf->f = NULL;
  return r;
}

int part_files_write(void *ctx, int part, const char *data, size_t len,
                     char *err, size_t n) {
  part_files *pf = ctx;
  char path[4400];
  if (pf->open != part) {
    if (close_open(pf)) return fail(pf, pf->open, err, n);
    pf->open = part;
    write_path(pf, part, path, sizeof path);
    pf->f = fopen(path, "w");
    if (!pf->f) return fail(pf, part, err, n);
  }
  if (fwrite(data, 1, len, pf->f) != len) return fail(pf, part, err, n);
  return 0;
}

int part_files_finish(part_files *pf, bool ok, char *err, size_t n) {
  char tmp[4400], path[4400];
  if (close_open(pf) && ok) ok = fail(pf, pf->open, err, n) == 0;
  for (int k = 0; k < pf->nparts && pf->open >= 0; k++) {
    write_path(pf, k, tmp, sizeof tmp);
    part_files_path(pf, k, path, sizeof path);
    if (!ok) unlink(tmp);
    else if (pf->atomic && rename(tmp, path)) ok = fail(pf, k, err, n) == 0;
  }
  return ok ? 0 : -1;
}
