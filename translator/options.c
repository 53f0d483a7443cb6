/* options.c - command-line parsing; see options.h. */
#include "options.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char weft_usage[] =
    "usage: weft run       [OPTIONS] MODULE [ARGS...]\n"
    "       weft build     [OPTIONS] MODULE -o EXE\n"
    "       weft translate [OPTIONS] MODULE -o OUT   (writes OUT.c, OUT.h)\n"
    "       weft --help | --version\n"
    "\n"
    "MODULE is a .wasm or .wat file (told apart by content).\n"
    "\n"
    "options:\n"
    "  -n, --name NAME        symbol prefix of the generated C (default: from\n"
    "                         the module's file name)\n"
    "  -O0 .. -O3             C optimisation level (default -O2)\n"
    "  --cc CC                C compiler (default $CC, else cc)\n"
    "  --cflags FLAGS         extra C compiler flags, space-separated\n"
    "  --bounds guard|explicit  memory bounds by guard pages (default on\n"
    "                         64-bit Linux) or by explicit checks (default on\n"
    "                         32-bit targets)\n"
    "  --target TRIPLE        build: cross-compile with TRIPLE-gcc (e.g.\n"
    "                         aarch64-linux-gnu, arm-linux-gnueabihf,\n"
    "                         s390x-linux-gnu); runtime cached per target\n"
    "  --static               build: link statically\n"
    "  -j N                   parallel C compiler jobs (default: CPUs)\n"
    "  -g                     debug at the source: #line directives from\n"
    "                         the module's DWARF line table (clang -g), and\n"
    "                         the C compiled with -g\n"
    "  -o PATH                output (build: executable; translate: prefix)\n"
    "  --shared               build: a plugin .so for hosts using libweft\n"
    "                         (weft.h); translate: C for one\n"
    "  --dir HOST[::GUEST]    run: preopen HOST for the program as GUEST\n"
    "  --env K=V              run: set a variable in the program's environment\n"
    "  --inherit-env          run: pass weft's whole environment to the program\n"
    "                         (--env still adds and overrides)\n"
    "\n"
    "weft run caches native builds in $WEFT_CACHE_DIR, else\n"
    "$XDG_CACHE_HOME/weft, else ~/.cache/weft.\n";

static int fail(char *err, size_t n, const char *fmt, const char *arg) {
  snprintf(err, n, fmt, arg);
  return -1;
}

static const char **push(const char **list, int *n, const char *v) {
  list = realloc(list, sizeof *list * (size_t)(*n + 1));
  if (!list) abort();
  list[(*n)++] = v;
  return list;
}

/* Takes an option's value, either attached ("--cc=gcc", "-j4") or as the
 * next argument. */
static const char *value(int argc, char **argv, int *i, const char *attached) {
  if (attached && *attached) return attached;
  if (*i + 1 >= argc) return NULL;
  return argv[++*i];
}

static int option(int argc, char **argv, int *i, weft_options *o, char *err,
                  size_t n) {
  const char *a = argv[*i], *eq = strchr(a, '='), *v;
  size_t klen = eq && a[1] == '-' ? (size_t)(eq - a) : strlen(a);
  const char *att = eq && a[1] == '-' ? eq + 1 : NULL;
#define IS(s) (klen == strlen(s) && !strncmp(a, s, klen))
  if (a[1] == 'O' && a[2] >= '0' && a[2] <= '3' && !a[3]) {
    o->opt_level = a[2] - '0';
    return 0;
  }
  if (a[1] == 'j' && a[2]) att = a + 2, klen = 2;
  if (!strcmp(a, "--inherit-env")) {
    o->inherit_env = true;
    return 0;
  }
  if (!strcmp(a, "--shared")) {
    o->shared = true;
    return 0;
  }
  if (!strcmp(a, "-g")) {
    o->debug = true;
    return 0;
  }
  if (!strcmp(a, "--static")) {
    o->static_link = true;
    return 0;
  }
  if (IS("-n") || IS("--name") || IS("-o") || IS("--cc") || IS("--cflags") ||
      IS("--bounds") || IS("-j") || IS("--dir") || IS("--env") ||
      IS("--target")) {
    if (!(v = value(argc, argv, i, att)))
      return fail(err, n, "weft: option %s needs a value", a);
    if (IS("-n") || IS("--name")) o->name = v;
    else if (IS("-o")) o->output = v;
    else if (IS("--cc")) o->cc = v, o->cc_given = true;
    else if (IS("--target")) {
      if (!*v || strchr(v, '/') || strchr(v, ' '))
        return fail(err, n, "weft: --target takes a triple such as "
                    "aarch64-linux-gnu, not '%s'", v);
      o->target = v;
    }
    else if (IS("--cflags")) o->cflags = v;
    else if (IS("-j")) {
      char *end;
      long j = strtol(v, &end, 10);
      if (*end || j < 1 || j > 256)
        return fail(err, n, "weft: -j needs a number from 1 to 256, not '%s'", v);
      o->jobs = (int)j;
    } else if (IS("--bounds")) {
      if (!strcmp(v, "explicit")) o->bounds = BOUNDS_EXPLICIT;
      else if (!strcmp(v, "guard")) o->bounds = BOUNDS_GUARD;
      else return fail(err, n, "weft: --bounds takes guard or explicit, not '%s'", v);
    } else if (IS("--dir")) o->dirs = push(o->dirs, &o->ndirs, v);
    else if (IS("--env")) {
      if (!strchr(v, '='))
        return fail(err, n, "weft: --env takes K=V, not '%s'", v);
      o->envs = push(o->envs, &o->nenvs, v);
    }
    return 0;
  }
#undef IS
  return fail(err, n, "weft: unknown option '%s' (see weft --help)", a);
}

int options_parse(int argc, char **argv, weft_options *o, char *err,
                  size_t n) {
  memset(o, 0, sizeof *o);
  o->opt_level = 2;
  o->cc = getenv("CC") && *getenv("CC") ? getenv("CC") : "cc";
  if (argc < 2) return fail(err, n, "%s", "weft: no command given (see weft --help)");
  const char *c = argv[1];
  if (!strcmp(c, "--help") || !strcmp(c, "-h") || !strcmp(c, "help")) {
    o->cmd = CMD_HELP;
    return 0;
  }
  if (!strcmp(c, "--version") || !strcmp(c, "version")) {
    o->cmd = CMD_VERSION;
    return 0;
  }
  if (!strcmp(c, "run")) o->cmd = CMD_RUN;
  else if (!strcmp(c, "build")) o->cmd = CMD_BUILD;
  else if (!strcmp(c, "translate")) o->cmd = CMD_TRANSLATE;
  else return fail(err, n, "weft: unknown command '%s' (see weft --help)", c);
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    if (a[0] == '-' && a[1] && !(o->cmd == CMD_RUN && o->module)) {
      if (!strcmp(a, "--help")) {
        o->cmd = CMD_HELP;
        return 0;
      }
      if (option(argc, argv, &i, o, err, n)) return -1;
    } else if (!o->module) {
      o->module = a;
      if (o->cmd == CMD_RUN) { /* everything after MODULE is the program's */
        o->args = argv + i + 1;
        o->nargs = argc - i - 1;
        break;
      }
    } else {
      return fail(err, n, "weft: unexpected argument '%s'", a);
    }
  }
  if (!o->module) return fail(err, n, "%s", "weft: no module given (see weft --help)");
  if (o->cmd != CMD_RUN && !o->output)
    return fail(err, n, "weft: %s needs -o", c);
  if (o->cmd == CMD_RUN && o->output)
    return fail(err, n, "%s", "weft: run takes no -o (use weft build)");
  if (o->cmd == CMD_RUN && o->shared)
    return fail(err, n, "%s", "weft: run takes no --shared (a plugin is "
                "loaded by a host: use weft build --shared)");
  if (o->cmd == CMD_RUN && o->target)
    return fail(err, n, "%s", "weft: run runs on this machine only (use weft "
                "build --target and run the program on the target, or under "
                "qemu-user)");
  if (o->target && !o->cc_given) {  /* Debian's cross compilers */
    static char cc[256];
    snprintf(cc, sizeof cc, "%s-gcc", o->target);
    o->cc = cc;
  }
  return 0;
}

void options_free(weft_options *o) {
  free(o->dirs);
  free(o->envs);
}
