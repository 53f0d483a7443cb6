/*
 * main.c - the weft command: parse, dispatch, and print the one-line error
 * any step returned.  Exit status: 0, 1 for any error (run: the program's
 * own status, since run execs it).
 */
#include <stdio.h>

#include "driver.h"
#include "options.h"

int main(int argc, char **argv) {
  weft_options o;
  char err[1024] = "";
  int r = options_parse(argc, argv, &o, err, sizeof err);
  if (!r) {
    switch (o.cmd) {
      case CMD_HELP: fputs(weft_usage, stdout); break;
      case CMD_VERSION: puts("weft " WEFT_VERSION); break;
      case CMD_TRANSLATE: r = driver_translate(&o, err, sizeof err); break;
      case CMD_BUILD: r = driver_build(&o, o.output, err, sizeof err); break;
      case CMD_RUN: r = driver_run(&o, err, sizeof err); break;
      default: break;
    }
  }
  if (r) fprintf(stderr, "%s\n", err);
  options_free(&o);
  return r ? 1 : 0;
}
