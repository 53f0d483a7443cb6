/*
 * fuzz_translate.c - libFuzzer target: bytes through the reader and
 * validator (wabt_bridge.cc) and, when libwabt accepts them, the whole
 * emitter, with its output thrown away.  Anything libwabt validates must
 * translate without a crash, a leak or undefined behaviour (the target is
 * built with -fsanitize=fuzzer,address,undefined; see fuzz.sh).  Inputs
 * that are not binary go through the text parser.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "deep_stack.h"
#include "emit.h"
#include "module.h"

static int discard(void *ctx, int part, const char *data, size_t len,
                   char *err, size_t n) {
  (void)ctx, (void)part, (void)data, (void)len, (void)err, (void)n;
  return 0;
}

typedef struct job {
  const uint8_t *data;
  size_t size;
} job;

static void translate(void *arg) {
  const job *j = arg;
  uint8_t *copy = malloc(j->size ? j->size : 1);
  if (!copy) abort();
  memcpy(copy, j->data, j->size);
  wm_module m;
  char err[1024];
  if (wm_load_bytes("fuzz.wasm", copy, j->size, &m, err, sizeof err)) return;
  /* two parts, so both the streamed first part and a later one are made */
  emit_opts o = {"fz", "fuzz.wasm", "fuzz.wasm", "fz.h", 2, false, NULL, NULL};
  strbuf h;
  sb_init(&h);
  emit_module(&m, &o, discard, NULL, &h, err, sizeof err);
  sb_free(&h);
  wm_free(&m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  job j = {data, size};
  deep_stack_call(translate, &j, "fuzz.wasm");
  return 0;
}
