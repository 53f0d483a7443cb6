/* Interruptions landing anywhere: busy.wat runs its endless mixed loop
 * under timeouts of 50 us to 2 ms, 2,000 times, and from another thread
 * with weft_instance_interrupt; after each, check() must find every table
 * slot holding a function of the right type and the instance must work.
 *   host_interrupts BUSY.so */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "weft.h"

static int note(void *e, weft_instance *c, const weft_raw *a, weft_raw *r) {
  (void)e, (void)c;
  /* a host function that takes a while: interruptions land here too */
  volatile unsigned x = a[0].i32;
  for (int i = 0; i < 20000; i++) x = x * 33 + 1;
  r[0].i32 = x & 1;
  return 0;
}

static _Atomic int stop;

static void *interrupter(void *arg) {
  weft_instance *in = arg;
  struct timespec t = {0, 200 * 1000};
  while (!stop) {
    nanosleep(&t, NULL);
    weft_instance_interrupt(in);
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  weft_error err;
  weft_plugin *p = weft_plugin_open(argv[1], &err);
  weft_import_binding b = {"host", "note", "i:i", note, NULL};
  weft_instance_config cfg = {&b, 1, NULL, 0, 0, 0};
  weft_instance *in = p ? weft_instance_new(p, &cfg, &err) : NULL;
  if (!in) return printf("%s\n", err.message), 1;
  int bad = 0, interrupted = 0;
  srand(7);
  for (int i = 0; i < 2000 && bad < 5; i++) {
    weft_instance_set_timeout(in, 50000 + (uint64_t)(rand() % 2000) * 1000);
    weft_status s = weft_call(in, "work", NULL, 0, NULL, 0, &err);
    interrupted += s == WEFT_INTERRUPTED;
    if (s != WEFT_INTERRUPTED) printf("round %d: work: %s\n", i, err.message), bad++;
    weft_instance_set_timeout(in, 0);
    weft_val r[1];
    s = weft_call(in, "check", NULL, 0, r, 1, &err);
    /* slots 0-3: a(1)=2 or b(1)=3; slots 4-7: p(5,3)=2 or q(5,3)=6 */
    if (s != WEFT_OK || r[0].of.i32 < 16 || r[0].of.i32 > 36)
      printf("round %d: check: %s %u\n", i, err.message, r[0].of.i32), bad++;
  }
  /* the same from another thread, as fast as it can */
  pthread_t t;
  pthread_create(&t, NULL, interrupter, in);
  for (int i = 0; i < 200 && bad < 5; i++) {
    weft_status s = weft_call(in, "work", NULL, 0, NULL, 0, &err);
    if (s != WEFT_INTERRUPTED) printf("thread round %d: %s\n", i, err.message), bad++;
  }
  stop = 1;
  pthread_join(t, NULL);
  weft_val r[1];
  weft_call(in, "check", NULL, 0, r, 1, &err);  /* may meet a last interrupt */
  if (weft_call(in, "check", NULL, 0, r, 1, &err) != WEFT_OK) bad++;
  weft_plugin_close(p);
  printf("%s (%d interrupted)\n", bad ? "FAILED" : "ok", interrupted);
  return bad != 0;
}
