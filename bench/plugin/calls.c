/* calls.c - what a call across the host/plugin boundary costs, in ns per
 * call: host -> plugin (an export that returns its argument) by the typed
 * fast path (weft_func_call) and by name (weft_call), plugin -> host (an
 * empty host function called in a Wasm loop), and, as the floor, a native
 * call through a function pointer.  Prints RESULT lines for run.py.
 *   calls CALLS.so */
#include <stdio.h>
#include <time.h>

#include "weft.h"

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int nop(void *e, weft_instance *c, const weft_raw *a, weft_raw *r) {
  (void)e, (void)c;
  r[0].i32 = a[0].i32;
  return 0;
}

__attribute__((noinline)) static unsigned native_empty(unsigned x) {
  __asm__ volatile("");
  return x;
}
static unsigned (*volatile native_fp)(unsigned) = native_empty;

enum { N = 5000000 };

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  weft_error err;
  weft_plugin *p = weft_plugin_open(argv[1], &err);
  weft_import_binding b = {"host", "nop", "i:i", nop, NULL};
  weft_instance_config cfg = {&b, 1, NULL, 0, 0, 0};
  weft_instance *in = p ? weft_instance_new(p, &cfg, &err) : NULL;
  if (!in) {
    fprintf(stderr, "%s\n", err.message);
    return 1;
  }
  unsigned sum = 0;
  double t0 = now();
  for (unsigned i = 0; i < N; i++) sum += native_fp(i);
  double native = (now() - t0) / N * 1e9;

  weft_func f;
  weft_func_lookup(in, "empty", "i:i", &f, &err);
  t0 = now();
  for (unsigned i = 0; i < N; i++) {
    weft_raw a[1] = {{.i32 = i}}, r[1];
    weft_func_call(in, &f, a, r, &err);
    sum += r[0].i32;
  }
  double typed = (now() - t0) / N * 1e9;

  t0 = now();
  for (unsigned i = 0; i < N / 5; i++) {
    weft_val a[1] = {weft_i32(i)}, r[1];
    weft_call(in, "empty", a, 1, r, 1, &err);
    sum += r[0].of.i32;
  }
  double by_name = (now() - t0) / (N / 5) * 1e9;

  weft_val a[1] = {weft_i32(N)}, r[1];
  t0 = now();
  weft_call(in, "call_host", a, 1, r, 1, &err);
  double import = (now() - t0) / N * 1e9;
  sum += r[0].of.i32;

  printf("RESULT native_fnptr_call %.2f ns\n", native);
  printf("RESULT host_to_plugin_typed %.2f ns\n", typed);
  printf("RESULT host_to_plugin_by_name %.2f ns\n", by_name);
  printf("RESULT plugin_to_host_import %.2f ns\n", import);
  fprintf(stderr, "checksum %u\n", sum);
  weft_plugin_close(p);
  return 0;
}
