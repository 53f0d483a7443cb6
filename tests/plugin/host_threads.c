/* Threads inside a plugin (threads.wat): they run in the host's process,
 * the instance knows and caps them, freeing the instance or closing the
 * plugin while they run stops them, and a trap or proc_exit on one of
 * them ends the instance and reaches the host on its next call.
 *   host_threads THREADS.so */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "weft.h"

#include "check.h"

static const char *args[] = {"threads"};
static weft_wasi_config wasi = {1, args, 0, NULL, 0, NULL, -1, 1, 2};

static weft_instance *make(weft_plugin *p, uint32_t max_threads) {
  weft_instance_config cfg = {0};
  cfg.wasi = &wasi;
  cfg.max_threads = max_threads;
  weft_error err;
  weft_instance *in = weft_instance_new(p, &cfg, &err);
  if (!in) printf("instance: %s\n", err.message);
  return in;
}

static uint32_t spawn(weft_instance *in, uint32_t n, uint32_t what) {
  weft_val a[2] = {weft_i32(n), weft_i32(what)}, r[1];
  weft_error err;
  if (weft_call(in, "spawn", a, 2, r, 1, &err) != WEFT_OK) {
    printf("spawn: %s\n", err.message);
    return 0;
  }
  return r[0].of.i32;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void sleep_ms(long ms) {
  struct timespec t = {ms / 1000, (ms % 1000) * 1000000};
  nanosleep(&t, NULL);
}

/* Calls count until it stops returning OK (a thread ended the instance). */
static weft_status poll_count(weft_instance *in, weft_error *err) {
  weft_val r[1];
  for (int i = 0; i < 500; i++) {
    weft_status s = weft_call(in, "count", NULL, 0, r, 1, err);
    if (s != WEFT_OK) return s;
    sleep_ms(10);
  }
  return WEFT_OK;
}

static void *interrupter(void *arg) {
  sleep_ms(50);
  weft_instance_interrupt(arg);
  return NULL;
}

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  weft_error err;
  weft_plugin *p = weft_plugin_open(argv[1], &err);
  if (!p) {
    printf("open: %s\n", err.message);
    return 1;
  }
  weft_val a[1], r[1];

  /* threads count up together, then are gone */
  weft_instance *in = make(p, 0);
  a[0] = weft_i32(8);
  CHECK(weft_call(in, "run", a, 1, r, 1, &err) == WEFT_OK && r[0].of.i32 == 8,
        "run: %s", err.message);
  for (int i = 0; i < 200 && weft_instance_threads(in); i++) sleep_ms(5);
  CHECK(weft_instance_threads(in) == 0, "threads left: %u", weft_instance_threads(in));

  /* the cap; freeing while they spin and wait */
  weft_instance_free(in);
  in = make(p, 4);
  CHECK(spawn(in, 10, 1) == 4, "cap of 4");
  CHECK(weft_instance_threads(in) == 4, "4 running");
  double t0 = now();
  weft_instance_free(in);
  CHECK(now() - t0 < 5, "free with spinners took %.2f s", now() - t0);
  in = make(p, 0);
  CHECK(spawn(in, 3, 2) == 3 && spawn(in, 2, 1) == 2, "waiters and spinners");
  t0 = now();
  weft_instance_free(in);
  CHECK(now() - t0 < 5, "free with waiters took %.2f s", now() - t0);

  /* a trap on a thread ends the instance and its other threads */
  in = make(p, 0);
  CHECK(spawn(in, 2, 1) == 2 && spawn(in, 1, 3) == 1, "spinners and a trapper");
  weft_status s = poll_count(in, &err);
  CHECK(s == WEFT_TRAP && err.trap == WEFT_TRAP_UNREACHABLE &&
        strstr(err.message, "wasm trap: unreachable") &&
        !strncmp(err.message, "thread ", 7), "thread trap: %s %s",
        weft_status_name(s), err.message);
  CHECK(weft_call(in, "count", NULL, 0, r, 1, &err) == WEFT_TRAP, "stays ended");
  for (int i = 0; i < 400 && weft_instance_threads(in); i++) sleep_ms(5);
  CHECK(weft_instance_threads(in) == 0, "trap stopped the spinners: %u left",
        weft_instance_threads(in));
  weft_instance_free(in);

  /* proc_exit on a thread likewise */
  in = make(p, 0);
  CHECK(spawn(in, 2, 2) == 2 && spawn(in, 1, 4) == 1, "waiters and an exiter");
  s = poll_count(in, &err);
  CHECK(s == WEFT_EXITED && err.exit_code == 5 && strstr(err.message, "exited with 5"),
        "thread exit: %s %s", weft_status_name(s), err.message);
  weft_instance_free(in);

  /* a wait in the host's own call is interruptible */
  in = make(p, 0);
  pthread_t t;
  pthread_create(&t, NULL, interrupter, in);
  t0 = now();
  CHECK(weft_call(in, "wait", NULL, 0, r, 1, &err) == WEFT_INTERRUPTED,
        "wait: %s", err.message);
  pthread_join(t, NULL);
  CHECK(now() - t0 < 5, "interrupting a wait took %.2f s", now() - t0);
  a[0] = weft_i32(3);
  CHECK(weft_call(in, "run", a, 1, r, 1, &err) == WEFT_OK && r[0].of.i32 == 3,
        "run after interrupt: %s", err.message);

  /* closing the plugin with instances whose threads run */
  CHECK(spawn(in, 3, 1) == 3, "spinners");
  weft_instance *in2 = make(p, 0);
  CHECK(spawn(in2, 2, 2) == 2, "waiters");
  t0 = now();
  weft_plugin_close(p);
  CHECK(now() - t0 < 5, "close took %.2f s", now() - t0);

  printf("%s\n", failures ? "FAILED" : "ok");
  return failures != 0;
}
