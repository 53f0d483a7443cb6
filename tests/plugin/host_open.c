/* Opens each plugin path given and prints "PATH: ok" or the error message,
 * one line each (plugin.sh checks them). */
#include <stdio.h>

#include "weft.h"

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    weft_error err;
    weft_plugin *p = weft_plugin_open(argv[i], &err);
    if (p) printf("%s: ok\n", argv[i]);
    else printf("%s\n", err.message);
    weft_plugin_close(p);
  }
  return 0;
}
