/* memops - heavy memcpy/memset/memmove/memcmp: small fixed and variable
 * copies (struct-sized), medium block copies, large buffer copies and
 * fills, overlapping moves. */
#include "bench.h"

#define BIG (BENCH_SIZE(8u << 20, 64u << 10))
#define BIG_ROUNDS BENCH_SIZE(240, 3)
#define SMALL_OPS BENCH_SIZE(120000000u, 60000u)
#define MEDIUM_OPS BENCH_SIZE(3000000u, 3000u)

typedef struct {
  uint32_t a, b;
  uint64_t c;
  uint8_t tag[16];
} rec;

static uint64_t kernel(void) {
  uint8_t *src = xmalloc(BIG), *dst = xmalloc(BIG);
  uint64_t s = 17, h = 0;
  for (uint32_t i = 0; i < BIG; i += 8) {
    uint64_t r = rng_next(&s);
    memcpy(src + i, &r, 8);
  }
  /* large: fill, copy, overlapping move, compare */
  for (int r = 0; r < BIG_ROUNDS; r++) {
    memset(dst, r, BIG / 2);
    memcpy(dst + BIG / 2, src, BIG / 2);
    memmove(dst + 1 + (uint32_t)r, dst, BIG / 2);
    h = mix(h, dst[(uint32_t)r * 7919 % BIG] + (uint64_t)(memcmp(dst, src, BIG / 4) > 0));
  }
  /* medium: 1-4 KiB blocks at varying offsets */
  uint32_t mask = BIG / 2 - 1;
  for (uint32_t i = 0; i < MEDIUM_OPS; i++) {
    uint64_t r = rng_next(&s);
    uint32_t len = 1024 + (uint32_t)(r & 3071);
    uint32_t from = (uint32_t)(r >> 16) & mask, to = (uint32_t)(r >> 40) & mask;
    memcpy(dst + to, src + from, len);
    if ((i & 7) == 0) memset(dst + from, (int)i, len / 2);
  }
  for (uint32_t i = 0; i < BIG; i += 4093) h = mix(h, dst[i]);
  /* small: record copies of fixed and variable size */
  rec *recs = xmalloc(sizeof(rec) * 4096);
  memset(recs, 0, sizeof(rec) * 4096);
  for (uint32_t i = 0; i < SMALL_OPS; i++) {
    rec t;
    uint32_t k = (i * 2654435761u) >> 20; /* 0..4095 */
    memcpy(&t, &recs[(k + 1) & 4095], sizeof t);
    t.a += i, t.b ^= k, t.c += t.a;
    memcpy(t.tag, src + (i & mask), 1 + (i & 15));
    memcpy(&recs[k], &t, sizeof t);
  }
  for (uint32_t i = 0; i < 4096; i += 3) h = mix(h, recs[i].c ^ recs[i].tag[i & 15]);
  free(src), free(dst), free(recs);
  return h;
}

BENCH_MAIN("memops", 0x8d1319f2e02bf1f0ULL, 0x91089cd8d09240efULL)
