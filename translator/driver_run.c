/*
 * driver_run.c - weft run: build the module into the cache unless an
 * identical build is there, then exec it.  A cache entry is a directory
 * that appears by rename only once complete, so a half-written entry is
 * never used.  The program gets argv[0] = the module's file name and weft's
 * --dir/--env/--inherit-env through its leading "--weft ... --" section
 * (wasi_main.h); exec passes weft's own environment on, which is what
 * --inherit-env hands to the guest.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "driver.h"
#include "fsutil.h"
#include "module.h"

static int cached_build(const weft_options *o, char *prog, size_t pn,
                        char *err, size_t n) {
  char cache[4096], dir[4200], tmp[4200];
  size_t len;
  uint8_t *bytes = wm_read_file(o->module, &len);
  if (!bytes) {
    snprintf(err, n, "%s: cannot read: %s", o->module, strerror(errno));
    return -1;
  }
  uint64_t h = driver_config_hash(o);
  h = driver_hash(h, bytes, len);
  if (o->name) h = driver_hash(h, o->name, strlen(o->name));
  free(bytes);
  if (driver_cache_dir(cache, sizeof cache)) {
    snprintf(err, n, "weft: cannot create the cache directory: %s", strerror(errno));
    return -1;
  }
  snprintf(dir, sizeof dir, "%s/run-%016llx", cache, (unsigned long long)h);
  snprintf(prog, pn, "%s/prog", dir);
  if (fs_exists(prog)) return 0;
  snprintf(tmp, sizeof tmp, "%s/tmp-run-XXXXXX", cache);
  if (!mkdtemp(tmp)) {
    snprintf(err, n, "weft: cannot write to %s: %s", cache, strerror(errno));
    return -1;
  }
  char tmpprog[4300];
  snprintf(tmpprog, sizeof tmpprog, "%s/prog", tmp);
  int r = driver_build(o, tmpprog, err, n);
  if (!r && rename(tmp, dir) && !fs_exists(prog)) {
    snprintf(err, n, "weft: cannot write to %s: %s", cache, strerror(errno));
    r = -1;
  }
  if (fs_exists(tmp)) fs_rm_rf(tmp);
  return r;
}

int driver_run(const weft_options *o, char *err, size_t n) {
  char prog[4300];
  if (cached_build(o, prog, sizeof prog, err, n)) return -1;
  int argc = 0;
  char **argv = calloc((size_t)(2 * o->ndirs + 2 * o->nenvs + o->nargs + 5),
                       sizeof *argv);
  if (!argv) abort();
  const char *base = strrchr(o->module, '/');
  argv[argc++] = (char *)(base ? base + 1 : o->module);
  argv[argc++] = "--weft";
  if (o->inherit_env) argv[argc++] = "--inherit-env";
  for (int i = 0; i < o->ndirs; i++)
    argv[argc++] = "--dir", argv[argc++] = (char *)o->dirs[i];
  for (int i = 0; i < o->nenvs; i++)
    argv[argc++] = "--env", argv[argc++] = (char *)o->envs[i];
  argv[argc++] = "--";
  for (int i = 0; i < o->nargs; i++) argv[argc++] = o->args[i];
  argv[argc] = NULL;
  execv(prog, argv);
  snprintf(err, n, "weft: cannot run %s: %s", prog, strerror(errno));
  free(argv);
  return -1;
}
