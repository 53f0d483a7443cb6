/* run_plugin.c - runs a WASI command built with `weft build --shared` as a
 * plugin: loads it through libweft, gives it this process's stdio and
 * arguments, and calls its _start.  The benchmarks use it to measure what
 * plugin code costs (position-independent code, the stack limit in the
 * instance) against the same module built as an executable.
 *   run_plugin PLUGIN.so [ARGS...]    exit status: the program's */
#include <stdio.h>

#include "weft.h"

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: run_plugin PLUGIN.so [ARGS...]\n");
    return 2;
  }
  weft_error err;
  weft_plugin *p = weft_plugin_open(argv[1], &err);
  if (!p) {
    fprintf(stderr, "%s\n", err.message);
    return 1;
  }
  weft_wasi_config wasi = {argc - 1, (const char *const *)argv + 1, 0, NULL,
                           0, NULL, 0, 1, 2};
  weft_instance_config cfg = {0};
  cfg.wasi = &wasi;
  weft_instance *in = weft_instance_new(p, &cfg, &err);
  if (!in) {
    fprintf(stderr, "%s\n", err.message);
    return 1;
  }
  weft_status s = weft_call(in, "_start", NULL, 0, NULL, 0, &err);
  int code = s == WEFT_OK ? 0 : s == WEFT_EXITED ? err.exit_code : 134;
  if (s != WEFT_OK && s != WEFT_EXITED) fprintf(stderr, "%s: %s\n", argv[1], err.message);
  fflush(NULL);
  weft_plugin_close(p);
  return code;
}
