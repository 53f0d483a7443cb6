/* Opens each plugin path given and prints "PATH: ok" or the error message,
 * one line each (plugin.sh checks them).  With --get, also creates an
 * instance and prints what its export get() returns. */
#include <stdio.h>
#include <string.h>

#include "weft.h"

int main(int argc, char **argv) {
  int get = argc > 1 && !strcmp(argv[1], "--get");
  for (int i = 1 + get; i < argc; i++) {
    weft_error err;
    weft_plugin *p = weft_plugin_open(argv[i], &err);
    if (!p) {
      printf("%s\n", err.message);
      continue;
    }
    weft_instance *in = get ? weft_instance_new(p, NULL, &err) : NULL;
    weft_val r[1];
    if (!get)
      printf("%s: ok\n", argv[i]);
    else if (in && weft_call(in, "get", NULL, 0, r, 1, &err) == WEFT_OK)
      printf("%s: get %u\n", argv[i], r[0].of.i32);
    else
      printf("%s\n", err.message);
    weft_plugin_close(p);
  }
  return 0;
}
