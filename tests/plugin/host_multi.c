/* Plugins side by side: the same plugin under two paths and another
 * plugin whose module has the same name (so the same C symbols inside)
 * load into one process, and each instance runs its own code and state.
 *   host_multi CALC.so CALC_COPY.so SAME_NAME.so */
#include <stdio.h>
#include <string.h>

#include "weft.h"

#include "check.h"

static int host_log(void *env, weft_instance *c, const weft_raw *a, weft_raw *r) {
  (void)env, (void)c, (void)a, (void)r;
  return 0;
}
static int host_twice(void *env, weft_instance *c, const weft_raw *a, weft_raw *r) {
  (void)c;
  r[0].i64 = a[0].i64 * (uint64_t)(uintptr_t)env;
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 4) return 2;
  weft_error err;
  weft_plugin *p[3];
  weft_instance *in[3];
  for (int i = 0; i < 3; i++) {
    p[i] = weft_plugin_open(argv[1 + i], &err);
    CHECK(p[i], "open %s: %s", argv[1 + i], err.message);
    if (!p[i]) return 1;
  }
  for (int i = 0; i < 2; i++) {
    weft_import_binding b[2] = {{"host", "log", "ii:", host_log, NULL},
                                {"host", "twice", "j:j", host_twice,
                                 (void *)(uintptr_t)(i + 2)}};
    weft_instance_config cfg = {b, 2, NULL, 0, 0, 0};
    in[i] = weft_instance_new(p[i], &cfg, &err);
    CHECK(in[i], "instance %d: %s", i, err.message);
  }
  weft_wasi_config wasi = {0, NULL, 0, NULL, 0, NULL, -1, -1, -1};
  weft_instance_config cfg = {NULL, 0, &wasi, 0, 0, 0};
  in[2] = weft_instance_new(p[2], &cfg, &err);
  CHECK(in[2], "instance 2: %s", err.message);
  if (!in[0] || !in[1] || !in[2]) return 1;
  /* each copy calls its own binding */
  weft_val a[1] = {weft_i64(10)}, r[1];
  CHECK(weft_call(in[0], "twice_plus", a, 1, r, 1, &err) == WEFT_OK && r[0].of.i64 == 21,
        "first copy: %s", err.message);
  CHECK(weft_call(in[1], "twice_plus", a, 1, r, 1, &err) == WEFT_OK && r[0].of.i64 == 31,
        "second copy: %s", err.message);
  /* the other module of the same name has its own exports */
  CHECK(weft_call(in[2], "ok", NULL, 0, r, 1, &err) == WEFT_OK && r[0].of.i32 == 7,
        "same-name module: %s", err.message);
  CHECK(weft_call(in[0], "ok", NULL, 0, r, 1, &err) == WEFT_ERROR, "no 'ok' in calc");
  /* memories are separate */
  CHECK(weft_memory_write(in[0], 100, "one", 4, &err) == WEFT_OK &&
        weft_memory_write(in[1], 100, "two", 4, &err) == WEFT_OK, "writes");
  char b0[4], b1[4];
  weft_memory_read(in[0], 100, b0, 4, &err);
  weft_memory_read(in[1], 100, b1, 4, &err);
  CHECK(!strcmp(b0, "one") && !strcmp(b1, "two"), "memories: %s %s", b0, b1);
  /* closing one leaves the others working */
  weft_plugin_close(p[0]);
  CHECK(weft_call(in[1], "twice_plus", a, 1, r, 1, &err) == WEFT_OK && r[0].of.i64 == 31,
        "after closing the first: %s", err.message);
  weft_plugin_close(p[1]);
  weft_plugin_close(p[2]);
  printf("%s\n", failures ? "FAILED" : "ok");
  return failures != 0;
}
