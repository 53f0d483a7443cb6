/* hashtable - memory-heavy hashing: an open-addressing (linear probing)
 * table of 64-bit keys far larger than the caches; inserts, hits, misses,
 * deletes with backward-shift, and a rehash into a bigger table. */
#include "bench.h"

#define LOG_CAP BENCH_SIZE(22, 12)
#define NKEYS BENCH_SIZE(2600000u, 2600u)
#define LOOKUPS BENCH_SIZE(9000000u, 9000u)

typedef struct {
  uint64_t *keys; /* 0 = empty */
  uint32_t *vals;
  uint32_t mask, count;
} table;

static inline uint32_t hash64(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  return (uint32_t)k;
}

static void t_init(table *t, uint32_t log_cap) {
  uint32_t cap = 1u << log_cap;
  t->keys = calloc(cap, sizeof *t->keys);
  t->vals = calloc(cap, sizeof *t->vals);
  if (!t->keys || !t->vals) exit(2);
  t->mask = cap - 1, t->count = 0;
}

static void t_put(table *t, uint64_t k, uint32_t v) {
  uint32_t i = hash64(k) & t->mask;
  while (t->keys[i] && t->keys[i] != k) i = (i + 1) & t->mask;
  if (!t->keys[i]) t->count++;
  t->keys[i] = k, t->vals[i] = v;
}

static int t_get(const table *t, uint64_t k, uint32_t *v) {
  uint32_t i = hash64(k) & t->mask;
  while (t->keys[i]) {
    if (t->keys[i] == k) {
      *v = t->vals[i];
      return 1;
    }
    i = (i + 1) & t->mask;
  }
  return 0;
}

static void t_del(table *t, uint64_t k) {
  uint32_t i = hash64(k) & t->mask;
  while (t->keys[i] && t->keys[i] != k) i = (i + 1) & t->mask;
  if (!t->keys[i]) return;
  t->count--;
  for (uint32_t j = (i + 1) & t->mask; t->keys[j]; j = (j + 1) & t->mask) {
    uint32_t home = hash64(t->keys[j]) & t->mask;
    /* move j back into the hole at i unless its home lies in (i, j] */
    if (((j - home) & t->mask) >= ((j - i) & t->mask)) {
      t->keys[i] = t->keys[j], t->vals[i] = t->vals[j];
      i = j;
    }
  }
  t->keys[i] = 0;
}

static uint64_t kernel(void) {
  table t;
  t_init(&t, LOG_CAP);
  uint64_t s = 42, h = 0;
  for (uint32_t i = 0; i < NKEYS; i++) t_put(&t, rng_next(&s) | 1, i);
  uint32_t hits = 0, v;
  uint64_t vs = 0;
  for (uint32_t i = 0; i < LOOKUPS; i++) {
    uint64_t probe = 42;
    uint64_t k = (i & 1) ? (rng_next(&s) | 1) : 0;
    if (!k) { /* a key we inserted: replay the sequence from a random index */
      uint32_t idx = hash64(i) % NKEYS;
      probe += 0x9e3779b97f4a7c15ULL * idx;
      k = rng_next(&probe) | 1;
    }
    if (t_get(&t, k, &v)) hits++, vs += v;
  }
  h = mix(mix(h, hits), vs);
  s = 42;
  for (uint32_t i = 0; i < NKEYS; i += 3) {
    uint64_t p = 42 + 0x9e3779b97f4a7c15ULL * i;
    t_del(&t, rng_next(&p) | 1);
  }
  h = mix(h, t.count);
  table u;
  t_init(&u, LOG_CAP + 1);
  for (uint32_t i = 0; i <= t.mask; i++)
    if (t.keys[i]) t_put(&u, t.keys[i], t.vals[i] ^ i);
  for (uint32_t i = 0; i <= u.mask; i += 97) h = mix(h, u.keys[i] ^ u.vals[i]);
  h = mix(h, u.count);
  free(t.keys), free(t.vals), free(u.keys), free(u.vals);
  return h;
}

BENCH_MAIN("hashtable", 0x2ee827fc99a4815bULL, 0x9c25d7ed6be90b39ULL)
