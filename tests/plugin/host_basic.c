/* The plugin host API end to end on calc.wat (see there): opening, errors,
 * listing, binding host functions, calls by name and by handle, traps as
 * values, memory access, interruption, timeouts and a memory cap.
 *   host_basic PLUGIN.so OTHER.so   (OTHER: any shared library that is not
 *                                    a weft plugin) */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "weft.h"

#include "check.h"

static char logged[64];

static int host_log(void *env, weft_instance *caller, const weft_raw *a,
                    weft_raw *r) {
  (void)env, (void)r;
  size_t len = a[1].i32 < sizeof logged - 1 ? a[1].i32 : sizeof logged - 1;
  weft_error e;
  if (weft_memory_read(caller, a[0].i32, logged, len, &e) != WEFT_OK) {
    weft_host_error(caller, "log: %s", e.message);
    return -1;
  }
  logged[len] = 0;
  return 0;
}

static int host_twice(void *env, weft_instance *caller, const weft_raw *a,
                      weft_raw *r) {
  int *calls = env;
  ++*calls;
  if (a[0].i64 == 13) {
    weft_host_error(caller, "unlucky %" PRIu64, a[0].i64);
    return -1;
  }
  r[0].i64 = a[0].i64 * 2;
  return 0;
}

static int twice_calls;
static const weft_import_binding bindings[] = {
    {"host", "log", "ii:", host_log, NULL},
    {"host", "twice", "j:j", host_twice, &twice_calls},
};

static void *interrupter(void *arg) {
  struct timespec t = {0, 50 * 1000 * 1000};
  nanosleep(&t, NULL);
  weft_instance_interrupt(arg);
  return NULL;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  if (argc < 3) return 2;
  weft_error err;

  /* opening: the errors */
  CHECK(!weft_plugin_open("/no/such/plugin.so", &err) && err.status == WEFT_ERROR &&
        strstr(err.message, "/no/such/plugin.so: cannot open plugin: no such file"),
        "missing file: %s", err.message);
  CHECK(!weft_plugin_open(argv[2], &err) && strstr(err.message, "not a weft plugin"),
        "not a plugin: %s", err.message);

  weft_plugin *p = weft_plugin_open(argv[1], &err);
  CHECK(p != NULL, "open: %s", err.message);
  if (!p) return 1;

  /* listing */
  weft_extern x;
  CHECK(weft_plugin_import_count(p) == 2, "imports");
  CHECK(!weft_plugin_import(p, 1, &x) && !strcmp(x.module, "host") &&
        !strcmp(x.name, "twice") && x.kind == WEFT_EXTERN_FUNC &&
        !strcmp(x.signature, "j:j"), "import 1");
  CHECK(weft_plugin_import(p, 2, &x) == -1, "import out of range");
  uint32_t nexp = weft_plugin_export_count(p);
  CHECK(nexp == 9, "exports: %u", nexp);
  CHECK(!weft_plugin_export(p, 0, &x) && !strcmp(x.name, "memory") &&
        x.kind == WEFT_EXTERN_MEMORY, "export 0");
  CHECK(!weft_plugin_export(p, 8, &x) && !strcmp(x.name, "fmix") &&
        !strcmp(x.signature, "fd:df"), "export 8: %s", x.signature);

  /* binding errors: no instance */
  weft_instance_config cfg = {0};
  CHECK(!weft_instance_new(p, &cfg, &err) &&
        strstr(err.message, "import host.log (ii:) is not bound"), "unbound: %s",
        err.message);
  weft_import_binding wrong[2] = {bindings[0], bindings[1]};
  wrong[1].signature = "i:i";
  cfg.imports = wrong, cfg.nimports = 2;
  CHECK(!weft_instance_new(p, &cfg, &err) &&
        strstr(err.message, "import host.twice has signature j:j; the binding gives i:i"),
        "wrong signature: %s", err.message);

  cfg.imports = bindings, cfg.nimports = 2;
  weft_instance *in = weft_instance_new(p, &cfg, &err);
  CHECK(in != NULL, "instance: %s", err.message);
  if (!in) return 1;

  /* calls by name */
  weft_val args[2] = {weft_i32(40), weft_i32(2)}, res[2];
  CHECK(weft_call(in, "add", args, 2, res, 1, &err) == WEFT_OK &&
        res[0].type == WEFT_TYPE_I32 && res[0].of.i32 == 42, "add: %s", err.message);
  CHECK(weft_call(in, "greet", NULL, 0, NULL, 0, &err) == WEFT_OK &&
        !strcmp(logged, "hello from wasm"), "greet: %s [%s]", err.message, logged);
  args[0] = weft_i64(20);
  CHECK(weft_call(in, "twice_plus", args, 1, res, 1, &err) == WEFT_OK &&
        res[0].of.i64 == 41 && twice_calls == 1, "twice_plus: %s", err.message);
  args[0] = weft_f32(1.5f), args[1] = weft_f64(2.25);
  CHECK(weft_call(in, "fmix", args, 2, res, 2, &err) == WEFT_OK &&
        res[0].of.f64 == 4.5 && res[1].of.f32 == -1.5f, "fmix: %s", err.message);

  /* bad calls */
  CHECK(weft_call(in, "nope", NULL, 0, NULL, 0, &err) == WEFT_ERROR &&
        strstr(err.message, "no exported function 'nope'"), "nope: %s", err.message);
  CHECK(weft_call(in, "add", args, 2, res, 1, &err) == WEFT_ERROR &&
        strstr(err.message, "'add' has signature ii:i"), "types: %s", err.message);

  /* traps come back as values; the instance goes on */
  args[0] = weft_i32(1), args[1] = weft_i32(0);
  CHECK(weft_call(in, "div", args, 2, res, 1, &err) == WEFT_TRAP &&
        err.trap == WEFT_TRAP_DIV_BY_ZERO &&
        !strcmp(err.message, "wasm trap: integer divide by zero"), "div: %s", err.message);
  CHECK(weft_call(in, "oob", NULL, 0, res, 1, &err) == WEFT_TRAP &&
        err.trap == WEFT_TRAP_OOB_MEMORY, "oob: %s", err.message);
  args[0] = weft_i64(13);
  CHECK(weft_call(in, "twice_plus", args, 1, res, 1, &err) == WEFT_TRAP &&
        err.trap == WEFT_TRAP_HOST &&
        !strcmp(err.message, "wasm trap: host function failed: unlucky 13"),
        "host error: %s", err.message);
  args[0] = weft_i32(40), args[1] = weft_i32(2);
  CHECK(weft_call(in, "add", args, 2, res, 1, &err) == WEFT_OK && res[0].of.i32 == 42,
        "add after traps: %s", err.message);

  /* the fast path */
  weft_func f;
  CHECK(weft_func_lookup(in, "add", "ii:i", &f, &err) == WEFT_OK, "lookup: %s", err.message);
  CHECK(weft_func_lookup(in, "add", "i:i", &f, &err) == WEFT_ERROR &&
        strstr(err.message, "has signature ii:i, not i:i"), "lookup sig: %s", err.message);
  weft_func_lookup(in, "add", "ii:i", &f, &err);
  uint32_t sum = 0;
  for (uint32_t i = 0; i < 1000; i++) {
    weft_raw a[2] = {{.i32 = sum}, {.i32 = i}}, r[1];
    if (weft_func_call(in, &f, a, r, &err) != WEFT_OK) break;
    sum = r[0].i32;
  }
  CHECK(sum == 499500, "fast path sum %u", sum);

  /* memory from the host */
  char buf[16] = {0};
  CHECK(weft_memory_size(in) == 65536, "memory size");
  CHECK(weft_memory_read(in, 16, buf, 5, &err) == WEFT_OK && !memcmp(buf, "hello", 5),
        "read");
  CHECK(weft_memory_write(in, 65530, "abcdef", 6, &err) == WEFT_OK, "write at end");
  CHECK(weft_memory_write(in, 65531, "abcdef", 6, &err) == WEFT_ERROR &&
        strstr(err.message, "outside the instance's memory"), "write past end: %s",
        err.message);
  CHECK(weft_memory_read(in, UINT64_MAX - 2, buf, 6, &err) == WEFT_ERROR, "read wrap");
  CHECK(weft_memory_read(in, 0, NULL, 6, &err) == WEFT_ERROR, "read null");

  /* interruption from another thread, then a timeout */
  pthread_t t;
  pthread_create(&t, NULL, interrupter, in);
  double t0 = now();
  CHECK(weft_call(in, "spin", NULL, 0, NULL, 0, &err) == WEFT_INTERRUPTED &&
        !strcmp(err.message, "interrupted"), "spin: %s", err.message);
  double waited = now() - t0;
  pthread_join(t, NULL);
  CHECK(waited < 2.0, "interrupt took %.3f s", waited);
  CHECK(weft_call(in, "add", args, 2, res, 1, &err) == WEFT_OK, "add after interrupt");
  weft_instance_set_timeout(in, 100 * 1000 * 1000);
  t0 = now();
  CHECK(weft_call(in, "spin", NULL, 0, NULL, 0, &err) == WEFT_INTERRUPTED,
        "timeout: %s", err.message);
  waited = now() - t0;
  CHECK(waited >= 0.09 && waited < 2.0, "timeout after %.3f s", waited);
  CHECK(weft_call(in, "add", args, 2, res, 1, &err) == WEFT_OK, "add after timeout");
  weft_instance_set_timeout(in, 0);

  /* the module's maximum is 10 pages */
  args[0] = weft_i32(9);
  CHECK(weft_call(in, "grow", args, 1, res, 1, &err) == WEFT_OK && res[0].of.i32 == 1,
        "grow to 10");
  args[0] = weft_i32(1);
  CHECK(weft_call(in, "grow", args, 1, res, 1, &err) == WEFT_OK &&
        res[0].of.i32 == UINT32_MAX, "grow past max");
  weft_instance_free(in);

  /* a cap below the module's maximum */
  cfg.max_memory_pages = 3;
  in = weft_instance_new(p, &cfg, &err);
  CHECK(in != NULL, "capped instance: %s", err.message);
  args[0] = weft_i32(2);
  CHECK(weft_call(in, "grow", args, 1, res, 1, &err) == WEFT_OK && res[0].of.i32 == 1,
        "grow to the cap");
  args[0] = weft_i32(1);
  CHECK(weft_call(in, "grow", args, 1, res, 1, &err) == WEFT_OK &&
        res[0].of.i32 == UINT32_MAX, "grow past the cap");
  CHECK(weft_memory_size(in) == 3 * 65536, "capped size");
  /* left open: weft_plugin_close frees it */
  weft_plugin_close(p);

  printf("%s\n", failures ? "FAILED" : "ok");
  return failures != 0;
}
