/* Lifecycle under load: one plugin opened and closed 1,000 times, 1,000
 * instances alive at once, 8 host threads calling into 8 instances at
 * once (results, traps and the fast path), and the address space given
 * back each time.  Built with LeakSanitizer, which reports any leak at
 * exit.   host_lifecycle CALC.so */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "weft.h"

#include "check.h"

static int nop(void *e, weft_instance *c, const weft_raw *a, weft_raw *r) {
  (void)e, (void)c, (void)a, (void)r;
  return 0;
}
static int twice(void *e, weft_instance *c, const weft_raw *a, weft_raw *r) {
  (void)e, (void)c;
  r[0].i64 = a[0].i64 * 2;
  return 0;
}
static const weft_import_binding binds[2] = {{"host", "log", "ii:", nop, NULL},
                                             {"host", "twice", "j:j", twice, NULL}};
static const weft_instance_config cfg = {binds, 2, NULL, 0, 0, 0};

/* Virtual memory of the process, in MiB. */
static long vm_mib(void) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  long kb = -1;
  while (f && fgets(line, sizeof line, f))
    if (!strncmp(line, "VmSize:", 7)) kb = atol(line + 7);
  if (f) fclose(f);
  return kb / 1024;
}

static int add(weft_instance *in, int x, int y) {
  weft_val a[2] = {weft_i32((uint32_t)x), weft_i32((uint32_t)y)}, r[1];
  weft_error err;
  if (weft_call(in, "add", a, 2, r, 1, &err) != WEFT_OK) return -1;
  return (int)r[0].of.i32;
}

static const char *path;

static void *worker(void *arg) {
  weft_instance *in = arg;
  weft_error err;
  weft_func f;
  long bad = 0;
  if (weft_func_lookup(in, "add", "ii:i", &f, &err)) return (void *)1;
  for (uint32_t i = 0; i < 20000; i++) {
    weft_raw a[2] = {{.i32 = i}, {.i32 = 1}}, r[1];
    if (weft_func_call(in, &f, a, r, &err) != WEFT_OK || r[0].i32 != i + 1) bad++;
    if (i % 1000 == 0) {
      weft_val x[2] = {weft_i32(i), weft_i32(0)}, y[1];
      if (weft_call(in, "div", x, 2, y, 1, &err) != WEFT_TRAP ||
          err.trap != WEFT_TRAP_DIV_BY_ZERO) bad++;
      if (weft_call(in, "oob", NULL, 0, y, 1, &err) != WEFT_TRAP) bad++;
      weft_val t[1] = {weft_i64(i)};
      if (weft_call(in, "twice_plus", t, 1, y, 1, &err) != WEFT_OK ||
          y[0].of.i64 != 2ull * i + 1) bad++;
    }
  }
  return (void *)bad;
}

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  path = argv[1];
  weft_error err;
  /* warm up once, so that what the first open maps for good (libc, the
   * timer-free runtime state) is not counted */
  weft_plugin *p = weft_plugin_open(path, &err);
  if (!p) return printf("open: %s\n", err.message), 1;
  weft_plugin_close(p);
  long vm0 = vm_mib();

  for (int i = 0; i < 1000; i++) {
    p = weft_plugin_open(path, &err);
    weft_instance *in = p ? weft_instance_new(p, &cfg, &err) : NULL;
    if (!in || add(in, i, 1) != i + 1) {
      CHECK(0, "round %d: %s", i, err.message);
      break;
    }
    weft_plugin_close(p);
  }
  long vm1 = vm_mib();
  CHECK(vm1 - vm0 < 64, "1,000 open/close: VmSize %ld -> %ld MiB", vm0, vm1);

  p = weft_plugin_open(path, &err);
  enum { N = 1000 };
  weft_instance **many = calloc(N, sizeof *many);
  int made = 0;
  for (; made < N; made++)
    if (!(many[made] = weft_instance_new(p, &cfg, &err))) break;
  CHECK(made == N, "%d instances: %s", made, err.message);
  long sum = 0;
  for (int i = 0; i < made; i++) sum += add(many[i], i, 0);
  CHECK(sum == (long)N * (N - 1) / 2, "calls into %d instances: %ld", made, sum);
  long vm_many = vm_mib();
  for (int i = 0; i < made; i++) weft_instance_free(many[i]);
  free(many);
  long vm2 = vm_mib();
  CHECK(vm_many - vm1 > 1000, "1,000 instances reserve their memories: %ld MiB",
        vm_many - vm1);
  CHECK(vm2 - vm0 < 64, "freed: VmSize %ld -> %ld MiB", vm_many, vm2);

  enum { T = 8 };
  pthread_t th[T];
  weft_instance *ins[T];
  for (int i = 0; i < T; i++) {
    ins[i] = weft_instance_new(p, &cfg, &err);
    CHECK(ins[i], "thread instance: %s", err.message);
    if (!ins[i]) return 1;
    pthread_create(&th[i], NULL, worker, ins[i]);
  }
  long bad = 0;
  for (int i = 0; i < T; i++) {
    void *r;
    pthread_join(th[i], &r);
    bad += (long)r;
  }
  CHECK(bad == 0, "%ld wrong results from 8 threads", bad);
  weft_plugin_close(p);  /* frees the 8 instances */
  CHECK(vm_mib() - vm0 < 64, "at the end: VmSize %ld -> %ld MiB", vm0, vm_mib());
  printf("%s (VmSize %ld MiB at start, %ld with 1,000 instances, %ld at end)\n",
         failures ? "FAILED" : "ok", vm0, vm_many, vm_mib());
  return failures != 0;
}
