/* installed_rt.c - finding the installed runtime; see installed_rt.h. */
#define _XOPEN_SOURCE 700
#include "installed_rt.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef WEFT_INSTALL_LIBDIR
#define WEFT_INSTALL_LIBDIR "lib"
#endif

/* PREFIX, from PREFIX/bin/weft. */
static bool own_prefix(char *buf, size_t n) {
  char exe[PATH_MAX];
  ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (len <= 0) return false;
  exe[len] = 0;
  char *slash = strrchr(exe, '/');
  if (!slash || slash - exe < 4 || strncmp(slash - 4, "/bin", 4)) return false;
  snprintf(buf, n, "%.*s", (int)(slash - 4 - exe), exe);
  return true;
}

bool installed_rt(const weft_options *o, char *inc, size_t incn, char *lib,
                  size_t libn) {
  char prefix[PATH_MAX], header[PATH_MAX + 64];
  if (o->target || !own_prefix(prefix, sizeof prefix)) return false;
  snprintf(inc, incn, "%s/include/weft", prefix);
  snprintf(header, sizeof header, "%s/weft_rt.h", inc);
  snprintf(lib, libn, "%s/%s/libweft_rt%s.a", prefix, WEFT_INSTALL_LIBDIR,
           o->bounds == BOUNDS_EXPLICIT ? "_explicit" : "");
  return access(header, R_OK) == 0 && access(lib, R_OK) == 0;
}
