/* memory.c - the host's bounds-checked view of an instance's memory; see
 * weft.h. */
#include <string.h>

#include "host_internal.h"

uint64_t weft_memory_size(weft_instance *in) {
  return in && in->mem0 ? wf_memory_bytes(in->mem0) : 0;
}

/* The host address of [offset, offset + len), or NULL with err filled. */
static u8 *span(weft_instance *in, uint64_t offset, size_t len,
                const void *buf, const char *what, weft_error *err) {
  if (!in) return host_fail(err, WEFT_ERROR, "%s: no instance", what), NULL;
  if (!buf && len) return host_fail(err, WEFT_ERROR, "%s: no buffer", what), NULL;
  uint64_t size = weft_memory_size(in);
  if (!in->mem0 || offset > size || len > size - offset) {
    host_fail(err, WEFT_ERROR, "%s: bytes %llu..%llu are outside the "
              "instance's memory (%llu bytes)", what,
              (unsigned long long)offset,
              (unsigned long long)offset + len, (unsigned long long)size);
    return NULL;
  }
  host_ok(err);
  return in->mem0->base + offset;
}

weft_status weft_memory_read(weft_instance *in, uint64_t offset, void *dst,
                             size_t len, weft_error *err) {
  u8 *p = span(in, offset, len, dst, "weft_memory_read", err);
  if (!p) return WEFT_ERROR;
  if (len) memcpy(dst, p, len);
  return WEFT_OK;
}

weft_status weft_memory_write(weft_instance *in, uint64_t offset,
                              const void *src, size_t len, weft_error *err) {
  u8 *p = span(in, offset, len, src, "weft_memory_write", err);
  if (!p) return WEFT_ERROR;
  if (len) memcpy(p, src, len);
  return WEFT_OK;
}
