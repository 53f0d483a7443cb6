/* lz77 - a compression algorithm: LZ77 with a hash-chain match finder
 * (LZ4-like token format), then decompression and a byte-exact check. */
#include "bench.h"

#define IN_BYTES BENCH_SIZE(34000000u, 60000u)
#define HASH_BITS 16
#define WINDOW 65535
#define MAX_CHAIN 16
#define MIN_MATCH 4

static uint32_t hash4(const uint8_t *p) {
  uint32_t v;
  memcpy(&v, p, 4);
  return (v * 2654435761u) >> (32 - HASH_BITS);
}

static void put_len(uint8_t **o, uint32_t n) {
  while (n >= 255) *(*o)++ = 255, n -= 255;
  *(*o)++ = (uint8_t)n;
}

/* Token: hi nibble literal count, lo nibble match length - 4 (15 = more),
 * literals, 2-byte offset.  The last sequence has literals only. */
static uint32_t compress(const uint8_t *in, uint32_t n, uint8_t *out, int32_t *head, int32_t *prev) {
  for (int i = 0; i < (1 << HASH_BITS); i++) head[i] = -1;
  uint8_t *o = out;
  uint32_t i = 0, lit = 0;
  while (i + MIN_MATCH <= n) {
    uint32_t hv = hash4(in + i), best = 0, boff = 0;
    int32_t cand = head[hv];
    for (int c = 0; c < MAX_CHAIN && cand >= 0 && i - (uint32_t)cand <= WINDOW; c++) {
      uint32_t l = 0, max = n - i;
      while (l < max && in[cand + l] == in[i + l]) l++;
      if (l > best) best = l, boff = i - (uint32_t)cand;
      cand = prev[cand];
    }
    prev[i] = head[hv], head[hv] = (int32_t)i;
    if (best < MIN_MATCH) {
      i++;
      continue;
    }
    uint32_t ll = i - lit, ml = best - MIN_MATCH;
    uint8_t *tok = o++;
    *tok = (uint8_t)((ll < 15 ? ll : 15) << 4 | (ml < 15 ? ml : 15));
    if (ll >= 15) put_len(&o, ll - 15);
    memcpy(o, in + lit, ll), o += ll;
    *o++ = (uint8_t)boff, *o++ = (uint8_t)(boff >> 8);
    if (ml >= 15) put_len(&o, ml - 15);
    for (uint32_t k = 1; k < best && i + k + MIN_MATCH <= n; k++) { /* index the match */
      uint32_t hk = hash4(in + i + k);
      prev[i + k] = head[hk], head[hk] = (int32_t)(i + k);
    }
    i += best, lit = i;
  }
  uint32_t ll = n - lit;
  *o++ = (uint8_t)((ll < 15 ? ll : 15) << 4);
  if (ll >= 15) put_len(&o, ll - 15);
  memcpy(o, in + lit, ll), o += ll;
  return (uint32_t)(o - out);
}

static uint32_t decompress(const uint8_t *in, uint32_t n, uint8_t *out) {
  const uint8_t *p = in, *end = in + n;
  uint8_t *o = out;
  for (;;) {
    uint8_t tok = *p++;
    uint32_t ll = tok >> 4;
    if (ll == 15) do ll += *p; while (*p++ == 255);
    memcpy(o, p, ll), o += ll, p += ll;
    if (p >= end) break;
    uint32_t off = p[0] | (uint32_t)p[1] << 8;
    p += 2;
    uint32_t ml = tok & 15;
    if (ml == 15) do ml += *p; while (*p++ == 255);
    ml += MIN_MATCH;
    const uint8_t *m = o - off;
    for (uint32_t k = 0; k < ml; k++) o[k] = m[k]; /* may overlap */
    o += ml;
  }
  return (uint32_t)(o - out);
}

static uint64_t kernel(void) {
  uint32_t n = IN_BYTES;
  uint8_t *in = xmalloc(n), *cmp = xmalloc(n + n / 8 + 64), *back = xmalloc(n + 64);
  int32_t *head = xmalloc(sizeof(int32_t) << HASH_BITS), *prev = xmalloc(4u * n);
  uint64_t s = 11;
  /* text-like data: words from a small vocabulary with random noise */
  static const char *vocab[] = {"the ", "quick ", "brown ", "fox ", "jumps ", "over ",
                                "lazy ", "dog ", "wasm ", "thread ", "atomic ", "memory "};
  uint32_t i = 0;
  while (i < n) {
    uint64_t r = rng_next(&s);
    if (r % 9 == 0) {
      in[i++] = (uint8_t)(r >> 8);
    } else {
      const char *w = vocab[(r >> 16) % 12];
      while (*w && i < n) in[i++] = (uint8_t)*w++;
    }
  }
  uint32_t c = compress(in, n, cmp, head, prev);
  uint32_t d = decompress(cmp, c, back);
  if (d != n || memcmp(in, back, n)) return 1;
  uint64_t h = mix(c, d);
  for (uint32_t k = 0; k < c; k += 4099) h = mix(h, cmp[k]);
  free(in), free(cmp), free(back), free(head), free(prev);
  return h;
}

BENCH_MAIN("lz77", 0x2e4298b820f35e10ULL, 0x6ac7dde1fdd9e10eULL)
