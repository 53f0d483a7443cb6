/* filter.c - a plugin written in C: clang-19 --target=wasm32-wasi
 * -mexec-model=reactor turns it into a reactor module (no main; libc set
 * up by _initialize, which weft_instance_new runs), and weft build
 * --shared into a .so.  The host writes text into the plugin's memory and
 * asks for a score; every letter's weight comes from the host. */
#include <stdint.h>
#include <stdlib.h>

/* Provided by the host (host.c), imported as host.weight. */
__attribute__((import_module("host"), import_name("weight")))
int32_t weight(int32_t c);

/* Memory for the host to write into. */
__attribute__((export_name("alloc"))) void *alloc(int32_t n) { return malloc((size_t)n); }
__attribute__((export_name("release"))) void release(void *p) { free(p); }

__attribute__((export_name("score"))) int32_t score(const char *s, int32_t len) {
  int32_t total = 0;
  for (int32_t i = 0; i < len; i++) total += weight(s[i]);
  return total;
}
