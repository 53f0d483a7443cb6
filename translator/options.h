/*
 * options.h - the weft command line (synopsis in DESIGN.md and --help).
 *
 *   weft run       [OPTIONS] MODULE [ARGS...]
 *   weft build     [OPTIONS] MODULE -o EXE
 *   weft translate [OPTIONS] MODULE -o OUT
 *
 * options_parse never exits: it returns -1 with a one-line message.
 */
#ifndef WEFT_OPTIONS_H
#define WEFT_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

typedef enum { CMD_NONE, CMD_RUN, CMD_BUILD, CMD_TRANSLATE, CMD_HELP,
               CMD_VERSION } weft_command;

/* Memory bounds: AUTO leaves it to weft_rt.h, which picks guard pages on
 * 64-bit Linux and explicit checks elsewhere (32-bit targets). */
enum { BOUNDS_AUTO, BOUNDS_GUARD, BOUNDS_EXPLICIT };

typedef struct weft_options {
  weft_command cmd;
  const char *module;
  const char *output;         /* -o */
  const char *name;           /* -n, or NULL: derived from the module */
  int opt_level;              /* -O0..-O3, default 2 */
  const char *cc;             /* --cc, default $CC or "cc", or TARGET-gcc */
  bool cc_given;              /* --cc was given */
  const char *cflags;         /* --cflags, appended to weft's own */
  int bounds;                 /* BOUNDS_*: --bounds, or the target's default */
  const char *target;         /* --target TRIPLE: cross build (build only) */
  bool static_link;           /* --static */
  bool shared;                /* --shared: a plugin .so (build, translate) */
  bool debug;                 /* -g: #line from the module's DWARF lines,
                                 and C compiled with -g */
  int jobs;                   /* -j N */
  int ndirs, nenvs;
  const char **dirs;          /* --dir HOST[::GUEST] */
  const char **envs;          /* --env K=V */
  bool inherit_env;           /* --inherit-env: pass weft's environment */
  int nargs;
  char **args;                /* run: the program's arguments after MODULE */
} weft_options;

int options_parse(int argc, char **argv, weft_options *o, char *err,
                  size_t err_len);
void options_free(weft_options *o);
extern const char weft_usage[];

#endif /* WEFT_OPTIONS_H */
