/* host.c - an application that loads two sandboxed plugins made by weft
 * and stays in control whatever they do.
 *   plugin-host libfilter.so libcounter.so */
#include <stdio.h>
#include <string.h>

#include "weft.h"

/* host.weight for the filter: vowels count double. */
static int weight(void *env, weft_instance *caller, const weft_raw *args,
                  weft_raw *results) {
  (void)env, (void)caller;
  results[0].i32 = strchr("aeiou", (int)args[0].i32) ? 2 : 1;
  return 0;
}

/* host.tick for the counter: counts the calls. */
static int tick(void *env, weft_instance *caller, const weft_raw *args,
                weft_raw *results) {
  (void)caller, (void)args, (void)results;
  ++*(int *)env;
  return 0;
}

static int filter(const char *path) {
  weft_error err;
  weft_plugin *p = weft_plugin_open(path, &err);
  if (!p) return fprintf(stderr, "%s\n", err.message), 1;
  weft_import_binding imports[] = {{"host", "weight", "i:i", weight, NULL}};
  weft_instance_config cfg = {imports, 1, NULL, 0, 0, 0};  /* no WASI */
  weft_instance *in = weft_instance_new(p, &cfg, &err);
  if (!in) return fprintf(stderr, "%s\n", err.message), 1;

  const char *text = "hello weft";
  weft_val n = weft_i32((uint32_t)strlen(text)), ptr, result;
  if (weft_call(in, "alloc", &n, 1, &ptr, 1, &err) ||
      weft_memory_write(in, ptr.of.i32, text, strlen(text), &err))
    return fprintf(stderr, "%s\n", err.message), 1;
  weft_val args[2] = {ptr, n};
  if (weft_call(in, "score", args, 2, &result, 1, &err))
    return fprintf(stderr, "%s\n", err.message), 1;
  printf("filter: score(\"%s\") = %u\n", text, result.of.i32);
  weft_call(in, "release", &ptr, 1, NULL, 0, &err);
  weft_plugin_close(p);  /* frees the instance too */
  return 0;
}

static int counter(const char *path) {
  weft_error err;
  weft_plugin *p = weft_plugin_open(path, &err);
  if (!p) return fprintf(stderr, "%s\n", err.message), 1;
  int ticks = 0;
  weft_import_binding imports[] = {{"host", "tick", "i:", tick, &ticks}};
  weft_instance_config cfg = {imports, 1, NULL, 0, 0, 0};
  weft_instance *in = weft_instance_new(p, &cfg, &err);
  if (!in) return fprintf(stderr, "%s\n", err.message), 1;

  weft_val five = weft_i32(5);
  weft_call(in, "count_to", &five, 1, NULL, 0, &err);
  printf("counter: count_to(5) ticked the host %d times\n", ticks);

  weft_call(in, "crash", NULL, 0, NULL, 0, &err);
  printf("counter: crash() -> %s: %s\n", weft_status_name(err.status), err.message);

  weft_instance_set_timeout(in, 100 * 1000 * 1000);  /* 100 ms per call */
  weft_call(in, "forever", NULL, 0, NULL, 0, &err);
  printf("counter: forever() -> %s\n", weft_status_name(err.status));

  weft_call(in, "count_to", &five, 1, NULL, 0, &err);
  printf("counter: still works: %d ticks in all\n", ticks);
  weft_plugin_close(p);
  return 0;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: plugin-host libfilter.so libcounter.so\n");
    return 2;
  }
  return filter(argv[1]) || counter(argv[2]);
}
