/*
 * fuzz_translate.c - libFuzzer target: bytes through the reader and
 * validator (wabt_bridge.cc) and, when libwabt accepts them, the whole
 * emitter, with its output thrown away.  Anything libwabt validates must
 * translate without a crash, a leak or undefined behaviour (the target is
 * built with -fsanitize=fuzzer,address,undefined; see fuzz.sh).  Inputs
 * that are not binary go through the text parser.
 *
 * Loading recurses once per nesting level, so inputs run on one worker
 * thread with a big stack, as weft's own deep_stack_call gives them.  The
 * worker lives for the whole run: a thread (and a 1 GiB stack) per input
 * cost ASan's bookkeeping enough that long runs hit libFuzzer's RSS limit.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "module.h"

#define WORKER_STACK ((size_t)1 << 30)

static int discard(void *ctx, int part, const char *data, size_t len,
                   char *err, size_t n) {
  (void)ctx, (void)part, (void)data, (void)len, (void)err, (void)n;
  return 0;
}

static void translate(const uint8_t *data, size_t size) {
  uint8_t *copy = malloc(size ? size : 1);
  if (!copy) abort();
  memcpy(copy, data, size);
  wm_module m;
  char err[1024];
  if (wm_load_bytes("fuzz.wasm", copy, size, &m, err, sizeof err)) return;
  /* two parts, so both the streamed first part and a later one are made */
  emit_opts o = {"fz", "fuzz.wasm", "fuzz.wasm", "fz.h", 2, false, NULL, NULL};
  strbuf h;
  sb_init(&h);
  emit_module(&m, &o, discard, NULL, &h, err, sizeof err);
  sb_free(&h);
  wm_free(&m);
}

/* one input at a time is handed over: data set and busy raised by the
 * fuzzer's thread, busy lowered by the worker when done */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static const uint8_t *in_data;
static size_t in_size;
static int busy;

static void *worker(void *unused) {
  (void)unused;
  pthread_mutex_lock(&lock);
  for (;;) {
    while (!busy) pthread_cond_wait(&changed, &lock);
    pthread_mutex_unlock(&lock);
    translate(in_data, in_size);
    pthread_mutex_lock(&lock);
    busy = 0;
    pthread_cond_broadcast(&changed);
  }
  return NULL;
}

static void start_worker(void) {
  pthread_attr_t attr;
  pthread_t th;
  if (pthread_attr_init(&attr) || pthread_attr_setstacksize(&attr, WORKER_STACK) ||
      pthread_create(&th, &attr, worker, NULL))
    abort();
  pthread_attr_destroy(&attr);
  pthread_detach(th);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, start_worker);
  pthread_mutex_lock(&lock);
  in_data = data;
  in_size = size;
  busy = 1;
  pthread_cond_broadcast(&changed);
  while (busy) pthread_cond_wait(&changed, &lock);
  pthread_mutex_unlock(&lock);
  return 0;
}
